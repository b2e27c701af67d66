/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_ops.c: the libxenstore calls, each one request and its reply:
 * nodes, permissions, watches, transactions, domains.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_private.h"

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return xs_talk_string(h, XS_READ, t, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct iovec iov[2] = { IOV(path, strlen(path) + 1), IOV(data, len) };

    return xs_talk_ok(h, XS_WRITE, t, iov, 2);
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    struct iovec iov = IOV(path, strlen(path) + 1);

    return xs_talk_ok(h, XS_MKDIR, t, &iov, 1);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    struct iovec iov = IOV(path, strlen(path) + 1);

    return xs_talk_ok(h, XS_RM, t, &iov, 1);
}

/*
 * NUL-separated strings -> one block: the pointer array, then the text.
 * Two plain passes over the bytes (no call per name): a DIRECTORY of
 * 1,000 children costs little more than reading as many bytes.
 */
static char **split(const char *strings, unsigned int len, unsigned int *num)
{
    unsigned int n = 0, i, k;
    char **vec, *text;

    for ( i = 0; i < len; i++ )
        n += !strings[i];
    vec = malloc((n + 1) * sizeof(char *) + len + 1);
    if ( !vec )
        return NULL;
    text = (char *)(vec + n + 1);
    memcpy(text, strings, len);
    text[len] = '\0';
    for ( i = 0, k = 0; k < n; i++ )
        if ( !i || !text[i - 1] )
            vec[k++] = text + i;
    vec[n] = NULL;
    *num = n;
    return vec;
}

/* Large directories come in parts (DIRECTORY_PART), restarted if the
 * node changes meanwhile. */
static char *directory_parts(struct xs_handle *h, xs_transaction_t t,
                             const char *path, unsigned int *len)
{
    char *all = NULL, gen[32] = "";
    unsigned int total = 0;

    for ( ;; )
    {
        char off_s[16], *part;
        unsigned int plen, glen;
        struct iovec iov[2] = { IOV(path, strlen(path) + 1), IOV(off_s, 0) };

        iov[1].iov_len = snprintf(off_s, sizeof(off_s), "%u", total) + 1;
        part = xs_talk(h, XS_DIRECTORY_PART, t, iov, 2, &plen);
        if ( !part )
        {
            free(all);
            return NULL;
        }
        glen = strnlen(part, plen) + 1;
        if ( *gen && strcmp(gen, part) )
        {
            /* Changed under us: start again. */
            free(part);
            free(all);
            all = NULL;
            total = 0;
            *gen = '\0';
            continue;
        }
        snprintf(gen, sizeof(gen), "%s", part);
        all = realloc(all, total + plen);
        memcpy(all + total, part + glen, plen - glen);
        total += plen - glen;
        free(part);
        /* An empty name (two NULs at the end) ends the listing. */
        if ( plen - glen == 0 || (total && all[total - 1] == '\0' &&
                                  (total == 1 || all[total - 2] == '\0')) )
        {
            *len = total ? total - 1 : 0;
            return all;
        }
    }
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
                    unsigned int *num)
{
    unsigned int len;
    char *body = xs_talk_string(h, XS_DIRECTORY, t, path, &len), **vec;

    if ( !body && errno == E2BIG )
        body = directory_parts(h, t, path, &len);
    if ( !body )
        return NULL;
    vec = split(body, len, num);
    free(body);
    return vec;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len)
{
    static const char chars[] = "nrwb";
    int n = snprintf(buffer, buf_len, "%c%i",
                     chars[perm->perms & (XS_PERM_READ | XS_PERM_WRITE)],
                     (int)perm->id);

    return n > 0 && (size_t)n < buf_len;
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings)
{
    unsigned int i;

    for ( i = 0; i < num; i++, strings += strlen(strings) + 1 )
    {
        char *end;

        switch ( strings[0] )
        {
        case 'n':
            perms[i].perms = XS_PERM_NONE;
            break;
        case 'r':
            perms[i].perms = XS_PERM_READ;
            break;
        case 'w':
            perms[i].perms = XS_PERM_WRITE;
            break;
        case 'b':
            perms[i].perms = XS_PERM_READ | XS_PERM_WRITE;
            break;
        default:
            errno = EINVAL;
            return false;
        }
        perms[i].id = (unsigned int)strtol(strings + 1, &end, 0);
        if ( *end || end == strings + 1 )
        {
            errno = EINVAL;
            return false;
        }
    }
    return true;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t, const char *path,
                                          unsigned int *num)
{
    unsigned int len, n = 0, i;
    char *body = xs_talk_string(h, XS_GET_PERMS, t, path, &len);
    struct xs_permissions *perms;

    if ( !body )
        return NULL;
    for ( i = 0; i < len; i++ )
        if ( !body[i] )
            n++;
    perms = calloc(n ? n : 1, sizeof(*perms));
    if ( !xs_strings_to_perms(perms, n, body) )
    {
        free(perms);
        perms = NULL;
    }
    free(body);
    *num = n;
    return perms;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    unsigned int used = 0, i;
    struct iovec iov[2] = { IOV(path, strlen(path) + 1), IOV(buf, 0) };

    for ( i = 0; i < num; i++ )
    {
        if ( !xs_perm_to_string(&perms[i], buf + used, sizeof(buf) - used) )
        {
            errno = E2BIG;
            return false;
        }
        used += strlen(buf + used) + 1;
    }
    iov[1].iov_len = used;
    return xs_talk_ok(h, XS_SET_PERMS, t, iov, 2);
}

