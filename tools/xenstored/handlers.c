/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handlers.c: one handler per message type, found in a table that also
 * says which need privilege and which ignore the transaction id; the
 * data, watch and transaction messages are here, the domain, feature
 * and quota ones in handlers_domain.c. Checks come in the order Xen's
 * xenstored makes them, so that clients see the same error:
 *  - an unknown type, or a reply-only one (WATCH_EVENT, ERROR), ENOSYS;
 *  - a privileged type from an unprivileged domain, EACCES;
 *  - a transaction id that names no transaction, ENOENT;
 *  - malformed arguments (READ and friends take exactly one string),
 *    EINVAL; then access (a missing node is ENOENT only to a caller who
 *    may access its nearest existing ancestor, else EACCES), then quotas.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/* Xen's accounting of a node's size: a header, 8 bytes a permission. */
#define NODE_HDR_BYTES 16
#define NODE_PERM_BYTES 8

void reply(struct request *r, const void *data, unsigned int len)
{
    if ( len > XENSTORE_PAYLOAD_MAX )
        conn_send_error(r->c, r->hdr, E2BIG);
    else
        conn_send(r->c, r->hdr->type, r->hdr->req_id, r->hdr->tx_id, data, len);
}

void reply_ok(struct request *r)
{
    reply(r, "OK", 3);
}

void reply_uint(struct request *r, unsigned int v)
{
    char buf[16];

    reply(r, buf, snprintf(buf, sizeof(buf), "%u", v) + 1);
}

const char *nth_string(struct request *r, unsigned int n)
{
    unsigned int off = 0;

    while ( off < r->len )
    {
        size_t l = strnlen(r->payload + off, r->len - off);

        if ( off + l == r->len )
            return NULL; /* not terminated */
        if ( !n-- )
            return r->payload + off;
        off += l + 1;
    }
    return NULL;
}

unsigned int count_strings(const struct request *r)
{
    unsigned int i, n = 0;

    for ( i = 0; i < r->len; i++ )
        n += r->payload[i] == '\0';
    return n;
}

/* The payload if it is exactly one string, else NULL. */
static const char *onearg(struct request *r)
{
    if ( !r->len || strlen(r->payload) + 1 != r->len )
        return NULL;
    return r->payload;
}

static int canonical(struct request *r, const char *in, bool allow_special)
{
    return path_canonical(r->c, in, allow_special, r->path, sizeof(r->path));
}

/* ---- access ---- */

static bool privileged_over(const struct connection *c, unsigned int owner)
{
    return c->privileged || domain_is_target_of(c->domid, owner);
}

static unsigned int perms_of(const struct request *r, const struct view *v)
{
    if ( privileged_over(r->c, v->perms[0].domid) )
        return XS_PERM_BOTH | XS_PERM_OWNER_BIT;
    if ( v->perms[0].domid == r->c->domid )
        return XS_PERM_BOTH | XS_PERM_OWNER_BIT;
    return perms_for(v->perms, v->nperms, r->c->domid);
}

/* The nearest existing ancestor of path (as the request sees it). */
static bool nearest_ancestor(struct request *r, const char *path,
                             struct view *v, size_t *len)
{
    char *p = path_parent(path);
    bool found;

    while ( !(found = tx_view(r->tx, p, v)) && strcmp(p, "/") &&
            !tx_error(r->tx) )
    {
        char *up = path_parent(p);

        free(p);
        p = up;
    }
    if ( len )
        *len = strlen(p);
    free(p);
    return found;
}

/*
 * 0 if path exists and the caller has every bit of want; -EACCES if not
 * (or if it is missing and the caller may not use its nearest ancestor
 * in that way, so that it learns nothing of it); else -ENOENT.
 */
static int check_access(struct request *r, const char *path, unsigned int want,
                        struct view *v)
{
    struct view a;

    if ( tx_view(r->tx, path, v) )
        return (perms_of(r, v) & want) == want ? 0 : -EACCES;
    if ( tx_error(r->tx) )
        return tx_error(r->tx);
    if ( r->c->privileged || !strcmp(path, "/") )
        return -ENOENT;
    if ( !nearest_ancestor(r, path, &a, NULL) )
        return tx_error(r->tx) ? tx_error(r->tx) : -ENOENT;
    return perms_of(r, &a) & want ? -ENOENT : -EACCES;
}

/* ---- quotas an unprivileged writer is held to ---- */

static size_t node_size(unsigned int nperms, unsigned int len,
                        unsigned int childlen)
{
    return NODE_HDR_BYTES + nperms * NODE_PERM_BYTES + len + childlen;
}

