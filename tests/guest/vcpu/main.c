/* SPDX-License-Identifier: GPL-2.0-only */
/* vcpu: vcpu_op queries, run state, moving vcpu_info, yield and poll. */
#include "xtf.h"
#include <public/vcpu.h>

const char test_title[] = "vcpu_op, runstate, yield and poll";

static vcpu_info_t new_info_page[PAGE_SIZE / sizeof(vcpu_info_t)]
    __attribute__((aligned(PAGE_SIZE)));

void test_main(void)
{
    struct vcpu_runstate_info rs;
    struct vcpu_register_vcpu_info reg = {
        .mfn = virt_to_mfn(new_info_page),
        .offset = 64,
    };
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    evtchn_port_t port;
    struct sched_poll poll;
    uint64_t t0;

    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0);
    CHECK(rs.state == RUNSTATE_running, "state %d", rs.state);
    CHECK(rs.time[RUNSTATE_running] > 0, "no running time");
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, NULL),
             XEN_ERR(XEN_EFAULT));
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), XEN_ERR(XEN_ENOENT));
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);

    /* Poll a port that is not pending: returns at the timeout. */
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    port = au.port;
    set_xen_guest_handle(poll.ports, &port);
    poll.nr_ports = 1;
    t0 = monotonic_clock();
    poll.timeout = t0 + 10000000;
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK(monotonic_clock() - t0 >= 9000000, "poll returned after %lu ns",
          (unsigned long)(monotonic_clock() - t0));
    poll.nr_ports = 1000;
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), XEN_ERR(XEN_EINVAL));

    /* Moving vcpu_info: bad offsets refused, a good one accepted once. */
    reg.offset = PAGE_SIZE - 8;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg),
             XEN_ERR(XEN_EINVAL));
    reg.offset = 64;
    reg.mfn = start_info.nr_pages + 10;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg),
             XEN_ERR(XEN_EINVAL));
    reg.mfn = virt_to_mfn(new_info_page);
    local_irq_disable();
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg), 0);
    CHECK(new_info_page[1].time.version != 0, "time not in the new vcpu_info");
    CHECK(new_info_page[1].evtchn_upcall_mask == 1, "mask not carried over");
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg),
             XEN_ERR(XEN_EINVAL));
}
