/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenbus.c: each vif's backend directory and its xenbus handshake.
 *
 * Every watch event and scan ends in vif_step(), which reads the nodes
 * afresh and moves the vif as far as they allow, so an event seen twice
 * or out of order does no harm:
 *
 *   new            tap created, hotplug "online", features written,
 *                  InitWait
 *   InitWait       frontend Initialised or Connected: map its rings,
 *                  bind its event channels, Connected
 *   Connected      frontend Closing/Closed, or the toolstack asked for
 *                  Closing (detach): rings down, Closing
 *   Closing        frontend Closed (or gone, or 5 s passed): Closed
 *   Closed         online 0: hotplug "offline", tap closed; a frontend
 *                  back at Initialising: InitWait again
 *
 * A directory that disappears (xl destroy) takes the vif with it at any
 * point.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <public/io/xenbus.h>

#include "netback.h"

#define BE_ROOT "/local/domain/0/backend/vif"
#define CLOSE_TIMEOUT_US (5ULL * 1000000)

static char *read_node(const char *dir, const char *key)
{
    char path[256];
    unsigned int len;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xs_read(nb.xsh, XBT_NULL, path, &len);
}

/* A decimal number in [0, max]; dflt if the node is missing or bad. */
static bool read_uint(const char *dir, const char *key, unsigned long max,
                      unsigned long *out)
{
    char *v = read_node(dir, key), *end;
    unsigned long n;
    bool ok;

    if ( !v )
        return false;
    errno = 0;
    n = strtoul(v, &end, 10);
    ok = !errno && end != v && !*end && v[0] != '-' && n <= max;
    free(v);
    if ( ok )
        *out = n;
    return ok;
}

static unsigned long read_flag(const char *dir, const char *key)
{
    unsigned long n = 0;

    return read_uint(dir, key, 1, &n) ? n : 0;
}

static int read_state(const char *dir)
{
    unsigned long n;

    return read_uint(dir, "state", XenbusStateReconfigured, &n)
               ? (int)n
               : XenbusStateUnknown;
}

