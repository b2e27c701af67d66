/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_abi_layout: the guest-visible structures have Xen's x86_64
 * sizes and offsets (compile-time), and the ring index arithmetic the
 * console and xenstore rings rely on wraps correctly (run time).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <public/callback.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/io/blkif.h>
#include <public/io/console.h>
#include <public/io/netif.h>
#include <public/io/xenbus.h>
#include <public/io/xs_wire.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>

#include "cunit_main.h"

#define PIN_SIZE(t, n) _Static_assert(sizeof(t) == (n), #t " size")
#define PIN_OFF(t, f, n) _Static_assert(offsetof(t, f) == (n), #t "." #f)

PIN_SIZE(struct vcpu_time_info, 32);
PIN_SIZE(struct arch_vcpu_info, 16);
PIN_SIZE(struct vcpu_info, 64);
PIN_OFF(struct vcpu_info, evtchn_upcall_mask, 1);
PIN_OFF(struct vcpu_info, evtchn_pending_sel, 8);
PIN_OFF(struct vcpu_info, arch, 16);
PIN_OFF(struct vcpu_info, time, 32);
PIN_OFF(struct shared_info, evtchn_pending, 2048);
PIN_OFF(struct shared_info, evtchn_mask, 2560);
PIN_OFF(struct shared_info, wc_version, 3072);
PIN_OFF(struct shared_info, wc_sec_hi, 3084);
PIN_OFF(struct shared_info, arch, 3088);
PIN_SIZE(struct arch_shared_info, 48);
PIN_OFF(struct start_info, nr_pages, 32);
PIN_OFF(struct start_info, shared_info, 40);
PIN_OFF(struct start_info, flags, 48);
PIN_OFF(struct start_info, store_mfn, 56);
PIN_OFF(struct start_info, store_evtchn, 64);
PIN_OFF(struct start_info, console, 72);
PIN_OFF(struct start_info, pt_base, 88);
PIN_OFF(struct start_info, mfn_list, 104);
PIN_OFF(struct start_info, mod_start, 112);
PIN_OFF(struct start_info, cmd_line, 128);
PIN_OFF(struct start_info, first_p2m_pfn, 1152);
PIN_SIZE(struct start_info, 1168);
PIN_SIZE(struct cpu_user_regs, 200);
PIN_OFF(struct cpu_user_regs, error_code, 120);
PIN_OFF(struct cpu_user_regs, rip, 128);
PIN_OFF(struct cpu_user_regs, cs, 136);
PIN_OFF(struct cpu_user_regs, saved_upcall_mask, 140);
PIN_OFF(struct cpu_user_regs, rflags, 144);
PIN_OFF(struct cpu_user_regs, ss, 160);
PIN_SIZE(struct trap_info, 16);
PIN_OFF(struct vcpu_guest_context, flags, 512);
PIN_OFF(struct vcpu_guest_context, user_regs, 520);
PIN_OFF(struct vcpu_guest_context, trap_ctxt, 720);
PIN_OFF(struct vcpu_guest_context, ctrlreg, 4984);
PIN_OFF(struct vcpu_guest_context, event_callback_eip, 5112);
PIN_SIZE(struct vcpu_guest_context, 5168);
PIN_SIZE(struct iret_context, 72);
PIN_SIZE(struct mmu_update, 16);
PIN_SIZE(struct mmuext_op, 24);
PIN_SIZE(struct multicall_entry, 64);
PIN_SIZE(struct evtchn_alloc_unbound, 8);
PIN_SIZE(struct evtchn_bind_interdomain, 12);
PIN_SIZE(struct evtchn_bind_virq, 12);
PIN_SIZE(struct evtchn_status, 24);
PIN_SIZE(struct sched_shutdown, 4);
PIN_SIZE(struct sched_poll, 24);
PIN_SIZE(struct vcpu_runstate_info, 48);
PIN_SIZE(struct vcpu_set_singleshot_timer, 16);
PIN_SIZE(struct vcpu_register_vcpu_info, 16);
PIN_SIZE(struct xen_memory_reservation, 32);
PIN_SIZE(struct xen_memory_map, 16);
PIN_SIZE(struct xen_machphys_mapping, 24);
PIN_SIZE(struct callback_register, 16);
PIN_SIZE(struct grant_entry_v1, 8);
PIN_SIZE(struct gnttab_setup_table, 24);
PIN_SIZE(struct gnttab_map_grant_ref, 32);
PIN_SIZE(struct gnttab_copy, 40);
PIN_SIZE(struct xen_compile_info, 144);
PIN_SIZE(struct xencons_interface, 3088);
PIN_OFF(struct xencons_interface, out, 1024);
PIN_OFF(struct xencons_interface, in_cons, 3072);

PIN_SIZE(struct blkif_request, 112);
PIN_OFF(struct blkif_request, id, 8);
PIN_OFF(struct blkif_request, seg, 24);
PIN_SIZE(struct blkif_request_segment, 8);
PIN_SIZE(struct blkif_response, 16);
PIN_SIZE(struct netif_tx_request, 12);
PIN_SIZE(struct netif_tx_response, 4);
PIN_SIZE(struct netif_rx_request, 8);
PIN_SIZE(struct netif_rx_response, 8);
PIN_SIZE(struct netif_extra_info, 8);
PIN_SIZE(struct xsd_sockmsg, 16);
PIN_OFF(struct xenstore_domain_interface, req_cons, 2048);
PIN_OFF(struct xenstore_domain_interface, server_features, 2064);
PIN_SIZE(struct xenstore_domain_interface, 2076);
PIN_OFF(struct blkif_sring, ring, 64);
_Static_assert(__CONST_RING_SIZE(blkif, 4096) == 32, "blkif ring size");
_Static_assert(__CONST_RING_SIZE(netif_tx, 4096) == 256, "netif tx ring size");
_Static_assert(__CONST_RING_SIZE(netif_rx, 4096) == 256, "netif rx ring size");
_Static_assert(XenbusStateReconfigured == 8, "xenbus states");
_Static_assert(XS_DIRECTORY_PART == 22 && XS_SET_QUOTA == 26, "xs_wire types");

