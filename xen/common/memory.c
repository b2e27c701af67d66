/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory.c: the memory_op hypercall. A domain's RAM is one memfd sized
 * at creation; "populating" a frame is accounting against the domain's
 * limit, and releasing one punches it out of the memfd so the host gets
 * the memory back.
 */
#include <fcntl.h>

#include <public/memory.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define MEMOP_CMD_MASK 0x3f
#define MAX_EXTENT_ORDER 9

static long populate(struct domain *d, struct xen_memory_reservation *r)
{
    uint64_t base = (uint64_t)(uintptr_t)r->extent_start.p;
    uint64_t pages = 1ULL << r->extent_order;
    xen_ulong_t i;

    for ( i = 0; i < r->nr_extents; i++ )
    {
        xen_pfn_t gpfn;

        if ( copy_from_guest_offset(&gpfn, base, i, xen_pfn_t) )
            return i ? (long)i : -EFAULT;
        if ( gpfn & (pages - 1) || gpfn >= d->max_pages ||
             d->max_pages - gpfn < pages ||
             d->tot_pages + pages > d->max_pages_limit )
            break;
        __atomic_add_fetch(&d->tot_pages, pages, __ATOMIC_RELAXED);
    }
    return i;
}

static long decrease(struct domain *d, struct xen_memory_reservation *r)
{
    uint64_t base = (uint64_t)(uintptr_t)r->extent_start.p;
    uint64_t pages = 1ULL << r->extent_order;
    xen_ulong_t i;

    for ( i = 0; i < r->nr_extents; i++ )
    {
        xen_pfn_t gmfn;

        if ( copy_from_guest_offset(&gmfn, base, i, xen_pfn_t) )
            return i ? (long)i : -EFAULT;
        if ( gmfn & (pages - 1) || gmfn >= d->max_pages ||
             d->max_pages - gmfn < pages || d->tot_pages < pages )
            break;
        if ( fallocate(d->ram_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                       gmfn << PAGE_SHIFT, pages << PAGE_SHIFT) )
            break;
        __atomic_sub_fetch(&d->tot_pages, pages, __ATOMIC_RELAXED);
    }
    return i;
}

static long reservation_op(unsigned int cmd, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    long rc = 0;

    if ( copy_from_guest(&r, arg, sizeof(r)) )
        return -EFAULT;
    if ( r.extent_order > MAX_EXTENT_ORDER )
        return -EINVAL;
    d = get_target_domain(r.domid, &rc);
    if ( !d )
        return rc;
    if ( !d->ram )
        rc = -EINVAL;
    else if ( cmd == XENMEM_decrease_reservation )
        rc = decrease(d, &r);
    else
        rc = populate(d, &r);
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
    struct xen_machphys_mapping m = {
        .v_start = MACH2PHYS_VIRT_START,
        .v_end = MACH2PHYS_VIRT_END,
        .max_mfn =
            current->domain->max_pages ? current->domain->max_pages - 1 : 0,
    };

    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch ( cmd & MEMOP_CMD_MASK )
    {
    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        return reservation_op(cmd & MEMOP_CMD_MASK, arg);
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
