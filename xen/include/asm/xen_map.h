/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/xen_map.h: the hypervisor's own mapping in every guest address
 * space, in L4 slot XEN_L4_SLOT of the range Xen reserves for itself.
 * Its page tables and pages are special frames of the domain (outside its
 * RAM); the entries lack the user bit, so guest code cannot touch them,
 * but the CPU's own accesses (the TSS's I/O bitmap, descriptor tables)
 * reach them. Layout, in 64 KiB windows from XEN_MAP_VA:
 *   window 0        the TSS (kvm.c)
 *   window 1 + n    vCPU n's GDT: 14 pages of the guest's own (set_gdt),
 *                   then Xen's reserved page, then an empty one (gdt.c)
 * Private to xen/arch/x86/.
 */
#ifndef X86_XEN_MAP_H
#define X86_XEN_MAP_H

#include <stdint.h>

#include <public/xen.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define XEN_L4_SLOT 257
#define XEN_MAP_VA (0xffff000000000000ULL | ((uint64_t)XEN_L4_SLOT << 39))
#define XEN_MAP_WINDOW (64 * 1024)

/* Special frames (from SPECIAL_FRAME_XEN_MAP; 16 are reserved). */
#define FRAME_TSS (SPECIAL_FRAME_XEN_MAP + 0)
#define FRAME_L3 (SPECIAL_FRAME_XEN_MAP + 1)
#define FRAME_L2 (SPECIAL_FRAME_XEN_MAP + 2)
#define FRAME_L1_0 (SPECIAL_FRAME_XEN_MAP + 3) /* L1 tables: 0 ... */
#define FRAME_GDT_XEN (SPECIAL_FRAME_XEN_MAP + 4) /* Xen's descriptors */
#define FRAME_ZERO (SPECIAL_FRAME_XEN_MAP + 5) /* an empty page */
#define FRAME_L1_1 (SPECIAL_FRAME_XEN_MAP + 6) /* ... 1 and 2 */
#define FRAME_L1_2 (SPECIAL_FRAME_XEN_MAP + 7)
#define XEN_MAP_L1S 3 /* 1536 pages: the TSS window and 64 vCPUs' GDTs */
#define FRAME_M2P_L3 (SPECIAL_FRAME_XEN_MAP + 8) /* the M2P's tables (m2p.c) */
#define FRAME_M2P_L2 (SPECIAL_FRAME_XEN_MAP + 9)

/* The read-only M2P: L4 slot 258, reported by XENMEM_machphys_mapping. */
#define M2P_L4_SLOT 258
#define M2P_VA_START (0xffff000000000000ULL | ((uint64_t)M2P_L4_SLOT << 39))

#define XEN_PTE 0x3ULL /* present, rw, supervisor */

static inline uint64_t special_maddr(unsigned int frame)
{
    return (XEN_SPECIAL_PFN_BASE + frame) << PAGE_SHIFT;
}

/* Set the PTE of page `page` of the Xen map (4 KiB pages from XEN_MAP_VA);
 * returns the entry it replaced. */
uint64_t xen_map_set_pte(struct domain *d, unsigned int page, uint64_t pte);

/* m2p.c */
int m2p_init(void);
int m2p_domain_create(struct domain *d);
uint64_t m2p_l4_entry(void); /* what every guest L4 holds at M2P_L4_SLOT */

/* gdt.c */
#define GDT_PAGES 16
#define GDT_GUEST_PAGES 14 /* entries 0 to 7167 are the guest's */
void gdt_init_domain(struct domain *d);
int gdt_init_vcpu(struct domain *d, unsigned int vcpu_id);
uint64_t gdt_base(unsigned int vcpu_id);
/* The guest's part of v's table: frames holding `entries` descriptors. */
int gdt_set(struct vcpu *v, const uint64_t *frames, unsigned long entries);
/* The 8-byte descriptor for selector sel in v's GDT; false if beyond. */
bool gdt_read_entry(struct vcpu *v, uint16_t sel, uint64_t *desc);

#endif /* X86_XEN_MAP_H */