static void write_node(struct vif *v, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void write_node(struct vif *v, const char *key, const char *fmt, ...)
{
    char path[256], val[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", v->be, key);
    if ( !xs_write(nb.xsh, XBT_NULL, path, val, strlen(val)) )
        nb_log("%s: cannot write %s: %s", v->ifname, key, strerror(errno));
}

static void set_state(struct vif *v, int state)
{
    v->written_state = state;
    write_node(v, "state", "%d", state);
}

/* ---- queues ---- */

static void queue_disconnect(struct queue *q)
{
    if ( q->tx_port >= 0 )
        xenevtchn_unbind(nb.xce, q->tx_port);
    if ( q->rx_port >= 0 && q->rx_port != q->tx_port )
        xenevtchn_unbind(nb.xce, q->rx_port);
    q->tx_port = q->rx_port = -1;
    if ( q->tx_page )
        xengnttab_unmap(nb.xgt, q->tx_page, 1);
    if ( q->rx_page )
        xengnttab_unmap(nb.xgt, q->rx_page, 1);
    q->tx_page = q->rx_page = NULL;
    queue_free(q);
}

static void rings_down(struct vif *v)
{
    unsigned int i;

    for ( i = 0; i < v->nr_queues; i++ )
        queue_disconnect(&v->queues[i]);
    v->nr_queues = 0;
    rx_free(v);
}

/*
 * takeover: the rings are live (a restarted netback finds its guests
 * connected): carry on from the responses already published. Requests
 * past them are taken again: a packet the old process had sent before it
 * could answer goes out twice, which a network allows.
 */
static int queue_connect(struct vif *v, struct queue *q, const char *dir,
                         bool takeover)
{
    unsigned long tx_ref, rx_ref, port_tx, port_rx;
    bool split;

    q->vif = v;
    q->tx_port = q->rx_port = -1;
    if ( !read_uint(dir, "tx-ring-ref", UINT32_MAX, &tx_ref) ||
         !read_uint(dir, "rx-ring-ref", UINT32_MAX, &rx_ref) )
    {
        nb_log("%s: queue %u: no usable ring references", v->ifname, q->id);
        return -1;
    }
    split = read_uint(dir, "event-channel-tx", UINT32_MAX, &port_tx) &&
            read_uint(dir, "event-channel-rx", UINT32_MAX, &port_rx);
    if ( !split && !read_uint(dir, "event-channel", UINT32_MAX, &port_tx) )
    {
        nb_log("%s: queue %u: no event channel", v->ifname, q->id);
        return -1;
    }
    if ( !split )
        port_rx = port_tx;
    if ( queue_alloc(q) )
        return -1;
    q->tx_page = xengnttab_map_grant_ref(nb.xgt, v->domid, tx_ref,
                                         PROT_READ | PROT_WRITE);
    q->rx_page = xengnttab_map_grant_ref(nb.xgt, v->domid, rx_ref,
                                         PROT_READ | PROT_WRITE);
    if ( !q->tx_page || !q->rx_page )
    {
        nb_log("%s: queue %u: cannot map its rings (refs %lu, %lu): %s",
               v->ifname, q->id, tx_ref, rx_ref, strerror(errno));
        return -1;
    }
    if ( takeover )
    {
        netif_tx_sring_t *ts = q->tx_page;
        netif_rx_sring_t *rs = q->rx_page;

        BACK_RING_ATTACH(
            &q->tx, ts, __atomic_load_n(&ts->rsp_prod, __ATOMIC_ACQUIRE), 4096);
        BACK_RING_ATTACH(
            &q->rx, rs, __atomic_load_n(&rs->rsp_prod, __ATOMIC_ACQUIRE), 4096);
    }
    else
    {
        BACK_RING_INIT(&q->tx, (netif_tx_sring_t *)q->tx_page, 4096);
        BACK_RING_INIT(&q->rx, (netif_rx_sring_t *)q->rx_page, 4096);
    }
    q->tx_remote = port_tx;
    q->rx_remote = port_rx;
    q->tx_port = xenevtchn_bind_interdomain(nb.xce, v->domid, port_tx);
    if ( q->tx_port >= 0 )
        q->rx_port = split
                         ? xenevtchn_bind_interdomain(nb.xce, v->domid, port_rx)
                         : q->tx_port;
    if ( q->tx_port < 0 || q->rx_port < 0 )
    {
        nb_log("%s: queue %u: cannot bind its event channel(s): %s", v->ifname,
               q->id, strerror(errno));
        return -1;
    }
    q->credit_left = v->credit_bytes;
    q->credit_at_us = nb_now_us();
    return 0;
}

/* Xen's rate= in the backend: "bytes,usecs" per credit period. */
static void read_rate(struct vif *v)
{
    char *r = read_node(v->be, "rate"), *end;
    unsigned long long bytes, usec;

    v->credit_bytes = v->credit_usec = 0;
    if ( !r )
        return;
    bytes = strtoull(r, &end, 10);
    if ( *end == ',' )
    {
        usec = strtoull(end + 1, &end, 10);
        if ( !*end && bytes && usec && usec <= 1000000000ULL )
        {
            v->credit_bytes = bytes;
            v->credit_usec = usec;
        }
    }
    if ( !v->credit_bytes )
        nb_log("%s: ignoring a rate of '%s'", v->ifname, r);
    free(r);
}

static int connect_rings(struct vif *v, bool takeover)
{
    unsigned long nq = 1;
    unsigned int i;
    char dir[256];
    bool multi;

    if ( !read_flag(v->fe, "request-rx-copy") )
    {
        nb_log("%s: the frontend does not do rx-copy", v->ifname);
        return -1;
    }
    if ( !read_flag(v->fe, "feature-rx-notify") )
    {
        nb_log("%s: the frontend lacks feature-rx-notify", v->ifname);
        return -1;
    }
    v->fe_sg = read_flag(v->fe, "feature-sg");
    v->fe_gso_tcpv4 = read_flag(v->fe, "feature-gso-tcpv4");
    v->fe_csum = !read_flag(v->fe, "feature-no-csum-offload");
    multi = read_uint(v->fe, "multi-queue-num-queues", NB_MAX_QUEUES, &nq);
    if ( multi && (nq < 1 || nq > nb.max_queues) )
    {
        nb_log("%s: the frontend asks for %lu queues", v->ifname, nq);
        return -1;
    }
    read_rate(v);
    if ( rx_alloc(v) )
        return -1;
    v->nr_queues = (unsigned int)nq;
    for ( i = 0; i < v->nr_queues; i++ )
    {
        struct queue *q = &v->queues[i];

        memset(q, 0, sizeof(*q));
        q->id = i;
        /*
         * Xen's rule: one queue keeps its keys flat under the frontend's
         * directory even when multi-queue-num-queues says 1 (Linux's
         * netfront writes exactly that with one vCPU).
         */
        if ( multi && nq > 1 )
            snprintf(dir, sizeof(dir), "%s/queue-%u", v->fe, i);
        else
            snprintf(dir, sizeof(dir), "%s", v->fe);
        if ( queue_connect(v, q, dir, takeover) )
        {
            rings_down(v);
            return -1;
        }
    }
    nb_log("%s: connected: %u queue(s)%s%s%s", v->ifname, v->nr_queues,
           v->fe_sg ? ", sg" : "", v->fe_gso_tcpv4 ? ", gso" : "",
           v->credit_bytes ? ", rate-limited" : "");
    return 0;
}

/* ---- a vif's life ---- */

static void offer_features(struct vif *v)
{
    write_node(v, "feature-sg", "1");
    write_node(v, "feature-gso-tcpv4", "1");
    write_node(v, "feature-rx-copy", "1");
    write_node(v, "feature-rx-flip", "0");
    write_node(v, "feature-split-event-channels", "1");
    write_node(v, "multi-queue-max-queues", "%u", nb.max_queues);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6], i;
    char tail;

    if ( !s || sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
                      &b[4], &b[5], &tail) != 6 )
        return -1;
    for ( i = 0; i < 6; i++ )
    {
        if ( b[i] > 255 )
            return -1;
        mac[i] = (uint8_t)b[i];
    }
    return 0;
}

