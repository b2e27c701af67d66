/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_xs.c: libxl's xenstore traffic. Single requests go through
 * libxenstore and are counted. A batch (a domain's whole xenstore home,
 * the names of every domain for `xl list`) goes over libxl's own
 * connection to xenstored: all its requests are written at once and
 * their replies read after, so the batch costs one round trip however
 * many nodes it holds, plus one to start its transaction; the commit
 * travels with the batch. libxenstore has no such call (its handle waits
 * for each reply), hence this small client of the wire protocol
 * (public/io/xs_wire.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>
#include <public/privcmd.h>

#include "libxl_internal.h"

#define BATCH_TIMEOUT_MS 10000
#define BATCH_TRIES 8

/* ---- single requests ---- */

void libxl__xs_count(libxl_ctx *ctx)
{
    ctx->xs_stats.requests++;
    ctx->xs_stats.round_trips++;
}

char *libxl__xs_read(libxl_ctx *ctx, xs_transaction_t t, const char *path)
{
    struct xs_handle *xsh = libxl__xsh(ctx);

    if ( !xsh )
        return NULL;
    libxl__xs_count(ctx);
    return xs_read(xsh, t, path, NULL);
}

int libxl__xs_write(libxl_ctx *ctx, xs_transaction_t t, const char *path,
                    const char *value)
{
    struct xs_handle *xsh = libxl__xsh(ctx);

    if ( !xsh )
        return ERROR_NO_XENSTORE;
    libxl__xs_count(ctx);
    if ( !xs_write(xsh, t, path, value, strlen(value)) )
    {
        LOGE(ctx, ERROR, "xenstore write %s", path);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl__xs_rm(libxl_ctx *ctx, xs_transaction_t t, const char *path)
{
    struct xs_handle *xsh = libxl__xsh(ctx);

    if ( !xsh )
        return ERROR_NO_XENSTORE;
    libxl__xs_count(ctx);
    if ( !xs_rm(xsh, t, path) && errno != ENOENT )
    {
        LOGE(ctx, ERROR, "xenstore rm %s", path);
        return ERROR_FAIL;
    }
    return 0;
}

char **libxl__xs_directory(libxl_ctx *ctx, xs_transaction_t t, const char *path,
                           unsigned int *num)
{
    struct xs_handle *xsh = libxl__xsh(ctx);

    *num = 0;
    if ( !xsh )
        return NULL;
    libxl__xs_count(ctx);
    return xs_directory(xsh, t, path, num);
}

/* ---- batches ---- */

struct batch_req {
    uint32_t type;
    char *payload;
    unsigned int len;
    bool missing_ok; /* ENOENT is no failure (rm, read) */
    char *value; /* a read's reply */
};

struct libxl__xs_batch {
    struct batch_req *reqs;
    unsigned int n, cap;
    bool failed; /* a request could not be queued */
};

struct libxl__xs_batch *libxl__xs_batch_new(void)
{
    return calloc(1, sizeof(struct libxl__xs_batch));
}

void libxl__xs_batch_free(struct libxl__xs_batch *b)
{
    unsigned int i;

    if ( !b )
        return;
    for ( i = 0; i < b->n; i++ )
    {
        free(b->reqs[i].payload);
        free(b->reqs[i].value);
    }
    free(b->reqs);
    free(b);
}

/* Queue type with payload parts a (with its NUL) and then b (as given). */
static unsigned int queue(struct libxl__xs_batch *b, uint32_t type,
                          const char *a, const void *more,
                          unsigned int more_len, bool missing_ok)
{
    size_t alen = strlen(a) + 1;
    struct batch_req *r;

    if ( b->failed )
        return 0;
    if ( alen + more_len > XENSTORE_PAYLOAD_MAX )
    {
        b->failed = true;
        return 0;
    }
    if ( b->n == b->cap )
    {
        unsigned int cap = b->cap ? b->cap * 2 : 32;
        struct batch_req *n = realloc(b->reqs, cap * sizeof(*n));

        if ( !n )
        {
            b->failed = true;
            return 0;
        }
        b->reqs = n;
        b->cap = cap;
    }
    r = &b->reqs[b->n];
    *r = (struct batch_req){ .type = type,
                             .len = alen + more_len,
                             .missing_ok = missing_ok };
    r->payload = malloc(r->len ? r->len : 1);
    if ( !r->payload )
    {
        b->failed = true;
        return 0;
    }
    memcpy(r->payload, a, alen);
    if ( more_len )
        memcpy(r->payload + alen, more, more_len);
    return b->n++;
}

void libxl__xs_batch_write(struct libxl__xs_batch *b, const char *path,
                           const char *value)
{
    queue(b, XS_WRITE, path, value, strlen(value), false);
}

void libxl__xs_batch_printf(struct libxl__xs_batch *b, const char *base,
                            const char *key, const char *fmt, ...)
{
    char path[256], value[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    if ( snprintf(path, sizeof(path), "%s/%s", base, key) >= (int)sizeof(path) )
    {
        b->failed = true;
        return;
    }
    libxl__xs_batch_write(b, path, value);
}

void libxl__xs_batch_set_perms(struct libxl__xs_batch *b, const char *path,
                               const struct xs_permissions *perms,
                               unsigned int nperms)
{
    char buf[256];
    size_t used = 0;
    unsigned int i;

    for ( i = 0; i < nperms; i++ )
    {
        if ( used + 16 > sizeof(buf) ||
             !xs_perm_to_string(&perms[i], buf + used, sizeof(buf) - used) )
        {
            b->failed = true;
            return;
        }
        used += strlen(buf + used) + 1;
    }
    queue(b, XS_SET_PERMS, path, buf, used, false);
}

void libxl__xs_batch_mknod(struct libxl__xs_batch *b, const char *path,
                           const struct xs_permissions *perms,
                           unsigned int nperms)
{
    libxl__xs_batch_write(b, path, "");
    libxl__xs_batch_set_perms(b, path, perms, nperms);
}

void libxl__xs_batch_rm(struct libxl__xs_batch *b, const char *path)
{
    queue(b, XS_RM, path, NULL, 0, true);
}

unsigned int libxl__xs_batch_read(struct libxl__xs_batch *b, const char *path)
{
    return queue(b, XS_READ, path, NULL, 0, true);
}

void libxl__xs_batch_introduce(struct libxl__xs_batch *b, uint32_t domid,
                               uint64_t mfn, uint32_t port)
{
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%u%c%lu%c%u", domid, '\0',
                     (unsigned long)mfn, '\0', port);

    queue(b, XS_INTRODUCE, buf, buf + strlen(buf) + 1, n - strlen(buf) - 1 + 1,
          false);
}

const char *libxl__xs_batch_value(const struct libxl__xs_batch *b,
                                  unsigned int index)
{
    return index < b->n ? b->reqs[index].value : NULL;
}

/* The daemon must be root's, as libxenstore requires. */
static int batch_connect(libxl_ctx *ctx)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    const char *env = getenv("XENSTORED_PATH");
    struct ucred cred;
    socklen_t clen = sizeof(cred);
    int fd;

    if ( ctx->batch_fd >= 0 )
        return 0;
    if ( env && *env )
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", env);
    else
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/xenstored.sock",
                 xc_rundir());
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        return ERROR_FAIL;
    if ( connect(fd, (struct sockaddr *)&addr, sizeof(addr)) )
    {
        LOGE(ctx, ERROR, "cannot reach xenstored at %s", addr.sun_path);
        close(fd);
        return ERROR_NO_XENSTORE;
    }
    if ( getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) ||
         (cred.uid != 0 && cred.uid != geteuid()) )
    {
        LOG(ctx, ERROR, "%s is not served by root: not using it",
            addr.sun_path);
        close(fd);
        return ERROR_NO_XENSTORE;
    }
    ctx->batch_fd = fd;
    return 0;
}

