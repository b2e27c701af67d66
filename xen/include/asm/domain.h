/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/domain.h: the x86/KVM parts of a domain and a vCPU. Owned by the
 * arch code (xen/arch/x86/); common code treats them as opaque.
 */
#ifndef X86_DOMAIN_H
#define X86_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>

struct kvm_run;

struct arch_domain {
    int vm_fd;                  /* KVM VM, -1 for domain 0 */
    unsigned long vm_assist;    /* VMASST_TYPE_* bits enabled */
};

struct arch_vcpu {
    int vcpu_fd;                /* KVM vCPU, -1 when none */
    struct kvm_run *run;        /* mmap of the vCPU's kvm_run */
    bool in_kernel;             /* guest kernel mode (vs guest user mode) */

    /* Registered with set_trap_table / set_callbacks / stack_switch. */
    struct trap_info trap_ctxt[256];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t kernel_ss, kernel_sp;

    uint64_t guest_table;       /* kernel page-table base (machine addr) */
    uint64_t guest_table_user;  /* user page-table base, 0 if none */
    uint64_t fs_base, gs_base_kernel, gs_base_user;

    int64_t tsc_offset;         /* guest TSC - host TSC */
};

#endif /* X86_DOMAIN_H */