static void vif_host_side_up(struct vif *v)
{
    unsigned long mtu = 1500;
    uint8_t mac[6] = { 0 };
    char *m = read_node(v->be, "mac"), *name = read_node(v->be, "vifname");

    if ( parse_mac(m, mac) )
        nb_log("%s: no usable mac '%s'", v->ifname, m ? m : "");
    free(m);
    /* A vifname from the config, if it fits; else Xen's vif<domid>.<n>. */
    if ( name && name[0] && strlen(name) < sizeof(v->ifname) &&
         !strchr(name, '/') )
        snprintf(v->ifname, sizeof(v->ifname), "%s", name);
    free(name);
    read_uint(v->be, "mtu", 65535, &mtu);
    if ( tap_open(v, mac, (unsigned int)mtu) == 0 )
        v->hotplugged = hotplug_run(v, "online") == 0;
}

static void vif_setup(struct vif *v)
{
    vif_host_side_up(v);
    offer_features(v);
    set_state(v, XenbusStateInitWait);
    v->phase = VIF_INITWAIT;
    nb_log("%s: domain %u device %d: InitWait", v->ifname, v->domid, v->devid);
}

static void go_closed(struct vif *v)
{
    rings_down(v);
    set_state(v, XenbusStateClosed);
    v->phase = VIF_CLOSED;
    nb_log("%s: Closed", v->ifname);
}

static void go_closing(struct vif *v)
{
    rings_down(v);
    set_state(v, XenbusStateClosing);
    v->phase = VIF_CLOSING;
    v->closing_since_us = nb_now_us();
}

/* Bring everything up before changing any node: the guest sees nothing. */
static void vif_take_over(struct vif *v)
{
    unsigned int i;

    vif_host_side_up(v);
    if ( connect_rings(v, true) )
    {
        go_closing(v);
        return;
    }
    v->written_state = XenbusStateConnected;
    v->phase = VIF_CONNECTED;
    nb_log("%s: domain %u device %d: taken over while connected", v->ifname,
           v->domid, v->devid);
    /* Whatever the guest queued meanwhile, and a kick for what it waits on. */
    for ( i = 0; i < v->nr_queues; i++ )
    {
        tx_work(&v->queues[i]);
        xenevtchn_notify(nb.xce, v->queues[i].tx_port);
        if ( v->queues[i].rx_port != v->queues[i].tx_port )
            xenevtchn_notify(nb.xce, v->queues[i].rx_port);
    }
    rx_work(v);
}