static void batch_disconnect(libxl_ctx *ctx)
{
    if ( ctx->batch_fd >= 0 )
        close(ctx->batch_fd);
    ctx->batch_fd = -1;
    ctx->batch_in_off = ctx->batch_in_len = 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while ( len )
    {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return -1;
        buf += n;
        len -= n;
    }
    return 0;
}

/*
 * len bytes of the reply stream, through ctx's buffer: a pipelined batch
 * of a thousand replies comes in a few receives, not two each.
 */
static int read_all(libxl_ctx *ctx, void *buf, size_t len)
{
    char *p = buf;

    while ( len )
    {
        unsigned int have = ctx->batch_in_len - ctx->batch_in_off;
        struct pollfd pfd = { .fd = ctx->batch_fd, .events = POLLIN };
        ssize_t n;

        if ( have )
        {
            n = have < len ? have : len;
            memcpy(p, ctx->batch_in + ctx->batch_in_off, n);
            ctx->batch_in_off += n;
            p += n;
            len -= n;
            continue;
        }
        ctx->batch_in_off = ctx->batch_in_len = 0;
        n = recv(ctx->batch_fd, ctx->batch_in, sizeof(ctx->batch_in),
                 MSG_DONTWAIT);
        if ( n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) )
        {
            if ( poll(&pfd, 1, BATCH_TIMEOUT_MS) == 0 )
            {
                errno = ETIMEDOUT;
                return -1;
            }
            continue;
        }
        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
        {
            if ( !n )
                errno = ECONNRESET;
            return -1;
        }
        ctx->batch_in_len = n;
    }
    return 0;
}