/*
 * Xen's node-size quota: the node written, and the existing ancestor
 * whose child list grows when it is created, must each fit.
 */
static int node_size_ok(struct request *r, const struct view *v, bool exists,
                        unsigned int len)
{
    unsigned int domid = r->c->domid;
    struct view a;
    size_t alen, first_len;

    if ( r->c->privileged )
        return 0;
    if ( exists )
        return quota_over(QUOTA_NODE_SIZE, domid,
                          node_size(v->nperms, len, v->childlen))
                   ? -ENOSPC
                   : 0;
    if ( !nearest_ancestor(r, r->path, &a, &alen) )
        return 0;
    /* The first missing component becomes the ancestor's new child. */
    first_len = strcspn(r->path + alen + (alen > 1), "/");
    if ( quota_over(QUOTA_NODE_SIZE, domid,
                    node_size(a.nperms, a.len, a.childlen + first_len + 1)) ||
         quota_over(QUOTA_NODE_SIZE, domid, node_size(a.nperms, len, 0)) )
        return -ENOSPC;
    return 0;
}

/* Nodes a write of r->path creates: those below its nearest ancestor. */
static unsigned int nodes_created(struct request *r, bool exists)
{
    struct view a;
    size_t alen, i;
    unsigned int n;

    if ( exists || !nearest_ancestor(r, r->path, &a, &alen) )
        return 0;
    n = alen == 1; /* below the root, the first has no slash before it */
    for ( i = alen; r->path[i]; i++ )
        n += r->path[i] == '/';
    return n;
}

/* May this request store value_len bytes at r->path within its quotas? */
static int quota_ok(struct request *r, const struct view *v, bool exists,
                    unsigned int value_len)
{
    unsigned int domid = r->c->domid;
    size_t held = acct_bytes(domid), replaced = 0, after;
    long nodes;

    if ( r->c->privileged )
        return 0;
    /* Each node the write creates counts, and so does the transaction. */
    nodes = (long)acct_nodes(domid) + tx_nodes_added(r->tx) +
            nodes_created(r, exists);
    if ( !exists && nodes > 0 && quota_over(QUOTA_NODES, domid, nodes) )
        return -ENOSPC;
    if ( exists && v->perms[0].domid == domid )
        replaced = acct_node_bytes(r->path, v->len, v->nperms);
    after = held - (replaced < held ? replaced : held) +
            acct_node_bytes(r->path, value_len, 1);
    if ( quota_over(QUOTA_MEMORY, domid, after) )
        return -ENOMEM;
    if ( quota_over(QUOTA_SOFT_MEMORY, domid, after) &&
         !quota_over(QUOTA_SOFT_MEMORY, domid, held) )
        xs_log("domain %u: over its soft memory quota (%zu bytes)", domid,
               after);
    return 0;
}

/* ---- data ---- */

static int do_read(struct request *r)
{
    struct view v;
    int rc = canonical(r, onearg(r), false);

    if ( !rc )
        rc = check_access(r, r->path, XS_PERM_READ, &v);
    if ( !rc )
        reply(r, v.value, v.len);
    return rc;
}

