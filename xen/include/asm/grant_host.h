/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/grant_host.h: host mappings of grants into a domU (grant_host.c).
 *
 * A KVM memslot holds one domain's memory, so a frame of another domain
 * cannot simply be named in the mapper's page tables. Each domU that maps
 * grants gets two grant windows: ranges of its guest-physical space past
 * its special frames (memslots of their own, one of them read-only) whose
 * host pages are, one per maptrack handle, either the granted frame of
 * the granting domain's RAM memfd (mapped MAP_SHARED while the grant is
 * mapped) or nothing at all (PROT_NONE). Unmapping puts PROT_NONE back:
 * KVM's MMU notifier drops whatever it had derived from the old page, so
 * the mapper loses the frame at once, whatever its page tables still say.
 */
#ifndef X86_GRANT_HOST_H
#define X86_GRANT_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include <asm/memslots.h>
#include <public/xen.h>

struct domain;
struct vcpu;
struct grant_host;

/* Guest-physical frames and KVM memslots of the windows: asm/memslots.h. */
#define GRANT_WINDOW_RW_SLOT MEMSLOT_GRANT_RW
#define GRANT_WINDOW_RO_SLOT MEMSLOT_GRANT_RO

/* The windows of d, `slots` pages each; NULL on failure (logged). */
struct grant_host *grant_host_create(struct domain *d, unsigned int slots);
void grant_host_destroy(struct grant_host *h);

/*
 * Put frame of rd's RAM in window slot `slot` (read-only window if
 * readonly). Returns 0 with the machine address the mapper sees it at,
 * or -errno.
 */
int grant_host_window_map(struct grant_host *h, unsigned int slot,
                          bool readonly, struct domain *rd, uint64_t frame,
                          uint64_t *maddr);
/* Take slot away again: the mapper can no longer reach the frame. */
void grant_host_window_unmap(struct grant_host *h, unsigned int slot,
                             bool readonly);

/*
 * The mapper's page-table entry for a host mapping: at linear address
 * addr of v's current page tables, or at machine address addr of a PTE
 * (GNTMAP_contains_pte). grant_host_pte_map writes an entry that maps
 * maddr (read-only or writable, never executable, with the guest's
 * `avail` bits 0-2 in PTE bits 9-11: XENFEAT_gnttab_map_avail_bits);
 * grant_host_pte_unmap
 * checks that the entry maps maddr and empties it, or with new_addr puts
 * there the entry that maps linear address new_addr (which is emptied).
 * Both return 0 or -EINVAL, and set *flush when KVM's shadows must be
 * refreshed before the guest runs again (a present entry was replaced).
 */
int grant_host_pte_map(struct vcpu *v, uint64_t addr, bool contains_pte,
                       uint64_t maddr, bool readonly, unsigned int avail,
                       bool *flush);
int grant_host_pte_unmap(struct vcpu *v, uint64_t addr, bool contains_pte,
                         uint64_t maddr, uint64_t new_addr, bool *flush);
/* Refresh KVM's shadows of d's page tables (no gnttab_lock held). */
void grant_host_flush(struct domain *d);

#endif /* X86_GRANT_HOST_H */
