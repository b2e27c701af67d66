/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * transaction.c: optimistic transactions. A transaction never copies the
 * tree: it keeps an entry for each node it touched, with the generation
 * the node had when first touched (0 if absent) and, for nodes it wrote
 * or removed, their new state. Committing checks that none of those
 * generations changed (else EAGAIN) and then applies the writes in
 * order, firing watches. Reads and writes outside a transaction go
 * straight to the tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct tx_entry {
    char *path;
    uint64_t base_gen; /* generation when first touched, 0 = absent */
    bool written; /* this transaction changed it */
    bool exists; /* its state within the transaction */
    bool recreated; /* removed, then created again */
    char *value;
    unsigned int len;
    struct xs_perm *perms;
    unsigned int nperms;
    struct tx_entry *next;
};

struct transaction {
    uint32_t id;
    struct tx_entry *entries, **tail;
    unsigned int nr_entries;
    struct transaction *next;
};

#define TX_MAX_ENTRIES 1000

struct transaction *tx_start(struct connection *c, uint32_t *id)
{
    struct transaction *tx;

    if ( !c->privileged &&
         c->nr_transactions >= quota_get(QUOTA_TRANSACTIONS, c->domid) )
        return NULL;
    tx = calloc(1, sizeof(*tx));
    tx->id = ++c->next_tx_id ? c->next_tx_id : ++c->next_tx_id;
    tx->tail = &tx->entries;
    tx->next = c->transactions;
    c->transactions = tx;
    c->nr_transactions++;
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

static struct tx_entry *entry_find(struct transaction *tx, const char *path)
{
    struct tx_entry *e;

    for ( e = tx->entries; e; e = e->next )
        if ( !strcmp(e->path, path) )
            return e;
    return NULL;
}

/* Removed by this transaction through an ancestor? */
static bool removed_above(struct transaction *tx, const char *path)
{
    struct tx_entry *e;

    for ( e = tx->entries; e; e = e->next )
        if ( e->written && !e->exists && path_is_below(path, e->path) &&
             strcmp(path, e->path) )
            return true;
    return false;
}

/* The entry for path, recording the committed state on first touch. */
static struct tx_entry *entry_get(struct transaction *tx, const char *path)
{
    struct tx_entry *e = entry_find(tx, path);
    struct node *n;