/* ---- watches ---- */

/* depth < 0: no depth (the whole subtree). */
static bool watch_with_depth(struct xs_handle *h, const char *path,
                             const char *token, int depth)
{
    char depth_s[16];
    struct iovec iov[3] = { IOV(path, strlen(path) + 1),
                            IOV(token, strlen(token) + 1), IOV(depth_s, 0) };
    struct xs_watch_reg *w;

    if ( depth >= 0 )
        iov[2].iov_len = snprintf(depth_s, sizeof(depth_s), "%d", depth) + 1;
    if ( !xs_talk_ok(h, XS_WATCH, 0, iov, depth >= 0 ? 3 : 2) )
        return false;
    w = calloc(1, sizeof(*w));
    if ( !w )
        return true; /* watching; just not re-registered on reconnect */
    w->path = strdup(path);
    w->token = strdup(token);
    w->depth = depth;
    pthread_mutex_lock(&h->lock);
    w->next = h->watches;
    h->watches = w;
    pthread_mutex_unlock(&h->lock);
    return true;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    return watch_with_depth(h, path, token, -1);
}

bool xs_watch_depth(struct xs_handle *h, const char *path, const char *token,
                    unsigned int depth)
{
    if ( depth > INT_MAX )
    {
        errno = EINVAL;
        return false;
    }
    return watch_with_depth(h, path, token, (int)depth);
}

bool xs_watch_try_depth(struct xs_handle *h, const char *path,
                        const char *token, unsigned int depth)
{
    unsigned int features;

    if ( xs_get_features_supported(h, &features) &&
         (features & XENSTORE_SERVER_FEATURE_WATCHDEPTH) )
        return xs_watch_depth(h, path, token, depth);
    return xs_watch(h, path, token);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = { IOV(path, strlen(path) + 1),
                            IOV(token, strlen(token) + 1) };
    struct xs_watch_reg **pp;

    pthread_mutex_lock(&h->lock);
    for ( pp = &h->watches; *pp; pp = &(*pp)->next )
        if ( !strcmp((*pp)->path, path) && !strcmp((*pp)->token, token) )
        {
            struct xs_watch_reg *w = *pp;

            *pp = w->next;
            free(w->path);
            free(w->token);
            free(w);
            break;
        }
    pthread_mutex_unlock(&h->lock);
    return xs_talk_ok(h, XS_UNWATCH, 0, iov, 2);
}

int xs_fileno(struct xs_handle *h)
{
    return h->fd;
}

static char **take_event(struct xs_handle *h)
{
    struct xs_event *e = h->events;
    unsigned int n;
    char **vec;

    h->events = e->next;
    vec = split(e->data, e->len, &n);
    free(e->data);
    free(e);
    return vec;
}

