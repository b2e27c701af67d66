/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * transaction.c: transactions see the tree as it was when they started,
 * plus their own changes, as docs/misc/xenstore.txt promises, without
 * copying the tree.
 *
 * A transaction keeps an entry per node it touched. An entry either
 * refers to the committed node (which then has not changed since the
 * transaction started) or holds a state of its own: the transaction's
 * changes, or the node as it was before someone else changed it. The
 * latter comes from tx_capture(), which store.c calls before any change
 * to the committed tree: every open transaction that does not yet have
 * its own copy of that node gets one. Paths below a node the transaction
 * removed are absent to it unless it created them again.
 *
 * Commit checks that no node the transaction looked at has changed since
 * (else EAGAIN), then applies its removals and writes, firing watches
 * for the nodes it changed itself (not for parents whose only change is
 * a new child, as on Xen).
 *
 * Captured states are bounded: a transaction left open while more than
 * CAPTURE_MAX nodes change around it is failed with EAGAIN.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define CAPTURE_MAX 16384

struct tx_entry {
    char *path;
    uint64_t base_gen; /* committed generation when recorded; 0: absent */
    unsigned int mods; /* changes made here (for DIRECTORY_PART) */
    bool checked; /* looked at by the transaction: checked at commit */
    bool own; /* exists, value, perms below are this entry's */
    bool children_own; /* children below are this entry's */
    bool exists;
    bool modified; /* value or perms set: written at commit */
    bool fire; /* a watch event at commit */
    bool created; /* a node new to the tree, for its creator's quota */
    char *value;
    unsigned int len;
    struct xs_perm *perms;
    unsigned int nperms;
    char *children;
    unsigned int childlen;
    struct tx_entry *hash_next, *next;
};

struct transaction {
    uint32_t id;
    struct connection *conn;
    struct tx_entry **buckets;
    unsigned int nbuckets, nr_entries;
    struct tx_entry *entries, **tail; /* in the order recorded */
    unsigned int touched; /* entries the transaction recorded itself */
    unsigned int captured; /* entries others' changes recorded */
    char **removed; /* paths removed, in order */
    unsigned int nremoved;
    /* For an unprivileged creator's node quota: nodes it will add. */
    unsigned int created;
    unsigned int removed_owned; /* its committed nodes it removes */
    int error; /* once set, the transaction is failed */
    struct transaction *next; /* on its connection */
    struct transaction *all_next, **all_prev; /* every open transaction */
};

static struct transaction *all_open;

/* ---- entries ---- */

static unsigned int hash(const char *p, unsigned int n)
{
    unsigned int h = 5381;

    while ( *p )
        h = h * 33 + (unsigned char)*p++;
    return h & (n - 1);
}

static struct tx_entry *entry_find(const struct transaction *tx,
                                   const char *path)
{
    struct tx_entry *e;

    for ( e = tx->buckets[hash(path, tx->nbuckets)]; e; e = e->hash_next )
        if ( !strcmp(e->path, path) )
            return e;
    return NULL;
}

static void rehash(struct transaction *tx)
{
    unsigned int n = tx->nbuckets * 4, i;
    struct tx_entry **b = calloc(n, sizeof(*b)), *e;

    if ( !b )
        return;
    for ( i = 0; i < tx->nbuckets; i++ )
        while ( (e = tx->buckets[i]) )
        {
            tx->buckets[i] = e->hash_next;
            e->hash_next = b[hash(e->path, n)];
            b[hash(e->path, n)] = e;
        }
    free(tx->buckets);
    tx->buckets = b;
    tx->nbuckets = n;
}

static struct tx_entry *entry_new(struct transaction *tx, const char *path,
                                  const struct node *n)
{
    struct tx_entry *e = calloc(1, sizeof(*e));
    unsigned int h;

    if ( !e || !(e->path = strdup(path)) )
    {
        free(e);
        tx->error = -ENOMEM;
        return NULL;
    }
    e->base_gen = n ? n->generation : 0;
    if ( ++tx->nr_entries > tx->nbuckets * 2 )
        rehash(tx);
    h = hash(path, tx->nbuckets);
    e->hash_next = tx->buckets[h];
    tx->buckets[h] = e;
    *tx->tail = e;
    tx->tail = &e->next;
    return e;
}

static void *dup_bytes(const void *p, size_t n)
{
    void *d = malloc(n ? n : 1);

    if ( d && n )
        memcpy(d, p, n);
    return d;
}

/* Give e its own value and permissions, from n (NULL: absent). */
static void own_state(struct tx_entry *e, const struct node *n)
{
    if ( e->own )
        return;
    e->own = true;
    e->exists = n != NULL;
    if ( !n )
        return;
    e->value = dup_bytes(n->value, n->len + 1);
    e->len = n->len;
    e->perms = dup_bytes(n->perms, n->nperms * sizeof(*n->perms));
    e->nperms = n->nperms;
}

