/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iret.c: HYPERVISOR_iret, the return from a bounced trap or upcall. The
 * guest jumps to the iret stub, which leaves {rax, r11, rcx, flags, rip,
 * cs, rflags, rsp, ss} at rsp; the hypervisor restores them, the event
 * mask from the saved IF, and the guest mode from the RPL of cs.
 */
#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

long do_iret(void)
{
    struct vcpu *v = current;
    struct kvm_regs *regs = guest_regs(v);
    struct iret_context ctx;

    if ( copy_from_guest(&ctx, regs->rsp, sizeof(ctx)) )
    {
        domain_crash(v->domain, "iret frame not readable");
        return -EFAULT;
    }
    if ( !guest_va_ok(ctx.rip) )
    {
        domain_crash(v->domain, "iret to a non-canonical or reserved address");
        return -EINVAL;
    }

    /* Returning to guest user mode? */
    if ( (ctx.cs & 3) == 3 && v->arch.in_kernel )
    {
        struct arch_vcpu *a = &v->arch;
        uint64_t gs = a->sregs.gs.base;

        a->in_kernel = false;
        a->sregs.gs.base = a->gs_base_user;
        a->gs_base_user = gs;
        if ( a->guest_table_user )
            a->sregs.cr3 = a->guest_table_user;
        a->sregs_dirty = true;
    }

    regs->rax = ctx.rax;
    regs->rip = ctx.rip;
    regs->rsp = ctx.rsp;
    regs->rflags =
        (ctx.rflags & ~(X86_EFLAGS_VM | X86_EFLAGS_IOPL)) | GUEST_RFLAGS_FIXED;
    if ( ctx.flags & VGCF_in_syscall )
    {
        regs->rcx = ctx.rip;
        regs->r11 = regs->rflags & ~X86_EFLAGS_IOPL;
    }
    else
    {
        regs->rcx = ctx.rcx;
        regs->r11 = ctx.r11;
    }
    if ( v->vcpu_info )
        v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
    v->arch.skip_result = true;
    v->arch.regs_dirty = true;
    return 0;
}
