/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * connection.c: clients and the wire. Each message is a 16-byte header
 * and up to XENSTORE_PAYLOAD_MAX bytes of payload; a header announcing
 * more ends the connection (the stream cannot be resynchronised).
 * Two limits on unprivileged domains hold their requests back (they wait
 * in the ring, unread) rather than fail them: the shared write rate
 * (ratelimit.c) and the outstanding-request quota (output.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xenstored.h"

struct connection *connections;

#define SOCK_BUF (16 << 10)

struct connection *conn_new(int fd, unsigned int domid, bool privileged)
{
    struct connection *c = calloc(1, sizeof(*c));

    c->fd = fd;
    c->domid = domid;
    c->privileged = privileged;
    c->watches_tail = &c->watches;
    c->next = connections;
    connections = c;
    return c;
}

void conn_free(struct connection *c)
{
    struct connection **pp;

    for ( pp = &connections; *pp; pp = &(*pp)->next )
        if ( *pp == c )
        {
            *pp = c->next;
            break;
        }
    tx_abort_all(c);
    watch_remove_all(c);
    if ( c->ring )
        ring_disconnect(c);
    if ( c->fd >= 0 )
        close(c->fd);
    conn_free_output(c);
    free(c->sock_buf);
    free(c);
}

/* Read into buf up to want bytes; false if the peer closed or failed. */
static bool read_some(struct connection *c, void *buf, unsigned int want,
                      unsigned int *got)
{
    ssize_t n;

    if ( c->ring )
    {
        n = ring_read(c, (char *)buf + *got, want - *got);
        if ( n < 0 )
            return false;
        *got += n;
        return true;
    }
    if ( !c->privileged && c->sock_off == c->sock_len )
    {
        /* Held-back requests wait unread in the socket, as in a ring. */
        n = recv(c->fd, (char *)buf + *got, want - *got, MSG_DONTWAIT);
        if ( n == 0 )
            return false;
        if ( n < 0 )
            return errno == EAGAIN || errno == EINTR;
        *got += n;
        return true;
    }
    if ( c->sock_off == c->sock_len )
    {
        /* One receive takes what a pipelining client has sent. */
        if ( !c->sock_buf && !(c->sock_buf = malloc(SOCK_BUF)) )
            return false;
        n = recv(c->fd, c->sock_buf, SOCK_BUF, MSG_DONTWAIT);
        if ( n == 0 )
            return false;
        if ( n < 0 )
            return errno == EAGAIN || errno == EINTR;
        c->sock_off = 0;
        c->sock_len = n;
    }
    n = c->sock_len - c->sock_off;
    if ( n > want - *got )
        n = want - *got;
    memcpy((char *)buf + *got, c->sock_buf + c->sock_off, n);
    c->sock_off += n;
    *got += n;
    return true;
}

bool conn_input_pending(const struct connection *c)
{
    return !c->ring && c->sock_off < c->sock_len;
}

/* Should c's next request wait (unread) for now? */
static bool must_wait(const struct connection *c)
{
    if ( c->privileged )
        return false;
    return quota_over(QUOTA_OUTSTANDING, c->domid, c->out_replies + 1) ||
           !ratelimit_may_read(c);
}

/*
 * A socket client that pipelines (xl reads a thousand names with one
 * write) has its requests served in a row, up to CONN_BURST of them,
 * before the loop polls again: one message per poll would make each
 * request cost a poll over every connection (a thousand per-domain
 * monitors), and a pipelined batch quadratic in the domains. The bound
 * keeps the other clients' turn near.
 */
#define CONN_BURST_FLUSH (64 << 10)

bool conn_handle_burst(struct connection *c)
{
    unsigned int i;

    for ( i = 0; i < CONN_BURST; i++ )
    {
        unsigned int before = c->handled;

        if ( !conn_handle_input(c) )
            return false;
        if ( c->handled == before || c->ring || c->deferred )
            break;
        /* Replies go out as they pile up, not past output.c's cap. */
        if ( c->out_bytes >= CONN_BURST_FLUSH && !conn_flush_output(c) )
            return false;
    }
    return true;
}

int conn_poll_timeout_ms(void)
{
    const struct connection *c;

    for ( c = connections; c; c = c->next )
    {
        if ( conn_input_pending(c) && !c->dead && !c->deferred )
            return 0; /* a burst ended with requests in hand */
        if ( c->deferred && !c->dead )
            return 1;
    }
    return 1000;
}

bool conn_handle_input(struct connection *c)
{
    c->deferred = c->hdr_got == 0 && must_wait(c);
    if ( c->deferred )
        return true;
    if ( c->hdr_got < sizeof(c->hdr) )
    {
        if ( !read_some(c, &c->hdr, sizeof(c->hdr), &c->hdr_got) )
            return false;
        if ( c->hdr_got < sizeof(c->hdr) )
            return true;
        if ( c->hdr.len > XENSTORE_PAYLOAD_MAX )
        {
            xs_log("message of %u bytes: dropping the client", c->hdr.len);
            return false;
        }
    }
    if ( c->in_got < c->hdr.len &&
         !read_some(c, c->in, c->hdr.len, &c->in_got) )
        return false;
    if ( c->in_got < c->hdr.len )
        return true;

    c->in[c->hdr.len] = '\0';
    ratelimit_charge(c, c->hdr.type);
    handle_message(c, &c->hdr, c->in);
    c->hdr_got = c->in_got = 0;
    c->handled++;
    if ( c->ring && !c->dead )
    {
        /* Answered: only now may the request leave the ring (ring.c). */
        conn_flush_output(c);
        ring_consume(c);
    }
    return !c->dead;
}
