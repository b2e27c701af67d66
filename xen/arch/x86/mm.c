/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mm.c: page-table hypercalls: mmu_update, update_va_mapping and
 * mmuext_op. Guests may also write their own page tables directly (KVM
 * keeps domains apart); these calls exist for the PV ABI and check that
 * every entry written points at a frame of the calling domain and that
 * every table written is the domain's RAM. Present entries get the user
 * bit, as the guest kernel itself runs in ring 3.
 */
#include <string.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define PTE_PRESENT 0x1ULL
#define PTE_USER 0x4ULL
#define PTE_AD 0x60ULL /* accessed, dirty */
#define PTE_ADDR 0x000ffffffffff000ULL

/*
 * Validate and write one page-table entry at machine address ptr; with
 * preserve_ad (MMU_PT_UPDATE_PRESERVE_AD) the accessed and dirty bits the
 * old entry has are kept, atomically with the write.
 */
static int write_pte(struct domain *d, uint64_t ptr, uint64_t val,
                     bool preserve_ad)
{
    uint64_t *slot, old;

    if ( ptr & 7 || !domain_mfn_is_ram(d, ptr >> PAGE_SHIFT) )
        return -EINVAL;
    if ( val & PTE_PRESENT )
    {
        if ( !domain_frame_ptr(d, (val & PTE_ADDR) >> PAGE_SHIFT) )
            return -EINVAL;
        val |= PTE_USER;
    }
    slot = (uint64_t *)((uint8_t *)domain_frame_ptr(d, ptr >> PAGE_SHIFT) +
                        (ptr & ~PAGE_MASK));
    /*
     * KVM keeps no translation for an entry that was not present (a fault
     * on it walks the guest tables afresh), so only replacing a present
     * entry leaves KVM's shadow stale and needs the next flush to zap it.
     */
    old = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    while ( !__atomic_compare_exchange_n(
        slot, &old, preserve_ad ? val | (old & PTE_AD) : val, false,
        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
        ;
    if ( old & PTE_PRESENT )
        pt_entry_replaced(d, old);
    return 0;
}

static bool foreign_ok(struct domain *d, unsigned int foreigndom)
{
    return foreigndom == DOMID_SELF || foreigndom == d->domain_id;
}

static long report_done(uint64_t pdone, unsigned int done)
{
    if ( pdone && copy_to_guest(pdone, &done, sizeof(done)) )
        return -EFAULT;
    return 0;
}

/*
 * mmu_update and mmuext_op continue where they stopped as Xen's do: the
 * count of the continuation carries MMU_UPDATE_PREEMPTED, and the number
 * done so far is kept in *pdone, read back when the call is re-entered.
 */
static unsigned int continued_count(unsigned int count, uint64_t pdone,
                                    unsigned int *done)
{
    *done = 0;
    if ( !(count & MMU_UPDATE_PREEMPTED) )
        return count;
    if ( pdone && copy_from_guest(done, pdone, sizeof(*done)) )
        *done = 0;
    return count & ~MMU_UPDATE_PREEMPTED;
}

/* True (continuation recorded) if the list should stop before item i. */
static bool list_preempted(unsigned int nr, uint64_t list, size_t item_size,
                           unsigned int i, unsigned int count, uint64_t pdone,
                           unsigned int done, unsigned int foreigndom)
{
    if ( !i || i % HYPERCALL_PREEMPT_STRIDE || !hypercall_preempt_check() )
        return false;
    if ( report_done(pdone, done + i) )
        return false; /* the list goes on; the count is reported at the end */
    hypercall_create_continuation(nr, list + (uint64_t)i * item_size,
                                  (count - i) | MMU_UPDATE_PREEMPTED, pdone,
                                  foreigndom);
    return true;
}

static long mmu_update_one(struct domain *d, const struct mmu_update *req)
{
    switch ( req->ptr & 3 )
    {
    case MMU_NORMAL_PT_UPDATE:
        return write_pte(d, req->ptr & ~3ULL, req->val, false);
    case MMU_PT_UPDATE_PRESERVE_AD:
        return write_pte(d, req->ptr & ~3ULL, req->val, true);
    case MMU_MACHPHYS_UPDATE:
        /* The M2P is the identity here: only check the frame. */
        return domain_mfn_is_ram(d, req->ptr >> PAGE_SHIFT) ? 0 : -EINVAL;
    default:
        return -ENOSYS;
    }
}

long do_mmu_update(uint64_t ureqs, unsigned int count, uint64_t pdone,
                   unsigned int foreigndom)
{
    struct domain *d = current->domain;
    unsigned int i, done;
    long rc = 0;

    if ( !foreign_ok(d, foreigndom) )
        return -EPERM;
    count = continued_count(count, pdone, &done);
    for ( i = 0; i < count; i++ )
    {
        struct mmu_update req;

        if ( list_preempted(__HYPERVISOR_mmu_update, ureqs, sizeof(req), i,
                            count, pdone, done, foreigndom) )
            return 0;
        if ( copy_from_guest_offset(&req, ureqs, i, struct mmu_update) )
        {
            rc = -EFAULT;
            break;
        }
        rc = mmu_update_one(d, &req);
        if ( rc )
            break;
    }
    if ( report_done(pdone, done + i) )
        return -EFAULT;
    return rc;
}

/*
 * A guest TLB flush. KVM's view of the guest page tables must also be
 * refreshed if the hypervisor wrote any of them (kvm.c explains why).
 */
void pv_flush_guest_tlb(struct vcpu *v)
{
    pt_refresh_replaced(v->domain);
    v->arch.sregs_dirty = true;
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
    struct vcpu *v = current;
    uint64_t l1e;
    int rc;

    if ( !guest_va_ok(va) )
        return -EINVAL;
    rc = pt_find_l1e(v->domain, v->arch.sregs.cr3, va, &l1e);
    if ( rc )
        return -EINVAL;
    rc = write_pte(v->domain, l1e, val, false);
    if ( rc )
        return rc;
    if ( flags & UVMF_FLUSHTYPE_MASK )
        pv_flush_guest_tlb(v);
    return 0;
}

/*
 * A new base pointer flushes the (non-global) TLB on Xen, and guests rely
 * on it: Linux defers the flush for an mm that is not loaded to its next
 * CR3 load (text_poke's temporary mm). So entries the hypervisor wrote
 * must reach KVM's shadows here too, as at any flush.
 */
long pv_new_baseptr(struct vcpu *v, uint64_t mfn, bool user)
{
    if ( !domain_mfn_is_ram(v->domain, mfn) )
        return -EINVAL;
    pv_flush_guest_tlb(v);
    if ( user )
    {
        v->arch.guest_table_user = mfn << PAGE_SHIFT;
        if ( !v->arch.in_kernel )
            arch_set_cr3(v, mfn << PAGE_SHIFT);
        return 0;
    }
    v->arch.guest_table = mfn << PAGE_SHIFT;
    if ( v->arch.in_kernel )
        arch_set_cr3(v, mfn << PAGE_SHIFT);
    return 0;
}

/*
 * One op on domain d: the caller's own, or (for a privileged caller, pins
 * only) the domain named by foreigndom, as Xen's domain builder uses to
 * pin a new domain's initial tables.
 */
static long mmuext_one(struct vcpu *v, struct domain *d,
                       const struct mmuext_op *op)
{
    switch ( op->cmd )
    {
    case MMUEXT_PIN_L1_TABLE:
        return pt_pin(d, op->arg1.mfn, 1);
    case MMUEXT_PIN_L2_TABLE:
        return pt_pin(d, op->arg1.mfn, 2);
    case MMUEXT_PIN_L3_TABLE:
        return pt_pin(d, op->arg1.mfn, 3);
    case MMUEXT_PIN_L4_TABLE:
        return pt_pin(d, op->arg1.mfn, 4);
    case MMUEXT_UNPIN_TABLE:
        return pt_unpin(d, op->arg1.mfn);
    default:
        break;
    }
    if ( d != v->domain )
        return -EPERM; /* the rest act on the caller's own vCPU */
    switch ( op->cmd )
    {
    case MMUEXT_NEW_BASEPTR:
        return pv_new_baseptr(v, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return pv_new_baseptr(v, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        pv_flush_guest_tlb(v);
        return 0;
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return 0;
    case MMUEXT_SET_LDT:
        return op->arg2.nr_ents == 0 ? 0 : -EINVAL;
    case MMUEXT_CLEAR_PAGE:
    {
        uint8_t *p = domain_mfn_is_ram(d, op->arg1.mfn)
                         ? domain_frame_ptr(d, op->arg1.mfn)
                         : NULL;

        if ( !p )
            return -EINVAL;
        memset(p, 0, PAGE_SIZE);
        return 0;
    }
    case MMUEXT_COPY_PAGE:
    {
        uint8_t *dst = domain_mfn_is_ram(d, op->arg1.mfn)
                           ? domain_frame_ptr(d, op->arg1.mfn)
                           : NULL;
        uint8_t *src = domain_frame_ptr(d, op->arg2.src_mfn);

        if ( !dst || !src )
            return -EINVAL;
        memmove(dst, src, PAGE_SIZE);
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

long do_mmuext_op(uint64_t uops, unsigned int count, uint64_t pdone,
                  unsigned int foreigndom)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    unsigned int i, done;
    long rc = 0;

    if ( !foreign_ok(v->domain, foreigndom) )
    {
        if ( !v->domain->is_privileged )
            return -EPERM;
        d = get_domain_by_id(foreigndom);
        if ( !d )
            return -ESRCH;
    }
    count = continued_count(count, pdone, &done);
    for ( i = 0; i < count; i++ )
    {
        struct mmuext_op op;

        if ( list_preempted(__HYPERVISOR_mmuext_op, uops, sizeof(op), i, count,
                            pdone, done, foreigndom) )
            break;
        if ( copy_from_guest_offset(&op, uops, i, struct mmuext_op) )
        {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(v, d, &op);
        if ( rc )
            break;
    }
    if ( d != v->domain )
        put_domain(d);
    if ( hypercall_preempted() )
        return 0;
    if ( report_done(pdone, done + i) )
        return -EFAULT;
    return rc;
}
