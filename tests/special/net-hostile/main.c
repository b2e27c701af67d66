/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net-hostile: a netfront that breaks the netif protocol on purpose,
 * booted by tests/integration/net-hostile.sh. It does the handshake
 * itself on device/vif/0, checks that a well-formed packet goes through
 * and that one with a bad grant is only refused (NETIF_RSP_ERROR), then
 * for each kind of ring scribbling it connects afresh, scribbles, and
 * expects the backend to disconnect it (backend state Closing) and to
 * give its ring grants back, before it resets (Closed, Initialising)
 * for the next case. Prints "net-hostile: <case>: ok" per case and
 * "net-hostile: done, N of M cases ok".
 */
#include <mini-os/gnttab.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>
#include <public/io/netif.h>

#define NODE "device/vif/0"
#define WAIT_NS (8ULL * 1000000000ULL)

static char backend[128];
static domid_t backend_id;
static netif_tx_front_ring_t tx;
static netif_rx_front_ring_t rx;
static void *tx_page, *rx_page, *data_page;
static grant_ref_t tx_ref, rx_ref, data_ref;
static evtchn_port_t port;
static unsigned int cases, passed;

static void on_event(evtchn_port_t p, void *d)
{
    (void)p;
    (void)d;
}

static int wait_state(XenbusState lo, XenbusState hi)
{
    uint64_t deadline = monotonic_clock() + WAIT_NS;
    XenbusState s = xenbus_read_state(backend);

    while ( s < lo || s > hi )
    {
        if ( monotonic_clock() > deadline )
            return -1;
        xenbus_wait_for_state_change(backend, &s, deadline - monotonic_clock());
        s = xenbus_read_state(backend);
    }
    return 0;
}

static void put(const char *key, unsigned int v)
{
    char path[96], val[16];

    snprintf(path, sizeof(path), NODE "/%s", key);
    snprintf(val, sizeof(val), "%u", v);
    xenbus_write(0, path, val);
}

/* Fresh rings, granted; Connected once the backend is. */
static int connect(void)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
                                       .remote_dom = backend_id };

    if ( wait_state(XenbusStateInitWait, XenbusStateInitWait) )
        return -1;
    memset(tx_page, 0, PAGE_SIZE);
    memset(rx_page, 0, PAGE_SIZE);
    SHARED_RING_INIT((netif_tx_sring_t *)tx_page);
    SHARED_RING_INIT((netif_rx_sring_t *)rx_page);
    FRONT_RING_INIT(&tx, (netif_tx_sring_t *)tx_page, PAGE_SIZE);
    FRONT_RING_INIT(&rx, (netif_rx_sring_t *)rx_page, PAGE_SIZE);
    tx_ref = gnttab_grant_access(backend_id, virt_to_mfn(tx_page), false);
    rx_ref = gnttab_grant_access(backend_id, virt_to_mfn(rx_page), false);
    if ( HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op) )
        return -1;
    port = op.port;
    bind_evtchn(port, on_event, NULL);
    put("tx-ring-ref", tx_ref);
    put("rx-ring-ref", rx_ref);
    put("event-channel", port);
    put("request-rx-copy", 1);
    put("feature-rx-notify", 1);
    put("feature-sg", 1);
    xenbus_switch_state(NODE, XenbusStateConnected);
    return wait_state(XenbusStateConnected, XenbusStateConnected);
}

/* After a disconnect: the rings must be ours again; start over. */
static int reset(void)
{
    uint64_t deadline = monotonic_clock() + WAIT_NS;
    int rc = 0;

    xenbus_switch_state(NODE, XenbusStateClosing);
    xenbus_switch_state(NODE, XenbusStateClosed);
    wait_state(XenbusStateClosed, XenbusStateClosed);
    while ( (gnttab_end_access(tx_ref) || gnttab_end_access(rx_ref)) &&
            monotonic_clock() < deadline )
        msleep(10);
    if ( gnttab_in_use(tx_ref) || gnttab_in_use(rx_ref) )
        rc = -1;
    unbind_evtchn(port);
    xenbus_switch_state(NODE, XenbusStateInitialising);
    return rc;
}

static netif_tx_request_t *req(void)
{
    return RING_GET_REQUEST(&tx, tx.req_prod_pvt++);
}

static void push(void)
{
    RING_PUSH_REQUESTS(&tx);
    notify_remote_via_evtchn(port);
}

/* One 60-byte frame from the data page (broadcast ARP-ish, harmless). */
static void good_frame(netif_tx_request_t *r, uint16_t id)
{
    r->gref = data_ref;
    r->offset = 0;
    r->flags = 0;
    r->id = id;
    r->size = 60;
}

