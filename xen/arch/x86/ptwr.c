/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ptwr.c: writes of a PV guest kernel to its own pinned page tables.
 *
 * A 64-bit PV kernel maps the page tables it has pinned read-only (Xen
 * insists), yet writes their entries with plain instructions where it
 * knows Xen emulates them: Linux's ptep_get_and_clear is an `xchg`, its
 * ptep_set_wrprotect a `lock btr`, a fork's copy a `mov`. The write
 * faults; here, as in Xen's "writable page table" emulation, the
 * instruction is decoded, its effect applied to the entry in one atomic
 * step, the flags it sets (cmpxchg's ZF, btr's CF...) updated, and the
 * guest resumes after it. Only frames the guest has pinned qualify, so
 * every other read-only page (copy-on-write ones above all) still
 * faults. Entries written get _PAGE_USER when present, as every entry
 * written for a PV kernel does; and as with mmu_update, replacing a
 * present entry leaves KVM's shadow to be refreshed at the next flush.
 */
#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/x86_decode.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define PFEC_PRESENT 0x1
#define PFEC_WRITE 0x2
#define PFEC_FETCH 0x10
#define PTE_PRESENT 0x1ULL
#define PTE_USER 0x4ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define FLAG_CF 0x1ULL
#define FLAG_PF 0x4ULL
#define FLAG_AF 0x10ULL
#define FLAG_ZF 0x40ULL
#define FLAG_SF 0x80ULL
#define FLAG_OF 0x800ULL

enum pt_op { OP_MOV, OP_XCHG, OP_CMPXCHG, OP_OR, OP_AND, OP_BTS, OP_BTR };

struct pt_write {
    enum pt_op op;
    uint64_t src; /* register or immediate operand, or the bit number */
    unsigned int size; /* 1, 4 or 8 bytes */
};

