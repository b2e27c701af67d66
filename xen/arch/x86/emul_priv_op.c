/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * emul_priv_op.c: privileged instructions of a PV guest kernel, emulated
 * as Xen's privileged-op emulator does for a 64-bit PV kernel. The kernel
 * runs in ring 3, so each of these raises #GP(0); the hypervisor decodes
 * the instruction (x86_decode.c) and, in guest kernel mode, does what Xen
 * would: control-register reads and the writes Xen allows (CR0.TS, a new
 * CR3), clts, debug registers (kept per vCPU), the MSRs of msr.c,
 * wbinvd/invd (nothing to do), hlt (block until an event). cli/sti and
 * port I/O are allowed under the virtual IOPL in either mode
 * (emul_ioport.c). Anything else gets the #GP back.
 */
#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/x86_decode.h>
#include <xen/domain.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

#include "msr.h"

static bool read_cr(struct vcpu *v, unsigned int cr, uint64_t *val)
{
    struct arch_vcpu *a = &v->arch;

    switch ( cr )
    {
    case 0:
        *val = a->sregs.cr0; /* TS is the guest's (fpu_taskswitch) */
        return true;
    case 2:
        *val = v->vcpu_info ? v->vcpu_info->arch.cr2 : 0;
        return true;
    case 3:
        *val = a->in_kernel || !a->guest_table_user ? a->guest_table
                                                    : a->guest_table_user;
        return true;
    case 4:
        *val = a->cr4_guest;
        return true;
    default:
        return false;
    }
}

/* CR4 bits a PV guest may see set or set itself; the rest read as 0. */
#define CR4_GUEST_BITS                                                         \
    (X86_CR4_DE | X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

static bool write_cr(struct vcpu *v, unsigned int cr, uint64_t val)
{
    struct arch_vcpu *a = &v->arch;

    switch ( cr )
    {
    case 0:
        /* Only TS may change, as on Xen. */
        if ( (val ^ a->sregs.cr0) & ~X86_CR0_TS )
            return false;
        pv_set_fpu_ts(v, val & X86_CR0_TS);
        return true;
    case 2:
        if ( v->vcpu_info )
            v->vcpu_info->arch.cr2 = val;
        return true;
    case 3:
        if ( pv_new_baseptr(v, val >> PAGE_SHIFT, false) )
            return false;
        pv_flush_guest_tlb(v); /* a CR3 load flushes the TLB */
        return true;
    case 4:
        a->cr4_guest = val & CR4_GUEST_BITS;
        return true;
    default:
        return false;
    }
}

/* DR0-DR7 as Xen's set_debugreg takes them (not loaded into the CPU). */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, uint64_t val)
{
    struct arch_vcpu *a = &v->arch;

    if ( (reg == 4 || reg == 5) && !(a->cr4_guest & X86_CR4_DE) )
        reg += 2; /* aliases of DR6/DR7 */
    switch ( reg )
    {
    case 0:
    case 1:
    case 2:
    case 3:
        if ( !guest_va_ok(val) )
            return -EPERM;
        a->debugreg[reg] = val;
        return 0;
    case 6:
        if ( val >> 32 )
            return -EINVAL;
        a->debugreg[6] = (val & 0xe00f) | 0xffff0ff0;
        return 0;
    case 7:
        if ( val >> 32 )
            return -EINVAL;
        a->debugreg[7] = (val & ~0xd800ULL) | 0x400;
        return 0;
    default:
        return -EINVAL;
    }
}

long pv_get_debugreg(struct vcpu *v, unsigned int reg, uint64_t *val)
{
    if ( (reg == 4 || reg == 5) && !(v->arch.cr4_guest & X86_CR4_DE) )
        reg += 2;
    if ( reg > 7 || reg == 4 || reg == 5 )
        return -EINVAL;
    *val = v->arch.debugreg[reg];
    return 0;
}

/* One 0x0f-map privileged instruction; false for #GP. */
static bool emulate_0f(struct vcpu *v, const struct x86_insn *insn)
{
    struct kvm_regs *regs = guest_regs(v);
    uint64_t val;

    switch ( insn->opcode )
    {
    case 0x06: /* clts */
        pv_set_fpu_ts(v, false);
        return true;
    case 0x08: /* invd */
    case 0x09: /* wbinvd */
        return true;
    case 0x20: /* mov %crN, reg */
        if ( !read_cr(v, insn->modrm_reg, &val) )
            return false;
        *pv_gpr(regs, insn->modrm_rm) = val;
        return true;
    case 0x22: /* mov reg, %crN */
        return write_cr(v, insn->modrm_reg, *pv_gpr(regs, insn->modrm_rm));
    case 0x21: /* mov %drN, reg */
        if ( pv_get_debugreg(v, insn->modrm_reg, &val) )
            return false;
        *pv_gpr(regs, insn->modrm_rm) = val;
        return true;
    case 0x23: /* mov reg, %drN */
        return !pv_set_debugreg(v, insn->modrm_reg,
                                *pv_gpr(regs, insn->modrm_rm));
    case 0x30: /* wrmsr */
        return pv_wrmsr(v, (uint32_t)regs->rcx,
                        (regs->rdx << 32) | (uint32_t)regs->rax);
    case 0x32: /* rdmsr */
        if ( !pv_rdmsr(v, (uint32_t)regs->rcx, &val) )
            return false;
        regs->rax = (uint32_t)val;
        regs->rdx = val >> 32;
        return true;
    default:
        return false;
    }
}

/* A privileged instruction in guest kernel mode; false for #GP. */
static bool emulate_privileged(struct vcpu *v, const struct x86_insn *insn)
{
    if ( insn->map == 2 )
        return emulate_0f(v, insn);
    if ( x86_insn_is(insn, 1, 0xf4) ) /* hlt: wait for an event */
    {
        vcpu_block(v);
        return true;
    }
    return false;
}

bool pv_emulate_gp0(struct vcpu *v)
{
    struct kvm_regs *regs = guest_regs(v);
    uint8_t bytes[X86_MAX_INSN_LEN];
    unsigned int n = pv_fetch_insn(v, regs->rip, bytes);
    struct x86_insn insn;

    if ( x86_decode(bytes, n, &insn) )
        return false;
    if ( pv_emulate_port_io(v, &insn) )
        return true;
    if ( x86_insn_is(&insn, 1, 0xfa) || x86_insn_is(&insn, 1, 0xfb) )
    {
        /*
         * cli/sti: allowed under the virtual IOPL and, as on Xen, without
         * effect (the event mask in vcpu_info is the guest's interrupt
         * flag); otherwise #GP.
         */
        if ( !pv_iopl_ok(v) )
            return false;
    }
    else if ( !v->arch.in_kernel || !emulate_privileged(v, &insn) )
        return false;
    regs->rip += insn.len;
    v->arch.regs_dirty = true;
    return true;
}

long do_set_debugreg(int reg, uint64_t value)
{
    return pv_set_debugreg(current, reg, value);
}

long do_get_debugreg(int reg)
{
    uint64_t val;
    long rc = pv_get_debugreg(current, reg, &val);

    return rc ? rc : (long)val;
}
