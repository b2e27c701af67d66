/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_map.c: mapping grants (GNTTABOP_map_grant_ref, unmap_grant_ref,
 * unmap_and_replace) and releasing mappings when either side goes away.
 *
 * A mapping is a maptrack entry of the mapping domain (its handle) and
 * one pin on the granter's active entry, which keeps the frame from being
 * given back (memory.c asks gnttab_frames_in_use()) and keeps
 * GTF_reading/GTF_writing set. How the mapper reaches the frame depends
 * on who it is: a domU gets it in a grant window page (asm/grant_host.h)
 * and, with GNTMAP_host_map, a page-table entry at host_addr; domain 0's
 * backends are host processes that mmap the frame themselves from the
 * file descriptor privcmd hands them (grant_privcmd.c), so for domain 0
 * the hypervisor keeps the books and host_addr is not used.
 */
#include <string.h>

#include <asm/grant_host.h>
#include <public/grant_table.h>
#include <xen/domain.h>
#include <xen/grant_table.h>
#include <xen/lib.h>

#include "grant_private.h"

#define MAPTRACK_INITIAL 64

/* The domain whose page tables a batch changed (grant_host_flush). */
static __thread struct domain *flush_pending;

/* ---- maptrack ---------------------------------------------------------- */

static int maptrack_grow(struct grant_table *gt)
{
    uint32_t size =
        gt->maptrack_size ? gt->maptrack_size * 2 : MAPTRACK_INITIAL;
    struct grant_mapping *m;
    uint32_t i;

    if ( size > gt->maptrack_limit )
        size = gt->maptrack_limit;
    if ( size <= gt->maptrack_size )
        return -ENOSPC;
    m = realloc(gt->maptrack, size * sizeof(*m));
    if ( !m )
        return -ENOMEM;
    memset(m + gt->maptrack_size, 0, (size - gt->maptrack_size) * sizeof(*m));
    for ( i = size; i-- > gt->maptrack_size; )
    {
        m[i].next_free = gt->free_head;
        gt->free_head = i;
    }
    gt->maptrack = m;
    gt->maptrack_size = size;
    return 0;
}

static uint32_t maptrack_get(struct grant_table *gt)
{
    uint32_t h;

    if ( gt->free_head == MAPTRACK_END && maptrack_grow(gt) )
        return MAPTRACK_END;
    h = gt->free_head;
    gt->free_head = gt->maptrack[h].next_free;
    return h;
}

static void maptrack_put(struct grant_table *gt, uint32_t h)
{
    memset(&gt->maptrack[h], 0, sizeof(gt->maptrack[h]));
    gt->maptrack[h].next_free = gt->free_head;
    gt->free_head = h;
}

/* Let handle h of lgt go: its pin, its window page, the handle. */
static void release_mapping(struct grant_table *lgt, uint32_t h)
{
    struct grant_mapping *m = &lgt->maptrack[h];
    bool ro = m->flags & GNTMAP_readonly;

    if ( !m->orphaned )
        gnttab_unpin(m->rgt, m->ref, ro);
    if ( lgt->host )
        grant_host_window_unmap(lgt->host, h, ro);
    if ( m->owner )
        m->owner->nr_mapped--;
    lgt->nr_mappings--;
    maptrack_put(lgt, h);
}

/* ---- map --------------------------------------------------------------- */

/* The frame is pinned: make it reachable for the mapping domain. */
static int16_t make_host_mapping(struct grant_table *lgt, uint32_t h,
                                 struct domain *rd, uint64_t frame,
                                 const struct gnttab_map_grant_ref *op,
                                 uint64_t *maddr)
{
    struct domain *ld = lgt->domain;
    bool ro = op->flags & GNTMAP_readonly, flush = false;

    if ( ld->is_privileged )
    {
        /* The offset in the granter's RAM file that the backend maps. */
        *maddr = frame << PAGE_SHIFT;
        return GNTST_okay;
    }
    if ( !lgt->host &&
         !(lgt->host = grant_host_create(ld, lgt->maptrack_limit)) )
        return GNTST_general_error;
    if ( grant_host_window_map(lgt->host, h, ro, rd, frame, maddr) )
        return GNTST_general_error;
    if ( (op->flags & GNTMAP_host_map) &&
         grant_host_pte_map(current, op->host_addr,
                            op->flags & GNTMAP_contains_pte, *maddr, ro,
                            op->flags >> _GNTMAP_guest_avail0, &flush) )
    {
        grant_host_window_unmap(lgt->host, h, ro);
        return GNTST_general_error;
    }
    if ( flush )
        flush_pending = ld;
    return GNTST_okay;
}