static int16_t wait_tx_response(uint16_t id)
{
    uint64_t deadline = monotonic_clock() + WAIT_NS;

    while ( monotonic_clock() < deadline )
    {
        while ( tx.rsp_cons != tx.sring->rsp_prod )
        {
            netif_tx_response_t *rsp = RING_GET_RESPONSE(&tx, tx.rsp_cons++);

            if ( rsp->id == id && rsp->status != NETIF_RSP_NULL )
                return rsp->status;
        }
        msleep(5);
    }
    return 99;
}

static void result(const char *name, bool ok)
{
    cases++;
    if ( ok )
        passed++;
    printk("net-hostile: %s: %s\n", name, ok ? "ok" : "FAILED");
}

/* The backend took a well-formed packet, and refused a bad grant only. */
static void polite_cases(void)
{
    netif_tx_request_t *r;

    if ( connect() )
    {
        result("connect", false);
        return;
    }
    good_frame(req(), 1);
    push();
    result("well-formed packet", wait_tx_response(1) == NETIF_RSP_OKAY);
    r = req();
    good_frame(r, 2);
    r->gref = GNTTAB_NR_ENTRIES - 1; /* never granted */
    push();
    result("ungranted reference refused",
           wait_tx_response(2) == NETIF_RSP_ERROR);
    good_frame(req(), 3);
    push();
    result("still connected after it",
           wait_tx_response(3) == NETIF_RSP_OKAY &&
               xenbus_read_state(backend) == XenbusStateConnected);
    result("reset after polite cases", reset() == 0);
}

/*
 * Two queues, each with split event channels (multi-queue-num-queues,
 * queue-N/ keys, event-channel-tx/-rx), as Linux's netfront asks when
 * the backend offers them: a packet on each queue gets its answer.
 */
static void multi_queue_case(void)
{
    static netif_tx_front_ring_t mtx[2];
    grant_ref_t refs[4];
    evtchn_port_t ports[4];
    unsigned int i;
    char path[96];
    bool ok = true;

    if ( wait_state(XenbusStateInitWait, XenbusStateInitWait) )
    {
        result("two queues, split event channels", false);
        return;
    }
    for ( i = 0; i < 4; i++ )
    {
        struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
                                           .remote_dom = backend_id };
        void *pg = alloc_page();

        if ( i < 2 )
        {
            SHARED_RING_INIT((netif_tx_sring_t *)pg);
            FRONT_RING_INIT(&mtx[i], (netif_tx_sring_t *)pg, PAGE_SIZE);
        }
        else
            SHARED_RING_INIT((netif_rx_sring_t *)pg);
        refs[i] = gnttab_grant_access(backend_id, virt_to_mfn(pg), false);
        HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
        ports[i] = op.port;
        bind_evtchn(op.port, on_event, NULL);
    }
    for ( i = 0; i < 2; i++ )
    {
        snprintf(path, sizeof(path), "queue-%u/tx-ring-ref", i);
        put(path, refs[i]);
        snprintf(path, sizeof(path), "queue-%u/rx-ring-ref", i);
        put(path, refs[2 + i]);
        snprintf(path, sizeof(path), "queue-%u/event-channel-tx", i);
        put(path, ports[2 * i]);
        snprintf(path, sizeof(path), "queue-%u/event-channel-rx", i);
        put(path, ports[2 * i + 1]);
    }
    put("multi-queue-num-queues", 2);
    put("request-rx-copy", 1);
    put("feature-rx-notify", 1);
    xenbus_switch_state(NODE, XenbusStateConnected);
    if ( wait_state(XenbusStateConnected, XenbusStateConnected) )
        ok = false;
    for ( i = 0; ok && i < 2; i++ )
    {
        netif_tx_request_t *r =
            RING_GET_REQUEST(&mtx[i], mtx[i].req_prod_pvt++);
        uint64_t deadline = monotonic_clock() + WAIT_NS;

        good_frame(r, (uint16_t)(50 + i));
        RING_PUSH_REQUESTS(&mtx[i]);
        notify_remote_via_evtchn(ports[2 * i]);
        while ( mtx[i].sring->rsp_prod == mtx[i].rsp_cons &&
                monotonic_clock() < deadline )
            msleep(5);
        ok = mtx[i].sring->rsp_prod != mtx[i].rsp_cons &&
             RING_GET_RESPONSE(&mtx[i], mtx[i].rsp_cons)->id == 50 + i &&
             RING_GET_RESPONSE(&mtx[i], mtx[i].rsp_cons)->status ==
                 NETIF_RSP_OKAY;
    }
    result("two queues, split event channels", ok);
    xenbus_switch_state(NODE, XenbusStateClosing);
    xenbus_switch_state(NODE, XenbusStateClosed);
    wait_state(XenbusStateClosed, XenbusStateClosed);
    for ( i = 0; i < 4; i++ )
    {
        unbind_evtchn(ports[i]);
        ok = gnttab_end_access(refs[i]) == 0 && ok;
    }
    result("queues' rings given back", ok);
    xenbus_rm(0, NODE "/multi-queue-num-queues");
    xenbus_rm(0, NODE "/queue-0");
    xenbus_rm(0, NODE "/queue-1");
    xenbus_switch_state(NODE, XenbusStateInitialising);
}

