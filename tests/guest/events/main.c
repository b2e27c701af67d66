/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * events: event channels within one domain (loopback interdomain and
 * IPI), masking, status, close, and threads that block until an event
 * wakes them.
 */
#include "xtf.h"

const char test_title[] = "event channels, block and wake";

static volatile unsigned int hits[64];
static struct thread *sleeper;
static volatile bool sleeper_woke;

static void on_event(evtchn_port_t port, void *data)
{
    (void)data;
    if ( port < 64 )
        hits[port]++;
    if ( sleeper )
        wake(sleeper);
}

static void sleeper_fn(void *arg)
{
    (void)arg;
    local_irq_disable();
    block_current();
    sleeper_woke = true;
}

static void settle(void)
{
    unsigned int i;

    for ( i = 0; i < 5; i++ )
        msleep(1);
}

void test_main(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_status st = { .dom = DOMID_SELF };
    struct evtchn_close cl;
    evtchn_port_t a, b;

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    a = au.port;
    st.port = a;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK(st.status == EVTCHNSTAT_unbound, "status %u", st.status);

    bi.remote_port = a;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0);
    b = bi.local_port;
    CHECK(a != b && a < 64 && b < 64, "ports %u %u", a, b);
    bind_evtchn(a, on_event, NULL);
    bind_evtchn(b, on_event, NULL);
    settle();
    hits[a] = hits[b] = 0;

    /* A send on one end arrives on the other. */
    CHECK_RC(notify_remote_via_evtchn(a), 0);
    settle();
    CHECK(hits[b] == 1 && hits[a] == 0, "a->b: hits %u/%u", hits[a], hits[b]);
    CHECK_RC(notify_remote_via_evtchn(b), 0);
    settle();
    CHECK(hits[a] == 1, "b->a: hits %u", hits[a]);

    /* Masked: held pending, delivered once on unmask. */
    mask_evtchn(b);
    notify_remote_via_evtchn(a);
    notify_remote_via_evtchn(a);
    settle();
    CHECK(hits[b] == 1, "delivered while masked (%u)", hits[b]);
    unmask_evtchn(b);
    settle();
    CHECK(hits[b] == 2, "not delivered on unmask (%u)", hits[b]);

    /* A blocked thread wakes on an event. */
    sleeper = create_thread("sleeper", sleeper_fn, NULL);
    settle();
    CHECK(!sleeper_woke, "sleeper ran through");
    notify_remote_via_evtchn(b);
    settle();
    CHECK(sleeper_woke, "sleeper was not woken by the event");
    sleeper = NULL;

    /* IPI to ourselves. */
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0);
    bind_evtchn(ipi.port, on_event, NULL);
    settle();
    hits[ipi.port] = 0;
    notify_remote_via_evtchn(ipi.port);
    settle();
    CHECK(hits[ipi.port] == 1, "ipi hits %u", hits[ipi.port]);

    /* Closing one end leaves the other unbound, waiting for us. */
    cl.port = b;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
    st.port = a;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK(st.status == EVTCHNSTAT_unbound, "after close: status %u", st.status);
    CHECK_RC(notify_remote_via_evtchn(a), 0);
    CHECK_RC(notify_remote_via_evtchn(b), XEN_ERR(XEN_EINVAL));
    st.port = b;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK(st.status == EVTCHNSTAT_closed, "closed port status %u", st.status);
}
