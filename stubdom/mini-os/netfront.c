/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netfront.c: the guest's PV network device, one queue.
 *
 * Buffers: every transmit slot and every receive buffer is one page,
 * granted to the backend once for the life of the device (read-only
 * for transmit, writable for receive). The backend copies with grant
 * copy only what a ring request names, so a page granted for good
 * costs nothing and saves a grant and an end of access per frame. A
 * frame larger than a page takes several slots (NETTXF_more_data) when
 * the backend offers feature-sg; a TCP segment for the backend to cut
 * up carries a GSO extra-info slot after its first slot.
 *
 * Receive responses land in the ring slot of their request, so the
 * buffer of a response is known from its ring index (rx_slot_id[]),
 * extra-info slots included; a response whose id disagrees, or whose
 * offset and length leave the page, ends the frame as an error.
 *
 * Pages go back to a stash when a device closes, for the next one: a
 * detach and attach cycle does not eat the small heap. A page whose
 * grant the backend still uses at close is left granted and not reused.
 */
#include <mini-os/gnttab.h>
#include <mini-os/netfront.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>
#include <public/io/netif.h>

#define TX_RING_SIZE __CONST_RING_SIZE(netif_tx, PAGE_SIZE)
#define RX_RING_SIZE __CONST_RING_SIZE(netif_rx, PAGE_SIZE)
#define TX_SLOTS 128 /* pages for transmit */
#define RX_SLOTS 128 /* pages posted for receive */
#define MAX_FRAME 65535
#define MAX_TX_SLOTS_PER_FRAME 17 /* under Xen's 18 with the extra slot */
#define HANDSHAKE_TIMEOUT_NS (10ULL * 1000000000ULL)

struct buf {
    void *page;
    grant_ref_t gref;
};

struct netfront {
    char node[64];
    char backend[128];
    const char *token; /* of the backend-state watch, NULL: none */
    domid_t backend_id;
    uint8_t mac[6];
    bool sg, gso, connected, gone;
    volatile bool state_changed;

    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    void *tx_ring_page, *rx_ring_page;
    grant_ref_t tx_ring_ref, rx_ring_ref;
    evtchn_port_t port;

    struct buf txbuf[TX_SLOTS];
    uint16_t tx_free[TX_SLOTS];
    unsigned int nr_tx_free;
    bool tx_busy[TX_SLOTS];

    struct buf rxbuf[RX_SLOTS];
    uint16_t rx_free[RX_SLOTS];
    unsigned int nr_rx_free;
    uint16_t rx_slot_id[RX_RING_SIZE]; /* id posted at each ring index */

    uint8_t *frame; /* reassembly of a multi-slot frame */
    size_t frame_len;
    bool frame_bad;

    netfront_rx_fn rx_fn;
    netfront_notify_fn notify;
    void *ctx;
    struct netfront_stats stats;
};

/* Pages of closed devices, for the next one. */
static void *page_stash[2 * (TX_SLOTS + RX_SLOTS + 2)];
static unsigned int nr_stash;

static void *get_page(void)
{
    void *p = nr_stash ? page_stash[--nr_stash] : alloc_page();

    if ( p )
        memset(p, 0, PAGE_SIZE);
    return p;
}

static void put_page(void *p, grant_ref_t gref)
{
    if ( !p )
        return;
    if ( gref != GNTTAB_INVALID_REF && gnttab_end_access(gref) )
        return; /* still in the backend's hands: never reuse it */
    if ( nr_stash < ARRAY_SIZE(page_stash) )
        page_stash[nr_stash++] = p;
}

static void on_event(evtchn_port_t port, void *data)
{
    struct netfront *nf = data;

    (void)port;
    if ( nf->notify )
        nf->notify(nf->ctx);
}

/*
 * One watch slot per device: the kernel watch calls a plain function,
 * and its token outlives any device (xenbus keeps the pointer).
 */
#define MAX_DEVS 4
static struct netfront *devs[MAX_DEVS];
static const char *const watch_tokens[MAX_DEVS] = { "netfront0", "netfront1",
                                                    "netfront2", "netfront3" };

static void on_backend_state(void)
{
    unsigned int i;

    for ( i = 0; i < MAX_DEVS; i++ )
        if ( devs[i] )
        {
            devs[i]->state_changed = true;
            if ( devs[i]->notify )
                devs[i]->notify(devs[i]->ctx);
        }
}

static char *read_key(const char *dir, const char *key)
{
    char path[192];
    int err;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xenbus_read(0, path, &err);
}

