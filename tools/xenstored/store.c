/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store.c: the committed xenstore tree: nodes in a hash table by path,
 * each with its value, permissions, child names and a generation that
 * changes whenever the node, its permissions or its set of children
 * change (transactions compare generations to find conflicts).
 *
 * A node's children are kept as DIRECTORY sends them (names, each
 * NUL-terminated, in creation order), so listing a directory costs one
 * copy whatever the number of children.
 *
 * Before any node changes, open transactions are given its state as it
 * was (tx_capture), which is how they keep seeing the tree as of their
 * start.
 *
 * The special watch names (@introduceDomain, @releaseDomain) are nodes
 * outside the tree: they hold only the permissions that say which
 * unprivileged domains hear of those events.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define HASH_SIZE 16384

static struct node *table[HASH_SIZE];
static uint64_t generation_counter;

uint64_t store_next_generation(void)
{
    return ++generation_counter;
}

static unsigned int hash_path(const char *p)
{
    unsigned int h = 5381;

    while ( *p )
        h = h * 33 + (unsigned char)*p++;
    return h % HASH_SIZE;
}

struct node *store_lookup(const char *path)
{
    struct node *n;

    for ( n = table[hash_path(path)]; n; n = n->hash_next )
        if ( !strcmp(n->path, path) )
            return n;
    return NULL;
}

/* ---- child lists ---- */

/* Byte offset of name in a packed list, or -1. */
int children_find(const char *list, unsigned int len, const char *name)
{
    unsigned int off = 0;

    while ( off < len )
    {
        if ( !strcmp(list + off, name) )
            return off;
        off += strlen(list + off) + 1;
    }
    return -1;
}

int children_add(char **list, unsigned int *len, const char *name)
{
    size_t l = strlen(name) + 1;
    char *n = realloc(*list, *len + l);

    if ( !n )
        return -ENOMEM;
    memcpy(n + *len, name, l);
    *list = n;
    *len += l;
    return 0;
}

void children_remove(char *list, unsigned int *len, const char *name)
{
    int off = children_find(list, *len, name);
    size_t l;

    if ( off < 0 )
        return;
    l = strlen(list + off) + 1;
    memmove(list + off, list + off + l, *len - off - l);
    *len -= l;
}

/* ---- nodes ---- */

/* Count n for (sign 1) or against (-1) its owner in accounting.c. */
static void node_account(const struct node *n, int sign)
{
    acct_add(n->perms[0].domid, sign,
             sign * (long)acct_node_bytes(n->path, n->len, n->nperms));
}

/* owner: XS_OWNER_INHERIT keeps perms[0] as given. */
static struct node *node_new(const char *path, const struct xs_perm *perms,
                             unsigned int nperms, unsigned int owner)
{
    struct node *n = calloc(1, sizeof(*n));
    unsigned int h = hash_path(path);

    tx_capture(path, NULL);
    n->path = strdup(path);
    n->value = strdup("");
    n->perms = malloc(nperms * sizeof(*perms));
    memcpy(n->perms, perms, nperms * sizeof(*perms));
    n->nperms = nperms;
    if ( owner != XS_OWNER_INHERIT )
        n->perms[0].domid = owner;
    n->generation = store_next_generation();
    n->hash_next = table[h];
    table[h] = n;
    node_account(n, 1);
    return n;
}

static void node_add_child(struct node *parent, const char *name)
{
    tx_capture(parent->path, parent);
    if ( !children_add(&parent->children, &parent->childlen, name) )
        parent->nchildren++;
    parent->generation = store_next_generation();
}

static void node_remove_child(struct node *parent, const char *name)
{
    unsigned int before = parent->childlen;

    tx_capture(parent->path, parent);
    children_remove(parent->children, &parent->childlen, name);
    if ( parent->childlen != before )
        parent->nchildren--;
    parent->generation = store_next_generation();
}

/* As Xen's xenstored starts: /, /tool, /tool/xenstored, dom0's home. */
void store_init(void)
{
    static const struct xs_perm dom0_none = { 0, XS_PERM_NONE };

    if ( store_lookup("/") )
        return;
    node_new("/", &dom0_none, 1, XS_OWNER_INHERIT);
    store_write("/tool/xenstored", "", 0, 0, NULL, 0);
    store_write("/local/domain/0", "", 0, 0, NULL, 0);
    node_new(XS_SPECIAL_INTRODUCE, &dom0_none, 1, XS_OWNER_INHERIT);
    node_new(XS_SPECIAL_RELEASE, &dom0_none, 1, XS_OWNER_INHERIT);
}

/* Find or create path; new nodes inherit the parent's perms, owned by domid. */
static struct node *node_get_or_create(const char *path, unsigned int domid)
{
    struct node *n = store_lookup(path), *parent;
    char *ppath;

