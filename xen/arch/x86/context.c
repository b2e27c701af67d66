/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * context.c: a vCPU's whole guest context (struct vcpu_guest_context) in
 * and out, for the domain builder (domctl setvcpucontext) and for
 * VCPUOP_initialise. The vCPU is not running while this happens.
 */
#include <string.h>
#include <sys/ioctl.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/xen_map.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/lib.h>

static void regs_from_ctxt(struct kvm_regs *r, const struct cpu_user_regs *u)
{
    r->rax = u->rax;
    r->rbx = u->rbx;
    r->rcx = u->rcx;
    r->rdx = u->rdx;
    r->rsi = u->rsi;
    r->rdi = u->rdi;
    r->rbp = u->rbp;
    r->rsp = u->rsp;
    r->r8 = u->r8;
    r->r9 = u->r9;
    r->r10 = u->r10;
    r->r11 = u->r11;
    r->r12 = u->r12;
    r->r13 = u->r13;
    r->r14 = u->r14;
    r->r15 = u->r15;
    r->rip = u->rip;
    r->rflags =
        (u->rflags & ~(X86_EFLAGS_VM | X86_EFLAGS_IOPL)) | GUEST_RFLAGS_FIXED;
}

static void regs_to_ctxt(struct cpu_user_regs *u, const struct kvm_regs *r)
{
    u->rax = r->rax;
    u->rbx = r->rbx;
    u->rcx = r->rcx;
    u->rdx = r->rdx;
    u->rsi = r->rsi;
    u->rdi = r->rdi;
    u->rbp = r->rbp;
    u->rsp = r->rsp;
    u->r8 = r->r8;
    u->r9 = r->r9;
    u->r10 = r->r10;
    u->r11 = r->r11;
    u->r12 = r->r12;
    u->r13 = r->r13;
    u->r14 = r->r14;
    u->r15 = r->r15;
    u->rip = r->rip;
    u->rflags = r->rflags & ~X86_EFLAGS_IOPL;
    u->cs = FLAT_KERNEL_CS64;
    u->ss = FLAT_KERNEL_SS64;
}

/* The context's GDT frames, as set_gdt would take them. */
static int set_gdt_from_ctxt(struct vcpu *v, const struct vcpu_guest_context *c)
{
    uint64_t frames[GDT_GUEST_PAGES] = { 0 };
    unsigned int i;

    for ( i = 0; i < GDT_GUEST_PAGES; i++ )
        frames[i] = c->gdt_frames[i];
    return gdt_set(v, frames, c->gdt_ents);
}

/* An entry point or base must be what set_callbacks/set_segment_base take. */
static bool addr_ok(uint64_t va)
{
    return !va || guest_va_ok(va);
}

/*
 * The same checks the hypercalls that set each part one at a time make
 * (set_trap_table, set_callbacks, set_segment_base, new_baseptr), so that
 * a whole context cannot smuggle in what they refuse.
 */
static int check_ctxt(struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned int i;

    if ( !domain_mfn_is_ram(v->domain, c->ctrlreg[3] >> PAGE_SHIFT) ||
         !guest_va_ok(c->user_regs.rip) )
        return -EINVAL;
    for ( i = 0; i < 256; i++ )
        if ( !addr_ok(c->trap_ctxt[i].address) )
            return -EINVAL;
    if ( !addr_ok(c->event_callback_eip) ||
         !addr_ok(c->failsafe_callback_eip) ||
         !addr_ok(c->syscall_callback_eip) )
        return -EINVAL;
    if ( !addr_ok(c->fs_base) || !addr_ok(c->gs_base_kernel) ||
         !addr_ok(c->gs_base_user) )
        return -EINVAL;
    if ( (c->kernel_ss & 3) != 3 && (c->kernel_ss & 3) != 0 )
        return -EINVAL;
    return 0;
}

int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = &v->arch;
    uint64_t cr3 = c->ctrlreg[3];
    struct kvm_regs regs;

    if ( a->vcpu_fd < 0 )
        return -EINVAL;
    if ( check_ctxt(v, c) )
        return -EINVAL;
    if ( set_gdt_from_ctxt(v, c) )
        return -EINVAL;

    memset(&regs, 0, sizeof(regs));
    regs_from_ctxt(&regs, &c->user_regs);
    *guest_regs(v) = regs;
    if ( ioctl(a->vcpu_fd, KVM_SET_REGS, &regs) )
        return -errno;
    a->regs_dirty = false;

    memcpy(a->trap_ctxt, c->trap_ctxt, sizeof(a->trap_ctxt));
    a->event_callback_eip = c->event_callback_eip;
    a->failsafe_callback_eip = c->failsafe_callback_eip;
    a->syscall_callback_eip = c->syscall_callback_eip;
    a->kernel_ss = c->kernel_ss;
    a->kernel_sp = c->kernel_sp;
    a->in_kernel = true;
    /* As on Xen, the context's IOPL bits are the virtual IOPL (Linux
     * starts its secondary vCPUs with IOPL 1 this way). */
    a->iopl = (c->user_regs.rflags & X86_EFLAGS_IOPL) >> 12;
    a->guest_table = cr3 & PAGE_MASK;
    a->guest_table_user = 0;
    a->sregs.cr3 = a->guest_table;
    a->sregs.fs.base = c->fs_base;
    a->sregs.gs.base = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    v->domain->arch.vm_assist = c->vm_assist;
    pv_set_fpu_ts(v, c->ctrlreg[0] & X86_CR0_TS);
    arch_update_vcpu_time(v);
    return arch_load_sregs(v);
}

int arch_get_info_guest(struct vcpu *v, struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = &v->arch;

    memset(c, 0, sizeof(*c));
    if ( a->vcpu_fd < 0 )
        return -EINVAL;
    regs_to_ctxt(&c->user_regs, guest_regs(v));
    c->user_regs.rflags |= (uint64_t)a->iopl << 12;
    memcpy(c->trap_ctxt, a->trap_ctxt, sizeof(c->trap_ctxt));
    c->event_callback_eip = a->event_callback_eip;
    c->failsafe_callback_eip = a->failsafe_callback_eip;
    c->syscall_callback_eip = a->syscall_callback_eip;
    c->kernel_ss = a->kernel_ss;
    c->kernel_sp = a->kernel_sp;
    c->ctrlreg[0] = a->fpu_ts ? X86_CR0_TS : 0; /* the guest's view */
    memcpy(c->gdt_frames, a->gdt_frames,
           min(sizeof(c->gdt_frames), sizeof(a->gdt_frames)));
    c->gdt_ents = a->gdt_ents;
    c->ctrlreg[3] = a->guest_table;
    c->fs_base = a->sregs.fs.base;
    c->gs_base_kernel = a->in_kernel ? a->sregs.gs.base : a->gs_base_user;
    c->gs_base_user = a->in_kernel ? a->gs_base_user : a->sregs.gs.base;
    c->vm_assist = v->domain->arch.vm_assist;
    c->flags = VGCF_in_kernel | (v->is_initialised ? VGCF_online : 0);
    return 0;
}