/* One reply: header and body (malloc'd, NUL-terminated). */
static int read_reply(libxl_ctx *ctx, struct xsd_sockmsg *hdr, char **body)
{
    *body = NULL;
    if ( read_all(ctx, hdr, sizeof(*hdr)) )
        return -1;
    if ( hdr->len > XENSTORE_PAYLOAD_MAX )
    {
        errno = EPROTO;
        return -1;
    }
    *body = malloc(hdr->len + 1);
    if ( !*body )
        return -1;
    if ( read_all(ctx, *body, hdr->len) )
    {
        free(*body);
        *body = NULL;
        return -1;
    }
    (*body)[hdr->len] = '\0';
    return 0;
}

static char *message(uint32_t type, uint32_t req_id, uint32_t tx,
                     const char *payload, unsigned int len, char *out)
{
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = req_id, .tx_id = tx, .len = len
    };

    memcpy(out, &hdr, sizeof(hdr));
    memcpy(out + sizeof(hdr), payload, len);
    return out + sizeof(hdr) + len;
}

static const char *type_name(uint32_t type)
{
    switch ( type )
    {
    case XS_READ:
        return "read";
    case XS_WRITE:
        return "write";
    case XS_RM:
        return "rm";
    case XS_SET_PERMS:
        return "set-perms";
    case XS_INTRODUCE:
        return "introduce";
    case XS_TRANSACTION_START:
        return "transaction-start";
    case XS_TRANSACTION_END:
        return "transaction-end";
    default:
        return "request";
    }
}

/* Start a transaction: its id as the reply's string. */
static int start_transaction(libxl_ctx *ctx, uint32_t *tx)
{
    char buf[sizeof(struct xsd_sockmsg) + 1], *body;
    struct xsd_sockmsg hdr;
    uint32_t id = ++ctx->batch_req_id;

    message(XS_TRANSACTION_START, id, 0, "", 1, buf);
    ctx->xs_stats.requests++;
    ctx->xs_stats.round_trips++;
    if ( write_all(ctx->batch_fd, buf, sizeof(buf)) ||
         read_reply(ctx, &hdr, &body) )
        return -1;
    if ( hdr.type == XS_ERROR || hdr.req_id != id )
    {
        LOG(ctx, ERROR, "xenstore transaction-start: %s", body);
        free(body);
        errno = EIO;
        return -1;
    }
    *tx = strtoul(body, NULL, 10);
    free(body);
    return 0;
}

