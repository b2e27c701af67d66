/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall.h: calls into the hypervisor through the hypercall page
 * (head.S moves the arguments into rdi, rsi, rdx, r10, r8).
 */
#ifndef MINIOS_HYPERCALL_H
#define MINIOS_HYPERCALL_H

#include <public/xen.h>

long hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5);
extern char hypercall_page[4096];

#define HC(nr, a1, a2, a3, a4, a5)                                             \
    hypercall((nr), (unsigned long)(a1), (unsigned long)(a2),                  \
              (unsigned long)(a3), (unsigned long)(a4), (unsigned long)(a5))

#define HYPERVISOR_set_trap_table(t)                                           \
    HC(__HYPERVISOR_set_trap_table, t, 0, 0, 0, 0)
#define HYPERVISOR_mmu_update(r, n, d, f)                                      \
    HC(__HYPERVISOR_mmu_update, r, n, d, f, 0)
#define HYPERVISOR_stack_switch(ss, sp)                                        \
    HC(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0)
#define HYPERVISOR_set_callbacks(e, f, s)                                      \
    HC(__HYPERVISOR_set_callbacks, e, f, s, 0, 0)
#define HYPERVISOR_fpu_taskswitch(s)                                           \
    HC(__HYPERVISOR_fpu_taskswitch, s, 0, 0, 0, 0)
#define HYPERVISOR_update_descriptor(m, d)                                     \
    HC(__HYPERVISOR_update_descriptor, m, d, 0, 0, 0)
#define HYPERVISOR_memory_op(c, a) HC(__HYPERVISOR_memory_op, c, a, 0, 0, 0)
#define HYPERVISOR_multicall(l, n) HC(__HYPERVISOR_multicall, l, n, 0, 0, 0)
#define HYPERVISOR_update_va_mapping(va, v, f)                                 \
    HC(__HYPERVISOR_update_va_mapping, va, v, f, 0, 0)
#define HYPERVISOR_set_timer_op(t) HC(__HYPERVISOR_set_timer_op, t, 0, 0, 0, 0)
#define HYPERVISOR_xen_version(c, a) HC(__HYPERVISOR_xen_version, c, a, 0, 0, 0)
#define HYPERVISOR_console_io(c, n, b)                                         \
    HC(__HYPERVISOR_console_io, c, n, b, 0, 0)
#define HYPERVISOR_grant_table_op(c, u, n)                                     \
    HC(__HYPERVISOR_grant_table_op, c, u, n, 0, 0)
#define HYPERVISOR_vm_assist(c, t) HC(__HYPERVISOR_vm_assist, c, t, 0, 0, 0)
#define HYPERVISOR_vcpu_op(c, v, a) HC(__HYPERVISOR_vcpu_op, c, v, a, 0, 0)
#define HYPERVISOR_set_segment_base(w, b)                                      \
    HC(__HYPERVISOR_set_segment_base, w, b, 0, 0, 0)
#define HYPERVISOR_mmuext_op(o, n, d, f)                                       \
    HC(__HYPERVISOR_mmuext_op, o, n, d, f, 0)
#define HYPERVISOR_sched_op(c, a) HC(__HYPERVISOR_sched_op, c, a, 0, 0, 0)
#define HYPERVISOR_callback_op(c, a) HC(__HYPERVISOR_callback_op, c, a, 0, 0, 0)
#define HYPERVISOR_event_channel_op(c, a)                                      \
    HC(__HYPERVISOR_event_channel_op, c, a, 0, 0, 0)
#define HYPERVISOR_set_gdt(f, e) HC(__HYPERVISOR_set_gdt, f, e, 0, 0, 0)

#endif /* MINIOS_HYPERCALL_H */
