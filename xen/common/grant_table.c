/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_table.c: a domain's grant table (version 1) and the operations on
 * the table itself. The entries live in hypervisor-owned frames of the
 * domain (its special frames), which the guest maps after
 * GNTTABOP_setup_table and writes directly; beside them the hypervisor
 * keeps an active entry per grant (what it has pinned) and a maptrack
 * (the mappings the domain holds). Pinning and its checks are here;
 * mappings are in grant_map.c, copies in grant_copy.c; the locking rules
 * in grant_private.h. docs/design/grant-tables.md describes the whole.
 */
#include <stdio.h>
#include <string.h>

#include <public/grant_table.h>
#include <xen/domain.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#include "grant_private.h"

pthread_mutex_t gnttab_lock = PTHREAD_MUTEX_INITIALIZER;
struct grant_table *gnttab_tables;
__thread struct gnttab_client *gnttab_current_client;

/* A continued cache flush would carry state above these bits (Xen). */
#define GNTTABOP_CMD_MASK 0xfffu

/* ---- tables ----------------------------------------------------------- */

static int grow_active(struct grant_table *gt, unsigned int nr_frames);

static struct grant_table *table_alloc(struct domain *d)
{
    struct grant_table *gt = calloc(1, sizeof(*gt));

    if ( !gt )
        return NULL;
    gt->domain = d;
    gt->nr_frames = d->special ? GNTTAB_INITIAL_FRAMES : 0;
    gt->maptrack_limit = d->is_privileged ? GNTTAB_DOM0_MAPTRACK_LIMIT
                                          : GNTTAB_DOMU_MAPTRACK_LIMIT;
    gt->free_head = MAPTRACK_END;
    if ( grow_active(gt, gt->nr_frames) )
    {
        free(gt);
        return NULL;
    }
    return gt;
}

static void table_link(struct grant_table *gt)
{
    gt->next = gnttab_tables;
    gnttab_tables = gt;
}

static void table_unlink(struct grant_table *gt)
{
    struct grant_table **pp;

    for ( pp = &gnttab_tables; *pp; pp = &(*pp)->next )
        if ( *pp == gt )
        {
            *pp = gt->next;
            return;
        }
}

int grant_table_init(struct domain *d)
{
    struct grant_table *gt = table_alloc(d);

    if ( !gt )
        return -ENOMEM;
    pthread_mutex_lock(&gnttab_lock);
    table_link(gt);
    d->grant_table = gt;
    pthread_mutex_unlock(&gnttab_lock);
    return 0;
}

struct grant_table *gnttab_table_of(struct domain *d)
{
    /* Domain 0 grants nothing; its table is made for its maptrack. */
    if ( !d->grant_table && d->is_privileged )
    {
        d->grant_table = table_alloc(d);
        if ( d->grant_table )
            table_link(d->grant_table);
    }
    return d->grant_table;
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt;

    pthread_mutex_lock(&gnttab_lock);
    gt = d->grant_table;
    if ( gt )
    {
        gt->dying = true;
        gnttab_release_all(gt);
        table_unlink(gt);
        d->grant_table = NULL;
    }
    pthread_mutex_unlock(&gnttab_lock);
    if ( gt )
    {
        free(gt->active);
        free(gt->maptrack);
        free(gt);
    }
}

grant_entry_v1_t *gnttab_shared_entry(struct grant_table *gt, grant_ref_t ref)
{
    grant_entry_v1_t *entries =
        (grant_entry_v1_t *)(gt->domain->special +
                             (SPECIAL_FRAME_GRANT << PAGE_SHIFT));

    return &entries[ref];
}

/* Active entries for every grant of the first nr_frames frames. */
static int grow_active(struct grant_table *gt, unsigned int nr_frames)
{
    unsigned int want = nr_frames * GRANTS_PER_FRAME;
    struct active_grant *a;

    if ( want <= gt->nr_active )
        return 0;
    a = realloc(gt->active, want * sizeof(*a));
    if ( !a )
        return -ENOMEM;
    memset(a + gt->nr_active, 0, (want - gt->nr_active) * sizeof(*a));
    gt->active = a;
    gt->nr_active = want;
    return 0;
}

