/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest_walk.c: translation of a guest virtual address through the
 * vCPU's own 4-level page tables, as the CPU would do it for a ring-3
 * access: present and user at every level, writable if writing, 1 GiB and
 * 2 MiB pages honoured, every table frame inside the domain.
 */
#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define PTE_PRESENT 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_USER 0x4ULL
#define PTE_PSE 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL

bool guest_va_ok(uint64_t va)
{
    /* Canonical, and outside the range reserved for the hypervisor. */
    if ( (uint64_t)((int64_t)(va << 16) >> 16) != va )
        return false;
    return va < HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END;
}

int pt_walk(struct domain *d, uint64_t cr3, uint64_t va, bool write,
            uint64_t *maddr)
{
    uint64_t table = cr3 & PTE_ADDR;
    int level;

    if ( (uint64_t)((int64_t)(va << 16) >> 16) != va )
        return -EFAULT;

    for ( level = 4; level >= 1; level-- )
    {
        unsigned int shift = 12 + 9 * (level - 1);
        const uint64_t *entries = domain_frame_ptr(d, table >> PAGE_SHIFT);
        uint64_t pte;

        if ( !entries )
            return -EFAULT;
        pte = __atomic_load_n(&entries[(va >> shift) & 511], __ATOMIC_RELAXED);
        if ( !(pte & PTE_PRESENT) || !(pte & PTE_USER) ||
             (write && !(pte & PTE_RW)) )
            return -EFAULT;
        if ( (level == 3 || level == 2) && (pte & PTE_PSE) )
        {
            uint64_t size = 1ULL << shift;

            *maddr = ((pte & PTE_ADDR) & ~(size - 1)) | (va & (size - 1));
            return 0;
        }
        table = pte & PTE_ADDR;
    }
    *maddr = table | (va & ~PAGE_MASK);
    return 0;
}

int arch_guest_translate(struct vcpu *v, uint64_t va, bool write,
                         uint64_t *maddr)
{
    return pt_walk(v->domain, v->arch.sregs.cr3, va, write, maddr);
}

/* Machine address of the L1 entry that maps va, or -EFAULT. */
int pt_find_l1e(struct domain *d, uint64_t cr3, uint64_t va, uint64_t *maddr)
{
    uint64_t table = cr3 & PTE_ADDR;
    int level;

    if ( (uint64_t)((int64_t)(va << 16) >> 16) != va )
        return -EFAULT;
    for ( level = 4; level >= 2; level-- )
    {
        unsigned int shift = 12 + 9 * (level - 1);
        const uint64_t *entries = domain_frame_ptr(d, table >> PAGE_SHIFT);
        uint64_t pte;

        if ( !entries || !domain_mfn_is_ram(d, table >> PAGE_SHIFT) )
            return -EFAULT;
        pte = entries[(va >> shift) & 511];
        if ( !(pte & PTE_PRESENT) || (pte & PTE_PSE) )
            return -EFAULT;
        table = pte & PTE_ADDR;
    }
    if ( !domain_mfn_is_ram(d, table >> PAGE_SHIFT) )
        return -EFAULT;
    *maddr = table + ((va >> 12) & 511) * 8;
    return 0;
}

/*
 * A 64-bit PV kernel runs in ring 3, so it can use only mappings with
 * _PAGE_USER at every level; Xen adds that bit to the entries it
 * validates. Entries a guest wrote itself without it get it here, when
 * its kernel faults on them: every present entry on the walk to va that
 * lacks the bit gets it. Returns how many did (0: the fault is real).
 * KVM picks the change up without a refresh: it walks the guest's tables
 * again on the next fault, and a permission it did not have cannot be
 * cached.
 */
unsigned int pt_add_user_bits(struct domain *d, uint64_t cr3, uint64_t va)
{
    uint64_t table = cr3 & PTE_ADDR;
    unsigned int changed = 0;
    int level;

    if ( !guest_va_ok(va) )
        return 0; /* never the hypervisor's own mappings */
    for ( level = 4; level >= 1; level-- )
    {
        unsigned int shift = 12 + 9 * (level - 1);
        uint64_t *entries = domain_mfn_is_ram(d, table >> PAGE_SHIFT)
                                ? domain_frame_ptr(d, table >> PAGE_SHIFT)
                                : NULL;
        uint64_t *slot, pte;

        if ( !entries )
            break;
        slot = &entries[(va >> shift) & 511];
        pte = __atomic_load_n(slot, __ATOMIC_RELAXED);
        if ( !(pte & PTE_PRESENT) )
            break;
        if ( !(pte & PTE_USER) )
        {
            __atomic_fetch_or(slot, PTE_USER, __ATOMIC_ACQ_REL);
            changed++;
        }
        if ( (level == 3 || level == 2) && (pte & PTE_PSE) )
            break;
        table = pte & PTE_ADDR;
    }
    return changed;
}
