/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * poll: a SCHEDOP_poll that an event ends early leaves nothing behind.
 * It used to leave its ports set and its timeout armed, so the stale
 * timeout later woke a SCHEDOP_block that no event had ended. Here the
 * block's only wake-up is a timer due well after the poll's old timeout:
 * the block must end with that event delivered.
 */
#include "xtf.h"

const char test_title[] = "SCHEDOP_poll leaves no state behind";

#define MS 1000000ULL

void test_main(void)
{
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct sched_poll poll;
    unsigned long before;
    uint64_t start, due;

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0);
    set_xen_guest_handle(poll.ports, &ipi.port);
    poll.nr_ports = 1;

    /* A poll with a 50 ms timeout, ended after 5 ms by a timer event. */
    start = monotonic_clock();
    poll.timeout = start + 50 * MS;
    HYPERVISOR_set_timer_op(start + 5 * MS);
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);

    /* Block with one wake-up due at 300 ms, after the poll's timeout. */
    local_irq_disable();
    due = start + 300 * MS;
    HYPERVISOR_set_timer_op(due);
    before = upcall_count;
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
    local_irq_enable();
    CHECK(upcall_count != before || monotonic_clock() >= due,
          "SCHEDOP_block woke %lu ms in with no event (the poll's old "
          "timeout)",
          (unsigned long)((monotonic_clock() - start) / MS));
}