/* Give e its own child list, from n (NULL: none). */
static void own_children(struct tx_entry *e, const struct node *n)
{
    if ( e->children_own )
        return;
    e->children_own = true;
    e->childlen = n ? n->childlen : 0;
    e->children = n ? dup_bytes(n->children, n->childlen) : NULL;
}

static bool removed_by(const struct transaction *tx, const char *path)
{
    unsigned int i;

    for ( i = 0; i < tx->nremoved; i++ )
        if ( path_is_below(path, tx->removed[i]) )
            return true;
    return false;
}

void tx_capture(const char *path, const struct node *n)
{
    struct transaction *tx;

    for ( tx = all_open; tx; tx = tx->all_next )
    {
        struct tx_entry *e = entry_find(tx, path);

        if ( tx->error || (e && e->own && e->children_own) )
            continue;
        if ( !e )
        {
            if ( removed_by(tx, path) )
                continue; /* absent to it whatever happens */
            if ( ++tx->captured > CAPTURE_MAX )
            {
                tx->error = -EAGAIN;
                continue;
            }
            if ( !(e = entry_new(tx, path, n)) )
                continue;
        }
        own_state(e, n);
        own_children(e, n);
    }
}

/* ---- what a transaction sees ---- */

static void view_of_node(const struct node *n, struct view *v)
{
    *v = (struct view){ n->value,    n->len,      n->perms,     n->nperms,
                        n->children, n->childlen, n->generation };
}

/* path as tx sees it; e is its entry, if any. */
static bool state(const struct transaction *tx, const char *path,
                  const struct tx_entry *e, struct view *v)
{
    const struct node *n = NULL;

    if ( !e && removed_by(tx, path) )
        return false;
    if ( !e || !e->own || !e->children_own )
        n = store_lookup(path);
    if ( e && e->own ? !e->exists : !n )
        return false;
    if ( !e )
    {
        view_of_node(n, v);
        return true;
    }
    v->value = e->own ? e->value : n->value;
    v->len = e->own ? e->len : n->len;
    v->perms = e->own ? e->perms : n->perms;
    v->nperms = e->own ? e->nperms : n->nperms;
    v->children = e->children_own ? e->children : n->children;
    v->childlen = e->children_own ? e->childlen : n->childlen;
    v->generation = e->base_gen + e->mods;
    return true;
}

/* The entry for path, recorded (and checked at commit) on first touch. */
static struct tx_entry *touch(struct transaction *tx, const char *path)
{
    struct tx_entry *e = entry_find(tx, path);
    struct connection *c = tx->conn;

    if ( !e && !tx->error )
    {
        if ( !c->privileged &&
             quota_over(QUOTA_TRANSACTION_NODES, c->domid, tx->touched + 1) )
        {
            tx->error = -ENOSPC;
            return NULL;
        }
        e = entry_new(tx, path, store_lookup(path));
        if ( e )
            tx->touched++;
        /* Below a node it removed, the committed one is gone for it. */
        if ( e && removed_by(tx, path) )
        {
            own_state(e, NULL);
            own_children(e, NULL);
        }
    }
    if ( e )
        e->checked = true;
    return e;
}

bool tx_view(struct transaction *tx, const char *path, struct view *v)
{
    struct node *n;

    if ( !tx )
    {
        n = store_lookup(path);
        if ( n )
            view_of_node(n, v);
        return n != NULL;
    }
    if ( tx->error )
        return false;
    if ( !entry_find(tx, path) && removed_by(tx, path) )
        return false;
    return state(tx, path, touch(tx, path), v);
}

int tx_error(const struct transaction *tx)
{
    return tx ? tx->error : 0;
}

/* ---- changes ---- */

/* The owner of nodes c creates (see XS_OWNER_INHERIT). */
static unsigned int creator(const struct connection *c)
{
    return c->privileged ? XS_OWNER_INHERIT : c->domid;
}

/* Make path exist in tx (creating parents), new nodes owned by owner. */
static struct tx_entry *tx_create(struct transaction *tx, const char *path,
                                  unsigned int owner)
{
    struct tx_entry *e = touch(tx, path), *pe;
    struct view v;
    char *parent;

    if ( !e )
        return NULL;
    if ( state(tx, path, e, &v) )
    {
        own_state(e, store_lookup(path));
        return e;
    }
    if ( !strcmp(path, "/") || path_is_special(path) )
        return NULL;
    parent = path_parent(path);
    pe = tx_create(tx, parent, owner);
    free(parent);
    if ( !pe )
        return NULL;
    own_children(pe, store_lookup(pe->path));
    children_add(&pe->children, &pe->childlen, path_basename(path));
    pe->mods++;
    free(e->value);
    free(e->perms);
    free(e->children);
    e->own = e->children_own = e->exists = e->modified = true;
    if ( owner != XS_OWNER_INHERIT )
    {
        e->created = true;
        tx->created++;
    }
    e->value = strdup("");
    e->len = 0;
    e->perms = dup_bytes(pe->perms, pe->nperms * sizeof(*pe->perms));
    e->nperms = pe->nperms;
    if ( owner != XS_OWNER_INHERIT )
        e->perms[0].domid = owner;
    e->children = NULL;
    e->childlen = 0;
    return e;
}

