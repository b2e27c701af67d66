/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu: vcpu_op queries, run state (asked for, and kept in a registered
 * area), moving vcpu_info, yield and poll.
 */
#include "xtf.h"
#include <public/vcpu.h>

const char test_title[] = "vcpu_op, runstate, yield and poll";

static struct vcpu_runstate_info area;

/* The registered runstate area follows the vCPU as it runs and blocks. */
static void runstate_area(void)
{
    struct vcpu_register_runstate_memory_area reg = { .addr.p = 0 };
    uint64_t running0;

    reg.addr.v = &area;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg),
             0);
    CHECK(area.state == RUNSTATE_running && area.time[RUNSTATE_running] > 0,
          "area not filled at registration (state %d)", area.state);
    running0 = area.time[RUNSTATE_running];
    msleep(5); /* blocks: the area is written on the way out and back */
    CHECK(area.state == RUNSTATE_running, "state %d after a sleep", area.state);
    CHECK(area.time[RUNSTATE_blocked] > 0, "no blocked time after a sleep");
    CHECK(area.time[RUNSTATE_running] >= running0, "running time went back");
    /* A bad address is accepted (as on Xen) and only not written. */
    reg.addr.p = 0x1000;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg),
             0);
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    reg.addr.p = 0;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg),
             0);
}

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
    runstate_area();

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
