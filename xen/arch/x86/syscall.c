/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * syscall.c: the `syscall` instruction in a PV guest, as on Xen's 64-bit
 * PV ABI. Every vCPU's MSR_LSTAR points at a guard address in the range
 * Xen reserves for itself that is never mapped, so a `syscall` (which
 * saves the return rip in rcx and rflags in r11) surfaces as a #PF at the
 * guard. From guest kernel mode it is a hypercall: Linux after XSA-466
 * makes hypercalls this way, with the number in eax, and no hypercall
 * page. From guest user mode it enters the guest kernel's syscall
 * callback (CALLBACKTYPE_syscall), with the kernel's page tables and GS
 * base, and a frame as Xen builds it: rcx, r11 on top of an iret frame
 * that returns after the `syscall` (HYPERVISOR_iret with VGCF_in_syscall
 * returns there).
 */
#include <string.h>
#include <sys/ioctl.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <public/callback.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define SYSCALL_INSN_LEN 2 /* 0f 05 */
/* syscall loads CS (and SS = CS + 8) from here; no descriptor is read. */
#define SYSCALL_CS 0xe010ULL

int pv_syscall_msrs_init(int vcpu_fd)
{
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e[4];
    } msrs = {
        .hdr.nmsrs = 4,
        .e = {
            { .index = MSR_STAR, .data = SYSCALL_CS << 32 },
            { .index = MSR_LSTAR, .data = SYSCALL_GUARD_VA },
            { .index = MSR_CSTAR, .data = SYSCALL_GUARD_VA },
            { .index = MSR_SYSCALL_MASK, .data = 0 },
        },
    };

    return ioctl(vcpu_fd, KVM_SET_MSRS, &msrs) == 4 ? 0 : -EINVAL;
}

void pv_syscall_entry(struct vcpu *v)
{
    struct kvm_regs *regs = guest_regs(v);
    uint64_t ret_rip = regs->rcx;

    /* Where the guest continues: after the syscall, with its flags. */
    regs->rip = ret_rip;
    regs->rflags =
        (regs->r11 & ~(X86_EFLAGS_VM | X86_EFLAGS_IOPL)) | GUEST_RFLAGS_FIXED;
    v->arch.regs_dirty = true;

    if ( v->arch.in_kernel )
    {
        /* A continuation re-executes the syscall with rax = the call. */
        pv_hypercall(v, ret_rip - SYSCALL_INSN_LEN);
        return;
    }
    if ( !v->arch.syscall_callback_eip )
    {
        /* No callback: as Xen, the syscall faults (#UD at it). */
        regs->rip = ret_rip - SYSCALL_INSN_LEN;
        pv_inject_trap(v, TRAP_invalid_op, false, 0);
        return;
    }
    pv_bounce_to_callback(v, v->arch.syscall_callback_eip,
                          pv_callback_masks_events(v, CALLBACKTYPE_syscall));
}