/* ---- pins --------------------------------------------------------------- */

bool gnttab_frame_populated(const struct domain *d, uint64_t frame)
{
    return d->ram && frame < d->max_pages &&
           (d->populated[frame / 64] & (1ULL << (frame % 64)));
}

/*
 * Set GTF_reading (and GTF_writing) in the guest's entry if it still
 * grants what it granted: a permit_access entry (no sub-page for a map)
 * to ld, writable unless readonly. The guest may change the entry at any
 * time, so it is checked and updated in one compare-and-exchange of its
 * flags and domid, retried a few times and then given up, as Xen does.
 */
static int16_t claim_entry(grant_entry_v1_t *e, domid_t ld, bool readonly,
                           bool check)
{
    uint32_t *raw = (uint32_t *)e;
    uint32_t old = __atomic_load_n(raw, __ATOMIC_ACQUIRE);
    unsigned int retries;

    for ( retries = 0; retries < 5; retries++ )
    {
        uint16_t flags = old & 0xffff;
        domid_t domid = old >> 16;
        uint32_t new = old | GTF_reading | (readonly ? 0 : GTF_writing);

        if ( check &&
             ((flags & (GTF_type_mask | GTF_sub_page)) != GTF_permit_access ||
              domid != ld) )
            return GNTST_general_error;
        if ( !readonly && (flags & GTF_readonly) )
            return GNTST_general_error;
        if ( __atomic_compare_exchange_n(raw, &old, new, false,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
            return GNTST_okay;
    }
    return GNTST_general_error; /* the entry is unstable */
}

static void clear_entry_flags(grant_entry_v1_t *e, uint16_t bits)
{
    __atomic_fetch_and(&e->flags, (uint16_t)~bits, __ATOMIC_ACQ_REL);
}

int16_t gnttab_pin(struct grant_table *rgt, grant_ref_t ref, domid_t ld,
                   bool readonly, uint64_t *frame)
{
    struct active_grant *act;
    grant_entry_v1_t *e;
    int16_t rc;

    if ( rgt->dying )
        return GNTST_bad_domain;
    if ( ref >= nr_grant_entries(rgt) || ref >= rgt->nr_active )
        return GNTST_bad_gntref;
    act = &rgt->active[ref];
    e = gnttab_shared_entry(rgt, ref);
    if ( act->pins && (act->domid != ld || act->pins >= GNTTAB_MAX_PINS) )
        return GNTST_general_error;

    /* First pin, or first writable one: the entry must still allow it. */
    rc = claim_entry(e, ld, readonly,
                     !act->pins || (!readonly && !act->write_pins));
    if ( rc != GNTST_okay )
        return rc;
    if ( !act->pins )
    {
        uint64_t f = ACCESS_ONCE(e->frame);

        if ( !gnttab_frame_populated(rgt->domain, f) )
        {
            clear_entry_flags(e, GTF_reading | GTF_writing);
            return GNTST_bad_page;
        }
        act->domid = ld;
        act->frame = f;
        rgt->nr_pinned++;
    }
    act->pins++;
    if ( !readonly )
        act->write_pins++;
    *frame = act->frame;
    return GNTST_okay;
}

void gnttab_unpin(struct grant_table *rgt, grant_ref_t ref, bool readonly)
{
    struct active_grant *act = &rgt->active[ref];
    uint16_t clear = 0;

    ASSERT(act->pins && (readonly || act->write_pins));
    if ( !readonly && --act->write_pins == 0 )
        clear |= GTF_writing;
    if ( --act->pins == 0 )
    {
        clear |= GTF_reading | GTF_writing;
        rgt->nr_pinned--;
    }
    if ( clear )
        clear_entry_flags(gnttab_shared_entry(rgt, ref), clear);
}

/* Is a frame of [pfn, pfn + pages) of d pinned? (page_alloc_lock held) */
bool gnttab_frames_in_use(struct domain *d, uint64_t pfn, uint64_t pages)
{
    struct grant_table *gt;
    bool used = false;
    unsigned int i;

    pthread_mutex_lock(&gnttab_lock);
    gt = d->grant_table;
    for ( i = 0; gt && gt->nr_pinned && i < gt->nr_active && !used; i++ )
        used = gt->active[i].pins && gt->active[i].frame >= pfn &&
               gt->active[i].frame - pfn < pages;
    pthread_mutex_unlock(&gnttab_lock);
    return used;
}

/* ---- the domain an op names -------------------------------------------- */

/* As get_target_domain(), with Xen's status codes for a refusal. */
static struct domain *status_target(domid_t dom, int16_t *status)
{
    long rc = 0;
    struct domain *d = get_target_domain(dom, &rc);

    if ( !d )
        *status = rc == -EPERM ? GNTST_permission_denied : GNTST_bad_domain;
    return d;
}

/* ---- table operations ------------------------------------------------ */

static long setup_table(void *arg)
{
    struct gnttab_setup_table *op = arg;
    uint64_t list = (uint64_t)(uintptr_t)op->frame_list.p;
    struct domain *d = status_target(op->dom, &op->status);
    struct grant_table *gt;
    uint32_t i;

    if ( !d )
        return 0;
    op->status = GNTST_okay;
    pthread_mutex_lock(&gnttab_lock);
    gt = d->grant_table;
    if ( !gt || !d->special || gt->dying || op->nr_frames > GNTTAB_MAX_FRAMES )
        op->status = GNTST_general_error;
    else if ( grow_active(gt, op->nr_frames) )
        op->status = GNTST_general_error;
    else if ( op->nr_frames > gt->nr_frames )
        gt->nr_frames = op->nr_frames;
    pthread_mutex_unlock(&gnttab_lock);

    for ( i = 0; op->status == GNTST_okay && i < op->nr_frames; i++ )
    {
        xen_pfn_t frame = XEN_SPECIAL_PFN_BASE + SPECIAL_FRAME_GRANT + i;

        if ( copy_to_guest_offset(list, i, &frame, xen_pfn_t) )
            op->status = GNTST_bad_virt_addr;
    }
    put_domain(d);
    return 0;
}

static long query_size(void *arg)
{
    struct gnttab_query_size *op = arg;
    struct domain *d = status_target(op->dom, &op->status);

    if ( !d )
        return 0;
    pthread_mutex_lock(&gnttab_lock);
    op->nr_frames = d->grant_table ? d->grant_table->nr_frames : 0;
    pthread_mutex_unlock(&gnttab_lock);
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
    op->status = GNTST_okay;
    put_domain(d);
    return 0;
}

/*
 * Entries are in guest memory: swap them as two 8-byte words (the guest
 * must not use either meanwhile, as on Xen).
 */
static long swap_grant_ref(void *arg)
{
    struct gnttab_swap_grant_ref *op = arg;
    struct grant_table *gt;

    pthread_mutex_lock(&gnttab_lock);
    gt = current->domain->grant_table;
    if ( !gt || op->ref_a >= nr_grant_entries(gt) ||
         op->ref_b >= nr_grant_entries(gt) )
        op->status = GNTST_bad_gntref;
    else if ( gt->active[op->ref_a].pins || gt->active[op->ref_b].pins )
        op->status = GNTST_eagain;
    else
    {
        uint64_t *a = (uint64_t *)gnttab_shared_entry(gt, op->ref_a);
        uint64_t *b = (uint64_t *)gnttab_shared_entry(gt, op->ref_b);
        uint64_t t = __atomic_load_n(a, __ATOMIC_RELAXED);

        __atomic_store_n(a, __atomic_load_n(b, __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
        __atomic_store_n(b, t, __ATOMIC_RELEASE);
        op->status = GNTST_okay;
    }
    pthread_mutex_unlock(&gnttab_lock);
    return 0;
}

/*
 * The table's entries in use, to the hypervisor log at debug level (as
 * Xen prints it only with guest debug logging): a guest may ask often.
 */
#define DUMP_MAX_LINES 64

static void dump_grants(struct grant_table *gt)
{
    unsigned int i, shown = 0, in_use = 0;

    gdprintk("d%u grant table: %u frames, %u entries pinned, %u mappings held",
             gt->domain->domain_id, gt->nr_frames, gt->nr_pinned,
             gt->nr_mappings);
    for ( i = 0; i < nr_grant_entries(gt) && gt->domain->special; i++ )
    {
        grant_entry_v1_t e = *gnttab_shared_entry(gt, i);
        struct active_grant *a = i < gt->nr_active ? &gt->active[i] : NULL;

        if ( !(e.flags & GTF_type_mask) && !(a && a->pins) )
            continue;
        in_use++;
        if ( shown++ < DUMP_MAX_LINES )
            gdprintk("  ref %u: flags %#x dom %u frame %#x, pins %u (%u "
                     "writable) by d%u",
                     i, e.flags, e.domid, e.frame, a ? a->pins : 0,
                     a ? a->write_pins : 0, a && a->pins ? a->domid : 0);
    }
    if ( shown > DUMP_MAX_LINES )
        gdprintk("  ... %u entries in use in all", in_use);
}

static long dump_table(uint64_t uop, unsigned int count)
{
    struct gnttab_dump_table op;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = status_target(op.dom, &op.status);
    if ( d )
    {
        pthread_mutex_lock(&gnttab_lock);
        if ( d->grant_table )
            dump_grants(d->grant_table);
        pthread_mutex_unlock(&gnttab_lock);
        op.status = GNTST_okay;
        put_domain(d);
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Version 1 only: v2 is refused as by a Xen with gnttab max version 1. */
static long set_version(uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    rc = op.version == 1 ? 0 : op.version == 2 ? -ENOSYS : -EINVAL;
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;
    long rc = 0;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = get_target_domain(op.dom, &rc);
    if ( !d )
        return rc;
    put_domain(d);
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Version 1 has no status frames: only a request for none succeeds. */
static long get_status_frames(uint64_t uop, unsigned int count)
{
    struct gnttab_get_status_frames op;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = status_target(op.dom, &op.status);
    if ( d )
    {
        op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
        put_domain(d);
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* ---- dispatch ---------------------------------------------------------- */

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

#define BATCH(cmd, uop, count, type, fn)                                       \
    gnttab_batch(cmd, uop, count, sizeof(type), fn)

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    long rc;

    if ( (int)count < 0 || (cmd & ~GNTTABOP_CMD_MASK) )
        return -EINVAL;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        rc = BATCH(cmd, uop, count, struct gnttab_map_grant_ref,
                   gnttab_map_grant_ref);
        gnttab_flush_host_mappings();
        return rc;
    case GNTTABOP_unmap_grant_ref:
        rc = BATCH(cmd, uop, count, struct gnttab_unmap_grant_ref,
                   gnttab_unmap_grant_ref);
        gnttab_flush_host_mappings();
        return rc;
    case GNTTABOP_unmap_and_replace:
        rc = BATCH(cmd, uop, count, struct gnttab_unmap_and_replace,
                   gnttab_unmap_and_replace);
        gnttab_flush_host_mappings();
        return rc;
    case GNTTABOP_setup_table:
        return BATCH(cmd, uop, count, struct gnttab_setup_table, setup_table);
    case GNTTABOP_dump_table:
        return dump_table(uop, count);
    case GNTTABOP_copy:
        gnttab_copy_base = uop;
        return BATCH(cmd, uop, count, struct gnttab_copy, gnttab_copy);
    case GNTTABOP_query_size:
        return BATCH(cmd, uop, count, struct gnttab_query_size, query_size);
    case GNTTABOP_set_version:
        return set_version(uop);
    case GNTTABOP_get_status_frames:
        return get_status_frames(uop, count);
    case GNTTABOP_get_version:
        return get_version(uop);
    case GNTTABOP_swap_grant_ref:
        return BATCH(cmd, uop, count, struct gnttab_swap_grant_ref,
                     swap_grant_ref);
    case GNTTABOP_cache_flush:
        return BATCH(cmd, uop, count, struct gnttab_cache_flush,
                     gnttab_cache_flush);
    default:
        return -ENOSYS;
    }
}
