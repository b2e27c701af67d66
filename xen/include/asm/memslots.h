/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memslots.h: every KVM memslot of a domain's VM and where it sits in
 * guest-physical space, in one place so that no two parts of the
 * hypervisor pick the same slot or overlapping frames.
 *
 *   slot  guest-physical frames               what
 *   0     0 .. max_pages                      the domain's RAM (kvm.c)
 *   1     XEN_SPECIAL_PFN_BASE + 0 ..         special frames (kvm.c)
 *   2     XEN_SPECIAL_PFN_BASE + 0x100000 ..  grant window, writable
 *   3     XEN_SPECIAL_PFN_BASE + 0x200000 ..  grant window, read-only
 *   4     XEN_SPECIAL_PFN_BASE + 0x400000 ..  the M2P, read-only (m2p.c)
 *
 * A grant window holds at most GNTTAB_DOM0_MAPTRACK_LIMIT (65536)
 * pages; the M2P at most 1 GiB (0x40000 pages).
 */
#ifndef ASM_MEMSLOTS_H
#define ASM_MEMSLOTS_H

#include <public/xen.h>

#define MEMSLOT_RAM 0
#define MEMSLOT_SPECIAL 1
#define MEMSLOT_GRANT_RW 2
#define MEMSLOT_GRANT_RO 3
#define MEMSLOT_M2P 4

#define GRANT_WINDOW_RW_PFN (XEN_SPECIAL_PFN_BASE + 0x100000ULL)
#define GRANT_WINDOW_RO_PFN (XEN_SPECIAL_PFN_BASE + 0x200000ULL)
#define M2P_PFN_BASE (XEN_SPECIAL_PFN_BASE + 0x400000ULL)

#endif /* ASM_MEMSLOTS_H */