int tx_write(struct connection *c, struct transaction *tx, const char *path,
             const char *value, unsigned int len, bool create_only)
{
    struct tx_entry *e;
    struct view v;
    bool existed = tx_view(tx, path, &v);
    int rc;

    if ( tx_error(tx) )
        return tx_error(tx);
    if ( create_only && existed )
        return 0;
    if ( !tx )
    {
        rc = store_write(path, create_only ? NULL : value, len, creator(c),
                         NULL, 0);
        if ( !rc )
            watch_fire(path, false, NULL, 0);
        return rc;
    }
    e = tx_create(tx, path, creator(c));
    if ( !e )
        return tx->error ? tx->error : -ENOSPC;
    if ( !create_only )
    {
        free(e->value);
        e->value = dup_bytes(value, len + 1);
        e->value[len] = '\0';
        e->len = len;
    }
    e->modified = e->fire = true;
    e->mods++;
    return 0;
}

static void fire_removed(const char *path, bool exact, void *arg)
{
    (void)arg;
    watch_fire(path, exact, NULL, 0);
}

int tx_rm(struct connection *c, struct transaction *tx, const char *path)
{
    struct tx_entry *e, *pe;
    char *parent, **r;

    if ( !tx )
        return store_rm(path, fire_removed, NULL);
    if ( !touch(tx, path) )
        return tx->error;
    parent = path_parent(path);
    pe = touch(tx, parent);
    free(parent);
    if ( !pe )
        return tx->error;
    own_children(pe, store_lookup(pe->path));
    children_remove(pe->children, &pe->childlen, path_basename(path));
    pe->mods++;
    /* Everything at or below path is gone for this transaction. */
    for ( e = tx->entries; e; e = e->next )
        if ( path_is_below(e->path, path) )
        {
            if ( e->created && e->exists )
                tx->created--;
            e->created = false;
            own_state(e, NULL);
            own_children(e, NULL);
            e->exists = e->modified = e->fire = false;
            e->childlen = 0;
        }
    if ( !c->privileged && !removed_by(tx, path) )
        tx->removed_owned += store_count_owned(path, c->domid);
    r = realloc(tx->removed, (tx->nremoved + 1) * sizeof(*r));
    if ( !r || !(r[tx->nremoved] = strdup(path)) )
    {
        tx->removed = r ? r : tx->removed;
        return tx->error = -ENOMEM;
    }
    tx->removed = r;
    tx->nremoved++;
    return 0;
}

int tx_set_perms(struct connection *c, struct transaction *tx, const char *path,
                 struct xs_perm *perms, unsigned int nperms)
{
    struct tx_entry *e;
    struct xs_perm *old;
    struct node *n;
    unsigned int nold;
    int rc;

    if ( !tx )
    {
        n = store_lookup(path);
        if ( !n )
            return -ENOENT;
        nold = n->nperms;
        old = dup_bytes(n->perms, nold * sizeof(*old));
        rc = store_set_perms(path, perms, nperms);
        if ( !rc )
            watch_fire(path, false, old, nold);
        free(old);
        return rc;
    }
    e = tx_create(tx, path, creator(c));
    if ( !e )
        return tx->error ? tx->error : -ENOENT;
    free(e->perms);
    e->perms = dup_bytes(perms, nperms * sizeof(*perms));
    e->nperms = nperms;
    e->modified = e->fire = true;
    e->mods++;
    return 0;
}

/* ---- a guest's node quota ---- */

/*
 * Nodes of c's domain the transaction adds to the tree, net of those it
 * removes (0 for a privileged c). While the transaction runs this is an
 * estimate for the checks of each request; commit counts again.
 */
int tx_nodes_added(const struct transaction *tx)
{
    return tx ? (int)tx->created - (int)tx->removed_owned : 0;
}

