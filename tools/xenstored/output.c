/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * output.c: each connection's queue of replies and watch events, sent
 * as the socket or ring has room. The queue is also where two limits on
 * unprivileged domains live:
 *  - replies not yet taken count as outstanding requests; at the quota
 *    connection.c stops reading that domain's requests until it catches
 *    up, so a guest that never reads cannot make the daemon hold more;
 *  - watch events nobody has started to take are dropped once older than
 *    the watch-event timeout, as on Xen, so a stalled guest's watches
 *    cannot pile up.
 * A client that lets more than OUT_MAX bytes pile up anyway (dom0 is
 * not limited) is dropped rather than let it hold memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "xenstored.h"

#define OUT_MAX (1 << 20)

struct out_msg {
    struct out_msg *next;
    uint64_t queued_ms;
    bool is_event;
    unsigned int len, sent;
    char data[]; /* header, then payload */
};

static unsigned int event_timeout_ms = 20000;

void output_set_event_timeout(unsigned int ms)
{
    event_timeout_ms = ms;
}

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static void unlink_msg(struct connection *c, struct out_msg **pp)
{
    struct out_msg *m = *pp;

    *pp = m->next;
    if ( c->out_tail == &m->next )
        c->out_tail = pp;
    c->out_bytes -= m->len;
    if ( !m->is_event )
        c->out_replies--;
    free(m);
}

void conn_send(struct connection *c, uint32_t type, uint32_t req_id,
               uint32_t tx_id, const void *data, unsigned int len)
{
    struct xsd_sockmsg hdr = {
        .type = type,
        .req_id = req_id,
        .tx_id = tx_id,
        .len = len,
    };
    struct out_msg *m;

    if ( c->dead )
        return;
    if ( c->out_bytes + sizeof(hdr) + len > OUT_MAX )
    {
        xs_log("dropping a client that does not read its replies");
        c->dead = true;
        return;
    }
    m = malloc(sizeof(*m) + sizeof(hdr) + len);
    if ( !m )
    {
        c->dead = true;
        return;
    }
    m->next = NULL;
    m->queued_ms = now_ms();
    m->is_event = type == XS_WATCH_EVENT;
    m->len = sizeof(hdr) + len;
    m->sent = 0;
    memcpy(m->data, &hdr, sizeof(hdr));
    memcpy(m->data + sizeof(hdr), data, len);
    if ( !c->out_tail )
        c->out_tail = &c->out_head;
    *c->out_tail = m;
    c->out_tail = &m->next;
    c->out_bytes += m->len;
    if ( !m->is_event )
        c->out_replies++;
}

static const struct xsd_errors xsd_errors[] = { XSD_ERROR_LIST };

void conn_send_error(struct connection *c, const struct xsd_sockmsg *req,
                     int err)
{
    const char *name = "EINVAL";
    unsigned int i;

    for ( i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++ )
        if ( xsd_errors[i].errnum == err )
            name = xsd_errors[i].errstring;
    conn_send(c, XS_ERROR, req->req_id, req->tx_id, name, strlen(name) + 1);
}

/* Bytes moved to the peer, 0 if it has no room, -1 if it is broken. */
static long send_some(struct connection *c, const char *buf, size_t len)
{
    ssize_t n;

    if ( c->ring )
        return ring_write(c, buf, len);
    n = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if ( n < 0 )
        return errno == EAGAIN || errno == EINTR ? 0 : -1;
    return n;
}

/*
 * A socket takes the queue up to FLUSH_IOV messages a call: the replies
 * to a pipelined batch leave in a few sends, not one each.
 */
#define FLUSH_IOV 64

static bool flush_socket(struct connection *c)
{
    while ( c->out_head )
    {
        struct iovec iov[FLUSH_IOV];
        struct msghdr mh = { .msg_iov = iov };
        struct out_msg *m;
        ssize_t n;

        for ( m = c->out_head; m && mh.msg_iovlen < FLUSH_IOV; m = m->next )
            iov[mh.msg_iovlen++] =
                (struct iovec){ m->data + m->sent, m->len - m->sent };
        n = sendmsg(c->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
        if ( n < 0 )
            return errno == EAGAIN || errno == EINTR;
        while ( n > 0 )
        {
            m = c->out_head;
            if ( (size_t)n < m->len - m->sent )
            {
                m->sent += n;
                return true; /* the socket is full */
            }
            n -= m->len - m->sent;
            unlink_msg(c, &c->out_head);
        }
    }
    return true;
}

bool conn_flush_output(struct connection *c)
{
    if ( !c->ring )
        return flush_socket(c);
    while ( c->out_head )
    {
        struct out_msg *m = c->out_head;
        long n = send_some(c, m->data + m->sent, m->len - m->sent);

        if ( n <= 0 )
            return n == 0;
        m->sent += n;
        if ( m->sent == m->len )
            unlink_msg(c, &c->out_head);
    }
    return true;
}

bool conn_has_output(const struct connection *c)
{
    return c->out_head != NULL;
}

void conn_free_output(struct connection *c)
{
    while ( c->out_head )
        unlink_msg(c, &c->out_head);
}

/* Drop stale watch events no one has started to take; returns how many. */
static unsigned int expire_events(struct connection *c, uint64_t now)
{
    struct out_msg **pp = &c->out_head;
    unsigned int dropped = 0;

    while ( *pp )
    {
        struct out_msg *m = *pp;

        if ( m->is_event && !m->sent && now - m->queued_ms >= event_timeout_ms )
        {
            unlink_msg(c, pp);
            dropped++;
        }
        else
            pp = &m->next;
    }
    return dropped;
}

void output_expire_events(void)
{
    uint64_t now = now_ms();
    struct connection *c;

    for ( c = connections; c; c = c->next )
    {
        unsigned int dropped;

        if ( c->privileged || !c->out_head )
            continue;
        dropped = expire_events(c, now);
        if ( dropped )
            xs_log("domain %u: dropped %u watch events not taken in %u ms",
                   c->domid, dropped, event_timeout_ms);
    }
}
