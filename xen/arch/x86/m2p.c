/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * m2p.c: the read-only machine-to-physical table of 64-bit PV guests.
 * Frame numbers here are guest-physical ones (the p2m is the identity),
 * so every domain's M2P is the same table: entry n holds n. One host
 * memfd holds it, filled up to the largest domain's size and mapped into
 * every VM as a read-only memslot (KVM_MEM_READONLY: a guest that maps it
 * writable still cannot write it). Guest page tables in the domain's
 * special frames map it, with 2 MiB pages, user-readable, at L4 slot
 * M2P_L4_SLOT of Xen's reserved range; XENMEM_machphys_mapping reports
 * that address, so a guest that asks (Linux) reads the table at no cost.
 *
 * Xen's headers hard-code MACH2PHYS_VIRT_START, L4 slot 256, which the
 * host keeps for itself (DESIGN.md): a guest that reads there without
 * asking (Mini-OS) takes a #PF, and pv_emulate_m2p_read() does the load
 * for it (decoded, the entry computed, the instruction skipped).
 */
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <asm/arch.h>
#include <asm/memslots.h>
#include <asm/x86.h>
#include <asm/x86_decode.h>
#include <asm/xen_map.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

#define M2P_MEMSLOT MEMSLOT_M2P /* at M2P_PFN_BASE: asm/memslots.h */
#define M2P_MAX_BYTES (1ULL << 30) /* one L2 of 2 MiB pages: 512 GiB of RAM */
#define SUPERPAGE (2ULL << 20)
#define PTE_P 0x1ULL
#define PTE_U 0x4ULL
#define PTE_PS 0x80ULL
#define PTE_NX (1ULL << 63)
#define INVALID_M2P_ENTRY (~0ULL)

static pthread_mutex_t m2p_lock = PTHREAD_MUTEX_INITIALIZER;
static int m2p_fd = -1;
static uint64_t *m2p_table; /* M2P_MAX_BYTES, backed as filled */
static uint64_t m2p_filled; /* entries written so far */

int m2p_init(void)
{
    m2p_fd = memfd_create("m2p", MFD_CLOEXEC);
    if ( m2p_fd < 0 || ftruncate(m2p_fd, M2P_MAX_BYTES) )
        return -errno;
    m2p_table = mmap(NULL, M2P_MAX_BYTES, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_NORESERVE, m2p_fd, 0);
    if ( m2p_table == MAP_FAILED )
    {
        m2p_table = NULL;
        return -errno;
    }
    return 0;
}

/* Bytes of table a domain of max_pages frames maps (whole superpages). */
static uint64_t m2p_bytes(const struct domain *d)
{
    return (d->max_pages * 8 + SUPERPAGE - 1) & ~(SUPERPAGE - 1);
}

/* The identity entries up to `bytes`, written once for all domains. */
static int m2p_fill(uint64_t bytes)
{
    uint64_t n = bytes / 8;

    if ( bytes > M2P_MAX_BYTES )
        return -E2BIG;
    pthread_mutex_lock(&m2p_lock);
    for ( ; m2p_filled < n; m2p_filled++ )
        m2p_table[m2p_filled] = m2p_filled;
    pthread_mutex_unlock(&m2p_lock);
    return 0;
}

int m2p_domain_create(struct domain *d)
{
    struct kvm_userspace_memory_region slot;
    uint64_t *l3 = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + FRAME_M2P_L3);
    uint64_t *l2 = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + FRAME_M2P_L2);
    uint64_t bytes = m2p_bytes(d), i;
    int rc;

    if ( !m2p_table )
        return -ENODEV;
    if ( (rc = m2p_fill(bytes)) )
        return rc;
    slot = (struct kvm_userspace_memory_region){
        .slot = M2P_MEMSLOT,
        .flags = KVM_MEM_READONLY,
        .guest_phys_addr = M2P_PFN_BASE << PAGE_SHIFT,
        .memory_size = bytes,
        .userspace_addr = (uintptr_t)m2p_table,
    };
    if ( ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) )
        return -errno;
    l3[0] = special_maddr(FRAME_M2P_L2) | PTE_U | PTE_P;
    for ( i = 0; i < bytes / SUPERPAGE; i++ )
        l2[i] = ((M2P_PFN_BASE << PAGE_SHIFT) + i * SUPERPAGE) | PTE_NX |
                PTE_PS | PTE_U | PTE_P;
    return 0;
}

uint64_t m2p_l4_entry(void)
{
    return special_maddr(FRAME_M2P_L3) | PTE_U | PTE_P;
}

void arch_machphys_mapping(const struct domain *d, uint64_t *v_start,
                           uint64_t *v_end, uint64_t *max_mfn)
{
    *v_start = M2P_VA_START;
    *v_end = M2P_VA_START + d->max_pages * 8;
    *max_mfn = d->max_pages ? d->max_pages - 1 : 0;
}

