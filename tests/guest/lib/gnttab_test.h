/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gnttab_test.h: what grant tests (guest tests and the special kernels
 * of the grant integration tests) need to act as a granting guest: their
 * own domain id, their grant table mapped, entries written as a guest
 * writes them. Header-only so that kernels outside tests/guest link
 * nothing more; mini-os's own grant API is another matter (not here).
 */
#ifndef TESTS_GUEST_GNTTAB_TEST_H
#define TESTS_GUEST_GNTTAB_TEST_H

#include <mini-os/os.h>
#include <public/grant_table.h>
#include <public/memory.h>

#define GT_PTE_PRESENT 0x1UL
#define GT_PTE_RW 0x2UL
#define GT_PTE_ADDR 0x000ffffffffff000UL

/*
 * A PV guest learns its id from xenstore; without one, an unbound port
 * allocated for "myself" tells it (EVTCHNOP_status names the remote).
 */
static inline domid_t gt_self_domid(void)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
                                      .remote_dom = DOMID_SELF };
    struct evtchn_status s = { .dom = DOMID_SELF };
    struct evtchn_close c;

    if ( HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a) )
        return DOMID_INVALID;
    s.port = a.port;
    c.port = a.port;
    if ( HYPERVISOR_event_channel_op(EVTCHNOP_status, &s) )
        s.u.unbound.dom = DOMID_INVALID;
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
    return s.u.unbound.dom;
}

/* setup_table(nr) and the frames mapped at consecutive pages. */
static inline grant_entry_v1_t *gt_setup(unsigned int nr)
{
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = nr };
    xen_pfn_t frames[16];
    uint8_t *first = NULL;
    unsigned int i;

    if ( nr > 16 )
        return NULL;
    set_xen_guest_handle(setup.frame_list, frames);
    if ( HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1) ||
         setup.status != GNTST_okay )
        return NULL;
    for ( i = 0; i < nr; i++ )
    {
        uint8_t *va = alloc_page(); /* consecutive: a bump allocator */

        if ( !va || (first && va != first + i * PAGE_SIZE) )
            return NULL;
        if ( !first )
            first = va;
        if ( HYPERVISOR_update_va_mapping((unsigned long)va,
                                          (frames[i] << 12) | 7, UVMF_INVLPG) )
            return NULL;
    }
    return (grant_entry_v1_t *)first;
}

/* Grant page to domain `to`, as a guest does: frame and domain first. */
static inline void gt_grant(grant_entry_v1_t *t, grant_ref_t ref, domid_t to,
                            const void *page, bool readonly)
{
    t[ref].frame = virt_to_mfn(page);
    t[ref].domid = to;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
}

static inline uint16_t gt_flags(const grant_entry_v1_t *t, grant_ref_t ref)
{
    return __atomic_load_n(&t[ref].flags, __ATOMIC_ACQUIRE);
}

/*
 * End a grant as a guest must: only if the hypervisor holds nothing on
 * it (no GTF_reading/GTF_writing), in one compare-and-exchange.
 */
static inline bool gt_end_access(grant_entry_v1_t *t, grant_ref_t ref)
{
    uint16_t f = gt_flags(t, ref);

    if ( f & (GTF_reading | GTF_writing) )
        return false;
    return __atomic_compare_exchange_n(&t[ref].flags, &f, 0, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The L1 entry that maps va (boot tables: mapped at VIRT_BASE + maddr). */
static inline volatile uint64_t *gt_l1e(unsigned long va)
{
    uint64_t *t = (uint64_t *)start_info.pt_base;
    int level;

    for ( level = 4; level > 1; level-- )
        t = (uint64_t *)(VIRT_BASE + (t[(va >> (12 + 9 * (level - 1))) & 511] &
                                      GT_PTE_ADDR));
    return &t[(va >> 12) & 511];
}

/* A page-aligned address with an L1 table and no mapping: for host_addr. */
static inline void *gt_hole(void)
{
    void *va = alloc_page();

    if ( va && HYPERVISOR_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG) )
        return NULL;
    return va;
}

/* Give one frame back (1 if it went, 0 if the hypervisor kept it). */
static inline long gt_release_frame(unsigned long mfn)
{
    xen_pfn_t frame = mfn;
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, &frame);
    return HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
}

static inline long gt_populate_frame(unsigned long mfn)
{
    xen_pfn_t frame = mfn;
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, &frame);
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

#endif /* TESTS_GUEST_GNTTAB_TEST_H */