/* WRITE and MKDIR: create the node (and parents) if need be. */
static int write_or_create(struct request *r, const char *value,
                           unsigned int len, bool create_only)
{
    struct view v;
    int rc = check_access(r, r->path, XS_PERM_WRITE, &v);
    bool exists = !rc;

    if ( rc && rc != -ENOENT )
        return rc;
    if ( exists && create_only )
    {
        reply_ok(r);
        return 0;
    }
    rc = node_size_ok(r, &v, exists, len);
    if ( !rc )
        rc = quota_ok(r, &v, exists, len);
    if ( !rc )
        rc = tx_write(r->c, r->tx, r->path, value, len, create_only);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_write(struct request *r)
{
    const char *path = nth_string(r, 0);
    size_t plen;
    int rc = canonical(r, path, false);

    if ( rc )
        return rc;
    plen = strlen(path) + 1;
    return write_or_create(r, r->payload + plen, r->len - plen, false);
}

static int do_mkdir(struct request *r)
{
    int rc = canonical(r, onearg(r), false);

    return rc ? rc : write_or_create(r, NULL, 0, true);
}

/* Removing a missing node is fine if its parent exists (as on Xen). */
static int do_rm(struct request *r)
{
    struct view v;
    char *parent;
    int rc = canonical(r, onearg(r), false);

    if ( !rc )
        rc = check_access(r, r->path, XS_PERM_WRITE, &v);
    if ( rc == -ENOENT )
    {
        parent = path_parent(r->path);
        rc = check_access(r, parent, XS_PERM_READ, &v) ? -ENOENT : 0;
        free(parent);
        if ( !rc )
            reply_ok(r);
        return rc;
    }
    if ( !rc && !strcmp(r->path, "/") )
        rc = -EINVAL;
    if ( !rc )
        rc = tx_rm(r->c, r->tx, r->path);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_directory(struct request *r)
{
    struct view v;
    int rc = canonical(r, onearg(r), false);

    if ( !rc )
        rc = check_access(r, r->path, XS_PERM_READ, &v);
    if ( !rc )
        reply(r, v.children, v.childlen);
    return rc;
}

/*
 * DIRECTORY_PART path offset: the generation, then the names from that
 * byte offset, whole names only; the last part ends with an empty name,
 * and so does an offset at or past the end.
 */
static int do_directory_part(struct request *r)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    unsigned int off, head, take = 0, max;
    struct view v;
    int rc = count_strings(r) == 2 ? canonical(r, r->payload, false) : -EINVAL;

    if ( !rc )
        rc = check_access(r, r->path, XS_PERM_READ, &v);
    if ( rc )
        return rc;
    off = (unsigned int)atoi(r->payload + strlen(r->payload) + 1);
    head =
        snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v.generation) +
        1;
    max = sizeof(buf) - head - 1;
    if ( off < v.childlen )
        while ( take + strlen(v.children + off + take) < max )
        {
            take += strlen(v.children + off + take) + 1;
            if ( off + take == v.childlen )
                break;
        }
    memcpy(buf + head, v.children + off, take);
    if ( off >= v.childlen || off + take == v.childlen )
        buf[head + take++] = '\0';
    reply(r, buf, head + take);
    return 0;
}

static int do_get_perms(struct request *r)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    struct view v;
    int rc = canonical(r, onearg(r), true);

    if ( !rc )
        rc = check_access(r, r->path, XS_PERM_READ, &v);
    if ( !rc )
        reply(r, buf, perms_format(v.perms, v.nperms, buf, sizeof(buf)));
    return rc;
}

/* In Xen's order: the list, its size, its domains, then the node. */
static int do_set_perms(struct request *r)
{
    unsigned int n = count_strings(r), plen;
    struct xs_perm *perms;
    struct view v;
    int rc;

    if ( n < 2 )
        return -EINVAL;
    if ( !r->c->privileged &&
         quota_over(QUOTA_NODE_PERMISSIONS, r->c->domid, n - 1) )
        return -ENOSPC;
    plen = strlen(r->payload) + 1;
    rc = perms_parse(r->payload + plen, r->len - plen, &perms, &n);
    if ( rc )
        return rc;
    if ( !domain_exists(perms[0].domid) )
        rc = -ENOENT;
    perms_mark_missing(perms, n);
    if ( !rc )
        rc = canonical(r, r->payload, true);
    if ( !rc )
        rc = check_access(r, r->path, XS_PERM_WRITE | XS_PERM_OWNER_BIT, &v);
    if ( !rc && !r->c->privileged && perms[0].domid != v.perms[0].domid )
        rc = -EPERM; /* only dom0 gives nodes away */
    if ( !rc && !r->c->privileged &&
         quota_over(QUOTA_NODE_SIZE, r->c->domid,
                    node_size(n, v.len, v.childlen)) )
        rc = -ENOSPC;
    if ( !rc )
        rc = tx_set_perms(r->c, r->tx, r->path, perms, n);
    free(perms);
    if ( !rc )
        reply_ok(r);
    return rc;
}

/* ---- watches ---- */

static int do_watch(struct request *r)
{
    unsigned int n = count_strings(r);
    const char *path = nth_string(r, 0), *token = nth_string(r, 1);
    unsigned int features =
        r->c->ring ? domain_features(r->c->domid) : XS_FEATURES;
    int depth = -1, rc;
    char buf[XENSTORE_PAYLOAD_MAX + 1];

    if ( n == 3 && (features & XENSTORE_SERVER_FEATURE_WATCHDEPTH) )
    {
        depth = atoi(nth_string(r, 2));
        if ( depth < 0 )
            return -EINVAL;
    }
    else if ( n != 2 )
        return -EINVAL;
    rc = canonical(r, path, true);
    if ( !rc )
        rc = watch_add(r->c, path, r->path, token, depth);
    if ( rc )
        return rc;
    reply_ok(r);
    /* A new watch fires once at once, with the path as registered. */
    n = snprintf(buf, sizeof(buf), "%s%c%s", path, '\0', token);
    if ( n < XENSTORE_PAYLOAD_MAX )
        conn_send(r->c, XS_WATCH_EVENT, 0, 0, buf, n + 1);
    return 0;
}

