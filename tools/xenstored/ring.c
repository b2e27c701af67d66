/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ring.c: guests' xenstore rings. Their pages are mapped through the
 * hypervisor (libxenctrl's foreign mapping) and their event channels
 * bound with libxenevtchn. A guest controls its ring's indexes: any
 * producer more than a ring ahead of the consumer marks the ring broken
 * (XENSTORE_ERROR_RINGIDX) and ends the connection; the daemon never
 * reads or writes outside the page.
 *
 * Requests are only peeked at while they are read, and consumed (req_cons
 * moved) once handled and answered: if the daemon dies in between, the
 * request is still in the ring for the next daemon, so a guest sees at
 * most its request handled twice. A request longer than the ring has to
 * be consumed as it comes, since the guest cannot write the rest before.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xenctrl.h>
#include <xenevtchn.h>

#include "xenstored.h"

static xc_interface *xch;
static xenevtchn_handle *xce;

/* Ring connections by our local event-channel port. */
static struct connection **by_port;
static unsigned int by_port_size;

static void index_port(unsigned int port, struct connection *c)
{
    if ( port >= by_port_size )
    {
        unsigned int size = (port + 64) * 2;
        struct connection **n = realloc(by_port, size * sizeof(*n));

        if ( !n )
            return; /* found by the periodic scan instead */
        memset(n + by_port_size, 0, (size - by_port_size) * sizeof(*n));
        by_port = n;
        by_port_size = size;
    }
    by_port[port] = c;
}

static int ensure_hypervisor(void)
{
    if ( !xch )
        xch = xc_interface_open(NULL, NULL, 0);
    if ( xch && !xce )
    {
        xce = xenevtchn_open(NULL, 0);
        if ( xce )
            fcntl(xenevtchn_fd(xce), F_SETFL, O_NONBLOCK);
    }
    return xch && xce ? 0 : -1;
}

int ring_event_fd(void)
{
    return xce ? xenevtchn_fd(xce) : -1;
}

/*
 * The hypervisor went away (its event-channel connection hung up): stop
 * polling a descriptor that would report the hangup forever, and keep
 * serving dom0's clients. The next ring operation connects again, to a
 * hypervisor started since.
 */
void ring_event_hangup(void)
{
    xs_log("the hypervisor hung up; rings are not served until it is back");
    xenevtchn_close(xce);
    xce = NULL;
    if ( xch )
        xc_interface_close(xch);
    xch = NULL;
}

/*
 * Asked of the hypervisor, at most once a second while it cannot be
 * reached (xenstored runs without one in tests).
 */
bool ring_domain_exists(unsigned int domid)
{
    static time_t last_try;
    xc_domaininfo_t info;
    time_t now = time(NULL);

    if ( !xch && now == last_try )
        return false;
    last_try = now;
    if ( !xch && !(xch = xc_interface_open(NULL, NULL, 0)) )
        return false;
    return xc_domain_getinfo_single(xch, domid, &info) == 0;
}

struct connection *ring_connect(unsigned int domid, uint64_t mfn,
                                unsigned int port, unsigned int features)
{
    struct connection *c;
    size_t size;
    uint8_t *mem;
    int local;

    if ( ensure_hypervisor() )
    {
        xs_log("domain %u: no hypervisor to reach its ring", domid);
        return NULL;
    }
    mem = xc_map_foreign_domain(xch, domid, &size);
    if ( !mem || mfn >= size >> 12 )
    {
        xs_log("domain %u: cannot map its store page %#lx", domid,
               (unsigned long)mfn);
        if ( mem )
            munmap(mem, size);
        return NULL;
    }
    local = xenevtchn_bind_interdomain(xce, domid, port);
    if ( local < 0 )
    {
        xs_log("domain %u: cannot bind event channel %u", domid, port);
        munmap(mem, size);
        return NULL;
    }
    c = conn_new(-1, domid, false);
    c->ring = (struct xenstore_domain_interface *)(mem + (mfn << 12));
    c->local_port = local;
    c->ring_base = mem;
    c->ring_map_size = size;
    c->ring_signalled = true; /* requests may be waiting already */
    index_port(local, c);
    c->ring->server_features = features;
    c->ring->connection = XENSTORE_CONNECTED;
    xs_log("domain %u: ring connected (port %d)", domid, local);
    return c;
}

void ring_disconnect(struct connection *c)
{
    if ( c->local_port < by_port_size && by_port[c->local_port] == c )
        by_port[c->local_port] = NULL;
    if ( xce && c->local_port )
        xenevtchn_unbind(xce, c->local_port);
    if ( c->ring_base )
        munmap(c->ring_base, c->ring_map_size);
    c->ring = NULL;
}

static void notify(struct connection *c)
{
    if ( xce )
        xenevtchn_notify(xce, c->local_port);
}

static int broken(struct connection *c, const char *what)
{
    xs_log("domain %u: %s: disconnecting its ring", c->domid, what);
    c->ring->error = XENSTORE_ERROR_RINGIDX;
    return -1;
}

int ring_read(struct connection *c, void *buf, unsigned int len)
{
    struct xenstore_domain_interface *r = c->ring;
    XENSTORE_RING_IDX cons = r->req_cons;
    XENSTORE_RING_IDX prod = __atomic_load_n(&r->req_prod, __ATOMIC_ACQUIRE);
    unsigned int queued = prod - cons, avail, i;

    if ( queued > XENSTORE_RING_SIZE || c->ring_peeked > queued )
        return broken(c, "request indexes out of range");
    avail = queued - c->ring_peeked;
    if ( avail > len )
        avail = len;
    for ( i = 0; i < avail; i++ )
        ((char *)buf)[i] = r->req[MASK_XENSTORE_IDX(cons + c->ring_peeked + i)];
    c->ring_peeked += avail;
    /* A full ring the guest waits on: take it now to let it go on. */
    if ( c->ring_peeked == XENSTORE_RING_SIZE )
        ring_consume(c);
    return avail;
}

/*
 * Taking requests frees room, which matters to the guest only if it found
 * the ring full and waits for room: notify then, not after every request
 * (each notification is an upcall into the guest). The fence pairs with
 * the one a producer puts between publishing its index and reading ours:
 * either it sees the room, or we see the full ring it saw.
 */
void ring_consume(struct connection *c)
{
    XENSTORE_RING_IDX cons, prod;

    if ( !c->ring || !c->ring_peeked )
        return;
    cons = c->ring->req_cons;
    __atomic_store_n(&c->ring->req_cons, cons + c->ring_peeked,
                     __ATOMIC_RELEASE);
    c->ring_peeked = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    prod = __atomic_load_n(&c->ring->req_prod, __ATOMIC_ACQUIRE);
    if ( prod - cons >= XENSTORE_RING_SIZE )
        notify(c);
}

int ring_write(struct connection *c, const void *buf, unsigned int len)
{
    struct xenstore_domain_interface *r = c->ring;
    XENSTORE_RING_IDX cons, prod = r->rsp_prod;
    unsigned int used, space, i;

    /*
     * Our last rsp_prod before the guest's rsp_cons: the guest tells us of
     * room only if it then sees the full ring we may see here (the same
     * rule as ring_consume() follows for requests).
     */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    cons = __atomic_load_n(&r->rsp_cons, __ATOMIC_ACQUIRE);
    used = prod - cons;

    if ( used > XENSTORE_RING_SIZE )
        return broken(c, "response indexes out of range");
    space = XENSTORE_RING_SIZE - used;
    if ( space > len )
        space = len;
    for ( i = 0; i < space; i++ )
        r->rsp[MASK_XENSTORE_IDX(prod + i)] = ((const char *)buf)[i];
    if ( space )
    {
        __atomic_store_n(&r->rsp_prod, prod + space, __ATOMIC_RELEASE);
        notify(c);
    }
    return space;
}

/* Serve one ring: up to a few requests, then its replies. */
static void serve_ring(struct connection *c)
{
    unsigned int rounds;

    for ( rounds = 0; rounds < 8; rounds++ )
    {
        XENSTORE_RING_IDX before = c->ring->req_cons;

        if ( !conn_handle_input(c) )
        {
            c->dead = true;
            return;
        }
        if ( c->ring->req_cons == before )
            break;
    }
    if ( !conn_flush_output(c) )
        c->dead = true;
}

/* Every ring once a second, whether signalled or not: a safety net. */
static bool full_scan_due(void)
{
    static time_t last;
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if ( last && now.tv_sec == last )
        return false;
    last = now.tv_sec;
    return true;
}

/*
 * Serve the rings whose event channel fired, those held back by a limit
 * (they are tried again on every pass), and now and then all of them:
 * the cost of a guest's request does not grow with the number of guests.
 */
void ring_handle_events(void)
{
    struct connection *c;
    bool all = full_scan_due();
    int port;

    while ( xce && (port = xenevtchn_pending(xce)) >= 0 )
    {
        xenevtchn_unmask(xce, port);
        if ( (unsigned int)port < by_port_size && by_port[port] )
            by_port[port]->ring_signalled = true;
    }
    for ( c = connections; c; c = c->next )
    {
        if ( !c->ring || c->dead || !(all || c->ring_signalled || c->deferred) )
            continue;
        c->ring_signalled = false;
        serve_ring(c);
    }
}
