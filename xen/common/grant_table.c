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

#define GNTTAB_MAX_COUNT 512

/* Run fn over `count` structures of `type` at uop, writing each back. */
#define GNTTAB_LOOP(type, fn)                                                  \
    do                                                                         \
    {                                                                          \
        unsigned int i;                                                        \
                                                                               \
        if ( count > GNTTAB_MAX_COUNT )                                        \
            return -EINVAL;                                                    \
        for ( i = 0; i < count; i++ )                                          \
        {                                                                      \
            type op;                                                           \
            long rc;                                                           \
                                                                               \
            if ( copy_from_guest_offset(&op, uop, i, type) )                   \
                return -EFAULT;                                                \
            rc = fn(&op);                                                      \
            if ( rc )                                                          \
                return rc;                                                     \
            if ( copy_to_guest_offset(uop, i, &op, type) )                     \
                return -EFAULT;                                                \
        }                                                                      \
        return 0;                                                              \
    } while ( 0 )

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    switch ( cmd )
    {
    case GNTTABOP_setup_table:
        GNTTAB_LOOP(struct gnttab_setup_table, setup_table);
    case GNTTABOP_query_size:
        GNTTAB_LOOP(struct gnttab_query_size, query_size);
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