static uint64_t size_mask(unsigned int size)
{
    return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static uint64_t reg_operand(struct kvm_regs *r, const struct x86_insn *i)
{
    /* Byte registers 4-7 without REX are ah..bh. */
    if ( i->op_bytes == 1 && !i->rex && i->modrm_reg >= 4 && i->modrm_reg < 8 )
        return (*pv_gpr(r, i->modrm_reg - 4) >> 8) & 0xff;
    return *pv_gpr(r, i->modrm_reg) & size_mask(i->op_bytes);
}

static uint64_t imm_operand(const struct x86_insn *i)
{
    uint64_t imm = i->imm;

    if ( i->imm_len == 1 && (imm & 0x80) )
        imm |= ~0xffULL; /* sign-extended */
    else if ( i->imm_len == 4 && (imm & 0x80000000ULL) )
        imm |= ~0xffffffffULL;
    return imm & size_mask(i->op_bytes);
}

/* What the instruction does to its memory operand; false: not handled. */
static bool classify(struct kvm_regs *r, const struct x86_insn *i,
                     struct pt_write *w)
{
    unsigned int ext = i->modrm_reg & 7;

    if ( !i->has_modrm || i->modrm_mod == 3 || i->op_bytes == 2 )
        return false;
    w->size = i->op_bytes;
    if ( i->map == 1 )
        switch ( i->opcode )
        {
        case 0x88:
        case 0x89:
            w->op = OP_MOV;
            w->src = reg_operand(r, i);
            return true;
        case 0xc6:
        case 0xc7:
            if ( ext )
                return false;
            w->op = OP_MOV;
            w->src = imm_operand(i);
            return true;
        case 0x86:
        case 0x87:
            w->op = OP_XCHG;
            w->src = reg_operand(r, i);
            return true;
        case 0x08:
        case 0x09:
            w->op = OP_OR;
            w->src = reg_operand(r, i);
            return true;
        case 0x20:
        case 0x21:
            w->op = OP_AND;
            w->src = reg_operand(r, i);
            return true;
        case 0x80:
        case 0x81:
        case 0x83:
            if ( ext != 1 && ext != 4 )
                return false;
            w->op = ext == 1 ? OP_OR : OP_AND;
            w->src = imm_operand(i);
            return true;
        default:
            return false;
        }
    if ( i->map != 2 )
        return false;
    switch ( i->opcode )
    {
    case 0xb0:
    case 0xb1:
        w->op = OP_CMPXCHG;
        w->src = reg_operand(r, i);
        return true;
    case 0xab:
    case 0xb3:
        w->op = i->opcode == 0xab ? OP_BTS : OP_BTR;
        w->src = *pv_gpr(r, i->modrm_reg);
        return w->src < w->size * 8; /* a bit of this operand only */
    case 0xba:
        if ( ext != 5 && ext != 6 )
            return false;
        w->op = ext == 5 ? OP_BTS : OP_BTR;
        w->src = i->imm & (w->size * 8 - 1);
        return true;
    default:
        return false;
    }
}

static uint64_t parity_flag(uint64_t v)
{
    return __builtin_parity(v & 0xff) ? 0 : FLAG_PF;
}

/* The operand's new value (and flags) from its old one. */
static uint64_t apply(struct kvm_regs *r, const struct pt_write *w,
                      uint64_t old, uint64_t *flags)
{
    uint64_t mask = size_mask(w->size), rax = r->rax & mask, res;
    uint64_t logic = FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF;

    switch ( w->op )
    {
    case OP_MOV:
    case OP_XCHG:
        return w->src;
    case OP_CMPXCHG:
        *flags &= ~FLAG_ZF;
        if ( old != rax )
            return old;
        *flags |= FLAG_ZF;
        return w->src;
    case OP_OR:
    case OP_AND:
        res = (w->op == OP_OR ? old | w->src : old & w->src) & mask;
        *flags &= ~logic;
        *flags |= parity_flag(res) | (res ? 0 : FLAG_ZF) |
                  (res >> (w->size * 8 - 1) & 1 ? FLAG_SF : 0);
        return res;
    case OP_BTS:
    case OP_BTR:
        *flags = (*flags & ~FLAG_CF) | (old >> w->src & 1);
        return w->op == OP_BTS ? old | (1ULL << w->src)
                               : old & ~(1ULL << w->src);
    }
    return old;
}

/* Results the instruction leaves in registers. */
static void write_back(struct kvm_regs *r, const struct x86_insn *i,
                       const struct pt_write *w, uint64_t old)
{
    __u64 *reg;

    if ( w->op == OP_XCHG )
        reg = pv_gpr(r, i->modrm_reg);
    else if ( w->op == OP_CMPXCHG && old != (r->rax & size_mask(w->size)) )
        reg = &r->rax;
    else
        return;
    if ( w->size == 8 || w->size == 4 )
        *reg = old; /* a 32-bit result zero-extends */
    else
        *reg = (*reg & ~0xffULL) | old;
}

/*
 * Do w on the entry containing machine address maddr, atomically; false
 * (nothing written) if the new entry would map a frame that is not the
 * domain's, which mmu_update refuses too.
 */
static bool do_write(struct domain *d, struct kvm_regs *r,
                     const struct pt_write *w, uint64_t maddr, uint64_t *old)
{
    uint64_t *entry =
        (uint64_t *)((uint8_t *)domain_frame_ptr(d, maddr >> PAGE_SHIFT) +
                     (maddr & ~PAGE_MASK & ~7ULL));
    unsigned int shift = (maddr & 7) * 8;
    uint64_t mask = size_mask(w->size) << shift, cur, next, flags;

    cur = __atomic_load_n(entry, __ATOMIC_ACQUIRE);
    do
    {
        flags = r->rflags;
        *old = (cur & mask) >> shift;
        next = (cur & ~mask) | (apply(r, w, *old, &flags) << shift & mask);
        if ( next & PTE_PRESENT )
        {
            if ( !domain_frame_ptr(d, (next & PTE_ADDR) >> PAGE_SHIFT) )
                return false;
            next |= PTE_USER;
        }
    } while ( !__atomic_compare_exchange_n(
        entry, &cur, next, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) );
    r->rflags = flags;
    if ( cur & PTE_PRESENT )
        pt_entry_replaced(d, cur);
    return true;
}

bool pv_emulate_pt_write(struct vcpu *v, uint64_t cr2, uint32_t error_code)
{
    struct kvm_regs *r = guest_regs(v);
    struct domain *d = v->domain;
    uint8_t bytes[X86_MAX_INSN_LEN];
    struct x86_insn insn;
    struct pt_write w;
    uint64_t maddr, old;
    unsigned int n;

    if ( !v->arch.in_kernel ||
         (error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_FETCH)) !=
             (PFEC_PRESENT | PFEC_WRITE) ||
         pt_walk(d, v->arch.sregs.cr3, cr2, false, &maddr) )
        return false;
    if ( !pt_frame_pinned(d, maddr >> PAGE_SHIFT) )
        return false;
    n = pv_fetch_insn(v, r->rip, bytes);
    if ( x86_decode(bytes, n, &insn) || !classify(r, &insn, &w) ||
         (maddr & 7) + w.size > 8 )
        return false;
    if ( !do_write(d, r, &w, maddr, &old) )
        return false;
    write_back(r, &insn, &w, old);
    r->rip += insn.len;
    v->arch.regs_dirty = true;
    return true;
}