    if ( n || path_is_special(path) || !strcmp(path, "/") )
        return n;
    ppath = path_parent(path);
    parent = node_get_or_create(ppath, domid);
    free(ppath);
    if ( !parent )
        return NULL;
    n = node_new(path, parent->perms, parent->nperms, domid);
    node_add_child(parent, path_basename(path));
    return n;
}

int store_write(const char *path, const char *value, unsigned int len,
                unsigned int domid, const struct xs_perm *perms,
                unsigned int nperms)
{
    struct node *n = node_get_or_create(path, domid);

    if ( !n )
        return -ENOENT;
    tx_capture(path, n);
    node_account(n, -1);
    if ( value )
    {
        free(n->value);
        n->value = malloc(len + 1);
        memcpy(n->value, value, len);
        n->value[len] = '\0';
        n->len = len;
    }
    if ( perms )
    {
        free(n->perms);
        n->perms = malloc(nperms * sizeof(*perms));
        memcpy(n->perms, perms, nperms * sizeof(*perms));
        n->nperms = nperms;
    }
    node_account(n, 1);
    n->generation = store_next_generation();
    persist_node(n);
    return 0;
}

int store_set_perms(const char *path, const struct xs_perm *perms,
                    unsigned int nperms)
{
    struct node *n = store_lookup(path);

    if ( !n )
        return -ENOENT;
    return store_write(path, NULL, 0, n->perms[0].domid, perms, nperms);
}

static void node_free(struct node *n)
{
    unsigned int h = hash_path(n->path);
    struct node **pp;

    tx_capture(n->path, n);
    for ( pp = &table[h]; *pp; pp = &(*pp)->hash_next )
        if ( *pp == n )
        {
            *pp = n->hash_next;
            break;
        }
    node_account(n, -1);
    free(n->children);
    free(n->perms);
    free(n->value);
    free(n->path);
    free(n);
}

/*
 * Children first, then the node itself, each told to fn while it still
 * exists (its permissions decide who hears of it): the node removed is
 * reported to the watches at or above it, each descendant only to a
 * watch on that very node (exact), as Xen's xenstored does. buf holds
 * n's path (len bytes) and is extended in place for each child, so a
 * level of depth costs a small frame, not a path buffer.
 */
static void rm_subtree(struct node *n, bool exact, store_rm_fn *fn, void *arg,
                       char *buf, size_t len)
{
    unsigned int off;

    for ( off = 0; off < n->childlen; off += strlen(n->children + off) + 1 )
    {
        const char *name = n->children + off;
        size_t sep = len > 1, l = strlen(name);
        struct node *c;

        if ( len + sep + l + 1 > XS_PATH_BUF )
            continue;
        buf[len] = '/';
        memcpy(buf + len + sep, name, l + 1);
        if ( (c = store_lookup(buf)) )
            rm_subtree(c, true, fn, arg, buf, len + sep + l);
        buf[len] = '\0';
    }
    if ( fn )
        fn(n->path, exact, arg);
    node_free(n);
}

int store_rm(const char *path, store_rm_fn *fn, void *arg)
{
    struct node *n = store_lookup(path), *parent;
    char *ppath, buf[XS_PATH_BUF];
    size_t len = strlen(path);

    if ( !n )
        return -ENOENT;
    if ( !strcmp(path, "/") || path_is_special(path) || len >= sizeof(buf) )
        return -EINVAL;
    ppath = path_parent(path);
    parent = store_lookup(ppath);
    free(ppath);
    memcpy(buf, path, len + 1);
    rm_subtree(n, false, fn, arg, buf, len);
    if ( parent )
        node_remove_child(parent, path_basename(path));
    persist_rm(path);
    return 0;
}

/* buf holds a node's path (len bytes); extended in place for each child. */
static unsigned int count_owned(char *buf, size_t len, size_t size,
                                unsigned int domid)
{
    const struct node *n = store_lookup(buf);
    unsigned int off, count;

    if ( !n )
        return 0;
    count = n->perms[0].domid == domid;
    for ( off = 0; off < n->childlen; off += strlen(n->children + off) + 1 )
    {
        const char *name = n->children + off;
        size_t sep = len > 1, l = strlen(name);

        if ( len + sep + l + 1 > size )
            continue;
        buf[len] = '/';
        memcpy(buf + len + sep, name, l + 1);
        count += count_owned(buf, len + sep + l, size, domid);
        buf[len] = '\0';
    }
    return count;
}

unsigned int store_count_owned(const char *path, unsigned int domid)
{
    char buf[XS_PATH_BUF];
    size_t len = strlen(path);

    if ( len >= sizeof(buf) )
        return 0;
    memcpy(buf, path, len + 1);
    return count_owned(buf, len, sizeof(buf), domid);
}

void store_for_each_special(void (*fn)(const struct node *n, void *arg),
                            void *arg)
{
    const struct node *n;

    if ( (n = store_lookup(XS_SPECIAL_INTRODUCE)) )
        fn(n, arg);
    if ( (n = store_lookup(XS_SPECIAL_RELEASE)) )
        fn(n, arg);
}
