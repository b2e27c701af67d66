/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_client.c: the connection and the request/reply exchange of
 * libxenstore. Replies are matched to requests by req_id; watch events
 * that arrive meanwhile are queued for xs_read_watch. If the daemon goes
 * away (e.g. it restarts), the handle reconnects, registers its watches
 * again and retries the request once; a transaction in flight then
 * fails with EAGAIN, to be run again. The daemon must be root's (or,
 * for tests, our own user's): a local user listening in its place would
 * see and answer root's requests.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>
#include <public/privcmd.h>

#include "xs_private.h"

/* The daemon's credentials are those it had when it began listening. */
static int check_daemon(int fd, const char *path)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    if ( getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) )
        return -1;
    if ( cred.uid == 0 || cred.uid == geteuid() )
        return 0;
    fprintf(stderr,
            "libxenstore: %s is served by uid %u (pid %d), not root: not "
            "using it\n",
            path, (unsigned int)cred.uid, (int)cred.pid);
    errno = EPERM;
    return -1;
}

static int connect_daemon(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    const char *env = getenv("XENSTORED_PATH");
    const char *rundir = getenv("XEN_RUNDIR");
    int fd;

    if ( env && *env )
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", env);
    else
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/xenstored.sock",
                 rundir && *rundir ? rundir : XEN_DEFAULT_RUNDIR);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        return -1;
    if ( connect(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
         check_daemon(fd, addr.sun_path) )
    {
        int saved = errno;

        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h;
    int fd;

    (void)flags;
    fd = connect_daemon();
    if ( fd < 0 )
        return NULL;
    h = calloc(1, sizeof(*h));
    h->fd = fd;
    pthread_mutex_init(&h->lock, NULL);
    return h;
}

struct xs_handle *xs_daemon_open(void)
{
    return xs_open(0);
}

void xs_close(struct xs_handle *h)
{
    struct xs_event *e;
    struct xs_watch_reg *w;

    if ( !h )
        return;
    while ( (e = h->events) )
    {
        h->events = e->next;
        free(e->data);
        free(e);
    }
    while ( (w = h->watches) )
    {
        h->watches = w->next;
        free(w->path);
        free(w->token);
        free(w);
    }
    close(h->fd);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while ( len )
    {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return -1;
        p += n;
        len -= n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;

    while ( len )
    {
        ssize_t n = recv(fd, p, len, 0);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
        {
            if ( n == 0 )
                errno = ECONNRESET;
            return -1;
        }
        p += n;
        len -= n;
    }
    return 0;
}

/* Read one message; the payload (NUL-terminated) is malloc'd. */
int xs_read_message(struct xs_handle *h, struct xsd_sockmsg *hdr, char **body)
{
    if ( read_all(h->fd, hdr, sizeof(*hdr)) )
        return -1;
    if ( hdr->len > XENSTORE_PAYLOAD_MAX )
    {
        errno = EPROTO;
        return -1;
    }
    *body = malloc(hdr->len + 1);
    if ( read_all(h->fd, *body, hdr->len) )
    {
        free(*body);
        return -1;
    }
    (*body)[hdr->len] = '\0';
    return 0;
}

void xs_queue_event(struct xs_handle *h, char *body, unsigned int len)
{
    struct xs_event *e = calloc(1, sizeof(*e)), **pp;

    e->data = body;
    e->len = len;
    for ( pp = &h->events; *pp; pp = &(*pp)->next )
        ;
    *pp = e;
}

/* The errno an XS_ERROR reply names. */
static int error_number(const char *name)
{
    static const struct xsd_errors errs[] = { XSD_ERROR_LIST };
    unsigned int i;

    for ( i = 0; i < sizeof(errs) / sizeof(errs[0]); i++ )
        if ( !strcmp(errs[i].errstring, name) )
            return errs[i].errnum;
    return EINVAL;
}

static int reconnect(struct xs_handle *h)
{
    struct xs_watch_reg *w;
    int fd = connect_daemon();

    if ( fd < 0 )
        return -1;
    close(h->fd);
    h->fd = fd;
    /* The daemon may have lost our watches: ask again. */
    for ( w = h->watches; w; w = w->next )
    {
        char buf[XENSTORE_PAYLOAD_MAX];
        int n = snprintf(buf, sizeof(buf), "%s%c%s", w->path, '\0', w->token);
        struct xsd_sockmsg hdr = { .type = XS_WATCH, .req_id = ++h->req_id };

        /* With its depth, if it had one. */
        if ( w->depth >= 0 && n >= 0 && (size_t)n < sizeof(buf) )
            n += snprintf(buf + n + 1, sizeof(buf) - n - 1, "%d", w->depth) + 1;
        hdr.len = n + 1;
        if ( write_all(fd, &hdr, sizeof(hdr)) || write_all(fd, buf, n + 1) )
            return -1;
    }
    return 0;
}

static char *exchange(struct xs_handle *h, uint32_t type, uint32_t tx,
                      const struct iovec *iov, unsigned int n,
                      unsigned int *len)
{
    struct xsd_sockmsg hdr = { .type = type,
                               .req_id = ++h->req_id,
                               .tx_id = tx };
    unsigned int i;
    char *body;

    for ( i = 0; i < n; i++ )
        hdr.len += iov[i].iov_len;
    if ( hdr.len > XENSTORE_PAYLOAD_MAX )
    {
        errno = E2BIG;
        return NULL;
    }
    if ( write_all(h->fd, &hdr, sizeof(hdr)) )
        return NULL;
    for ( i = 0; i < n; i++ )
        if ( write_all(h->fd, iov[i].iov_base, iov[i].iov_len) )
            return NULL;
    for ( ;; )
    {
        struct xsd_sockmsg r;

        if ( xs_read_message(h, &r, &body) )
            return NULL;
        if ( r.type == XS_WATCH_EVENT )
        {
            xs_queue_event(h, body, r.len);
            continue;
        }
        if ( r.req_id != hdr.req_id )
        {
            free(body); /* a reply to a watch re-registration */
            continue;
        }
        if ( r.type == XS_ERROR )
        {
            errno = error_number(body);
            free(body);
            return NULL;
        }
        if ( len )
            *len = r.len;
        return body;
    }
}

char *xs_talk(struct xs_handle *h, uint32_t type, uint32_t tx,
              const struct iovec *iov, unsigned int n, unsigned int *len)
{
    char *body;

    pthread_mutex_lock(&h->lock);
    body = exchange(h, type, tx, iov, n, len);
    if ( !body && (errno == ECONNRESET || errno == EPIPE) && !reconnect(h) )
    {
        if ( tx )
            errno = EAGAIN; /* the daemon's transaction is gone */
        else
            body = exchange(h, type, tx, iov, n, len);
    }
    pthread_mutex_unlock(&h->lock);
    return body;
}

char *xs_talk_string(struct xs_handle *h, uint32_t type, uint32_t tx,
                     const char *s, unsigned int *len)
{
    struct iovec iov = { .iov_base = (void *)s, .iov_len = strlen(s) + 1 };

    return xs_talk(h, type, tx, &iov, 1, len);
}

bool xs_talk_ok(struct xs_handle *h, uint32_t type, uint32_t tx,
                const struct iovec *iov, unsigned int n)
{
    char *body = xs_talk(h, type, tx, iov, n, NULL);

    free(body);
    return body != NULL;
}