/*
 * One queue, as Linux's netfront asks with one vCPU when the backend
 * offers several: multi-queue-num-queues is 1 and the ring keys stay
 * flat under device/vif/0 (not queue-0/); the backend must connect.
 */
static void one_queue_named_case(void)
{
    bool ok;

    put("multi-queue-num-queues", 1);
    ok = connect() == 0;
    if ( ok )
    {
        good_frame(req(), 60);
        push();
        ok = wait_tx_response(60) == NETIF_RSP_OKAY;
    }
    result("multi-queue-num-queues 1, flat keys", ok);
    result("reset after one named queue", reset() == 0);
    xenbus_rm(0, NODE "/multi-queue-num-queues");
}

static void chain(unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        netif_tx_request_t *r = req();

        good_frame(r, (uint16_t)(10 + i));
        r->size = (uint16_t)(i ? 10 : 10 * n);
        r->flags = i + 1 < n ? NETTXF_more_data : 0;
    }
}

static void scribble(unsigned int which)
{
    netif_tx_request_t *r;
    netif_extra_info_t *ex;

    switch ( which )
    {
    case 0: /* a producer far past anything the ring could hold */
        good_frame(req(), 1);
        tx.req_prod_pvt += 300;
        break;
    case 1: /* more slots than a packet may have */
        chain(XEN_NETIF_NR_SLOTS_MIN + 1);
        break;
    case 2: /* a slot that crosses its page */
        chain(2);
        RING_GET_REQUEST(&tx, tx.req_prod_pvt - 1)->offset = 4000;
        RING_GET_REQUEST(&tx, tx.req_prod_pvt - 1)->size = 150;
        RING_GET_REQUEST(&tx, tx.req_prod_pvt - 2)->size = 300;
        break;
    case 3: /* an extra-info slot of no known type */
        r = req();
        good_frame(r, 1);
        r->flags = NETTXF_extra_info;
        ex = (netif_extra_info_t *)req();
        memset(ex, 0, sizeof(*ex));
        ex->type = 77;
        break;
    case 4: /* fragments larger than the packet */
        chain(3);
        RING_GET_REQUEST(&tx, tx.req_prod_pvt - 3)->size = 15;
        break;
    case 5: /* a packet that goes on past the producer */
        r = req();
        good_frame(r, 1);
        r->flags = NETTXF_more_data;
        break;
    case 6: /* the receive ring's producer far ahead */
        ((netif_rx_sring_t *)rx_page)->req_prod = 5000;
        notify_remote_via_evtchn(port);
        return;
    }
    push();
}

static const char *const names[] = {
    "tx req_prod overflow", "too many slots",      "slot crossing a page",
    "bad extra-info type",  "fragments too large", "packet past req_prod",
    "rx req_prod overflow",
};

int app_main(const char *cmdline)
{
    char *v;
    int err;
    unsigned int i;

    (void)cmdline;
    xenbus_init();
    gnttab_init();
    v = xenbus_read(0, NODE "/backend", &err);
    if ( !v )
        crash("no device/vif/0");
    snprintf(backend, sizeof(backend), "%s", v);
    free(v);
    v = xenbus_read(0, NODE "/backend-id", &err);
    backend_id = v ? (domid_t)atoi(v) : 0;
    free(v);
    tx_page = alloc_page();
    rx_page = alloc_page();
    data_page = alloc_page();
    memset(data_page, 0xff, 6); /* broadcast destination */
    data_ref = gnttab_grant_access(backend_id, virt_to_mfn(data_page), true);

    polite_cases();
    multi_queue_case();
    one_queue_named_case();
    for ( i = 0; i < ARRAY_SIZE(names); i++ )
    {
        char what[64];
        bool ok;

        if ( connect() )
        {
            result(names[i], false);
            break;
        }
        scribble(i);
        ok = wait_state(XenbusStateClosing, XenbusStateClosed) == 0;
        result(names[i], ok);
        snprintf(what, sizeof(what), "rings given back after %s", names[i]);
        result(what, reset() == 0);
    }
    printk("net-hostile: done, %u of %u cases ok\n", passed, cases);
    return 0;
}
