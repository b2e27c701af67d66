/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traps.c: guest exceptions and event upcalls, delivered as Xen does for
 * 64-bit PV guests: a frame (ss, rsp, rflags, cs, rip, [error code], r11,
 * rcx) is pushed on the guest kernel stack and the vCPU continues at the
 * handler registered with set_trap_table (or the event callback). A few
 * exceptions are emulated instead: Xen's forced-emulation CPUID and
 * software interrupts (`int n`), which this machine reports as #UD.
 */
#include <stdio.h>
#include <string.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/x86_decode.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

/* Vectors whose exceptions carry an error code. */
static bool vector_has_error_code(unsigned int vector)
{
    switch ( vector )
    {
    case TRAP_double_fault:
    case TRAP_invalid_tss:
    case TRAP_no_segment:
    case TRAP_stack_error:
    case TRAP_gp_fault:
    case TRAP_page_fault:
    case TRAP_alignment_check:
        return true;
    default:
        return false;
    }
}

/* Switch between guest kernel and guest user mode (page tables, GS). */
static void toggle_guest_mode(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;
    uint64_t gs = a->sregs.gs.base;

    a->in_kernel = !a->in_kernel;
    a->sregs.gs.base = a->gs_base_user;
    a->gs_base_user = gs;
    if ( a->in_kernel )
        a->sregs.cr3 = a->guest_table;
    else if ( a->guest_table_user )
        a->sregs.cr3 = a->guest_table_user;
    a->sregs_dirty = true;
}

/*
 * Push a bounce frame and continue at `handler`. Returns 0, or -EFAULT
 * if the frame cannot be written (the domain is crashed then).
 */
static int bounce_to(struct vcpu *v, uint64_t handler, bool has_error,
                     uint32_t error_code, bool mask_events)
{
    struct kvm_regs *regs = guest_regs(v);
    uint8_t saved_mask = v->vcpu_info ? v->vcpu_info->evtchn_upcall_mask : 1;
    uint64_t frame[8], sp, cs = FLAT_KERNEL_CS64, ss = FLAT_KERNEL_SS64;
    uint64_t old_rsp = regs->rsp, old_rflags = regs->rflags;
    unsigned int n = 0;
    bool was_kernel = v->arch.in_kernel;

    if ( !was_kernel )
    {
        toggle_guest_mode(v);
        sp = v->arch.kernel_sp;
    }
    else
        sp = regs->rsp;
    sp &= ~0xfULL;

    /* Kernel-mode frames carry RPL 0 in cs, user-mode frames RPL 3. */
    cs = was_kernel ? (cs & ~3ULL) : (cs | 3);
    cs |= (uint64_t)saved_mask << 32;
    old_rflags &= ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL);
    if ( !saved_mask )
        old_rflags |= X86_EFLAGS_IF;

    /* Lowest address first: rcx, r11, [error], rip, cs, rflags, rsp, ss */
    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if ( has_error )
        frame[n++] = error_code;
    frame[n++] = regs->rip;
    frame[n++] = cs;
    frame[n++] = old_rflags;
    frame[n++] = old_rsp;
    frame[n++] = ss;
    sp -= n * sizeof(uint64_t);

    if ( !guest_va_ok(sp) || copy_to_vcpu(v, sp, frame, n * sizeof(uint64_t)) )
    {
        domain_crash(v->domain, "cannot write a trap frame on the guest stack");
        return -EFAULT;
    }
    regs->rsp = sp;
    regs->rip = handler;
    regs->rflags &= ~(0x100UL | 0x4000UL | X86_EFLAGS_VM); /* TF, NT */
    regs->rflags |= GUEST_RFLAGS_FIXED;
    if ( mask_events && v->vcpu_info )
        v->vcpu_info->evtchn_upcall_mask = 1;
    v->arch.regs_dirty = true;
    return 0;
}

int pv_inject_trap(struct vcpu *v, unsigned int vector, bool has_error,
                   uint32_t error_code)
{
    const struct trap_info *ti = &v->arch.trap_ctxt[vector & 0xff];
    struct kvm_regs *regs = guest_regs(v);
    char why[96];

    if ( !ti->address )
    {
        snprintf(why, sizeof(why), "exception %u (error %#x) with no handler",
                 vector, error_code);
        domain_crash(v->domain, why);
        return -ENOENT;
    }
    /* A handler whose own entry faults would loop for ever. */
    if ( regs->rip == ti->address )
    {
        snprintf(why, sizeof(why), "exception %u at the entry of its handler",
                 vector);
        domain_crash(v->domain, why);
        return -EFAULT;
    }
    return bounce_to(v, ti->address, has_error, error_code, TI_GET_IF(ti));
}

void pv_bounce_to_callback(struct vcpu *v, uint64_t handler, bool mask_events)
{
    bounce_to(v, handler, false, 0, mask_events);
}

