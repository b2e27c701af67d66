/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * emul_ioport.c: a PV guest's port I/O, emulated as Xen does. Guest code
 * runs in ring 3 and the task state segment's I/O bitmap opens only the
 * hypercall port (kvm.c), so every other `in`, `out`, `ins` or `outs`
 * raises #GP(0), and an `out` to the hypercall port that is not a
 * hypercall (from guest user mode, or from outside the hypercall page)
 * is an I/O exit that is not dispatched. Both come here. Under the vCPU's
 * virtual IOPL (PHYSDEVOP_set_iopl; a guest kernel counts as ring 1, or
 * ring 0 with VMASST_TYPE_architectural_iopl, its user mode as ring 3)
 * the access is allowed: domains own no I/O ports, so reads give all ones
 * and writes are dropped, but for the PIT channel 2 that Xen emulates for
 * PV guests (pit2.c). Otherwise the guest gets #GP(0), as from Xen.
 */
#include <errno.h>
#include <string.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/x86_decode.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

#define X86_EFLAGS_DF 0x400UL
/* String I/O iterations done per exit; the rest re-executes (rep). */
#define STRING_IO_BATCH 1024

bool pv_iopl_ok(const struct vcpu *v)
{
    unsigned int cpl = 3;

    if ( v->arch.in_kernel )
        cpl =
            v->domain->arch.vm_assist & (1UL << VMASST_TYPE_architectural_iopl)
                ? 0
                : 1;
    return cpl <= v->arch.iopl;
}

static void inject_gp0(struct vcpu *v)
{
    pv_inject_trap(v, TRAP_gp_fault, true, 0);
}

/* rax after `in` of `bytes` all-ones bytes (32-bit writes zero-extend). */
static uint64_t in_result(uint64_t rax, unsigned int bytes)
{
    switch ( bytes )
    {
    case 1:
        return (rax & ~0xffULL) | 0xff;
    case 2:
        return (rax & ~0xffffULL) | 0xffff;
    default:
        return 0xffffffffULL;
    }
}

/*
 * ins/outs: up to STRING_IO_BATCH elements, each of `bytes`; with a rep
 * prefix the count is rcx (ecx with 0x67) and the instruction is re-run
 * until it is done, so any count has preemption points.
 */
static void string_io(struct vcpu *v, const struct x86_insn *insn, bool out,
                      unsigned int bytes)
{
    struct kvm_regs *regs = guest_regs(v);
    uint64_t mask = insn->addrsize_32 ? 0xffffffffULL : ~0ULL;
    __u64 *ptr = out ? &regs->rsi : &regs->rdi;
    int64_t step = regs->rflags & X86_EFLAGS_DF ? -(int64_t)bytes : bytes;
    uint64_t count = insn->rep ? regs->rcx & mask : 1, done;
    static const uint8_t ones[4] = { 0xff, 0xff, 0xff, 0xff };

    for ( done = 0; done < count && done < STRING_IO_BATCH; done++ )
    {
        uint64_t addr = *ptr & mask;

        if ( !out && copy_to_vcpu(v, addr, ones, bytes) )
        {
            if ( v->vcpu_info )
                v->vcpu_info->arch.cr2 = addr;
            pv_inject_trap(v, TRAP_page_fault, true,
                           0x2 | (v->arch.in_kernel ? 0 : 0x4));
            break;
        }
        *ptr = (*ptr & ~mask) | ((*ptr + step) & mask);
    }
    if ( insn->rep )
        regs->rcx = (regs->rcx & ~mask) | ((count - done) & mask);
    if ( done == count )
        regs->rip += insn->len;
}

bool pv_emulate_port_io(struct vcpu *v, const struct x86_insn *insn)
{
    struct kvm_regs *regs = guest_regs(v);
    unsigned int size;
    bool out, string, in_dx;

    if ( !x86_insn_port_io(insn, &out, &string, &in_dx, &size) )
        return false;
    v->arch.regs_dirty = true;
    if ( !pv_iopl_ok(v) )
    {
        inject_gp0(v);
        return true;
    }
    if ( string )
        string_io(v, insn, out, size);
    else
    {
        unsigned int port = in_dx ? regs->rdx & 0xffff : insn->imm & 0xff;

        if ( size == 1 && pit2_port(port) )
        {
            if ( out )
                pit2_write(v->domain, port, regs->rax & 0xff);
            else
                regs->rax = (regs->rax & ~0xffULL) | pit2_read(v->domain, port);
        }
        else if ( !out )
            regs->rax = in_result(regs->rax, size);
        regs->rip += insn->len;
    }
    return true;
}

/*
 * Where an `out` of `size` bytes that ends at `end` begins: the shortest
 * encoding of an out of that size found there (prefixes a real
 * instruction does not need are rare). 0 if none fits.
 */
static uint64_t out_insn_start(struct vcpu *v, uint64_t end, unsigned int size,
                               bool string)
{
    unsigned int k;

    for ( k = 1; k <= X86_MAX_INSN_LEN; k++ )
    {
        uint8_t bytes[X86_MAX_INSN_LEN];
        struct x86_insn insn;
        unsigned int n = pv_fetch_insn(v, end - k, bytes), sz;
        bool out, str, in_dx;

        if ( n < k || x86_decode(bytes, k, &insn) || insn.len != k ||
             !x86_insn_port_io(&insn, &out, &str, &in_dx, &sz) )
            continue;
        if ( out && str == string && sz == size )
            return end - k;
    }
    return 0;
}

/*
 * KVM completes an I/O exit's instruction when the vCPU next enters
 * (writes what an `in` read, moves rip past it), and some hosts do so
 * even after rip has been changed. Have it done now, without running the
 * guest (an immediate exit), so that the registers can be set afterwards.
 * Returns false if KVM failed.
 */
static bool complete_io_now(struct vcpu *v)
{
    struct kvm_run *run = v->arch.run;

    __atomic_store_n(&run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    run->kvm_dirty_regs = 0;
    if ( kvm_run_gated(v) == 0 || errno != EINTR )
        return false;
    return true;
}

void pv_emulate_port_io_exit(struct vcpu *v)
{
    struct kvm_run *run = v->arch.run;
    struct kvm_regs *regs = guest_regs(v);
    bool out = run->io.direction == KVM_EXIT_IO_OUT;
    bool string = run->io.count > 1;
    unsigned int size = run->io.size;
    uint64_t at_exit = regs->rip, rax = regs->rax, start;

    /* Reads give all ones; writes go nowhere. */
    if ( !out )
        memset((uint8_t *)run + run->io.data_offset, 0xff,
               (size_t)size * run->io.count);
    if ( pv_iopl_ok(v) )
        return; /* KVM completes the instruction on re-entry */

    /*
     * #GP(0) at the instruction, which must not have taken effect. An
     * `in` exit has rip at the instruction. An `out` exit has it there on
     * some hosts and past it on others (this one): if completing it moved
     * rip, it was at the start; otherwise find where the `out` began.
     */
    if ( !complete_io_now(v) )
    {
        domain_crash(v->domain, "cannot complete an I/O exit");
        return;
    }
    start = at_exit;
    if ( out && regs->rip == at_exit )
        start = out_insn_start(v, at_exit, size, string);
    if ( !start )
    {
        domain_crash(v->domain, "cannot find the port I/O instruction");
        return;
    }
    regs->rip = start;
    regs->rax = rax;
    v->arch.regs_dirty = true;
    inject_gp0(v);
}