static unsigned long read_ulong(const char *dir, const char *key,
                                unsigned long dflt)
{
    char *v = read_key(dir, key);
    unsigned long n = v ? strtoul(v, NULL, 10) : dflt;

    free(v);
    return n;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int i;

    for ( i = 0; i < 6; i++ )
    {
        char *end;
        unsigned long b = strtoul(s, &end, 16);

        if ( end == s || b > 255 || (i < 5 && *end != ':') || (i == 5 && *end) )
            return -1;
        mac[i] = (uint8_t)b;
        s = end + 1;
    }
    return 0;
}

static void rx_refill(struct netfront *nf)
{
    bool notify;

    while ( nf->nr_rx_free && !RING_FULL(&nf->rx) )
    {
        RING_IDX i = nf->rx.req_prod_pvt++;
        netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, i);
        uint16_t id = nf->rx_free[--nf->nr_rx_free];

        req->id = id;
        req->pad = 0;
        req->gref = nf->rxbuf[id].gref;
        nf->rx_slot_id[i & (RX_RING_SIZE - 1)] = id;
        nf->stats.rx_refills++;
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, notify);
    if ( notify )
        notify_remote_via_evtchn(nf->port);
}

static int alloc_bufs(struct netfront *nf)
{
    unsigned int i;

    for ( i = 0; i < TX_SLOTS; i++ )
    {
        nf->txbuf[i].page = get_page();
        if ( !nf->txbuf[i].page )
            return -1;
        nf->txbuf[i].gref = gnttab_grant_access(
            nf->backend_id, virt_to_mfn(nf->txbuf[i].page), true);
        if ( nf->txbuf[i].gref == GNTTAB_INVALID_REF )
            return -1;
        nf->tx_free[nf->nr_tx_free++] = (uint16_t)i;
    }
    for ( i = 0; i < RX_SLOTS; i++ )
    {
        nf->rxbuf[i].page = get_page();
        if ( !nf->rxbuf[i].page )
            return -1;
        nf->rxbuf[i].gref = gnttab_grant_access(
            nf->backend_id, virt_to_mfn(nf->rxbuf[i].page), false);
        if ( nf->rxbuf[i].gref == GNTTAB_INVALID_REF )
            return -1;
        nf->rx_free[nf->nr_rx_free++] = (uint16_t)i;
    }
    return 0;
}

static int setup_rings(struct netfront *nf)
{
    netif_tx_sring_t *txs;
    netif_rx_sring_t *rxs;
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
                                       .remote_dom = nf->backend_id };

    nf->tx_ring_page = get_page();
    nf->rx_ring_page = get_page();
    if ( !nf->tx_ring_page || !nf->rx_ring_page )
        return -1;
    txs = nf->tx_ring_page;
    rxs = nf->rx_ring_page;
    SHARED_RING_INIT(txs);
    SHARED_RING_INIT(rxs);
    FRONT_RING_INIT(&nf->tx, txs, PAGE_SIZE);
    FRONT_RING_INIT(&nf->rx, rxs, PAGE_SIZE);
    nf->tx_ring_ref =
        gnttab_grant_access(nf->backend_id, virt_to_mfn(txs), false);
    nf->rx_ring_ref =
        gnttab_grant_access(nf->backend_id, virt_to_mfn(rxs), false);
    if ( nf->tx_ring_ref == GNTTAB_INVALID_REF ||
         nf->rx_ring_ref == GNTTAB_INVALID_REF )
        return -1;
    if ( HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op) )
        return -1;
    nf->port = op.port;
    return bind_evtchn(nf->port, on_event, nf);
}

static int write_keys(struct netfront *nf)
{
    static const struct {
        const char *key;
        const char *value;
    } fixed[] = {
        { "request-rx-copy", "1" },
        { "feature-rx-notify", "1" },
        { "feature-sg", "1" },
        { "feature-no-csum-offload", "1" },
    };
    char path[160], val[16];
    unsigned int i, tries;
    uint32_t tx;
    int rc = 0;

    for ( tries = 0; tries < 10; tries++ )
    {
        rc = xenbus_transaction_start(&tx);
        if ( rc )
            return rc;
#define PUT(k, fmt, v)                                                         \
    do                                                                         \
    {                                                                          \
        snprintf(path, sizeof(path), "%s/%s", nf->node, k);                    \
        snprintf(val, sizeof(val), fmt, v);                                    \
        if ( !rc )                                                             \
            rc = xenbus_write(tx, path, val);                                  \
    } while ( 0 )
        PUT("tx-ring-ref", "%u", nf->tx_ring_ref);
        PUT("rx-ring-ref", "%u", nf->rx_ring_ref);
        PUT("event-channel", "%u", nf->port);
        for ( i = 0; i < ARRAY_SIZE(fixed); i++ )
            PUT(fixed[i].key, "%s", fixed[i].value);
#undef PUT
        if ( rc )
        {
            xenbus_transaction_end(tx, 1);
            return rc;
        }
        rc = xenbus_transaction_end(tx, 0);
        if ( rc != -XEN_EAGAIN )
            return rc;
    }
    return rc;
}

