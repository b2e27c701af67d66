/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall_table.c: dispatch of guest hypercalls by number. Each entry
 * is a small adaptor that gives the handler its typed arguments; numbers
 * without an entry return -ENOSYS. domctl and sysctl are not here: they
 * are only reachable from domain 0 over privcmd.
 */
#include <asm/x86.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

typedef long hypercall_adaptor_t(const uint64_t a[6]);

#define ADAPT(name, call)                                                      \
    static long hc_##name(const uint64_t a[6])                                 \
    {                                                                          \
        (void)a;                                                               \
        return call;                                                           \
    }

ADAPT(set_trap_table, do_set_trap_table(a[0]))
ADAPT(mmu_update, do_mmu_update(a[0], a[1], a[2], a[3]))
ADAPT(set_gdt, do_set_gdt(a[0], a[1]))
ADAPT(stack_switch, do_stack_switch(a[0], a[1]))
ADAPT(set_callbacks, do_set_callbacks(a[0], a[1], a[2]))
ADAPT(fpu_taskswitch, do_fpu_taskswitch((int)a[0]))
ADAPT(update_descriptor, do_update_descriptor(a[0], a[1]))
ADAPT(memory_op, do_memory_op(a[0], a[1]))
ADAPT(multicall, do_multicall(a[0], a[1]))
ADAPT(update_va_mapping, do_update_va_mapping(a[0], a[1], a[2]))
ADAPT(set_timer_op, do_set_timer_op(a[0]))
ADAPT(xen_version, do_xen_version((int)a[0], a[1]))
ADAPT(console_io, do_console_io((int)a[0], a[1], a[2]))
ADAPT(grant_table_op, do_grant_table_op(a[0], a[1], a[2]))
ADAPT(vm_assist, do_vm_assist(a[0], a[1]))
ADAPT(iret, do_iret())
ADAPT(vcpu_op, do_vcpu_op((int)a[0], a[1], a[2]))
ADAPT(set_segment_base, do_set_segment_base(a[0], a[1]))
ADAPT(mmuext_op, do_mmuext_op(a[0], a[1], a[2], a[3]))
ADAPT(sched_op, do_sched_op((int)a[0], a[1]))
ADAPT(callback_op, do_callback_op((int)a[0], a[1]))
ADAPT(event_channel_op, do_event_channel_op((int)a[0], a[1]))
ADAPT(physdev_op, do_physdev_op((int)a[0], a[1]))
ADAPT(set_debugreg, do_set_debugreg((int)a[0], a[1]))
ADAPT(get_debugreg, do_get_debugreg((int)a[0]))

static long hc_toolstack_only(const uint64_t a[6])
{
    (void)a;
    return -EPERM;
}

static hypercall_adaptor_t *const hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_set_trap_table] = hc_set_trap_table,
    [__HYPERVISOR_mmu_update] = hc_mmu_update,
    [__HYPERVISOR_set_gdt] = hc_set_gdt,
    [__HYPERVISOR_stack_switch] = hc_stack_switch,
    [__HYPERVISOR_set_callbacks] = hc_set_callbacks,
    [__HYPERVISOR_fpu_taskswitch] = hc_fpu_taskswitch,
    [__HYPERVISOR_update_descriptor] = hc_update_descriptor,
    [__HYPERVISOR_memory_op] = hc_memory_op,
    [__HYPERVISOR_multicall] = hc_multicall,
    [__HYPERVISOR_update_va_mapping] = hc_update_va_mapping,
    [__HYPERVISOR_set_timer_op] = hc_set_timer_op,
    [__HYPERVISOR_xen_version] = hc_xen_version,
    [__HYPERVISOR_console_io] = hc_console_io,
    [__HYPERVISOR_grant_table_op] = hc_grant_table_op,
    [__HYPERVISOR_vm_assist] = hc_vm_assist,
    [__HYPERVISOR_iret] = hc_iret,
    [__HYPERVISOR_vcpu_op] = hc_vcpu_op,
    [__HYPERVISOR_set_segment_base] = hc_set_segment_base,
    [__HYPERVISOR_mmuext_op] = hc_mmuext_op,
    [__HYPERVISOR_sched_op] = hc_sched_op,
    [__HYPERVISOR_callback_op] = hc_callback_op,
    [__HYPERVISOR_event_channel_op] = hc_event_channel_op,
    [__HYPERVISOR_physdev_op] = hc_physdev_op,
    [__HYPERVISOR_set_debugreg] = hc_set_debugreg,
    [__HYPERVISOR_get_debugreg] = hc_get_debugreg,
    [__HYPERVISOR_sysctl] = hc_toolstack_only,
    [__HYPERVISOR_domctl] = hc_toolstack_only,
};

long hypercall_dispatch(unsigned int nr, const uint64_t args[6])
{
    if ( nr >= NR_HYPERCALLS || !hypercall_table[nr] )
        return -ENOSYS;
    return hypercall_table[nr](args);
}