    if ( e || tx->nr_entries >= TX_MAX_ENTRIES )
        return e;
    n = store_lookup(path);
    e = calloc(1, sizeof(*e));
    e->path = strdup(path);
    e->base_gen = n ? n->generation : 0;
    e->exists = n != NULL && !removed_above(tx, path);
    *tx->tail = e;
    tx->tail = &e->next;
    tx->nr_entries++;
    return e;
}

bool tx_view(struct transaction *tx, const char *path, struct view *v)
{
    struct node *n;
    struct tx_entry *e;

    if ( tx )
    {
        e = entry_get(tx, path);
        if ( !e )
            return false;
        if ( e->written )
        {
            if ( !e->exists )
                return false;
            *v = (struct view){ e->value, e->len, e->perms, e->nperms };
            return true;
        }
        if ( !e->exists )
            return false;
    }
    n = store_lookup(path);
    if ( !n )
        return false;
    *v = (struct view){ n->value, n->len, n->perms, n->nperms };
    return true;
}

static int append_name(char *buf, unsigned int size, unsigned int *used,
                       const char *name)
{
    size_t l = strlen(name) + 1;

    if ( *used + l > size )
        return -E2BIG;
    memcpy(buf + *used, name, l);
    *used += l;
    return 0;
}

int tx_children(struct transaction *tx, const char *path, char *buf,
                unsigned int size, unsigned int *used)
{
    struct view v;
    struct node *n;
    struct tx_entry *e;
    unsigned int i;
    char child[XENSTORE_ABS_PATH_MAX + 64];

    *used = 0;
    if ( !tx_view(tx, path, &v) )
        return -ENOENT;
    n = store_lookup(path);
    if ( n && !(tx && entry_find(tx, path)->recreated) )
        for ( i = 0; i < n->nchildren; i++ )
        {
            struct view cv;

            snprintf(child, sizeof(child), "%s%s%s", path,
                     strcmp(path, "/") ? "/" : "", n->children[i]);
            if ( tx && !tx_view(tx, child, &cv) )
                continue;
            if ( append_name(buf, size, used, n->children[i]) )
                return -E2BIG;
        }
    if ( !tx )
        return 0;
    /* Children this transaction created. */
    for ( e = tx->entries; e; e = e->next )
    {
        char *parent;
        bool mine;

        if ( !e->written || !e->exists || !strcmp(e->path, "/") )
            continue;
        parent = path_parent(e->path);
        mine = !strcmp(parent, path) && (!n || !store_lookup(e->path) ||
                                         entry_find(tx, path)->recreated);
        free(parent);
        if ( mine && append_name(buf, size, used, path_basename(e->path)) )
            return -E2BIG;
    }
    return 0;
}

static void set_entry(struct tx_entry *e, const char *value, unsigned int len,
                      const struct xs_perm *perms, unsigned int nperms)
{
    if ( value )
    {
        free(e->value);
        e->value = malloc(len + 1);
        memcpy(e->value, value, len);
        e->value[len] = '\0';
        e->len = len;
    }
    if ( perms )
    {
        free(e->perms);
        e->perms = malloc(nperms * sizeof(*perms));
        memcpy(e->perms, perms, nperms * sizeof(*perms));
        e->nperms = nperms;
    }
}

/* Make path exist in the transaction (creating parents), owned by domid. */
static struct tx_entry *tx_create(struct transaction *tx, const char *path,
                                  unsigned int domid)
{
    struct tx_entry *e = entry_get(tx, path);
    struct view pv;
    char *parent;

    if ( !e )
        return NULL;
    if ( e->exists )
    {
        if ( !e->written )
        {
            struct view v;

            tx_view(tx, path, &v);
            e->written = true;
            set_entry(e, v.value, v.len, v.perms, v.nperms);
        }
        return e;
    }
    parent = path_parent(path);
    if ( !tx_create(tx, parent, domid) || !tx_view(tx, parent, &pv) )
    {
        free(parent);
        return NULL;
    }
    free(parent);
    if ( e->base_gen )
        e->recreated = true;
    e->written = true;
    e->exists = true;
    set_entry(e, "", 0, pv.perms, pv.nperms);
    if ( domid != XS_OWNER_INHERIT )
        e->perms[0].domid = domid;
    return e;
}

/* The owner of nodes c creates (see XS_OWNER_INHERIT). */
static unsigned int creator(const struct connection *c)
{
    return c->privileged ? XS_OWNER_INHERIT : c->domid;
}

int tx_write(struct connection *c, struct transaction *tx, const char *path,
             const char *value, unsigned int len, bool create_only)
{
    struct tx_entry *e;
    bool existed;
    struct view v;
    int rc;

    if ( len > XS_NODE_SIZE_MAX )
        return -E2BIG;
    existed = tx_view(tx, path, &v);
    if ( create_only && existed )
        return 0;
    if ( !tx )
    {
        rc = store_write(path, create_only ? NULL : value, len, creator(c),
                         NULL, 0);
        if ( !rc )
            watch_fire(path, false);
        return rc;
    }
    e = tx_create(tx, path, creator(c));
    if ( !e )
        return -ENOSPC;
    if ( !create_only )
        set_entry(e, value, len, NULL, 0);
    return 0;
}

static void fire_removed(const char *path, void *arg)
{
    (void)arg;
    watch_fire(path, true);
}

int tx_rm(struct connection *c, struct transaction *tx, const char *path)
{
    struct tx_entry *e;
    struct view v;

    (void)c;
    if ( !strcmp(path, "/") )
        return -EINVAL;
    if ( !tx_view(tx, path, &v) )
        return -ENOENT;
    if ( !tx )
        return store_rm(path, fire_removed, NULL);
    e = entry_get(tx, path);
    if ( !e )
        return -ENOSPC;
    /* Record the parent too: its child list changes. */
    {
        char *parent = path_parent(path);

        entry_get(tx, parent);
        free(parent);
    }
    e->written = true;
    e->exists = false;
    return 0;
}

int tx_set_perms(struct connection *c, struct transaction *tx, const char *path,
                 struct xs_perm *perms, unsigned int nperms)
{
    struct tx_entry *e;
    int rc;

    if ( !tx )
    {
        rc = store_set_perms(path, perms, nperms);
        if ( !rc )
            watch_fire(path, false);
        return rc;
    }
    e = tx_create(tx, path, creator(c));
    if ( !e )
        return -ENOSPC;
    set_entry(e, NULL, 0, perms, nperms);
    return 0;
}

static void tx_free(struct connection *c, struct transaction *tx)
{
    struct transaction **pp;
    struct tx_entry *e, *next;

    for ( pp = &c->transactions; *pp; pp = &(*pp)->next )
        if ( *pp == tx )
        {
            *pp = tx->next;
            break;
        }
    for ( e = tx->entries; e; e = next )
    {
        next = e->next;
        free(e->path);
        free(e->value);
        free(e->perms);
        free(e);
    }
    c->nr_transactions--;
    free(tx);
}

static bool tx_conflicts(struct transaction *tx)
{
    struct tx_entry *e;

    for ( e = tx->entries; e; e = e->next )
    {
        struct node *n = store_lookup(e->path);

        if ( (n ? n->generation : 0) != e->base_gen )
            return true;
    }
    return false;
}

int tx_end(struct connection *c, struct transaction *tx, bool commit)
{
    struct tx_entry *e;

    if ( commit && tx_conflicts(tx) )
    {
        tx_free(c, tx);
        return -EAGAIN;
    }
    for ( e = commit ? tx->entries : NULL; e; e = e->next )
    {
        if ( !e->written )
            continue;
        if ( (!e->exists || e->recreated) && store_lookup(e->path) )
            store_rm(e->path, fire_removed, NULL);
        if ( e->exists )
        {
            store_write(e->path, e->value, e->len, e->perms[0].domid, e->perms,
                        e->nperms);
            watch_fire(e->path, false);
        }
    }
    tx_free(c, tx);
    return 0;
}

void tx_abort_all(struct connection *c)
{
    while ( c->transactions )
        tx_end(c, c->transactions, false);
}