/* Wait until the backend's state satisfies lo <= state <= hi. */
static int wait_backend(struct netfront *nf, XenbusState lo, XenbusState hi)
{
    uint64_t deadline = monotonic_clock() + HANDSHAKE_TIMEOUT_NS;
    XenbusState s = xenbus_read_state(nf->backend);

    while ( s < lo || s > hi )
    {
        if ( s == XenbusStateClosing || s == XenbusStateClosed ||
             monotonic_clock() > deadline )
            return -1;
        if ( xenbus_wait_for_state_change(nf->backend, &s,
                                          deadline - monotonic_clock()) )
            return -1;
    }
    return 0;
}

static void release(struct netfront *nf)
{
    unsigned int i;

    if ( nf->port )
        unbind_evtchn(nf->port);
    for ( i = 0; i < TX_SLOTS; i++ )
        put_page(nf->txbuf[i].page, nf->txbuf[i].gref);
    for ( i = 0; i < RX_SLOTS; i++ )
        put_page(nf->rxbuf[i].page, nf->rxbuf[i].gref);
    put_page(nf->tx_ring_page, nf->tx_ring_ref);
    put_page(nf->rx_ring_page, nf->rx_ring_ref);
    for ( i = 0; i < MAX_DEVS; i++ )
        if ( devs[i] == nf )
            devs[i] = NULL;
    free(nf->frame);
    free(nf);
}

struct netfront *netfront_init(const char *nodename, netfront_rx_fn rx,
                               netfront_notify_fn notify, void *ctx)
{
    struct netfront *nf = calloc(1, sizeof(*nf));
    char *v, path[192];
    unsigned int i;

    if ( !nf )
        return NULL;
    snprintf(nf->node, sizeof(nf->node), "%s",
             nodename ? nodename : "device/vif/0");
    nf->rx_fn = rx;
    nf->notify = notify;
    nf->ctx = ctx;
    nf->frame = malloc(MAX_FRAME + PAGE_SIZE);
    if ( !nf->frame || gnttab_init() )
        goto fail;
    v = read_key(nf->node, "backend");
    if ( !v )
    {
        printk("netfront: %s has no backend\n", nf->node);
        goto fail;
    }
    snprintf(nf->backend, sizeof(nf->backend), "%s", v);
    free(v);
    nf->backend_id = (domid_t)read_ulong(nf->node, "backend-id", 0);
    v = read_key(nf->node, "mac");
    if ( !v || parse_mac(v, nf->mac) )
    {
        printk("netfront: %s: no usable mac\n", nf->node);
        free(v);
        goto fail;
    }
    free(v);
    if ( wait_backend(nf, XenbusStateInitWait, XenbusStateConnected) )
    {
        printk("netfront: %s: backend %s did not offer its features\n",
               nf->node, nf->backend);
        goto fail;
    }
    if ( !read_ulong(nf->backend, "feature-rx-copy", 0) )
    {
        printk("netfront: %s: backend lacks feature-rx-copy\n", nf->node);
        goto fail;
    }
    nf->sg = read_ulong(nf->backend, "feature-sg", 0) != 0;
    nf->gso = nf->sg && read_ulong(nf->backend, "feature-gso-tcpv4", 0);
    if ( setup_rings(nf) || alloc_bufs(nf) )
    {
        printk("netfront: %s: out of pages, grants or ports\n", nf->node);
        goto fail;
    }
    rx_refill(nf);
    if ( write_keys(nf) || xenbus_switch_state(nf->node, XenbusStateConnected) )
    {
        printk("netfront: %s: cannot write its keys\n", nf->node);
        goto fail;
    }
    if ( wait_backend(nf, XenbusStateConnected, XenbusStateConnected) )
    {
        printk("netfront: %s: backend did not connect\n", nf->node);
        xenbus_switch_state(nf->node, XenbusStateClosed);
        goto fail;
    }
    for ( i = 0; i < MAX_DEVS && devs[i]; i++ )
        ;
    if ( i < MAX_DEVS )
    {
        devs[i] = nf;
        nf->token = watch_tokens[i];
        snprintf(path, sizeof(path), "%s/state", nf->backend);
        xenbus_kernel_watch(path, nf->token, on_backend_state);
    }
    nf->connected = true;
    printk("netfront: %s connected to %s, mac "
           "%02x:%02x:%02x:%02x:%02x:%02x%s%s\n",
           nf->node, nf->backend, nf->mac[0], nf->mac[1], nf->mac[2],
           nf->mac[3], nf->mac[4], nf->mac[5], nf->sg ? ", sg" : "",
           nf->gso ? ", gso" : "");
    return nf;

fail:
    release(nf);
    return NULL;
}