static int16_t map_locked(struct domain *ld, struct domain *rd,
                          struct gnttab_map_grant_ref *op)
{
    struct gnttab_client *client =
        ld->is_privileged ? gnttab_current_client : NULL;
    bool ro = op->flags & GNTMAP_readonly;
    struct grant_table *lgt = gnttab_table_of(ld), *rgt = rd->grant_table;
    struct grant_mapping *m;
    uint64_t frame, maddr;
    uint32_t h;
    int16_t rc;

    if ( !lgt || lgt->dying )
        return GNTST_general_error;
    if ( rd->is_dying || (rgt && rgt->dying) )
        return GNTST_bad_domain;
    if ( !rgt )
        return GNTST_bad_gntref; /* domain 0 grants nothing */
    if ( client && client->max_grants &&
         client->nr_mapped >= client->max_grants )
        return GNTST_no_space;
    h = maptrack_get(lgt);
    if ( h == MAPTRACK_END )
        return GNTST_no_space;
    rc = gnttab_pin(rgt, op->ref, ld->domain_id, ro, &frame);
    if ( rc == GNTST_okay )
    {
        rc = make_host_mapping(lgt, h, rd, frame, op, &maddr);
        if ( rc != GNTST_okay )
            gnttab_unpin(rgt, op->ref, ro);
    }
    if ( rc != GNTST_okay )
    {
        maptrack_put(lgt, h);
        return rc;
    }

    m = &lgt->maptrack[h];
    m->flags = op->flags & (GNTMAP_device_map | GNTMAP_host_map |
                            GNTMAP_readonly | GNTMAP_contains_pte);
    m->domid = rd->domain_id;
    m->ref = op->ref;
    m->frame = frame;
    m->maddr = maddr;
    m->host_addr = op->host_addr;
    m->rgt = rgt;
    m->owner = client;
    if ( client )
        client->nr_mapped++;
    lgt->nr_mappings++;
    op->handle = h;
    op->dev_bus_addr = maddr;
    return GNTST_okay;
}

long gnttab_map_grant_ref(void *arg)
{
    struct gnttab_map_grant_ref *op = arg;
    struct domain *ld = current->domain, *rd;

    if ( !(op->flags & (GNTMAP_device_map | GNTMAP_host_map)) )
    {
        op->status = GNTST_bad_gntref;
        return 0;
    }
    rd = get_domain_by_id(op->dom);
    if ( !rd )
    {
        op->status = GNTST_bad_domain;
        return 0;
    }
    /* The pin checks that the frame is populated: as memory.c, in order. */
    pthread_mutex_lock(&rd->page_alloc_lock);
    pthread_mutex_lock(&gnttab_lock);
    op->status = map_locked(ld, rd, op);
    pthread_mutex_unlock(&gnttab_lock);
    pthread_mutex_unlock(&rd->page_alloc_lock);
    put_domain(rd);
    return 0;
}

/* ---- unmap ------------------------------------------------------------- */

struct unmap_args {
    uint32_t handle;
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    uint64_t new_addr; /* unmap_and_replace */
};

/* Take the host part away: the mapper's PTE (a domU's) or nothing. */
static int16_t drop_host_part(struct grant_table *lgt,
                              const struct grant_mapping *m,
                              const struct unmap_args *a)
{
    bool flush = false;

    if ( lgt->domain->is_privileged )
        /* Domain 0 has no page tables here: the backend unmapped itself. */
        return a->new_addr ? GNTST_general_error : GNTST_okay;
    if ( grant_host_pte_unmap(current, a->host_addr,
                              m->flags & GNTMAP_contains_pte, m->maddr,
                              a->new_addr, &flush) )
        return GNTST_general_error;
    if ( flush )
        flush_pending = lgt->domain;
    return GNTST_okay;
}

/*
 * As Xen: the host part goes if host_addr is given (domain 0: always),
 * the device part if dev_bus_addr is; the handle is freed once neither
 * is left. A handle whose granter died (orphaned) unmaps the same way.
 */