static void host_side_down(struct vif *v)
{
    if ( v->hotplugged )
        hotplug_run(v, "offline");
    v->hotplugged = false;
    tap_close(v);
}

void vif_fatal(struct vif *v, const char *why, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, why);
    vsnprintf(msg, sizeof(msg), why, ap);
    va_end(ap);
    nb_log("%s: domain %u broke the protocol: %s; disconnecting", v->ifname,
           v->domid, msg);
    go_closing(v);
    v->phase = VIF_DEAD;
}

static void vif_step(struct vif *v)
{
    unsigned long online = 1;
    int fe_state, be_state;
    bool close_asked;

    read_uint(v->be, "online", 1, &online);
    fe_state = read_state(v->fe);
    be_state = read_state(v->be);
    /* The toolstack writes Closing into our directory to detach. */
    close_asked = be_state == XenbusStateClosing &&
                  v->written_state != XenbusStateClosing;

    switch ( v->phase )
    {
    case VIF_NEW:
        if ( be_state == XenbusStateConnected &&
             fe_state == XenbusStateConnected && online )
            vif_take_over(v);
        else
            vif_setup(v);
        break;
    case VIF_INITWAIT:
        if ( close_asked || fe_state == XenbusStateClosing ||
             fe_state == XenbusStateClosed )
            go_closed(v);
        else if ( fe_state == XenbusStateInitialised ||
                  fe_state == XenbusStateConnected )
        {
            if ( connect_rings(v, false) )
                go_closing(v);
            else
            {
                set_state(v, XenbusStateConnected);
                v->phase = VIF_CONNECTED;
                /* Whatever the frontend queued before we looked. */
                for ( unsigned int i = 0; i < v->nr_queues; i++ )
                    tx_work(&v->queues[i]);
                rx_work(v);
            }
        }
        break;
    case VIF_CONNECTED:
        if ( fe_state == XenbusStateClosed || fe_state == XenbusStateUnknown ||
             fe_state == XenbusStateInitialising )
            go_closed(v);
        else if ( close_asked || fe_state == XenbusStateClosing )
            go_closing(v);
        break;
    case VIF_CLOSING:
    case VIF_DEAD:
        if ( fe_state == XenbusStateClosed || fe_state == XenbusStateUnknown ||
             (fe_state == XenbusStateInitialising && v->phase != VIF_DEAD) ||
             nb_now_us() - v->closing_since_us > CLOSE_TIMEOUT_US )
            go_closed(v);
        break;
    case VIF_CLOSED:
        if ( !online )
            host_side_down(v);
        else if ( fe_state == XenbusStateInitialising && v->tap_fd >= 0 )
        {
            /* The frontend starts over (a guest kernel reconnecting). */
            set_state(v, XenbusStateInitWait);
            v->phase = VIF_INITWAIT;
        }
        break;
    }
}

/* ---- the set of vifs ---- */

static struct vif *vif_find(uint32_t domid, int devid)
{
    struct vif *v;

    for ( v = nb.vifs; v; v = v->next )
        if ( v->domid == domid && v->devid == devid )
            return v;
    return NULL;
}

static void vif_destroy(struct vif *v)
{
    struct vif **pp;
    char path[256];

    nb_log("%s: domain %u device %d removed", v->ifname, v->domid, v->devid);
    rings_down(v);
    host_side_down(v);
    if ( v->watching_fe )
    {
        snprintf(path, sizeof(path), "%s/state", v->fe);
        xs_unwatch(nb.xsh, path, "fe");
    }
    for ( pp = &nb.vifs; *pp; pp = &(*pp)->next )
        if ( *pp == v )
        {
            *pp = v->next;
            break;
        }
    free(v);
}

/* A vif for backend/vif/<domid>/<devid>, if its nodes make sense. */
static struct vif *vif_new(uint32_t domid, int devid)
{
    struct vif *v = calloc(1, sizeof(*v));
    char *fe, expect[192], path[256];

