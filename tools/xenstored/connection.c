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
    n = recv(c->fd, (char *)buf + *got, want - *got, MSG_DONTWAIT);

    if ( n == 0 )
        return false;
    if ( n < 0 )
        return errno == EAGAIN || errno == EINTR;
    *got += n;
    return true;
}

/* Should c's next request wait (unread) for now? */
static bool must_wait(const struct connection *c)
{
    if ( c->privileged )
        return false;
    return quota_over(QUOTA_OUTSTANDING, c->domid, c->out_replies + 1) ||
           !ratelimit_may_read(c);
}

int conn_poll_timeout_ms(void)
{
    const struct connection *c;

    for ( c = connections; c; c = c->next )
        if ( c->deferred && !c->dead )
            return 1;
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
    if ( c->ring && !c->dead )
    {
        /* Answered: only now may the request leave the ring (ring.c). */
        conn_flush_output(c);
        ring_consume(c);
    }
    return !c->dead;
}