const uint8_t *netfront_mac(const struct netfront *nf)
{
    return nf->mac;
}

bool netfront_can_gso(const struct netfront *nf)
{
    return nf->gso;
}

bool netfront_connected(const struct netfront *nf)
{
    return nf->connected;
}

const struct netfront_stats *netfront_stats(const struct netfront *nf)
{
    return &nf->stats;
}

/* Take the transmit responses: their slots are free again. */
static void tx_reap(struct netfront *nf)
{
    RING_IDX prod = nf->tx.sring->rsp_prod, cons;

    xen_rmb();
    if ( prod - nf->tx.rsp_cons > TX_RING_SIZE )
    {
        nf->stats.tx_errors++;
        return; /* a broken backend: leave the slots where they are */
    }
    for ( cons = nf->tx.rsp_cons; cons != prod; cons++ )
    {
        netif_tx_response_t *rsp = RING_GET_RESPONSE(&nf->tx, cons);

        if ( rsp->status == NETIF_RSP_NULL )
            continue; /* the answer to an extra-info slot */
        if ( rsp->id >= TX_SLOTS || !nf->tx_busy[rsp->id] )
        {
            nf->stats.tx_errors++;
            continue;
        }
        if ( rsp->status != NETIF_RSP_OKAY )
            nf->stats.tx_errors++;
        nf->tx_busy[rsp->id] = false;
        nf->tx_free[nf->nr_tx_free++] = rsp->id;
    }
    nf->tx.rsp_cons = prod;
}

int netfront_xmit(struct netfront *nf, const void *frame, size_t len,
                  unsigned int gso_size)
{
    const uint8_t *p = frame;
    unsigned int slots = (len + PAGE_SIZE - 1) / PAGE_SIZE, i;
    bool gso = gso_size && nf->gso;
    size_t done = 0;

    if ( !nf->connected )
        return -2;
    if ( !len || len > MAX_FRAME || (slots > 1 && !nf->sg) ||
         slots > MAX_TX_SLOTS_PER_FRAME || (gso_size && !nf->gso) )
    {
        nf->stats.tx_dropped++;
        return -3;
    }
    if ( nf->nr_tx_free < slots || RING_FREE_REQUESTS(&nf->tx) < slots + 1 )
        tx_reap(nf);
    if ( nf->nr_tx_free < slots || RING_FREE_REQUESTS(&nf->tx) < slots + 1 )
    {
        nf->stats.tx_dropped++;
        return -1;
    }
    for ( i = 0; i < slots; i++ )
    {
        uint16_t id = nf->tx_free[--nf->nr_tx_free];
        size_t chunk = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
        netif_tx_request_t *req =
            RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt++);

        memcpy(nf->txbuf[id].page, p + done, chunk);
        nf->tx_busy[id] = true;
        req->gref = nf->txbuf[id].gref;
        req->offset = 0;
        req->id = id;
        /* The first slot gives the whole frame's size, the others theirs. */
        req->size = (uint16_t)(i ? chunk : len);
        req->flags = i + 1 < slots ? NETTXF_more_data : 0;
        if ( !i && gso )
        {
            netif_extra_info_t *ex = (netif_extra_info_t *)RING_GET_REQUEST(
                &nf->tx, nf->tx.req_prod_pvt++);

            req->flags |=
                NETTXF_extra_info | NETTXF_csum_blank | NETTXF_data_validated;
            memset(ex, 0, sizeof(*ex));
            ex->type = XEN_NETIF_EXTRA_TYPE_GSO;
            ex->u.gso.size = (uint16_t)gso_size;
            ex->u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
        }
        done += chunk;
    }
    nf->stats.tx_frames++;
    nf->stats.tx_bytes += len;
    return 0;
}

