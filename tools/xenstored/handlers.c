/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handlers.c: one handler per message type, found in a table that also
 * says which need privilege and which take a path; privilege, the
 * transaction and the path are sorted out once, before the handler runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct request {
    struct connection *c;
    const struct xsd_sockmsg *hdr;
    char *payload;
    unsigned int len;
    struct transaction *tx;
    char path[XENSTORE_ABS_PATH_MAX + 64]; /* absolute, if PATH */
    const char *arg; /* the path as sent */
};

#define F_PRIV 0x1 /* domain 0 only */
#define F_PATH 0x2 /* first string is a node path */

static void reply(struct request *r, const void *data, unsigned int len)
{
    conn_send(r->c, r->hdr->type, r->hdr->req_id, r->hdr->tx_id, data, len);
}

static void reply_ok(struct request *r)
{
    reply(r, "OK", 3);
}

/* The n-th NUL-terminated string of the payload, or NULL. */
static const char *nth_string(struct request *r, unsigned int n)
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

static int canonical_path(struct request *r, const char *in)
{
    int n;

    if ( in[0] == '/' )
        n = snprintf(r->path, sizeof(r->path), "%s", in);
    else
    {
        if ( strlen(in) > XENSTORE_REL_PATH_MAX )
            return -EINVAL;
        n = snprintf(r->path, sizeof(r->path), "/local/domain/%u/%s",
                     r->c->domid, in);
    }
    if ( n < 0 || (size_t)n >= sizeof(r->path) || !path_valid(r->path) )
        return -EINVAL;
    return 0;
}

static bool privileged_over(struct connection *c, unsigned int owner)
{
    return c->privileged || domain_is_target_of(c->domid, owner);
}

static int check_access(struct request *r, const char *path, unsigned int want)
{
    struct view v;
    char *parent;
    int rc;

    if ( r->c->privileged )
        return 0;
    if ( tx_view(r->tx, path, &v) )
    {
        if ( privileged_over(r->c, v.perms[0].domid) ||
             (perms_for(v.perms, v.nperms, r->c->domid) & want) == want )
            return 0;
        return -EACCES;
    }
    if ( !strcmp(path, "/") )
        return -ENOENT;
    if ( want == XS_PERM_READ )
        return -ENOENT;
    /* Creating: the nearest existing ancestor must be writable. */
    parent = path_parent(path);
    rc = check_access(r, parent, XS_PERM_WRITE);
    free(parent);
    return rc;
}

/* May this request store value_len bytes at r->path within its quotas? */
static int quota_ok(struct request *r, unsigned int value_len)
{
    unsigned int domid = r->c->domid;
    size_t held = acct_bytes(domid), replaced = 0;
    struct view v;
    bool exists;

    if ( r->c->privileged )
        return 0;
    exists = tx_view(r->tx, r->path, &v);
    if ( !exists && acct_nodes(domid) >= quota_get(QUOTA_NODES, domid) )
        return -ENOSPC;
    if ( exists && v.perms[0].domid == domid )
        replaced = acct_node_bytes(r->path, v.len, v.nperms);
    if ( held - (replaced < held ? replaced : held) +
             acct_node_bytes(r->path, value_len, 1) >
         quota_get(QUOTA_MEMORY, domid) )
        return -ENOMEM;
    return 0;
}

/* ---- data ---- */

static int do_read(struct request *r)
{
    struct view v;
    int rc = check_access(r, r->path, XS_PERM_READ);

    if ( rc )
        return rc;
    if ( !tx_view(r->tx, r->path, &v) )
        return -ENOENT;
    reply(r, v.value, v.len);
    return 0;
}