    if ( !v )
        return NULL;
    v->domid = domid;
    v->devid = devid;
    v->tap_fd = -1;
    v->written_state = -1;
    snprintf(v->be, sizeof(v->be), BE_ROOT "/%u/%d", domid, devid);
    snprintf(v->ifname, sizeof(v->ifname), "vif%u.%d", domid, devid);
    fe = read_node(v->be, "frontend");
    snprintf(expect, sizeof(expect), "/local/domain/%u/device/vif/%d", domid,
             devid);
    /* Only the frontend directory of that very domain and device. */
    if ( !fe || strcmp(fe, expect) )
    {
        free(fe);
        free(v);
        return NULL;
    }
    free(fe);
    snprintf(v->fe, sizeof(v->fe), "%s", expect);
    snprintf(path, sizeof(path), "%s/state", v->fe);
    v->watching_fe = xs_watch(nb.xsh, path, "fe");
    v->next = nb.vifs;
    nb.vifs = v;
    return v;
}

static int parse_id(const char *s, unsigned long max, unsigned long *out)
{
    char *end;

    if ( !s || !*s || *s == '-' )
        return -1;
    *out = strtoul(s, &end, 10);
    return *end || *out > max ? -1 : 0;
}

/* Make sure a vif exists for an existing backend directory; step it. */
static void vif_visit(uint32_t domid, int devid)
{
    struct vif *v = vif_find(domid, devid);
    char path[128], *fe;
    unsigned int len;

    snprintf(path, sizeof(path), BE_ROOT "/%u/%d/frontend", domid, devid);
    fe = xs_read(nb.xsh, XBT_NULL, path, &len);
    if ( !fe )
    {
        if ( v )
            vif_destroy(v);
        return;
    }
    free(fe);
    if ( !v )
        v = vif_new(domid, devid);
    if ( v )
    {
        v->seen = true;
        vif_step(v);
    }
}

void vifs_scan(void)
{
    char **doms, **devs, path[128];
    unsigned int nd, nv, i, j;
    struct vif *v, *next;
    unsigned long domid, devid;

    for ( v = nb.vifs; v; v = v->next )
        v->seen = false;
    doms = xs_directory(nb.xsh, XBT_NULL, BE_ROOT, &nd);
    for ( i = 0; doms && i < nd; i++ )
    {
        if ( parse_id(doms[i], 0x7fef, &domid) || domid == 0 )
            continue;
        snprintf(path, sizeof(path), BE_ROOT "/%lu", domid);
        devs = xs_directory(nb.xsh, XBT_NULL, path, &nv);
        for ( j = 0; devs && j < nv; j++ )
            if ( !parse_id(devs[j], 0xffff, &devid) )
                vif_visit((uint32_t)domid, (int)devid);
        free(devs);
    }
    free(doms);
    for ( v = nb.vifs; v; v = next )
    {
        next = v->next;
        if ( !v->seen )
            vif_destroy(v);
    }
}

void vifs_watch_event(const char *path)
{
    size_t root = strlen(BE_ROOT);
    unsigned long domid, devid;
    char id1[16], id2[16];
    struct vif *v;

    if ( !strncmp(path, BE_ROOT "/", root + 1) &&
         sscanf(path + root + 1, "%15[0-9]/%15[0-9]", id1, id2) == 2 &&
         !parse_id(id1, 0x7fef, &domid) && !parse_id(id2, 0xffff, &devid) &&
         domid )
    {
        vif_visit((uint32_t)domid, (int)devid);
        return;
    }
    for ( v = nb.vifs; v; v = v->next )
        if ( !strncmp(path, v->fe, strlen(v->fe)) )
        {
            vif_visit(v->domid, v->devid);
            return;
        }
    vifs_scan(); /* a whole domain's directory came or went */
}

int vifs_tick(void)
{
    struct vif *v, *next;

    for ( v = nb.vifs; v; v = next )
    {
        next = v->next;
        if ( v->phase == VIF_CLOSING || v->phase == VIF_DEAD )
            vif_visit(v->domid, v->devid);
    }
    return 500;
}

void vifs_free_all(void)
{
    while ( nb.vifs )
        vif_destroy(nb.vifs);
}

struct queue *queue_by_port(int port, bool *is_tx, bool *is_rx)
{
    struct vif *v;
    unsigned int i;

    for ( v = nb.vifs; v; v = v->next )
        for ( i = 0; i < v->nr_queues; i++ )
        {
            struct queue *q = &v->queues[i];

            if ( q->tx_port == port || q->rx_port == port )
            {
                *is_tx = q->tx_port == port;
                *is_rx = q->rx_port == port;
                return q;
            }
        }
    return NULL;
}
