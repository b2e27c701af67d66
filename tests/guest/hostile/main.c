/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostile: every hypercall that takes a pointer, given pointers that are
 * not the guest's to give (null, unmapped, the hypervisor's range,
 * non-canonical), and numbers out of range. Each must fail with the
 * Xen error code, and the domain must go on running.
 */
#include "xtf.h"
#include <public/callback.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/version.h>
#include <public/vcpu.h>

const char test_title[] = "hostile hypercall arguments";

static const unsigned long bad_ptrs[] = {
    0, /* null */
    0x1000, /* unmapped */
    0xffff800000000000UL, /* the hypervisor's range */
    0xffff808000000000UL, /* its TSS mapping: present but not user */
    0x0000800000000000UL, /* non-canonical */
    0xfffffffffffffff8UL, /* wraps */
};

#define EFAULT_RC XEN_ERR(XEN_EFAULT)

static void pointer_args(unsigned long p)
{
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 16, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_shutdown, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_poll, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, p),
             EFAULT_RC);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_send, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_status, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, p),
             EFAULT_RC);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_memory_map, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, p, 1), EFAULT_RC);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_query_size, p, 1), EFAULT_RC);
    CHECK_RC(HYPERVISOR_multicall(p, 4), EFAULT_RC);
    CHECK_RC(HYPERVISOR_mmu_update(p, 1, 0, DOMID_SELF), EFAULT_RC);
    CHECK_RC(HYPERVISOR_mmuext_op(p, 1, 0, DOMID_SELF), EFAULT_RC);
    CHECK_RC(HYPERVISOR_set_trap_table(p ? p : 8), EFAULT_RC);
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, p), EFAULT_RC);
    CHECK_RC(HYPERVISOR_xen_version(2, p), EFAULT_RC);
}

static void out_of_range(void)
{
    struct evtchn_send send = { .port = 4000 };
    struct evtchn_bind_virq virq = { .virq = 99, .vcpu = 0 };
    struct evtchn_bind_virq virq_vcpu = { .virq = VIRQ_DEBUG, .vcpu = 7 };
    struct evtchn_alloc_unbound other = { .dom = 0, .remote_dom = 0 };
    struct evtchn_close close = { .port = 0 };
    struct evtchn_unmask unmask = { .port = 0xffffffff };
    struct sched_shutdown bad_reason = { .reason = 77 };
    struct mmu_update outside = { .ptr = (start_info.nr_pages + 5) << 12,
                                  .val = 0 };
    struct mmu_update foreign = {
        .ptr = 0, .val = ((uint64_t)XEN_SPECIAL_PFN_BASE + 500) << 12 | 7
    };
    struct mmuext_op base = { .cmd = MMUEXT_NEW_BASEPTR,
                              .arg1.mfn = 0x7fffffff };
    struct mmuext_op unknown = { .cmd = 99 };
    multicall_entry_t nested[2] = {
        { .op = __HYPERVISOR_multicall },
        { .op = 63 },
    };

    CHECK_RC(hypercall(11, 0, 0, 0, 0, 0), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(hypercall(63, 0, 0, 0, 0, 0), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(hypercall(__HYPERVISOR_domctl, 0, 0, 0, 0, 0), XEN_ERR(XEN_EPERM));
    CHECK_RC(hypercall(__HYPERVISOR_sysctl, 0, 0, 0, 0, 0), XEN_ERR(XEN_EPERM));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_send, &send),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &virq),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &virq_vcpu),
             XEN_ERR(XEN_ENOENT));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &other),
             XEN_ERR(XEN_EPERM));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &close),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_event_channel_op(99, &send), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_shutdown, &bad_reason),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_sched_op(99, 0), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 5, 0), XEN_ERR(XEN_ENOENT));
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0xffffffff, 0),
             XEN_ERR(XEN_ENOENT));
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 0x7fffffff, "x"),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_read, 16, nested),
             XEN_ERR(XEN_EPERM));
    CHECK_RC(HYPERVISOR_console_io(7, 0, 0), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_mmu_update(&outside, 1, 0, DOMID_SELF),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_mmu_update(&foreign, 1, 0, DOMID_SELF),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_mmu_update(&outside, 1, 0, 0), XEN_ERR(XEN_EPERM));
    CHECK_RC(HYPERVISOR_mmuext_op(&base, 1, 0, DOMID_SELF),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_mmuext_op(&unknown, 1, 0, DOMID_SELF),
             XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_update_va_mapping(0xffff800000001000UL, 0, 0),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_update_descriptor(1, 0), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_segment_base(99, 0), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_segment_base(0, 0x0000800000000000UL),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_vm_assist(VMASST_CMD_enable, 60), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_multicall(nested, 2), 0);
    CHECK(nested[0].result == XEN_ERR(XEN_EINVAL), "nested multicall %ld",
          (long)nested[0].result);
    CHECK(nested[1].result == XEN_ERR(XEN_ENOSYS), "unknown in multicall %ld",
          (long)nested[1].result);
}

void test_main(void)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(bad_ptrs); i++ )
        pointer_args(bad_ptrs[i]);
    out_of_range();
    /* Still alive and able to make good calls. */
    CHECK_RC(HYPERVISOR_xen_version(XENVER_pagesize, 0), 4096);
}