static int do_write(struct request *r)
{
    size_t plen = strlen(r->arg) + 1;
    int rc = check_access(r, r->path, XS_PERM_WRITE);

    if ( !rc && !r->c->privileged &&
         r->len - plen > quota_get(QUOTA_NODE_SIZE, r->c->domid) )
        rc = -E2BIG;
    if ( !rc )
        rc = quota_ok(r, r->len - plen);
    if ( !rc )
        rc = tx_write(r->c, r->tx, r->path, r->payload + plen, r->len - plen,
                      false);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_mkdir(struct request *r)
{
    int rc = check_access(r, r->path, XS_PERM_WRITE);

    if ( !rc )
        rc = quota_ok(r, 0);
    if ( !rc )
        rc = tx_write(r->c, r->tx, r->path, NULL, 0, true);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_rm(struct request *r)
{
    int rc = check_access(r, r->path, XS_PERM_WRITE);

    if ( !rc )
        rc = tx_rm(r->c, r->tx, r->path);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_directory(struct request *r)
{
    static char buf[XENSTORE_PAYLOAD_MAX];
    unsigned int used;
    int rc = check_access(r, r->path, XS_PERM_READ);

    if ( !rc )
        rc = tx_children(r->tx, r->path, buf, sizeof(buf), &used);
    if ( !rc )
        reply(r, buf, used);
    return rc;
}

/* A slice of the children from a byte offset, after the generation. */
static int do_directory_part(struct request *r)
{
    static char all[1 << 20], buf[XENSTORE_PAYLOAD_MAX];
    const char *off_s = nth_string(r, 1);
    struct node *n = store_lookup(r->path);
    unsigned int used, off, head, take;
    int rc = check_access(r, r->path, XS_PERM_READ);

    if ( rc )
        return rc;
    if ( !off_s )
        return -EINVAL;
    rc = tx_children(r->tx, r->path, all, sizeof(all), &used);
    if ( rc )
        return rc;
    off = strtoul(off_s, NULL, 10);
    if ( off > used )
        return -EINVAL;
    head = snprintf(buf, sizeof(buf), "%llu",
                    (unsigned long long)(n ? n->generation : 0)) +
           1;
    take = used - off;
    if ( head + take + 1 > sizeof(buf) )
    {
        /* Whole names only. */
        take = sizeof(buf) - head - 1;
        while ( take && all[off + take - 1] != '\0' )
            take--;
    }
    memcpy(buf + head, all + off, take);
    if ( off + take == used )
        buf[head + take++] = '\0'; /* an empty name ends the listing */
    reply(r, buf, head + take);
    return 0;
}

static int do_get_perms(struct request *r)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    struct view v;
    int rc = check_access(r, r->path, XS_PERM_READ);

    if ( rc )
        return rc;
    if ( !tx_view(r->tx, r->path, &v) )
        return -ENOENT;
    reply(r, buf, perms_format(v.perms, v.nperms, buf, sizeof(buf)));
    return 0;
}

static int do_set_perms(struct request *r)
{
    size_t plen = strlen(r->arg) + 1;
    struct xs_perm *perms;
    unsigned int n;
    struct view v;
    int rc;

    if ( !tx_view(r->tx, r->path, &v) )
        return -ENOENT;
    if ( !r->c->privileged && v.perms[0].domid != r->c->domid &&
         !privileged_over(r->c, v.perms[0].domid) )
        return -EACCES;
    rc = perms_parse(r->payload + plen, r->len - plen, &perms, &n);
    if ( rc )
        return rc;
    if ( !r->c->privileged && perms[0].domid != r->c->domid )
        rc = -EPERM; /* only dom0 gives nodes away */
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
    const char *token = nth_string(r, 1);
    const char *abs = r->arg[0] == '@' ? r->arg : r->path;
    int rc;

    if ( !token )
        return -EINVAL;
    if ( r->arg[0] != '@' && (rc = canonical_path(r, r->arg)) )
        return rc;
    rc = watch_add(r->c, r->arg, abs, token);
    if ( rc )
        return rc;
    reply_ok(r);
    /* A new watch fires once at once. */
    {
        char buf[XENSTORE_ABS_PATH_MAX * 2 + 64];
        int n = snprintf(buf, sizeof(buf), "%s%c%s", r->arg, '\0', token);

        conn_send(r->c, XS_WATCH_EVENT, 0, 0, buf, n + 1);
    }
    return 0;
}

static int do_unwatch(struct request *r)
{
    const char *token = nth_string(r, 1);
    int rc;

    if ( !token )
        return -EINVAL;
    rc = watch_remove(r->c, r->arg, token);
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
    char buf[16];
    uint32_t id;

    if ( r->hdr->tx_id )
        return -EBUSY;
    if ( !tx_start(r->c, &id) )
        return -ENOSPC;
    reply(r, buf, snprintf(buf, sizeof(buf), "%u", id) + 1);
    return 0;
}

static int do_transaction_end(struct request *r)
{
    const char *arg = nth_string(r, 0);
    int rc;

    if ( !r->tx || !arg || (strcmp(arg, "T") && strcmp(arg, "F")) )
        return -EINVAL;
    rc = tx_end(r->c, r->tx, !strcmp(arg, "T"));
    if ( !rc )
        reply_ok(r);
    return rc;
}

/* ---- domains ---- */

static int do_introduce(struct request *r)
{
    const char *mfn_s = nth_string(r, 1), *port_s = nth_string(r, 2);
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc || !mfn_s || !port_s || domid == 0 )
        return -EINVAL;
    rc = domain_introduce(domid, strtoull(mfn_s, NULL, 10),
                          strtoul(port_s, NULL, 10));
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_release(struct request *r)
{
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( !rc )
        rc = domain_release(domid);
    if ( !rc )
        reply_ok(r);
    return rc;
}

static int do_get_domain_path(struct request *r)
{
    char buf[64];
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc )
        return rc;
    reply(r, buf, snprintf(buf, sizeof(buf), "/local/domain/%u", domid) + 1);
    return 0;
}

static int do_is_domain_introduced(struct request *r)
{
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc )
        return rc;
    reply(r, domain_is_introduced(domid) ? "T" : "F", 2);
    return 0;
}

static int do_resume(struct request *r)
{
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc )
        return rc;
    if ( !domain_is_introduced(domid) )
        return -ENOENT;
    reply_ok(r);
    return 0;
}