void pv_deliver_upcall(struct vcpu *v)
{
    if ( !v->arch.event_callback_eip || !local_events_need_delivery(v) ||
         v->arch.m2p_step.active )
        return;
    /*
     * A vCPU stopped between its `syscall` and the guard fault (a kick
     * landed there) is mid-instruction, in ring 0: resume it untouched.
     */
    if ( guest_regs(v)->rip == SYSCALL_GUARD_VA || v->arch.exception_queued )
        return;
    arch_update_vcpu_time(v);
    exit_stats_count(v, EXIT_UPCALL);
    bounce_to(v, v->arch.event_callback_eip, false, 0, true);
}

/* Xen's forced-emulation prefix followed by CPUID. */
static const uint8_t forced_cpuid[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };

static void emulate_cpuid(struct vcpu *v, unsigned int insn_len)
{
    struct kvm_regs *regs = guest_regs(v);
    uint32_t res[4];

    pv_cpuid(v, (uint32_t)regs->rax, (uint32_t)regs->rcx, res);
    regs->rax = res[0];
    regs->rbx = res[1];
    regs->rcx = res[2];
    regs->rdx = res[3];
    regs->rip += insn_len;
    v->arch.regs_dirty = true;
}

/*
 * A software interrupt (`int n`, `int3`): allowed, as on Xen, when the
 * guest's gate for n has DPL >= 1 from guest kernel mode (which Xen runs
 * in ring 1) or DPL 3 from guest user mode; otherwise #GP(n * 8 + 2), as
 * the CPU reports a gate it may not use. len is the instruction's length
 * (the frame returns after it).
 */
static void emulate_soft_int(struct vcpu *v, uint8_t vector, unsigned int len)
{
    const struct trap_info *ti = &v->arch.trap_ctxt[vector];
    unsigned int cpl = v->arch.in_kernel ? 1 : 3;

    if ( ti->address && TI_GET_DPL(ti) >= cpl )
    {
        guest_regs(v)->rip += len;
        v->arch.regs_dirty = true;
        pv_inject_trap(v, vector, false, 0);
        return;
    }
    pv_inject_trap(v, TRAP_gp_fault, true, ((uint32_t)vector << 3) | 2);
}

/*
 * #GP with an IDT error code: this host's answer to `int n` from ring 3
 * (it has no IDT). Emulated if the instruction is that `int n`.
 */
static bool handle_soft_int_gp(struct vcpu *v, uint32_t error_code)
{
    uint8_t bytes[X86_MAX_INSN_LEN];
    unsigned int n = pv_fetch_insn(v, guest_regs(v)->rip, bytes);
    struct x86_insn insn;

    if ( (error_code & 7) != 2 || x86_decode(bytes, n, &insn) ||
         !x86_insn_is(&insn, 1, 0xcd) || insn.imm != error_code >> 3 )
        return false;
    emulate_soft_int(v, insn.imm, insn.len);
    return true;
}

/*
 * #SS for an access whose segment is not SS (a non-canonical address
 * through %ds:(%rbp), say): the CPU would raise #GP(0); this host raises
 * #SS. Instructions that also use the stack implicitly keep the #SS.
 */
static unsigned int stack_fault_vector(struct vcpu *v, uint32_t error_code)
{
    uint8_t bytes[X86_MAX_INSN_LEN];
    unsigned int n = pv_fetch_insn(v, guest_regs(v)->rip, bytes);
    struct x86_insn insn;
    unsigned int group;

    if ( error_code || x86_decode(bytes, n, &insn) )
        return TRAP_stack_error;
    group = insn.modrm_reg & 7;
    if ( insn.map == 1 && ((insn.opcode == 0xff && group >= 2 && group <= 6) ||
                           insn.opcode == 0x8f) )
        return TRAP_stack_error; /* call, jmp far, push, pop: the stack */
    if ( x86_insn_mem_segment(&insn) == X86_SEG_NONE ||
         x86_insn_mem_segment(&insn) == X86_SEG_SS )
        return TRAP_stack_error;
    return TRAP_gp_fault;
}

__u64 *pv_gpr(struct kvm_regs *r, unsigned int n)
{
    __u64 *const map[16] = { &r->rax, &r->rcx, &r->rdx, &r->rbx,
                             &r->rsp, &r->rbp, &r->rsi, &r->rdi,
                             &r->r8,  &r->r9,  &r->r10, &r->r11,
                             &r->r12, &r->r13, &r->r14, &r->r15 };

    return map[n & 15];
}

unsigned int pv_fetch_insn(struct vcpu *v, uint64_t rip, uint8_t *buf)
{
    unsigned int n = 15, first = PAGE_SIZE - (rip & ~PAGE_MASK);

    /* The bytes on the first page, then those on the next if it reads. */
    if ( first >= n )
        return copy_from_vcpu(v, buf, rip, n) ? 0 : n;
    if ( copy_from_vcpu(v, buf, rip, first) )
        return 0;
    return copy_from_vcpu(v, buf + first, rip + first, n - first) ? first : n;
}

