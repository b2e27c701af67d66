/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory.c: the memory_op hypercall. A domain's RAM is one memfd sized
 * at creation; "populating" a frame is accounting against the domain's
 * limit, and releasing one punches it out of the memfd so the host gets
 * the memory back.
 */
#include <fcntl.h>

#include <asm/arch.h>
#include <public/memory.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define MEMOP_CMD_MASK 0x3f
/* A continued reservation op carries the extent to start at in cmd. */
#define MEMOP_EXTENT_SHIFT 6
#define MAX_EXTENT_ORDER 9

/* ---- the populated-frame bitmap, under d->page_alloc_lock ----------- */

static bool frame_populated(const struct domain *d, uint64_t pfn)
{
    return d->populated[pfn / 64] & (1ULL << (pfn % 64));
}

static void set_populated(struct domain *d, uint64_t pfn, bool on)
{
    if ( on )
        d->populated[pfn / 64] |= 1ULL << (pfn % 64);
    else
        d->populated[pfn / 64] &= ~(1ULL << (pfn % 64));
}

static bool extent_in_ram(const struct domain *d, uint64_t pfn, uint64_t pages)
{
    return !(pfn & (pages - 1)) && pfn < d->max_pages &&
           d->max_pages - pfn >= pages;
}

/*
 * Populate one extent: its frames that are not populated are, within the
 * domain's limit. Frames already populated stay as they are.
 */
static int populate_extent(struct domain *d, uint64_t pfn, uint64_t pages)
{
    uint64_t i, missing = 0;
    int rc = 0;

    if ( !extent_in_ram(d, pfn, pages) )
        return -EINVAL;
    pthread_mutex_lock(&d->page_alloc_lock);
    for ( i = 0; i < pages; i++ )
        missing += !frame_populated(d, pfn + i);
    if ( d->tot_pages + missing > d->max_pages_limit )
        rc = -ENOMEM;
    else
    {
        for ( i = 0; i < pages; i++ )
            set_populated(d, pfn + i, true);
        d->tot_pages += missing;
    }
    pthread_mutex_unlock(&d->page_alloc_lock);
    return rc;
}

/*
 * Release one extent, as Xen does only if every frame of it is populated;
 * the host gets the memory back (the hole reads as zeros if touched).
 */
static int release_extent(struct domain *d, uint64_t pfn, uint64_t pages)
{
    uint64_t i;
    int rc = 0;

    if ( !extent_in_ram(d, pfn, pages) )
        return -EINVAL;
    pthread_mutex_lock(&d->page_alloc_lock);
    for ( i = 0; i < pages && !rc; i++ )
        if ( !frame_populated(d, pfn + i) )
            rc = -EINVAL;
    if ( !rc )
    {
        for ( i = 0; i < pages; i++ )
            set_populated(d, pfn + i, false);
        d->tot_pages -= pages;
    }
    pthread_mutex_unlock(&d->page_alloc_lock);
    if ( !rc )
        (void)fallocate(d->ram_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                        pfn << PAGE_SHIFT, pages << PAGE_SHIFT);
    return rc;
}

/*
 * populate_physmap / decrease_reservation over the extents from `start`.
 * Returns the number of extents done in all (the op stops at the first
 * that fails), or a continuation when preempted.
 */
static long reservation_extents(unsigned int cmd, uint64_t arg,
                                struct domain *d,
                                const struct xen_memory_reservation *r,
                                xen_ulong_t start)
{
    uint64_t base = (uint64_t)(uintptr_t)r->extent_start.p;
    uint64_t pages = 1ULL << r->extent_order;
    xen_ulong_t i;

    for ( i = start; i < r->nr_extents; i++ )
    {
        xen_pfn_t pfn;

        if ( i > start && (i - start) % HYPERCALL_PREEMPT_STRIDE == 0 &&
             hypercall_preempt_check() )
            return hypercall_create_continuation(
                __HYPERVISOR_memory_op,
                cmd | ((uint64_t)i << MEMOP_EXTENT_SHIFT), arg, 0, 0);
        if ( copy_from_guest_offset(&pfn, base, i, xen_pfn_t) )
            return i ? (long)i : -EFAULT;
        if ( (cmd == XENMEM_decrease_reservation
                  ? release_extent(d, pfn, pages)
                  : populate_extent(d, pfn, pages)) )
            break;
    }
    return i;
}

static long reservation_op(unsigned int cmd, xen_ulong_t start, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    long rc = 0;

    if ( copy_from_guest(&r, arg, sizeof(r)) )
        return -EFAULT;
    if ( r.extent_order > MAX_EXTENT_ORDER || start > r.nr_extents )
        return -EINVAL;
    d = get_target_domain(r.domid, &rc);
    if ( !d )
        return rc;
    if ( !d->ram )
        rc = -EINVAL;
    else
        rc = reservation_extents(cmd, arg, d, &r, start);
    put_domain(d);
    return rc;
}

static long reservation_query(unsigned int cmd, uint64_t arg)
{
    struct domain *d;
    domid_t domid;
    long rc = 0;

    if ( copy_from_guest(&domid, arg, sizeof(domid)) )
        return -EFAULT;
    d = get_target_domain(domid, &rc);
    if ( !d )
        return rc;
    rc = cmd == XENMEM_current_reservation ? (long)d->tot_pages
                                           : (long)d->max_pages_limit;
    put_domain(d);
    return rc;
}

static long memory_map(uint64_t arg)
{
    struct domain *d = current->domain;
    struct xen_memory_map map;
    struct xen_e820_entry e = {
        .addr = 0,
        .size = d->max_pages << PAGE_SHIFT,
        .type = XEN_E820_RAM,
    };

    if ( copy_from_guest(&map, arg, sizeof(map)) )
        return -EFAULT;
    if ( map.nr_entries < 1 )
        return -EINVAL;
    if ( copy_to_guest((uint64_t)(uintptr_t)map.buffer.p, &e, sizeof(e)) )
        return -EFAULT;
    map.nr_entries = 1;
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

static long machphys_mapping(uint64_t arg)
{
    struct xen_machphys_mapping m;
    uint64_t start, end, max_mfn;

    arch_machphys_mapping(current->domain, &start, &end, &max_mfn);
    m = (struct xen_machphys_mapping){ start, end, max_mfn };

    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch ( cmd & MEMOP_CMD_MASK )
    {
    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        return reservation_op(cmd & MEMOP_CMD_MASK, cmd >> MEMOP_EXTENT_SHIFT,
                              arg);
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return reservation_query(cmd & MEMOP_CMD_MASK, arg);
    case XENMEM_maximum_ram_page:
    case XENMEM_maximum_gpfn:
        return d->max_pages ? (long)d->max_pages - 1 : 0;
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_machphys_mapping:
        return machphys_mapping(arg);
    default:
        return -ENOSYS;
    }
}