char **xs_check_watch(struct xs_handle *h)
{
    char **vec = NULL;

    pthread_mutex_lock(&h->lock);
    for ( ;; )
    {
        struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
        struct xsd_sockmsg hdr;
        char *body;

        if ( h->events )
        {
            vec = take_event(h);
            break;
        }
        if ( poll(&pfd, 1, 0) <= 0 || xs_read_message(h, &hdr, &body) )
        {
            errno = EAGAIN;
            break;
        }
        if ( hdr.type == XS_WATCH_EVENT )
            xs_queue_event(h, body, hdr.len);
        else
            free(body);
    }
    pthread_mutex_unlock(&h->lock);
    return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    for ( ;; )
    {
        struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
        char **vec = xs_check_watch(h);

        if ( vec )
        {
            *num = 2;
            return vec;
        }
        if ( poll(&pfd, 1, -1) < 0 && errno != EINTR )
            return NULL;
        if ( pfd.revents & (POLLHUP | POLLERR) )
        {
            errno = ECONNRESET;
            return NULL;
        }
    }
}

/* ---- transactions ---- */

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *body = xs_talk_string(h, XS_TRANSACTION_START, 0, "", NULL);
    xs_transaction_t t;

    if ( !body )
        return XBT_NULL;
    t = strtoul(body, NULL, 10);
    free(body);
    return t;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    struct iovec iov = IOV(abort ? "F" : "T", 2);

    return xs_talk_ok(h, XS_TRANSACTION_END, t, &iov, 1);
}

int xs_transaction_retry(struct xs_handle *h,
                         int (*fn)(struct xs_handle *, xs_transaction_t,
                                   void *),
                         void *arg, unsigned int max_tries)
{
    unsigned int i;

    for ( i = 0; i < max_tries; i++ )
    {
        xs_transaction_t t = xs_transaction_start(h);
        int rc;

        if ( t == XBT_NULL )
            return -1;
        rc = fn(h, t, arg);
        if ( rc )
        {
            xs_transaction_end(h, t, true);
            return rc;
        }
        if ( xs_transaction_end(h, t, false) )
            return 0;
        if ( errno != EAGAIN )
            return -1;
    }
    errno = EAGAIN;
    return -1;
}

/* ---- domains and control ---- */

static bool domid_call(struct xs_handle *h, uint32_t type, unsigned int domid)
{
    char buf[16];
    struct iovec iov = IOV(buf, 0);

    iov.iov_len = snprintf(buf, sizeof(buf), "%u", domid) + 1;
    return xs_talk_ok(h, type, 0, &iov, 1);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%u%c%lu%c%u", domid, '\0', mfn, '\0',
                     eventchn);
    struct iovec iov = IOV(buf, n + 1);

    return xs_talk_ok(h, XS_INTRODUCE, 0, &iov, 1);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    return domid_call(h, XS_RELEASE, domid);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    return domid_call(h, XS_RESUME, domid);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%u%c%u", domid, '\0', target);
    struct iovec iov = IOV(buf, n + 1);

    return xs_talk_ok(h, XS_SET_TARGET, 0, &iov, 1);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char buf[16], *body;
    bool yes;

    snprintf(buf, sizeof(buf), "%u", domid);
    body = xs_talk_string(h, XS_IS_DOMAIN_INTRODUCED, 0, buf, NULL);
    yes = body && !strcmp(body, "T");
    free(body);
    return yes;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    char buf[16];

    snprintf(buf, sizeof(buf), "%u", domid);
    return xs_talk_string(h, XS_GET_DOMAIN_PATH, 0, buf, NULL);
}

char *xs_control_command(struct xs_handle *h, const char *cmd, const void *data,
                         unsigned int len)
{
    struct iovec iov[2] = { IOV(cmd, strlen(cmd) + 1), IOV(data, len) };

    return xs_talk(h, XS_CONTROL, 0, iov, data ? 2 : 1, NULL);
}

bool xs_reset_watches(struct xs_handle *h)
{
    return xs_talk_ok(h, XS_RESET_WATCHES, 0, NULL, 0);
}
