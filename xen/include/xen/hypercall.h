/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall.h: hypercall handlers. Guest pointers are guest addresses
 * (uint64_t) to be read with copy_from_guest(); results follow Xen's
 * convention (>= 0 success, negative errno on failure). Handlers run with
 * `current` set to the calling vCPU.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>

struct vcpu;

/* Dispatch hypercall `nr` with up to 6 arguments (hypercall_table.c).
 * Returns -ENOSYS for unknown numbers. */
long hypercall_dispatch(unsigned int nr, const uint64_t args[6]);

/*
 * Continuations (continuation.c), as on Xen: no guest-controlled amount
 * of work runs without a preemption point. A handler working through a
 * list asks hypercall_preempt_check() every HYPERCALL_PREEMPT_STRIDE items;
 * when it says so, the handler records how to go on with
 * hypercall_create_continuation() and returns. The vCPU then leaves the
 * hypervisor (events are delivered, other vCPUs run, a pause or a
 * destruction takes effect) and re-enters hypercall `nr` with `args` the
 * next time it runs. Domain 0's calls over privcmd are bounded by the
 * request size and are never preempted.
 */
#define HYPERCALL_PREEMPT_STRIDE 32
/* Time a hypercall may run before it yields anyway (ns). */
#define HYPERCALL_BUDGET_NS 1000000
/* Called by the exit handler before each hypercall. */
void hypercall_begin(struct vcpu *v);
/* True if the current hypercall should stop here and continue later. */
bool hypercall_preempt_check(void);
/* Record the continuation; returns 0 for the handler to return. */
long hypercall_create_continuation(unsigned int nr, uint64_t a0, uint64_t a1,
                                   uint64_t a2, uint64_t a3);
/* True if the current hypercall has recorded a continuation. */
bool hypercall_preempted(void);

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
long do_physdev_op(int cmd, uint64_t arg);
long do_set_debugreg(int reg, uint64_t value);
long do_get_debugreg(int reg);

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
