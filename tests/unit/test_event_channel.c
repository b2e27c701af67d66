/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_event_channel: the event-channel mechanism (event_channel.c and
 * event_2l.c) on fake domains: allocation and limits, interdomain
 * binding, sends and 2-level pending/selector/upcall bits, masking,
 * close, VIRQ rules, status, and hostile arguments.
 */
#include <string.h>

#include <public/event_channel.h>
#include <xen/event.h>
#include <xen/hypercall.h>

#include "cunit_main.h"
#include "hv_stubs.h"

static struct domain *d1, *d2, *d0;

static long op(struct domain *caller, int cmd, void *arg)
{
    fake_set_current(caller);
    return do_event_channel_op(cmd, (uint64_t)(uintptr_t)arg);
}

static bool pending(struct domain *d, evtchn_port_t p)
{
    return d->shared_info->evtchn_pending[p / 64] & (1UL << (p % 64));
}

static void setup(void)
{
    d0 = fake_domain_create(0, 1);
    d1 = fake_domain_create(1, 2);
    d2 = fake_domain_create(2, 1);
}

static void teardown(void)
{
    fake_domain_destroy(d2);
    fake_domain_destroy(d1);
    fake_domain_destroy(d0);
}

/* d1 offers a port to d2, d2 binds it; returns d1's and d2's ports. */
static void connect(evtchn_port_t *p1, evtchn_port_t *p2)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 2 };
    struct evtchn_bind_interdomain bi = { .remote_dom = 1 };

    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_bind_interdomain, &bi), 0);
    *p1 = au.port;
    *p2 = bi.local_port;
    /* Binding marks the new local port pending (as on Xen): clear it. */
    d2->shared_info->evtchn_pending[*p2 / 64] = 0;
}

static void test_send_sets_bits(void)
{
    evtchn_port_t p1, p2;
    struct evtchn_send s;
    vcpu_info_t *vi;

    setup();
    connect(&p1, &p2);
    vi = d2->vcpu[0]->vcpu_info;
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    s.port = p1;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_send, &s), 0);
    CU_ASSERT(pending(d2, p2));
    CU_ASSERT(vi->evtchn_pending_sel & (1UL << (p2 / 64)));
    CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 1);
    /* The sender's side is untouched. */
    CU_ASSERT(!pending(d1, p1));
    teardown();
}

static void test_mask_then_unmask(void)
{
    evtchn_port_t p1, p2;
    struct evtchn_send s;
    struct evtchn_unmask um;
    vcpu_info_t *vi;

    setup();
    connect(&p1, &p2);
    vi = d2->vcpu[0]->vcpu_info;
    d2->shared_info->evtchn_mask[p2 / 64] |= 1UL << (p2 % 64);
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    s.port = p1;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_send, &s), 0);
    CU_ASSERT(pending(d2, p2));
    CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 0); /* held while masked */
    um.port = p2;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_unmask, &um), 0);
    CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 1); /* delivered now */
    teardown();
}

static void test_close_returns_peer_to_unbound(void)
{
    evtchn_port_t p1, p2;
    struct evtchn_close c;
    struct evtchn_status st = { .dom = DOMID_SELF };
    struct evtchn_send s;

    setup();
    connect(&p1, &p2);
    c.port = p2;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_close, &c), 0);
    st.port = p1;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_status, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 2);
    s.port = p2;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_send, &s), -EINVAL);
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_close, &c), -EINVAL);
    /* Destroying a domain unbinds its peers too. */
    connect(&p1, &p2);
    st.port = p1;
    evtchn_destroy(d2);
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_status, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    evtchn_init(d2, 1023);
    teardown();
}

static void test_bind_rules(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 1 };
    struct evtchn_bind_interdomain bi = { .remote_dom = 1 };
    struct evtchn_alloc_unbound foreign = { .dom = 2, .remote_dom = 1 };

    setup();
    /* Offered to d1 only: d2 may not bind it. */
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_bind_interdomain, &bi), -EINVAL);
    /* Unprivileged domains allocate only their own ports... */
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_alloc_unbound, &foreign), -EPERM);
    /* ...domain 0 may allocate on behalf of others. */
    CU_ASSERT_EQUAL(op(d0, EVTCHNOP_alloc_unbound, &foreign), 0);
    /* Hostile ports and domains. */
    bi.remote_port = 0xffffffff;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_bind_interdomain, &bi), -EINVAL);
    bi.remote_dom = 999;
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_bind_interdomain, &bi), -ESRCH);
    CU_ASSERT_EQUAL(op(d2, EVTCHNOP_bind_interdomain, NULL), -EFAULT);
    CU_ASSERT_EQUAL(op(d2, 77, &bi), -ENOSYS);
    teardown();
}

static void test_virq_rules(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 1 };
    struct evtchn_bind_virq global = { .virq = VIRQ_DOM_EXC, .vcpu = 1 };

    setup();
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_virq, &bv), 0);
    CU_ASSERT_EQUAL(d1->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], bv.port);
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_virq, &bv), -EEXIST);
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_virq, &global), -EINVAL);
    global.vcpu = 0;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_virq, &global), 0);
    bv.virq = NR_VIRQS;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_virq, &bv), -EINVAL);
    bv.virq = VIRQ_TIMER;
    bv.vcpu = 9;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_virq, &bv), -ENOENT);
    /* Raising the VIRQ sets its port pending on that vCPU. */
    d1->vcpu[1]->vcpu_info->evtchn_upcall_pending = 0;
    send_guest_vcpu_virq(d1->vcpu[1], VIRQ_TIMER);
    CU_ASSERT(pending(d1, d1->vcpu[1]->virq_to_evtchn[VIRQ_TIMER]));
    teardown();
}

static void test_port_limit(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 2 };
    unsigned int n = 0;

    setup();
    while ( op(d1, EVTCHNOP_alloc_unbound, &au) == 0 )
        n++;
    /* Ports 1..1023: the domain's limit, port 0 reserved. */
    CU_ASSERT_EQUAL(n, 1023);
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_alloc_unbound, &au), -ENOSPC);
    teardown();
}

static void test_ipi_and_loopback(void)
{
    struct evtchn_bind_ipi ipi = { .vcpu = 1 };
    struct evtchn_send s;
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };

    setup();
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_ipi, &ipi), 0);
    s.port = ipi.port;
    d1->vcpu[1]->vcpu_info->evtchn_upcall_pending = 0;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_send, &s), 0);
    CU_ASSERT_EQUAL(d1->vcpu[1]->vcpu_info->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(d1->vcpu[0]->vcpu_info->evtchn_upcall_pending, 0);
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_bind_interdomain, &bi), 0);
    d1->shared_info->evtchn_pending[au.port / 64] = 0;
    s.port = bi.local_port;
    CU_ASSERT_EQUAL(op(d1, EVTCHNOP_send, &s), 0);
    CU_ASSERT(pending(d1, au.port));
    teardown();
}

static const struct unit_case cases[] = {
    { "send sets pending, selector and upcall", test_send_sets_bits },
    { "masked events are delivered on unmask", test_mask_then_unmask },
    { "close and destroy leave the peer unbound",
      test_close_returns_peer_to_unbound },
    { "binding rules and hostile arguments", test_bind_rules },
    { "VIRQ binding rules", test_virq_rules },
    { "per-domain port limit", test_port_limit },
    { "IPIs and loopback channels", test_ipi_and_loopback },
};
UNIT_MAIN("event_channel", cases)
