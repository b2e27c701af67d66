/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory: reservations, the memory map, the M2P location, giving a page
 * back and getting it again, and grant-table setup.
 */
#include "xtf.h"
#include <public/grant_table.h>
#include <public/memory.h>

const char test_title[] = "memory_op and grant-table setup";

void test_main(void)
{
    domid_t self = DOMID_SELF, other = 0;
    struct xen_e820_entry map[4];
    struct xen_memory_map mm = { .nr_entries = 4 };
    struct xen_machphys_mapping mp;
    xen_pfn_t frame, frames[4];
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 2 };
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    uint8_t *page;

    CHECK(cur == (long)start_info.nr_pages, "current reservation %ld", cur);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self),
             start_info.nr_pages);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &other),
             XEN_ERR(XEN_EPERM));
    set_xen_guest_handle(mm.buffer, map);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_memory_map, &mm), 0);
    CHECK(mm.nr_entries == 1 && map[0].addr == 0 &&
              map[0].size == start_info.nr_pages * PAGE_SIZE &&
              map[0].type == 1,
          "memory map");
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mp), 0);
    CHECK(mp.v_start == 0xffff810000000000UL, "m2p at %#lx", mp.v_start);

    /* Give a page back: its contents go; take it again. */
    page = alloc_page();
    CHECK(page != NULL, "no page");
    if ( page )
    {
        page[0] = 0x5a;
        frame = virt_to_mfn(page);
        set_xen_guest_handle(r.extent_start, &frame);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
                 cur - 1);
        CHECK(page[0] == 0, "released page kept its contents");
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur);
        /* Populated already: nothing changes, nothing is counted twice. */
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur);
        /* A frame is released once; again, it is not populated. */
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
                 cur - 1);
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
        r.extent_order = 20;
        CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r),
                 XEN_ERR(XEN_EINVAL));
    }

    set_xen_guest_handle(setup.frame_list, frames);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK(setup.status == GNTST_okay, "setup status %d", setup.status);
    CHECK(frames[0] >= XEN_SPECIAL_PFN_BASE && frames[1] == frames[0] + 1,
          "grant frames %#lx %#lx", frames[0], frames[1]);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    CHECK(qs.nr_frames == 2 && qs.max_nr_frames >= 32 && qs.status == 0,
          "query_size %u/%u", qs.nr_frames, qs.max_nr_frames);
    setup.nr_frames = 10000;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK(setup.status == GNTST_general_error, "huge setup status %d",
          setup.status);
    setup.dom = 0;
    setup.nr_frames = 1;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK(setup.status == GNTST_bad_domain, "foreign setup status %d",
          setup.status);
    /* The grant table is mappable and writable by its owner. */
    CHECK_RC(HYPERVISOR_update_va_mapping((unsigned long)page,
                                          (frames[0] << 12) | 7, UVMF_INVLPG),
             0);
    ((grant_entry_v1_t *)page)[8].domid = 0;
    CHECK(((grant_entry_v1_t *)page)[8].domid == 0, "grant table write");
}