/* The byte at `offset` of the table as domain d sees it. */
static uint8_t m2p_byte(const struct domain *d, uint64_t offset)
{
    uint64_t mfn = offset / 8;
    uint64_t entry = mfn < d->max_pages ? mfn : INVALID_M2P_ENTRY;

    return entry >> (8 * (offset % 8));
}

/*
 * A load at the hard-coded address by any other instruction (`cmp`,
 * `add`, ... with the table as their memory operand) runs for real
 * against the mapped copy: the base (or index) register is moved by the
 * distance between the two addresses, the vCPU steps over the one
 * instruction with the trap flag, and the #DB that follows moves the
 * register back (unless the instruction loaded into it).
 */
#define M2P_DISTANCE (M2P_VA_START - MACH2PHYS_VIRT_START)
#define X86_EFLAGS_TF 0x100ULL

/* Does insn write its ModRM reg operand (so that it holds a result)? */
static bool writes_modrm_reg(const struct x86_insn *i)
{
    if ( i->map == 1 )
        switch ( i->opcode )
        {
        case 0x38 ... 0x3b: /* cmp */
        case 0x84:
        case 0x85: /* test */
            return false;
        default:
            return true;
        }
    return true; /* movzx, movsx, imul, bt... : assume so */
}

static bool step_with_moved_register(struct vcpu *v, const struct x86_insn *i)
{
    struct kvm_regs *regs = guest_regs(v);
    struct m2p_step *st = &v->arch.m2p_step;
    unsigned int reg, scale = 1;

    if ( !i->has_modrm || i->modrm_mod == 3 || i->rip_relative ||
         i->seg_override == X86_SEG_FS || i->seg_override == X86_SEG_GS )
        return false;
    if ( i->has_sib && !((i->sib & 7) == 5 && i->modrm_mod == 0) )
        reg = (i->sib & 7) | (i->rex & 1 ? 8 : 0);
    else if ( i->has_sib && ((i->sib >> 3) & 7) != 4 )
    {
        reg = ((i->sib >> 3) & 7) | (i->rex & 2 ? 8 : 0);
        scale = 1u << (i->sib >> 6);
    }
    else if ( !i->has_sib )
        reg = i->modrm_rm;
    else
        return false;
    if ( reg == 4 )
        return false; /* never the stack pointer */
    st->reg = reg;
    st->delta = M2P_DISTANCE / scale;
    st->restore = !(writes_modrm_reg(i) && i->modrm_reg == reg);
    st->guest_tf = regs->rflags & X86_EFLAGS_TF;
    st->active = true;
    *pv_gpr(regs, reg) += st->delta;
    regs->rflags |= X86_EFLAGS_TF;
    v->arch.regs_dirty = true;
    return true;
}

void pv_m2p_step_done(struct vcpu *v)
{
    struct kvm_regs *regs = guest_regs(v);
    struct m2p_step *st = &v->arch.m2p_step;

    if ( !st->active )
        return;
    if ( st->restore )
        *pv_gpr(regs, st->reg) -= st->delta;
    if ( !st->guest_tf )
        regs->rflags &= ~X86_EFLAGS_TF;
    st->active = false;
    v->arch.regs_dirty = true;
}

/* A plain `mov` load: done here, no step (one exit instead of two). */
static bool emulate_mov_load(struct vcpu *v, const struct x86_insn *insn,
                             uint64_t cr2)
{
    struct kvm_regs *regs = guest_regs(v);
    unsigned int size = insn->op_bytes, i;
    uint64_t val = 0;

    if ( insn->op_bytes == 2 || cr2 + size > MACH2PHYS_VIRT_END )
        return false;
    for ( i = 0; i < size; i++ )
        val |= (uint64_t)m2p_byte(v->domain, cr2 - MACH2PHYS_VIRT_START + i)
               << (8 * i);
    if ( x86_insn_is(insn, 1, 0x8b) && insn->modrm_mod != 3 )
        *pv_gpr(regs, insn->modrm_reg) = val; /* 32 bits zero-extend */
    else if ( x86_insn_is(insn, 1, 0xa1) )
        regs->rax = val; /* mov moffs, %rax */
    else
        return false;
    regs->rip += insn->len;
    v->arch.regs_dirty = true;
    return true;
}

bool pv_emulate_m2p_read(struct vcpu *v, uint64_t cr2, uint32_t error_code)
{
    uint8_t bytes[X86_MAX_INSN_LEN];
    unsigned int n;
    struct x86_insn insn;

    if ( cr2 < MACH2PHYS_VIRT_START || cr2 >= MACH2PHYS_VIRT_END ||
         (error_code & 0x12) || v->arch.m2p_step.active )
        return false; /* a write or a fetch: a fault, as on Xen */
    n = pv_fetch_insn(v, guest_regs(v)->rip, bytes);
    if ( x86_decode(bytes, n, &insn) )
        return false;
    if ( emulate_mov_load(v, &insn, cr2) )
        return true;
    /* Within the mapped copy only; past it the fault stands. */
    if ( cr2 - MACH2PHYS_VIRT_START >= m2p_bytes(v->domain) )
        return false;
    return step_with_moved_register(v, &insn);
}
