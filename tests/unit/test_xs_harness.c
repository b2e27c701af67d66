/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xs_harness.c: xenstored's message handling in-process for the
 * xenstored unit tests: socketpairs stand in for clients, the daemon's
 * end is a connection, and the ring side (there is no hypervisor here)
 * is stubbed out: introduced domains have no ring.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "test_xs_harness.h"

struct client dom0, dom5;
char reply_buf[8192];

/*
 * Watch events may come before or after a reply: the reply helpers set
 * events aside here, and next_event() hands them out first.
 */
#define MAX_STASH 64
static char stash[MAX_STASH][512];
static unsigned int stash_len[MAX_STASH], stash_n;
static struct client *stash_owner;

void drop_stashed_events(void)
{
    stash_n = 0;
}

void xs_log(const char *fmt, ...)
{
    (void)fmt;
}

void client_open(struct client *cl, unsigned int domid, bool priv)
{
    int sv[2];

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    cl->fd = sv[0];
    cl->conn = conn_new(sv[1], domid, priv);
}

void client_close(struct client *cl)
{
    close(cl->fd);
    conn_free(cl->conn);
}

/* Put a message on the wire without letting the daemon see it yet. */
void send_raw(struct client *cl, uint32_t type, uint32_t tx,
              const char *payload, unsigned int len)
{
    struct xsd_sockmsg h = {
        .type = type, .req_id = 7, .tx_id = tx, .len = len
    };

    CU_ASSERT_EQUAL(write(cl->fd, &h, sizeof(h)), (ssize_t)sizeof(h));
    if ( len )
        CU_ASSERT_EQUAL(write(cl->fd, payload, len), (ssize_t)len);
}

unsigned int unread_by_daemon(struct client *cl)
{
    int n = 0;

    ioctl(cl->conn->fd, FIONREAD, &n);
    return n;
}

/* Let the daemon handle what it will of cl's input (no output sent). */
void pump(struct client *cl)
{
    while ( conn_handle_input(cl->conn) && !cl->conn->deferred &&
            (cl->conn->hdr_got || conn_input_pending(cl->conn) ||
             unread_by_daemon(cl)) )
        ;
}

/* Send a message built from NUL-separated parts; let the daemon handle it. */
void send_msg(struct client *cl, uint32_t type, uint32_t tx,
              const char *payload, unsigned int len)
{
    send_raw(cl, type, tx, payload, len);
    pump(cl);
    conn_flush_output(cl->conn);
}

/* Read one message; payload into buf (NUL-terminated). Returns type. */
uint32_t recv_msg(struct client *cl, char *buf, unsigned int *len)
{
    struct xsd_sockmsg h;

    if ( read(cl->fd, &h, sizeof(h)) != sizeof(h) )
        return XS_INVALID;
    if ( h.len && read(cl->fd, buf, h.len) != (ssize_t)h.len )
        return XS_INVALID;
    buf[h.len] = '\0';
    if ( len )
        *len = h.len;
    return h.type;
}

uint32_t next_event(struct client *cl, char *buf, unsigned int *len)
{
    if ( stash_n && stash_owner == cl )
    {
        memcpy(buf, stash[0], stash_len[0] + 1);
        *len = stash_len[0];
        memmove(stash[0], stash[1], (stash_n - 1) * sizeof(stash[0]));
        memmove(stash_len, stash_len + 1, (stash_n - 1) * sizeof(stash_len[0]));
        stash_n--;
        return XS_WATCH_EVENT;
    }
    return recv_msg(cl, buf, len);
}

uint32_t req(struct client *cl, uint32_t type, uint32_t tx, const char *payload,
             unsigned int len)
{
    unsigned int l;
    uint32_t t;

    send_msg(cl, type, tx, payload, len);
    while ( (t = recv_msg(cl, reply_buf, &l)) == XS_WATCH_EVENT )
        if ( stash_n < MAX_STASH && l < sizeof(stash[0]) )
        {
            stash_owner = cl;
            memcpy(stash[stash_n], reply_buf, l + 1);
            stash_len[stash_n++] = l;
        }
    return t;
}

uint32_t req_s(struct client *cl, uint32_t type, const char *s)
{
    return req(cl, type, 0, s, strlen(s) + 1);
}

uint32_t write_node(struct client *cl, uint32_t tx, const char *path,
                    const char *value)
{
    char buf[4096];
    size_t pl = strlen(path) + 1, vl = strlen(value);

    memcpy(buf, path, pl);
    memcpy(buf + pl, value, vl);
    return req(cl, XS_WRITE, tx, buf, pl + vl);
}

bool has_pending(struct client *cl)
{
    char c;

    return (stash_n && stash_owner == cl) ||
           recv(cl->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 1;
}

void setup(void)
{
    stash_n = 0;
    ratelimit_configure(0, 0); /* test_rate_limit sets its own */
    store_init();
    client_open(&dom0, 0, true);
    client_open(&dom5, 5, false);
}

void teardown(void)
{
    client_close(&dom0);
    client_close(&dom5);
}

uint32_t start_tx(struct client *cl)
{
    CU_ASSERT_EQUAL(req(cl, XS_TRANSACTION_START, 0, "", 1),
                    XS_TRANSACTION_START);
    return strtoul(reply_buf, NULL, 10);
}

/* An unprivileged client with a home it may write. */
void open_guest(struct client *cl, unsigned int domid)
{
    char home[64], perms[32];
    int n;

    client_open(cl, domid, false);
    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, home), XS_MKDIR);
    n = snprintf(perms, sizeof(perms), "%s%cn%u", home, '\0', domid);
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_PERMS, 0, perms, n + 1), XS_SET_PERMS);
}

void set_quota_for(unsigned int domid, const char *name, unsigned int value)
{
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%u%c%s%c%u", domid, '\0', name, '\0',
                     value);

    CU_ASSERT_EQUAL(req(&dom0, XS_SET_QUOTA, 0, buf, n + 1), XS_SET_QUOTA);
}

/* No hypervisor in this test: introduced domains have no ring. */
struct connection *ring_connect(unsigned int domid, uint64_t mfn,
                                unsigned int port, unsigned int features)
{
    (void)domid;
    (void)mfn;
    (void)port;
    (void)features;
    return NULL;
}

bool ring_domain_exists(unsigned int domid)
{
    (void)domid;
    return false;
}

void ring_disconnect(struct connection *c)
{
    (void)c;
}

int ring_read(struct connection *c, void *buf, unsigned int len)
{
    (void)c;
    (void)buf;
    (void)len;
    return -1;
}

void ring_consume(struct connection *c)
{
    (void)c;
}

int ring_write(struct connection *c, const void *buf, unsigned int len)
{
    (void)c;
    (void)buf;
    (void)len;
    return -1;
}