void netfront_push(struct netfront *nf)
{
    bool notify;

    if ( !nf->connected )
        return;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
    if ( notify )
    {
        nf->stats.tx_notifies++;
        notify_remote_via_evtchn(nf->port);
    }
}

/* A whole frame is in nf->frame: hand it up unless a slot was bad. */
static void rx_deliver(struct netfront *nf, bool csum_ok)
{
    if ( nf->frame_bad || !nf->frame_len )
        nf->stats.rx_errors++;
    else
    {
        nf->stats.rx_frames++;
        nf->stats.rx_bytes += nf->frame_len;
        if ( nf->rx_fn )
            nf->rx_fn(nf->ctx, nf->frame, nf->frame_len, csum_ok);
    }
    nf->frame_len = 0;
    nf->frame_bad = false;
}

static int rx_poll(struct netfront *nf)
{
    RING_IDX prod = nf->rx.sring->rsp_prod, cons;
    bool extras = false, csum_ok = false;
    int frames = 0;

    xen_rmb();
    if ( prod - nf->rx.rsp_cons > RX_RING_SIZE ||
         prod - nf->rx.rsp_cons > nf->rx.req_prod_pvt - nf->rx.rsp_cons )
    {
        nf->stats.rx_errors++;
        return 0; /* more responses than requests: a broken backend */
    }
    for ( cons = nf->rx.rsp_cons; cons != prod; cons++ )
    {
        netif_rx_response_t rsp = *RING_GET_RESPONSE(&nf->rx, cons);
        uint16_t id = nf->rx_slot_id[cons & (RX_RING_SIZE - 1)];
        bool more;

        nf->rx_free[nf->nr_rx_free++] = id;
        if ( extras )
        {
            /* An extra-info slot: nothing for us in it (no GSO on rx). */
            const netif_extra_info_t *ex = (const void *)&rsp;

            extras = ex->flags & XEN_NETIF_EXTRA_FLAG_MORE;
            continue;
        }
        more = rsp.flags & NETRXF_more_data;
        if ( !nf->frame_len )
            csum_ok = rsp.flags & NETRXF_data_validated;
        extras = rsp.flags & NETRXF_extra_info;
        if ( rsp.id != id || rsp.status < 0 ||
             (unsigned int)rsp.offset + (unsigned int)rsp.status > PAGE_SIZE ||
             nf->frame_len + (size_t)rsp.status > MAX_FRAME )
            nf->frame_bad = true;
        else
        {
            memcpy(nf->frame + nf->frame_len,
                   (uint8_t *)nf->rxbuf[id].page + rsp.offset, rsp.status);
            nf->frame_len += rsp.status;
        }
        if ( !more )
        {
            rx_deliver(nf, csum_ok);
            frames++;
        }
    }
    nf->rx.rsp_cons = prod;
    rx_refill(nf);
    return frames;
}

/* The backend moved: follow it down if it is closing. */
static void check_backend(struct netfront *nf)
{
    XenbusState s;

    nf->state_changed = false;
    s = xenbus_read_state(nf->backend);
    if ( s == XenbusStateClosing || s == XenbusStateClosed ||
         s == XenbusStateUnknown )
    {
        printk("netfront: %s: backend closing\n", nf->node);
        nf->connected = false;
        nf->gone = true;
        xenbus_switch_state(nf->node, XenbusStateClosing);
        xenbus_switch_state(nf->node, XenbusStateClosed);
    }
}

int netfront_poll(struct netfront *nf)
{
    int frames;

    if ( nf->state_changed )
        check_backend(nf);
    if ( nf->gone )
        return -1;
    frames = rx_poll(nf);
    tx_reap(nf);
    return frames;
}

bool netfront_work_pending(struct netfront *nf)
{
    int work = 0;

    if ( nf->state_changed || nf->gone )
        return true;
    RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, work);
    if ( work )
        return true;
    /* Transmit completions only matter once slots run short. */
    if ( nf->nr_tx_free < TX_SLOTS / 2 )
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, work);
    return work != 0;
}

void netfront_close(struct netfront *nf)
{
    char path[192];

    if ( !nf )
        return;
    snprintf(path, sizeof(path), "%s/state", nf->backend);
    if ( nf->token )
        xenbus_unwatch(path, nf->token);
    if ( !nf->gone )
    {
        xenbus_switch_state(nf->node, XenbusStateClosing);
        wait_backend(nf, XenbusStateClosing, XenbusStateClosed);
        xenbus_switch_state(nf->node, XenbusStateClosed);
    }
    nf->connected = false;
    release(nf);
}