static int do_unwatch(struct request *r)
{
    int rc = count_strings(r) == 2 ? canonical(r, r->payload, true) : -EINVAL;

    if ( !rc )
        rc = watch_remove(r->c, r->path, nth_string(r, 1));
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_reset_watches(struct request *r)
{
    watch_reset(r->c);
    reply_ok(r);
    return 0;
}

/* ---- transactions ---- */

static int do_transaction_start(struct request *r)
{
    uint32_t id;

    if ( r->tx )
        return -EBUSY;
    if ( !tx_start(r->c, &id) )
        return -ENOSPC;
    reply_uint(r, id);
    return 0;
}

static int do_transaction_end(struct request *r)
{
    const char *arg = onearg(r);
    int rc;

    if ( !arg || (strcmp(arg, "T") && strcmp(arg, "F")) )
        return -EINVAL;
    if ( !r->tx )
        return -ENOENT;
    rc = tx_end(r->c, r->tx, !strcmp(arg, "T"));
    if ( !rc )
        reply_ok(r);
    return rc;
}

typedef int handler_fn(struct request *r);

#define F_PRIV 0x1 /* domain 0 only */
#define F_NOTID 0x2 /* the transaction id is ignored */

static const struct handler {
    handler_fn *fn;
    unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { do_control, F_PRIV },
    [XS_DIRECTORY] = { do_directory, 0 },
    [XS_READ] = { do_read, 0 },
    [XS_GET_PERMS] = { do_get_perms, 0 },
    [XS_WATCH] = { do_watch, F_NOTID },
    [XS_UNWATCH] = { do_unwatch, F_NOTID },
    [XS_TRANSACTION_START] = { do_transaction_start, 0 },
    [XS_TRANSACTION_END] = { do_transaction_end, 0 },
    [XS_INTRODUCE] = { do_introduce, F_PRIV },
    [XS_RELEASE] = { do_release, F_PRIV },
    [XS_GET_DOMAIN_PATH] = { do_get_domain_path, 0 },
    [XS_WRITE] = { do_write, 0 },
    [XS_MKDIR] = { do_mkdir, 0 },
    [XS_RM] = { do_rm, 0 },
    [XS_SET_PERMS] = { do_set_perms, 0 },
    [XS_IS_DOMAIN_INTRODUCED] = { do_is_domain_introduced, F_PRIV },
    [XS_RESUME] = { do_resume, F_PRIV },
    [XS_SET_TARGET] = { do_set_target, F_PRIV },
    [XS_RESET_WATCHES] = { do_reset_watches, 0 },
    [XS_DIRECTORY_PART] = { do_directory_part, 0 },
    [XS_GET_FEATURE] = { do_get_feature, 0 },
    [XS_SET_FEATURE] = { do_set_feature, F_PRIV },
    [XS_GET_QUOTA] = { do_get_quota, F_PRIV },
    [XS_SET_QUOTA] = { do_set_quota, F_PRIV },
};

void handle_message(struct connection *c, const struct xsd_sockmsg *hdr,
                    char *payload)
{
    struct request r = {
        .c = c,
        .hdr = hdr,
        .payload = payload,
        .len = hdr->len,
    };
    const struct handler *h =
        hdr->type < XS_TYPE_COUNT ? &handlers[hdr->type] : NULL;
    int rc;

    if ( !h || !h->fn )
    {
        conn_send_error(c, hdr, ENOSYS);
        return;
    }
    if ( (h->flags & F_PRIV) && !c->privileged )
    {
        conn_send_error(c, hdr, EACCES);
        return;
    }
    if ( !(h->flags & F_NOTID) && hdr->tx_id &&
         !(r.tx = tx_find(c, hdr->tx_id)) )
    {
        /* A transaction lost in a restart: the guest should run it again. */
        conn_send_error(c, hdr, c->restored ? EAGAIN : ENOENT);
        return;
    }
    if ( r.tx && tx_error(r.tx) && hdr->type != XS_TRANSACTION_END )
        rc = tx_error(r.tx);
    else
        rc = h->fn(&r);
    if ( rc )
        conn_send_error(c, hdr, -rc);
}