/* Committed nodes of domid the removals will take, each counted once. */
static unsigned int removed_owned_now(const struct transaction *tx,
                                      unsigned int domid)
{
    unsigned int i, j, n = 0;

    for ( i = 0; i < tx->nremoved; i++ )
    {
        for ( j = 0; j < tx->nremoved; j++ )
            if ( j != i && path_is_below(tx->removed[i], tx->removed[j]) &&
                 (j < i || strcmp(tx->removed[i], tx->removed[j])) )
                break;
        if ( j == tx->nremoved )
            n += store_count_owned(tx->removed[i], domid);
    }
    return n;
}

/* As Xen's: a commit that creates nodes must leave them within quota. */
static int commit_quota(const struct transaction *tx)
{
    const struct connection *c = tx->conn;
    long after;

    if ( c->privileged || !tx->created )
        return 0;
    after = (long)acct_nodes(c->domid) + tx->created -
            removed_owned_now(tx, c->domid);
    return after > 0 && quota_over(QUOTA_NODES, c->domid, after) ? -ENOSPC : 0;
}

/* ---- start and end ---- */

struct transaction *tx_start(struct connection *c, uint32_t *id)
{
    struct transaction *tx;

    if ( !c->privileged &&
         quota_over(QUOTA_TRANSACTIONS, c->domid, c->nr_transactions + 1) )
        return NULL;
    tx = calloc(1, sizeof(*tx));
    if ( !tx || !(tx->buckets = calloc(64, sizeof(*tx->buckets))) )
    {
        free(tx);
        return NULL;
    }
    tx->nbuckets = 64;
    tx->conn = c;
    do
        tx->id = ++c->next_tx_id;
    while ( !tx->id || tx_find(c, tx->id) );
    tx->tail = &tx->entries;
    tx->next = c->transactions;
    c->transactions = tx;
    c->nr_transactions++;
    tx->all_next = all_open;
    tx->all_prev = &all_open;
    if ( all_open )
        all_open->all_prev = &tx->all_next;
    all_open = tx;
    *id = tx->id;
    return tx;
}

struct transaction *tx_find(struct connection *c, uint32_t id)
{
    struct transaction *tx;

    for ( tx = c->transactions; tx; tx = tx->next )
        if ( tx->id == id )
            return tx;
    return NULL;
}

static void tx_free(struct connection *c, struct transaction *tx)
{
    struct transaction **pp;
    struct tx_entry *e, *next;
    unsigned int i;

    for ( pp = &c->transactions; *pp; pp = &(*pp)->next )
        if ( *pp == tx )
        {
            *pp = tx->next;
            break;
        }
    *tx->all_prev = tx->all_next;
    if ( tx->all_next )
        tx->all_next->all_prev = tx->all_prev;
    for ( e = tx->entries; e; e = next )
    {
        next = e->next;
        free(e->path);
        free(e->value);
        free(e->perms);
        free(e->children);
        free(e);
    }
    for ( i = 0; i < tx->nremoved; i++ )
        free(tx->removed[i]);
    free(tx->removed);
    free(tx->buckets);
    c->nr_transactions--;
    free(tx);
}

static bool tx_conflicts(const struct transaction *tx)
{
    const struct tx_entry *e;

    for ( e = tx->entries; e; e = e->next )
    {
        const struct node *n = store_lookup(e->path);

        if ( e->checked && (n ? n->generation : 0) != e->base_gen )
            return true;
    }
    return false;
}

/* Write one entry to the tree; fire its watches if it asked to. */
static void commit_entry(const struct tx_entry *e)
{
    const struct node *n = store_lookup(e->path);
    struct xs_perm *old = NULL;
    unsigned int nold = 0;

    if ( n && e->fire )
    {
        nold = n->nperms;
        old = dup_bytes(n->perms, nold * sizeof(*old));
    }
    store_write(e->path, e->value, e->len, e->perms[0].domid, e->perms,
                e->nperms);
    if ( e->fire )
        watch_fire(e->path, false, old, nold);
    free(old);
}

int tx_end(struct connection *c, struct transaction *tx, bool commit)
{
    const struct tx_entry *e;
    unsigned int i;
    int rc = commit ? tx->error : 0;

    /* Xen's order: the node quota first, then conflicts. */
    if ( !rc && commit )
        rc = commit_quota(tx);
    if ( !rc && commit && tx_conflicts(tx) )
        rc = -EAGAIN;
    /* Applying our own changes must not capture them into ourselves. */
    tx->error = -EAGAIN;
    for ( i = 0; !rc && commit && i < tx->nremoved; i++ )
        if ( store_lookup(tx->removed[i]) )
            store_rm(tx->removed[i], fire_removed, NULL);
    for ( e = !rc && commit ? tx->entries : NULL; e; e = e->next )
        if ( e->own && e->exists && e->modified )
            commit_entry(e);
    tx_free(c, tx);
    return rc;
}

void tx_abort_all(struct connection *c)
{
    while ( c->transactions )
        tx_end(c, c->transactions, false);
}
