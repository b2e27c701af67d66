/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_copy.c: GNTTABOP_copy and GNTTABOP_cache_flush.
 *
 * A copy names each side either by grant (GNTCOPY_source_gref /
 * GNTCOPY_dest_gref: a grant to the caller, pinned for the copy, read-only
 * for the source) or as a frame of the caller's own (DOMID_SELF). The
 * hypervisor copies; nothing stays mapped. Domain 0 has no frames: its
 * own side is bytes of the request itself, at u.gmfn + offset from the
 * start of the copy array (libxengnttab packs them after the array), and
 * what it copies in goes back in the reply.
 */
#include <string.h>

#include <public/grant_table.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

#include "grant_private.h"

__thread uint64_t gnttab_copy_base;

/* One side of a copy once claimed. */
struct copy_buf {
    struct domain *d; /* referenced while the copy runs (grants only) */
    struct grant_table *gt; /* pinned in, or NULL */
    grant_ref_t ref;
    bool readonly;
    uint8_t *bytes; /* host pointer to the first byte, or NULL: */
    uint64_t dom0_at; /* domain 0's bytes in its request */
};

/* Phase 1, as Xen: the domains of both sides, before any pin. */
static int16_t copy_domain(const struct gnttab_copy_ptr *p, bool is_gref,
                           struct copy_buf *b)
{
    struct domain *cur = current->domain;

    if ( !is_gref )
        return p->domid == DOMID_SELF ? GNTST_okay : GNTST_permission_denied;
    if ( p->domid == DOMID_SELF || p->domid == cur->domain_id )
        b->d = get_domain(cur) ? cur : NULL;
    else
        b->d = get_domain_by_id(p->domid);
    return b->d ? GNTST_okay : GNTST_bad_domain;
}

/* Phase 2: the frame of one side. */
static int16_t copy_claim(const struct gnttab_copy_ptr *p, bool readonly,
                          struct copy_buf *b)
{
    struct domain *cur = current->domain;
    uint64_t frame;
    int16_t rc;

    if ( !b->d )
    {
        /* The caller's own frame (domain 0: its own bytes). */
        if ( !cur->ram )
        {
            b->dom0_at = gnttab_copy_base + p->u.gmfn + p->offset;
            return GNTST_okay;
        }
        pthread_mutex_lock(&cur->page_alloc_lock);
        rc = gnttab_frame_populated(cur, p->u.gmfn) ? GNTST_okay
                                                    : GNTST_bad_page;
        pthread_mutex_unlock(&cur->page_alloc_lock);
        if ( rc == GNTST_okay )
            b->bytes = cur->ram + (p->u.gmfn << PAGE_SHIFT) + p->offset;
        return rc;
    }
    pthread_mutex_lock(&b->d->page_alloc_lock);
    pthread_mutex_lock(&gnttab_lock);
    rc = b->d->grant_table ? gnttab_pin(b->d->grant_table, p->u.ref,
                                        cur->domain_id, readonly, &frame)
         : b->d->is_dying  ? GNTST_bad_domain
                           : GNTST_bad_gntref; /* domain 0 grants nothing */
    if ( rc == GNTST_okay )
    {
        b->gt = b->d->grant_table;
        b->ref = p->u.ref;
        b->readonly = readonly;
        b->bytes = b->d->ram + (frame << PAGE_SHIFT) + p->offset;
    }
    pthread_mutex_unlock(&gnttab_lock);
    pthread_mutex_unlock(&b->d->page_alloc_lock);
    return rc;
}

static void copy_release(struct copy_buf *b)
{
    if ( b->gt )
    {
        pthread_mutex_lock(&gnttab_lock);
        /* A table destroyed meanwhile took its pins with it. */
        if ( b->d->grant_table == b->gt )
            gnttab_unpin(b->gt, b->ref, b->readonly);
        pthread_mutex_unlock(&gnttab_lock);
    }
    if ( b->d )
        put_domain(b->d);
}

static int16_t copy_bytes(const struct copy_buf *src,
                          const struct copy_buf *dst, uint16_t len)
{
    uint8_t bounce[PAGE_SIZE];

    if ( src->bytes && dst->bytes )
        memmove(dst->bytes, src->bytes, len);
    else if ( dst->bytes )
        return copy_from_guest(dst->bytes, src->dom0_at, len)
                   ? GNTST_bad_copy_arg
                   : GNTST_okay;
    else if ( src->bytes )
        return copy_to_guest(dst->dom0_at, src->bytes, len) ? GNTST_bad_copy_arg
                                                            : GNTST_okay;
    else if ( copy_from_guest(bounce, src->dom0_at, len) ||
              copy_to_guest(dst->dom0_at, bounce, len) )
        return GNTST_bad_copy_arg;
    return GNTST_okay;
}

static int16_t copy_one(const struct gnttab_copy *op)
{
    struct copy_buf src = { 0 }, dst = { 0 };
    bool src_gref = op->flags & GNTCOPY_source_gref;
    bool dst_gref = op->flags & GNTCOPY_dest_gref;
    int16_t rc;

    /* Neither side may leave its page (checked before anything else). */
    if ( op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
        return GNTST_bad_copy_arg;
    rc = copy_domain(&op->source, src_gref, &src);
    if ( rc == GNTST_okay )
        rc = copy_domain(&op->dest, dst_gref, &dst);
    if ( rc == GNTST_okay )
        rc = copy_claim(&op->source, true, &src);
    if ( rc == GNTST_okay )
        rc = copy_claim(&op->dest, false, &dst);
    if ( rc == GNTST_okay )
        rc = copy_bytes(&src, &dst, op->len);
    copy_release(&src);
    copy_release(&dst);
    return rc;
}

long gnttab_copy(void *arg)
{
    struct gnttab_copy *op = arg;

    op->status = copy_one(op);
    return 0;
}

/*
 * On x86 caches are coherent: cleaning is a no-op and invalidating alone
 * is not offered (-EOPNOTSUPP), as on Xen. What is checked is that the
 * page is the caller's own or one it has mapped.
 */
long gnttab_cache_flush(void *arg)
{
    const struct gnttab_cache_flush *op = arg;
    struct domain *cur = current->domain;
    uint64_t frame = op->a.dev_bus_addr >> PAGE_SHIFT;
    bool ok;

    if ( op->offset >= PAGE_SIZE || op->length > PAGE_SIZE ||
         op->offset + op->length > PAGE_SIZE ||
         (op->op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)) )
        return -EINVAL;
    if ( !op->length || !op->op )
        return 0;
    ok = cur->ram && frame < cur->max_pages;
    if ( !ok )
    {
        pthread_mutex_lock(&gnttab_lock);
        ok = gnttab_maps_maddr(cur->grant_table, gnttab_current_client,
                               op->a.dev_bus_addr);
        pthread_mutex_unlock(&gnttab_lock);
    }
    if ( !ok )
        return -EINVAL;
    return op->op == GNTTAB_CACHE_INVAL ? -EOPNOTSUPP : 0;
}
