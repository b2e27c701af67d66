/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_table.c: a domain's grant table (version 1) lives in hypervisor-
 * owned frames of that domain (its special frames), which the guest maps
 * after GNTTABOP_setup_table. Mapping and copying grants come with the
 * split drivers; this file sets tables up and answers size queries.
 */
#include <public/grant_table.h>
#include <xen/domain.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define GNTTAB_MAX_FRAMES (SPECIAL_NR_FRAMES - SPECIAL_FRAME_GRANT)

struct grant_table {
    unsigned int nr_frames;
};

int grant_table_init(struct domain *d)
{
    d->grant_table = calloc(1, sizeof(*d->grant_table));
    return d->grant_table ? 0 : -ENOMEM;
}

void grant_table_destroy(struct domain *d)
{
    free(d->grant_table);
    d->grant_table = NULL;
}

static long setup_table(struct gnttab_setup_table *op)
{
    long rc = 0;
    struct domain *d = get_target_domain(op->dom, &rc);
    uint64_t list = (uint64_t)(uintptr_t)op->frame_list.p;
    uint32_t i;

    if ( !d )
    {
        op->status = GNTST_bad_domain;
        return 0;
    }
    if ( !d->grant_table || op->nr_frames > GNTTAB_MAX_FRAMES )
    {
        op->status = GNTST_general_error;
        goto out;
    }
    for ( i = 0; i < op->nr_frames; i++ )
    {
        xen_pfn_t frame = XEN_SPECIAL_PFN_BASE + SPECIAL_FRAME_GRANT + i;

        if ( copy_to_guest_offset(list, i, &frame, xen_pfn_t) )
        {
            put_domain(d);
            return -EFAULT;
        }
    }
    if ( op->nr_frames > d->grant_table->nr_frames )
        d->grant_table->nr_frames = op->nr_frames;
    op->status = GNTST_okay;
out:
    put_domain(d);
    return 0;
}

static long query_size(struct gnttab_query_size *op)
{
    long rc = 0;
    struct domain *d = get_target_domain(op->dom, &rc);

    if ( !d )
    {
        op->status = GNTST_bad_domain;
        return 0;
    }
    op->nr_frames = d->grant_table ? d->grant_table->nr_frames : 0;
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
    op->status = GNTST_okay;
    put_domain(d);
    return 0;
}

/*
 * A batch of `count` operations of `size` bytes at uop: each is read,
 * done and written back in turn; the batch stops at the first error.
 * Any count is accepted: a long batch is preempted and continues, as on
 * Xen, with the operations left.
 */
typedef long gnttab_op_fn(void *op);

static long gnttab_batch(unsigned int cmd, uint64_t uop, unsigned int count,
                         size_t size, gnttab_op_fn *fn)
{
    uint8_t op[64] __attribute__((aligned(8)));
    unsigned int i;

    BUG_ON(size > sizeof(op));
    for ( i = 0; i < count; i++ )
    {
        uint64_t at = uop + (uint64_t)i * size;
        long rc;

        if ( i && i % HYPERCALL_PREEMPT_STRIDE == 0 &&
             hypercall_preempt_check() )
            return hypercall_create_continuation(__HYPERVISOR_grant_table_op,
                                                 cmd, at, count - i, 0);
        if ( copy_from_guest(op, at, size) )
            return -EFAULT;
        rc = fn(op);
        if ( rc )
            return rc;
        if ( copy_to_guest(at, op, size) )
            return -EFAULT;
    }
    return 0;
}

static long setup_table_fn(void *op)
{
    return setup_table(op);
}

static long query_size_fn(void *op)
{
    return query_size(op);
}

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    switch ( cmd )
    {
    case GNTTABOP_setup_table:
        return gnttab_batch(cmd, uop, count, sizeof(struct gnttab_setup_table),
                            setup_table_fn);
    case GNTTABOP_query_size:
        return gnttab_batch(cmd, uop, count, sizeof(struct gnttab_query_size),
                            query_size_fn);
    case GNTTABOP_set_version:
    {
        struct gnttab_set_version v;

        if ( copy_from_guest(&v, uop, sizeof(v)) )
            return -EFAULT;
        return v.version == 1 ? 0 : -EINVAL;
    }
    case GNTTABOP_get_version:
    {
        struct gnttab_get_version v;

        if ( copy_from_guest(&v, uop, sizeof(v)) )
            return -EFAULT;
        v.version = 1;
        return copy_to_guest(uop, &v, sizeof(v)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