/*
 * One pass: the requests (and the commit, in a transaction) written at
 * once, then every reply read. Returns 0, 1 if the commit must be run
 * again (EAGAIN), or an ERROR_* code.
 */
static int batch_pass(libxl_ctx *ctx, struct libxl__xs_batch *b,
                      bool transaction)
{
    size_t size = 2 * sizeof(struct xsd_sockmsg) + 2;
    uint32_t tx = 0, base;
    unsigned int i, expect = b->n + (transaction ? 1 : 0), got;
    char *buf, *p;
    int rc = 0, retry = 0;

    if ( transaction && start_transaction(ctx, &tx) )
    {
        LOGE(ctx, ERROR, "cannot start a xenstore transaction");
        return ERROR_NO_XENSTORE;
    }
    for ( i = 0; i < b->n; i++ )
        size += sizeof(struct xsd_sockmsg) + b->reqs[i].len;
    buf = malloc(size);
    if ( !buf )
        return ERROR_NOMEM;
    base = ctx->batch_req_id + 1;
    p = buf;
    for ( i = 0; i < b->n; i++ )
        p = message(b->reqs[i].type, base + i, tx, b->reqs[i].payload,
                    b->reqs[i].len, p);
    if ( transaction )
        p = message(XS_TRANSACTION_END, base + b->n, tx, "T", 2, p);
    ctx->batch_req_id += expect;
    ctx->xs_stats.requests += expect;
    ctx->xs_stats.round_trips++;
    if ( write_all(ctx->batch_fd, buf, p - buf) )
    {
        free(buf);
        LOGE(ctx, ERROR, "xenstore batch");
        return ERROR_NO_XENSTORE;
    }
    free(buf);

    for ( got = 0; got < expect; got++ )
    {
        struct xsd_sockmsg hdr;
        struct batch_req *r;
        char *body;

        if ( read_reply(ctx, &hdr, &body) )
        {
            LOGE(ctx, ERROR, "xenstore batch reply");
            return ERROR_NO_XENSTORE;
        }
        if ( hdr.req_id - base >= expect )
        {
            free(body); /* not ours: a stray watch event */
            got--;
            continue;
        }
        if ( hdr.req_id - base == b->n ) /* the commit */
        {
            if ( hdr.type == XS_ERROR && !strcmp(body, "EAGAIN") )
                retry = 1;
            else if ( hdr.type == XS_ERROR && !rc )
            {
                LOG(ctx, ERROR, "xenstore commit: %s", body);
                rc = ERROR_FAIL;
            }
            free(body);
            continue;
        }
        r = &b->reqs[hdr.req_id - base];
        if ( hdr.type == XS_ERROR )
        {
            if ( !(r->missing_ok && !strcmp(body, "ENOENT")) && !rc )
            {
                LOG(ctx, ERROR, "xenstore %s %s: %s", type_name(r->type),
                    r->payload, body);
                rc = ERROR_FAIL;
            }
            free(body);
            continue;
        }
        if ( r->type == XS_READ )
        {
            free(r->value);
            r->value = body;
        }
        else
            free(body);
    }
    return rc ? rc : retry;
}

int libxl__xs_batch_run(libxl_ctx *ctx, struct libxl__xs_batch *b,
                        bool transaction)
{
    unsigned int tries;
    int rc;

    if ( b->failed )
    {
        LOG(ctx, ERROR, "xenstore batch: out of memory or a path too long");
        return ERROR_NOMEM;
    }
    if ( !b->n )
        return 0;
    for ( tries = 0; tries < BATCH_TRIES; tries++ )
    {
        rc = batch_connect(ctx);
        if ( rc )
            return rc;
        rc = batch_pass(ctx, b, transaction);
        if ( rc == ERROR_NO_XENSTORE )
            batch_disconnect(ctx); /* the stream may be out of step */
        if ( rc != 1 )
            return rc;
    }
    LOG(ctx, ERROR, "xenstore transaction kept conflicting");
    return ERROR_FAIL;
}
