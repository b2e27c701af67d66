/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall.h: hypercall handlers. Guest pointers are guest addresses
 * (uint64_t) to be read with copy_from_guest(); results follow Xen's
 * convention (>= 0 success, negative errno on failure). Handlers run with
 * `current` set to the calling vCPU.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>

/* Dispatch hypercall `nr` with up to 6 arguments (hypercall_table.c).
 * Returns -ENOSYS for unknown numbers. */
long hypercall_dispatch(unsigned int nr, const uint64_t args[6]);

/* arch/x86: traps, callbacks, descriptors, page tables, iret. */
long do_set_trap_table(uint64_t traps);
long do_mmu_update(uint64_t ureqs, unsigned int count, uint64_t pdone,
                   unsigned int foreigndom);
long do_set_gdt(uint64_t frame_list, unsigned int entries);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_set_callbacks(unsigned long event_address,
                      unsigned long failsafe_address,
                      unsigned long syscall_address);
long do_fpu_taskswitch(int set);
long do_update_descriptor(uint64_t maddr, uint64_t desc);
long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_iret(void);
long do_set_segment_base(unsigned int which, unsigned long base);
long do_mmuext_op(uint64_t uops, unsigned int count, uint64_t pdone,
                  unsigned int foreigndom);
long do_callback_op(int cmd, uint64_t arg);

/* common: */
long do_memory_op(unsigned long cmd, uint64_t arg);
long do_multicall(uint64_t call_list, unsigned int nr_calls);
long do_set_timer_op(uint64_t timeout);
long do_xen_version(int cmd, uint64_t arg);
long do_console_io(int cmd, unsigned int count, uint64_t buffer);
long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count);
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);
long do_sched_op(int cmd, uint64_t arg);
long do_event_channel_op(int cmd, uint64_t arg);

/* Toolstack only (domain 0 over privcmd); payload already copied in. */
struct xen_domctl;
struct xen_sysctl;
long do_domctl(struct xen_domctl *op);
long do_sysctl(struct xen_sysctl *op);

#endif /* XEN_HYPERCALL_H */