static int do_set_target(struct request *r)
{
    unsigned int domid, target;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( !rc )
        rc = parse_domid(nth_string(r, 1), &target);
    if ( !rc )
        rc = domain_set_target(domid, target);
    if ( !rc )
        reply_ok(r);
    return rc;
}

/* CONTROL NAME ARGS...: control.c does the work; a text reply. */
static int do_control(struct request *r)
{
    const char *argv[8];
    static char out[XENSTORE_PAYLOAD_MAX];
    unsigned int argc = 0, used = 0;
    int rc;

    while ( argc < 8 && (argv[argc] = nth_string(r, argc)) )
        argc++;
    rc = control_run(argv, argc, out, sizeof(out) - 1, &used);
    if ( !rc )
        reply(r, out, used + 1);
    return rc;
}

/* GET_QUOTA [domid]: "name=value" strings. */
static int do_get_quota(struct request *r)
{
    char buf[512];
    unsigned int domid = 0;
    const char *arg = nth_string(r, 0);
    bool per_domain = arg && *arg;

    if ( per_domain && parse_domid(arg, &domid) )
        return -EINVAL;
    reply(r, buf, quota_format(per_domain, domid, buf, sizeof(buf)));
    return 0;
}

/* SET_QUOTA [domid] name value */
static int do_set_quota(struct request *r)
{
    const char *a = nth_string(r, 0), *b = nth_string(r, 1),
               *c = nth_string(r, 2);
    unsigned int domid = 0, value;
    bool per_domain = c != NULL;
    int which, rc;

    if ( per_domain && parse_domid(a, &domid) )
        return -EINVAL;
    rc = parse_quota_value(per_domain ? b : a, per_domain ? c : b, &which,
                           &value);
    if ( !rc )
        rc = quota_set(which, per_domain, domid, value);
    if ( !rc )
        reply_ok(r);
    return rc;
}

typedef int handler_fn(struct request *r);

static const struct handler {
    const char *name;
    handler_fn *fn;
    unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { "CONTROL", do_control, F_PRIV },
    [XS_DIRECTORY] = { "DIRECTORY", do_directory, F_PATH },
    [XS_READ] = { "READ", do_read, F_PATH },
    [XS_GET_PERMS] = { "GET_PERMS", do_get_perms, F_PATH },
    [XS_WATCH] = { "WATCH", do_watch, 0 },
    [XS_UNWATCH] = { "UNWATCH", do_unwatch, 0 },
    [XS_TRANSACTION_START] = { "TRANSACTION_START", do_transaction_start, 0 },
    [XS_TRANSACTION_END] = { "TRANSACTION_END", do_transaction_end, 0 },
    [XS_INTRODUCE] = { "INTRODUCE", do_introduce, F_PRIV },
    [XS_RELEASE] = { "RELEASE", do_release, F_PRIV },
    [XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", do_get_domain_path, 0 },
    [XS_WRITE] = { "WRITE", do_write, F_PATH },
    [XS_MKDIR] = { "MKDIR", do_mkdir, F_PATH },
    [XS_RM] = { "RM", do_rm, F_PATH },
    [XS_SET_PERMS] = { "SET_PERMS", do_set_perms, F_PATH },
    [XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED",
                                  do_is_domain_introduced, F_PRIV },
    [XS_RESUME] = { "RESUME", do_resume, F_PRIV },
    [XS_SET_TARGET] = { "SET_TARGET", do_set_target, F_PRIV },
    [XS_RESET_WATCHES] = { "RESET_WATCHES", do_reset_watches, 0 },
    [XS_DIRECTORY_PART] = { "DIRECTORY_PART", do_directory_part, F_PATH },
    [XS_GET_QUOTA] = { "GET_QUOTA", do_get_quota, F_PRIV },
    [XS_SET_QUOTA] = { "SET_QUOTA", do_set_quota, F_PRIV },
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
        conn_send_error(c, hdr, EINVAL);
        return;
    }
    if ( (h->flags & F_PRIV) && !c->privileged )
    {
        conn_send_error(c, hdr, EACCES);
        return;
    }
    if ( hdr->tx_id && !(r.tx = tx_find(c, hdr->tx_id)) )
    {
        /* A transaction lost in a restart: the guest should run it again. */
        conn_send_error(c, hdr, c->restored ? EAGAIN : ENOENT);
        return;
    }
    r.arg = nth_string(&r, 0);
    if ( (h->flags & F_PATH) || hdr->type == XS_WATCH ||
         hdr->type == XS_UNWATCH )
    {
        if ( !r.arg )
        {
            conn_send_error(c, hdr, EINVAL);
            return;
        }
        if ( (h->flags & F_PATH) && (rc = canonical_path(&r, r.arg)) )
        {
            conn_send_error(c, hdr, -rc);
            return;
        }
    }
    rc = h->fn(&r);
    if ( rc )
        conn_send_error(c, hdr, -rc);
}
