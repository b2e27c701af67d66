/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pin.c: MMUEXT_PIN_L{1,2,3,4}_TABLE and MMUEXT_UNPIN_TABLE. A pinned
 * frame is one the guest declared a page table of a level; pinning checks
 * that every present entry points at a frame the domain may map (for an
 * L1: its RAM or its hypervisor-owned frames; above: its RAM), skipping
 * the L4 slots Xen reserves for itself. As on Xen, a frame is pinned at
 * most once, and only a pinned frame can be unpinned. The domain builder
 * pins the initial L4, as Xen's does, and a guest may unpin it.
 * KVM keeps domains apart whatever their tables say: this is the ABI's
 * contract, not isolation. One bit per RAM frame, set and cleared
 * atomically (vCPUs and the toolstack may race).
 */
#include <stdlib.h>

#include <asm/x86.h>
#include <asm/xen_map.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define PTE_PRESENT 0x1ULL
#define PTE_USER 0x4ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define XEN_L4_FIRST 256 /* L4 slots 256-271 are Xen's */
#define XEN_L4_LAST 271

int pt_pins_init(struct domain *d)
{
    d->arch.pinned = calloc((d->max_pages + 63) / 64, sizeof(uint64_t));
    return d->arch.pinned ? 0 : -ENOMEM;
}

void pt_pins_free(struct domain *d)
{
    free(d->arch.pinned);
    d->arch.pinned = NULL;
}

static bool entry_ok(struct domain *d, uint64_t e, unsigned int level)
{
    uint64_t frame = (e & PTE_ADDR) >> PAGE_SHIFT;

    if ( !(e & PTE_PRESENT) )
        return true;
    return level == 1 ? domain_frame_ptr(d, frame) != NULL
                      : domain_mfn_is_ram(d, frame);
}

static bool table_ok(struct domain *d, uint64_t mfn, unsigned int level)
{
    const uint64_t *t = domain_frame_ptr(d, mfn);
    unsigned int i;

    for ( i = 0; i < 512; i++ )
    {
        if ( level == 4 && i >= XEN_L4_FIRST && i <= XEN_L4_LAST )
            continue;
        if ( !entry_ok(d, __atomic_load_n(&t[i], __ATOMIC_RELAXED), level) )
            return false;
    }
    return true;
}

/* As Xen validates a table, its present entries get _PAGE_USER. */
static void add_user_bits(struct domain *d, uint64_t mfn, unsigned int level)
{
    uint64_t *t = domain_frame_ptr(d, mfn);
    unsigned int i;

    for ( i = 0; i < 512; i++ )
    {
        uint64_t e = __atomic_load_n(&t[i], __ATOMIC_RELAXED);

        if ( level == 4 && i >= XEN_L4_FIRST && i <= XEN_L4_LAST )
            continue;
        if ( (e & PTE_PRESENT) && !(e & PTE_USER) )
            __atomic_fetch_or(&t[i], PTE_USER, __ATOMIC_ACQ_REL);
    }
}

int pt_pin(struct domain *d, uint64_t mfn, unsigned int level)
{
    uint64_t bit;

    if ( !d->arch.pinned || !domain_mfn_is_ram(d, mfn) || level < 1 ||
         level > 4 || !table_ok(d, mfn, level) )
        return -EINVAL;
    bit = 1ULL << (mfn % 64);
    if ( __atomic_fetch_or(&d->arch.pinned[mfn / 64], bit, __ATOMIC_ACQ_REL) &
         bit )
        return -EINVAL; /* already pinned */
    add_user_bits(d, mfn, level);
    return 0;
}

int pt_unpin(struct domain *d, uint64_t mfn)
{
    uint64_t bit;

    if ( !d->arch.pinned || !domain_mfn_is_ram(d, mfn) )
        return -EINVAL;
    bit = 1ULL << (mfn % 64);
    if ( !(__atomic_fetch_and(&d->arch.pinned[mfn / 64], ~bit,
                              __ATOMIC_ACQ_REL) &
           bit) )
        return -EINVAL; /* not pinned */
    return 0;
}

/* Is mfn part of a table the domain has pinned? */
bool pt_frame_pinned(const struct domain *d, uint64_t mfn)
{
    return d->arch.pinned && mfn < d->max_pages &&
           (__atomic_load_n(&d->arch.pinned[mfn / 64], __ATOMIC_ACQUIRE) >>
                (mfn % 64) &
            1);
}
