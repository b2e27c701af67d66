/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * connection.c: clients and the wire. Each message is a 16-byte header
 * and up to XENSTORE_PAYLOAD_MAX bytes of payload; a header announcing
 * more ends the connection (the stream cannot be resynchronised).
 * Replies and watch events queue per connection; a client that lets more
 * than OUT_MAX bytes pile up is dropped rather than let it hold memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xenstored.h"

#define OUT_MAX (1 << 20)

struct connection *connections;

struct connection *conn_new(int fd, unsigned int domid, bool privileged)
{
    struct connection *c = calloc(1, sizeof(*c));

    c->fd = fd;
    c->domid = domid;
    c->privileged = privileged;
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
    free(c->out);
    free(c);
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
    size_t need = c->out_len + sizeof(hdr) + len;
    char *out;

    if ( c->dead )
        return;
    if ( need - c->out_sent > OUT_MAX )
    {
        xs_log("dropping a client that does not read its replies");
        c->dead = true;
        return;
    }
    out = realloc(c->out, need);
    if ( !out )
    {
        c->dead = true;
        return;
    }
    c->out = out;
    memcpy(c->out + c->out_len, &hdr, sizeof(hdr));
    memcpy(c->out + c->out_len + sizeof(hdr), data, len);
    c->out_len = need;
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

bool conn_flush_output(struct connection *c)
{
    while ( c->out_sent < c->out_len )
    {
        ssize_t n;

        if ( c->ring )
        {
            n = ring_write(c, c->out + c->out_sent, c->out_len - c->out_sent);
            if ( n <= 0 )
                return n == 0; /* full: later; -1: a broken ring */
        }
        else
        {
            n = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent,
                     MSG_DONTWAIT | MSG_NOSIGNAL);
            if ( n < 0 )
                return errno == EAGAIN || errno == EINTR;
        }
        c->out_sent += n;
    }
    c->out_len = c->out_sent = 0;
    return true;
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

bool conn_handle_input(struct connection *c)
{
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
    handle_message(c, &c->hdr, c->in);
    c->hdr_got = c->in_got = 0;
    return !c->dead;
}