/* Front and back of a blkif ring over one shared page. */
static void test_ring_flow(void)
{
    struct blkif_sring *s = aligned_alloc(4096, 4096);
    struct blkif_front_ring front;
    struct blkif_back_ring back;
    unsigned int i, notify, more;
    RING_IDX rc;

    SHARED_RING_INIT(s);
    FRONT_RING_INIT(&front, s, 4096);
    BACK_RING_INIT(&back, s, 4096);
    CU_ASSERT_EQUAL(RING_SIZE(&front), 32);
    CU_ASSERT_EQUAL(RING_FREE_REQUESTS(&front), 32);

    /* The first push notifies (req_event starts at 1), the next does not. */
    RING_GET_REQUEST(&front, front.req_prod_pvt++)->id = 1;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    CU_ASSERT_TRUE(notify);
    RING_GET_REQUEST(&front, front.req_prod_pvt++)->id = 2;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    CU_ASSERT_FALSE(notify);

    /* The back end consumes both, then asks to be woken for more. */
    for ( i = 0; RING_HAS_UNCONSUMED_REQUESTS(&back); i++ )
    {
        struct blkif_request req;

        RING_COPY_REQUEST(&back, back.req_cons, &req);
        back.req_cons++;
        CU_ASSERT_EQUAL(req.id, i + 1);
        RING_GET_RESPONSE(&back, back.rsp_prod_pvt++)->id = req.id;
    }
    CU_ASSERT_EQUAL(i, 2);
    RING_FINAL_CHECK_FOR_REQUESTS(&back, more);
    CU_ASSERT_FALSE(more);
    CU_ASSERT_EQUAL(s->req_event, 3);
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
    CU_ASSERT_TRUE(notify);
    rc = front.rsp_cons;
    CU_ASSERT_EQUAL(RING_GET_RESPONSE(&front, rc)->id, 1);

    /* After the back end asked, the next request notifies again. */
    RING_GET_REQUEST(&front, front.req_prod_pvt++)->id = 3;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    CU_ASSERT_TRUE(notify);
    free(s);
}

/* A hostile producer index is clamped and detected. */
static void test_ring_hostile_indexes(void)
{
    struct blkif_sring *s = aligned_alloc(4096, 4096);
    struct blkif_back_ring back;

    SHARED_RING_INIT(s);
    BACK_RING_INIT(&back, s, 4096);
    s->req_prod = 1000000;
    CU_ASSERT_EQUAL(XEN_RING_NR_UNCONSUMED_REQUESTS(&back), 32);
    CU_ASSERT_TRUE(RING_REQUEST_PROD_OVERFLOW(&back, s->req_prod));
    CU_ASSERT_FALSE(RING_REQUEST_PROD_OVERFLOW(&back, 32));
    CU_ASSERT_TRUE(RING_REQUEST_CONS_OVERFLOW(&back, 32));
    CU_ASSERT_FALSE(RING_REQUEST_CONS_OVERFLOW(&back, 31));
    s->req_prod = 0xfffffff0; /* "behind" the consumer */
    CU_ASSERT_EQUAL(XEN_RING_NR_UNCONSUMED_REQUESTS(&back), 32);
    free(s);
}

static void test_numbers(void)
{
    CU_ASSERT_EQUAL(__HYPERVISOR_iret, 23);
    CU_ASSERT_EQUAL(__HYPERVISOR_event_channel_op, 32);
    CU_ASSERT_EQUAL(__HYPERVISOR_domctl, 36);
    CU_ASSERT_EQUAL(EVTCHN_2L_NR_CHANNELS, 4096);
    CU_ASSERT_EQUAL(DOMID_SELF, 0x7ff0);
    CU_ASSERT_EQUAL(FLAT_KERNEL_CS64, 0xe033);
    CU_ASSERT_EQUAL(VIRQ_DOM_EXC, 3);
}

static void test_console_ring_wraps(void)
{
    struct xencons_interface intf = { .out_prod = 0xfffffffe,
                                      .out_cons = 0xfffffffe };
    XENCONS_RING_IDX i;

    for ( i = 0; i < 4; i++ )
        intf.out[MASK_XENCONS_IDX(intf.out_prod++, intf.out)] = 'a' + i;
    CU_ASSERT_EQUAL(intf.out_prod - intf.out_cons, 4);
    CU_ASSERT_EQUAL(intf.out[MASK_XENCONS_IDX(0xfffffffeU, intf.out)], 'a');
    CU_ASSERT_EQUAL(intf.out[MASK_XENCONS_IDX(1U, intf.out)], 'd');
}

static const struct unit_case cases[] = {
    { "ABI numbers", test_numbers },
    { "console ring index wrap", test_console_ring_wraps },
    { "ring requests, responses and notifications", test_ring_flow },
    { "ring hostile indexes", test_ring_hostile_indexes },
};
UNIT_MAIN("abi_layout", cases)
