/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timer: time advances, set_timer_op and VCPUOP timers deliver
 * VIRQ_TIMER, threads sleep and wake on time, the past is refused when
 * asked to be.
 */
#include "xtf.h"
#include <public/vcpu.h>

const char test_title[] = "time, timers and VIRQ_TIMER";

static volatile unsigned int virq_count;

static void count_timer(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    virq_count++;
}

static void wait_for_virqs(unsigned int n, uint64_t limit_ns)
{
    uint64_t end = monotonic_clock() + limit_ns;

    while ( virq_count < n && monotonic_clock() < end )
        msleep(1);
}

void test_main(void)
{
    struct vcpu_set_singleshot_timer sst;
    struct vcpu_set_periodic_timer per = { .period_ns = 2000000 };
    uint64_t t0 = monotonic_clock(), t1;
    evtchn_port_t port;

    /* The kernel already bound VIRQ_TIMER: a second binding is refused. */
    {
        struct evtchn_bind_virq op = { .virq = VIRQ_TIMER, .vcpu = 0 };

        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op),
                 XEN_ERR(XEN_EEXIST));
    }
    msleep(20);
    t1 = monotonic_clock();
    CHECK(t1 - t0 >= 20000000, "slept only %lu ns", (unsigned long)(t1 - t0));
    CHECK(t1 - t0 < 20000000000ULL, "slept %lu ns", (unsigned long)(t1 - t0));

    /* Count timer VIRQs ourselves from here on. */
    {
        struct evtchn_close cl;
        struct evtchn_bind_virq op = { .virq = VIRQ_TIMER, .vcpu = 0 };
        unsigned int p;

        for ( p = 1; p < 64; p++ )
        {
            struct evtchn_status st = { .dom = DOMID_SELF, .port = p };

            if ( !HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) &&
                 st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER )
                break;
        }
        cl.port = p;
        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op), 0);
        port = op.port;
        bind_evtchn(port, count_timer, NULL);
    }

    CHECK_RC(HYPERVISOR_set_timer_op(monotonic_clock() + 5000000), 0);
    wait_for_virqs(1, 20000000000ULL);
    CHECK(virq_count >= 1, "set_timer_op did not fire");

    sst.timeout_abs_ns = monotonic_clock() - 1000000;
    sst.flags = VCPU_SSHOTTMR_future;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &sst),
             XEN_ERR(XEN_ETIME));
    sst.timeout_abs_ns = monotonic_clock() + 3000000;
    sst.flags = 0;
    virq_count = 0;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &sst), 0);
    wait_for_virqs(1, 20000000000ULL);
    CHECK(virq_count >= 1, "singleshot timer did not fire");

    per.period_ns = 1000;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per),
             XEN_ERR(XEN_EINVAL));
    per.period_ns = 2000000;
    virq_count = 0;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0);
    wait_for_virqs(5, 20000000000ULL);
    CHECK(virq_count >= 5, "periodic timer fired %u times", virq_count);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    printk("timer VIRQs: %u\n", virq_count);
}