static int16_t unmap_locked(struct domain *ld, const struct unmap_args *a)
{
    struct grant_table *lgt = ld->grant_table;
    struct grant_mapping *m;
    uint32_t done = 0;
    int16_t rc;

    if ( !lgt || a->handle >= lgt->maptrack_size ||
         !lgt->maptrack[a->handle].flags )
        return GNTST_bad_handle;
    m = &lgt->maptrack[a->handle];
    /* A dom0 backend unmaps only what it mapped itself. */
    if ( ld->is_privileged && m->owner != gnttab_current_client )
        return GNTST_bad_handle;
    if ( a->dev_bus_addr && a->dev_bus_addr != m->maddr )
        return GNTST_general_error;
    if ( (m->flags & GNTMAP_host_map) && (a->host_addr || ld->is_privileged) )
    {
        rc = drop_host_part(lgt, m, a);
        if ( rc != GNTST_okay )
            return rc;
        done |= GNTMAP_host_map;
    }
    if ( a->dev_bus_addr && (m->flags & GNTMAP_device_map) )
        done |= GNTMAP_device_map;
    m->flags &= ~done;
    if ( !(m->flags & (GNTMAP_host_map | GNTMAP_device_map)) )
        release_mapping(lgt, a->handle);
    return GNTST_okay;
}

static int16_t unmap_common(const struct unmap_args *a)
{
    int16_t rc;

    pthread_mutex_lock(&gnttab_lock);
    rc = unmap_locked(current->domain, a);
    pthread_mutex_unlock(&gnttab_lock);
    return rc;
}

long gnttab_unmap_grant_ref(void *arg)
{
    struct gnttab_unmap_grant_ref *op = arg;
    struct unmap_args a = { .handle = op->handle,
                            .host_addr = op->host_addr,
                            .dev_bus_addr = op->dev_bus_addr };

    op->status = unmap_common(&a);
    return 0;
}

long gnttab_unmap_and_replace(void *arg)
{
    struct gnttab_unmap_and_replace *op = arg;
    struct unmap_args a = { .handle = op->handle,
                            .host_addr = op->host_addr,
                            .new_addr = op->new_addr };

    /* Only a host mapping can be replaced. */
    op->status = op->host_addr ? unmap_common(&a) : GNTST_general_error;
    return 0;
}

void gnttab_flush_host_mappings(void)
{
    struct domain *d = flush_pending;

    flush_pending = NULL;
    if ( d )
        grant_host_flush(d);
}

/* ---- release --------------------------------------------------------- */

/* The granter of these mappings is gone: revoke them, keep the handles. */
static void orphan_mappings_of(struct grant_table *lgt,
                               const struct grant_table *rgt)
{
    uint32_t h;

    for ( h = 0; h < lgt->maptrack_size; h++ )
    {
        struct grant_mapping *m = &lgt->maptrack[h];

        if ( !m->flags || m->orphaned || m->rgt != rgt )
            continue;
        if ( lgt->host )
            grant_host_window_unmap(lgt->host, h, m->flags & GNTMAP_readonly);
        m->orphaned = true;
        m->rgt = NULL;
    }
}

void gnttab_release_all(struct grant_table *gt)
{
    struct grant_table *other;
    uint32_t h;

    /* What the dying domain maps: its page tables go with it. */
    for ( h = 0; h < gt->maptrack_size; h++ )
        if ( gt->maptrack[h].flags )
            release_mapping(gt, h);
    grant_host_destroy(gt->host);
    gt->host = NULL;

    /* What others map of its grants (pinned entries tell if any). */
    if ( !gt->nr_pinned )
        return;
    for ( other = gnttab_tables; other; other = other->next )
        if ( other != gt && other->nr_mappings )
            orphan_mappings_of(other, gt);
}

void gnttab_release_client(struct gnttab_client *c)
{
    struct grant_table *gt = hardware_domain->grant_table;
    uint32_t h;

    for ( h = 0; gt && c->nr_mapped && h < gt->maptrack_size; h++ )
        if ( gt->maptrack[h].flags && gt->maptrack[h].owner == c )
            release_mapping(gt, h);
}

bool gnttab_maps_maddr(struct grant_table *gt, struct gnttab_client *owner,
                       uint64_t maddr)
{
    uint32_t h;

    for ( h = 0; gt && h < gt->maptrack_size; h++ )
    {
        const struct grant_mapping *m = &gt->maptrack[h];

        if ( m->flags && !m->orphaned && m->owner == owner &&
             m->maddr == (maddr & PAGE_MASK) )
            return true;
    }
    return false;
}