static void handle_invalid_op(struct vcpu *v)
{
    uint8_t insn[15] = { 0 };
    uint64_t rip = guest_regs(v)->rip;
    unsigned int i = pv_fetch_insn(v, rip, insn);

    if ( i >= sizeof(forced_cpuid) &&
         !memcmp(insn, forced_cpuid, sizeof(forced_cpuid)) )
        emulate_cpuid(v, sizeof(forced_cpuid));
    else if ( i >= 2 && insn[0] == 0xcd )
        emulate_soft_int(v, insn[1], 2);
    else if ( i >= 1 && insn[0] == 0xcc )
        emulate_soft_int(v, TRAP_int3, 1);
    else if ( !pv_emulate_far_transfer(v) )
        pv_inject_trap(v, TRAP_invalid_op, false, 0);
}

/*
 * #BP: this machine may report int3 with rip at or after the 0xcc. Only
 * a 0xcc just before rip, and none at it, says "after": the byte at rip
 * may no longer be the int3 that trapped, as another vCPU can have
 * patched it away meanwhile (Linux's text_poke_bp does exactly that),
 * and the trap must still be reported after it or Linux does not
 * recognise its own breakpoint.
 */
static void handle_int3(struct vcpu *v)
{
    struct kvm_regs *regs = guest_regs(v);
    uint8_t at = 0, before = 0;
    bool reported_after =
        !copy_from_vcpu(v, &before, regs->rip - 1, 1) && before == 0xcc &&
        !(!copy_from_vcpu(v, &at, regs->rip, 1) && at == 0xcc);

    emulate_soft_int(v, TRAP_int3, reported_after ? 0 : 1);
}

#define FAULT_STORM_LIMIT 100000
#define PFEC_PRESENT 0x1
#define PFEC_USER 0x4

bool arch_handle_exception(struct vcpu *v, unsigned int vector, bool has_error,
                           uint32_t error_code, uint64_t cr2)
{
    struct kvm_regs *regs = guest_regs(v);

    /* Faults with no hypercall in between, at one place: give up. */
    if ( regs->rip == v->arch.last_fault_rip )
    {
        if ( ++v->arch.fault_repeat > FAULT_STORM_LIMIT )
        {
            domain_crash(v->domain, "the same fault repeats without progress");
            return false;
        }
    }
    else
    {
        v->arch.last_fault_rip = regs->rip;
        v->arch.fault_repeat = 0;
    }

    /* An M2P load stepped over (m2p.c): its #DB ends it; any other
     * exception undoes it before it is handled. */
    if ( v->arch.m2p_step.active )
    {
        pv_m2p_step_done(v);
        if ( vector == TRAP_debug )
            return true;
    }
    switch ( vector )
    {
    case TRAP_invalid_op:
        handle_invalid_op(v);
        break;
    case TRAP_int3:
        handle_int3(v);
        break;
    case TRAP_no_device:
        /* Lazy FPU: the handler runs with TS clear, as on Xen. */
        if ( v->arch.fpu_ts )
            pv_set_fpu_ts(v, false);
        pv_inject_trap(v, vector, false, 0);
        break;
    case TRAP_gp_fault:
        if ( !(has_error && error_code) ? pv_emulate_gp0(v)
                                        : handle_soft_int_gp(v, error_code) )
            break;
        pv_inject_trap(v, vector, true, has_error ? error_code : 0);
        break;
    case TRAP_stack_error:
        pv_inject_trap(v, stack_fault_vector(v, error_code), true, error_code);
        break;
    case TRAP_page_fault:
        /* Far transfers surface as #PF here (emul_far.c). */
        if ( pv_emulate_far_transfer(v) ||
             pv_emulate_m2p_read(v, cr2, error_code) )
            break;
        /* A protection fault of the kernel on its own entries without
         * _PAGE_USER: add the bit, as Xen would have, and retry. */
        if ( v->arch.in_kernel &&
             (error_code & (PFEC_PRESENT | PFEC_USER)) ==
                 (PFEC_PRESENT | PFEC_USER) &&
             pt_add_user_bits(v->domain, v->arch.sregs.cr3, cr2) )
            break;
        /* A write to its own pinned page table, as Xen emulates them. */
        if ( pv_emulate_pt_write(v, cr2, error_code) )
        {
            exit_stats_count(v, EXIT_PT_WRITE);
            break;
        }
        if ( v->vcpu_info )
            v->vcpu_info->arch.cr2 = cr2;
        /* Xen's user bit: which guest mode faulted, not the ring (3). */
        if ( v->arch.in_kernel )
            error_code &= ~PFEC_USER;
        else
            error_code |= PFEC_USER;
        pv_inject_trap(v, vector, true, error_code);
        break;
    default:
        if ( vector > 31 )
        {
            domain_crash(v->domain, "unexpected interrupt vector");
            break;
        }
        pv_inject_trap(v, vector, has_error || vector_has_error_code(vector),
                       has_error ? error_code : 0);
        break;
    }
    return !v->domain->is_shut_down;
}
