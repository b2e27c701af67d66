/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * webserver: a mini-os guest on its vifs. Each vif gets a stack and a
 * thread serving HTTP/1.0 on port 80 (GET / is a one-line page, GET
 * /bytes/N sends N bytes) and a UDP echo on port 7; the stack answers
 * ping itself. Vifs attached while it runs are brought up, detached
 * ones taken down.
 *
 * Command line (xl.cfg extra=): ip=A.B.C.D/N for vif 0 (other vifs,
 * or vif 0 without it: the backend's "ip" key from the vif spec; with
 * neither, DHCP),
 * gw=A.B.C.D, sndbuf=BYTES (TCP send buffer, default 32 KiB),
 * peer=A.B.C.D: once up, ping that address and fetch its
 * page, and say how it went on the console ("webserver: peer ...").
 *
 * For bench/net.sh: peer_bench=N measures the round trip of pings to
 * the peer and a fetch of N bytes from it ("webserver: peer bench ...");
 * a datagram "blast SECONDS SIZE PORT" to UDP port 9
 * makes it send SIZE-byte datagrams to the sender's PORT as fast as it
 * can for SECONDS, then say how many on the console.
 */
#include <mini-os/netdev.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/io/xs_wire.h>

#define MAX_VIFS 4
#define MAX_CONNS 32
#define RESCAN_NS (500ULL * 1000000ULL)

struct conn {
    struct net_sock *s;
    char req[512];
    size_t req_len;
    const char *hdr; /* response head, then the body */
    size_t hdr_len, hdr_sent;
    uint64_t body_left;
    bool body_page;
};

struct vif {
    int devid;
    char node[32];
    struct netdev *nd;
    struct thread *server;
    bool stopping, server_done;
    struct conn conns[MAX_CONNS];
    char head[256];
};

static struct vif vifs[MAX_VIFS];
static uint32_t gateway;
static char page[128];

static void get_address(struct vif *v, uint32_t *addr, uint32_t *mask)
{
    char buf[64], path[96], *be, *ip;
    int err;

    *addr = *mask = 0;
    if ( v->devid == 0 && cmdline_get("ip", buf, sizeof(buf)) &&
         !net_parse_cidr(buf, addr, mask) )
        return;
    snprintf(path, sizeof(path), "%s/backend", v->node);
    be = xenbus_read(0, path, &err);
    if ( !be )
        return;
    snprintf(path, sizeof(path), "%s/ip", be);
    free(be);
    ip = xenbus_read(0, path, &err);
    if ( ip && net_parse_cidr(ip, addr, mask) )
        *addr = *mask = 0;
    free(ip);
}

static void conn_close(struct conn *c)
{
    net_close(c->s);
    memset(c, 0, sizeof(*c));
}

static void start_reply(struct vif *v, struct conn *c)
{
    unsigned long n;

    if ( strncmp(c->req, "GET ", 4) )
    {
        c->hdr = "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
        c->hdr_len = strlen(c->hdr);
        return;
    }
    if ( !strncmp(c->req + 4, "/bytes/", 7) )
    {
        n = strtoul(c->req + 11, NULL, 10);
        c->body_left = n;
    }
    else
    {
        c->body_left = strlen(page);
        c->body_page = true;
    }
    snprintf(v->head, sizeof(v->head),
             "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
             "Content-Length: %lu\r\nConnection: close\r\n\r\n",
             (unsigned long)c->body_left);
    c->hdr = v->head; /* sent at once by the caller: one buffer will do */
    c->hdr_len = strlen(v->head);
}

/* Move one connection on as far as it goes now; false once it is done. */
static bool conn_step(struct vif *v, struct conn *c)
{
    static char zeros[4096];
    long r;

    while ( !c->hdr )
    {
        if ( c->req_len + 1 >= sizeof(c->req) )
            return false;
        r = net_recv(c->s, c->req + c->req_len,
                     sizeof(c->req) - 1 - c->req_len);
        if ( r == -NET_EAGAIN )
            return true;
        if ( r <= 0 )
            return false;
        c->req_len += r;
        c->req[c->req_len] = '\0';
        if ( strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n") )
        {
            start_reply(v, c);
            /* Send the head at once, while v->head holds this reply's. */
            r = net_send(c->s, c->hdr, c->hdr_len);
            if ( r < 0 || (size_t)r < c->hdr_len )
                return false; /* the send buffer takes a head whole */
            c->hdr_sent = c->hdr_len;
        }
    }
    while ( c->body_left )
    {
        const char *src = c->body_page ? page : zeros;
        size_t n = c->body_left < sizeof(zeros) ? c->body_left : sizeof(zeros);

        r = net_send(c->s, src, n);
        if ( r == -NET_EAGAIN || r == 0 )
            return true;
        if ( r < 0 )
            return false;
        c->body_left -= r;
        if ( c->body_page )
            break; /* the page is short: one send */
    }
    if ( c->body_left )
        return true;
    net_shutdown(c->s);
    return false;
}

static void udp_echo(struct net_sock *u)
{
    char buf[1500];
    uint32_t addr;
    uint16_t port;
    long n;

    while ( (n = net_recvfrom(u, buf, sizeof(buf), &addr, &port)) >= 0 )
        net_sendto(u, buf, n, addr, port);
}

/* Send datagrams for a while, as fast as the ring takes them. */
static void blast(struct vif *v, struct net_sock *u, uint32_t addr,
                  const char *cmd)
{
    static char payload[1472];
    const struct netfront_stats *fs = netfront_stats(netdev_netfront(v->nd));
    unsigned long secs, size, port;
    uint64_t end, sent = 0, dropped0 = fs->tx_dropped;
    char *p;

    /* mini-os's strtoul takes no leading blanks: step over them. */
    secs = strtoul(cmd, &p, 10);
    while ( *p == ' ' )
        p++;
    size = strtoul(p, &p, 10);
    while ( *p == ' ' )
        p++;
    port = strtoul(p, &p, 10);
    if ( !secs || secs > 60 || !size || size > sizeof(payload) || !port ||
         port > 65535 )
        return;
    end = monotonic_clock() + secs * 1000000000ULL;
    while ( monotonic_clock() < end )
    {
        uint64_t before = fs->tx_dropped;
        unsigned int i;

        netdev_batch_begin(v->nd);
        for ( i = 0; i < 32; i++ )
            if ( net_sendto(u, payload, size, addr, (uint16_t)port) >= 0 )
                sent++;
        netdev_batch_end(v->nd);
        /* The ring is full: let the backend catch up (the vCPU sleeps). */
        if ( fs->tx_dropped != before )
            block_until(monotonic_clock() + 20000);
        else
            schedule();
    }
    printk("webserver: blast sent %lu datagrams of %lu bytes in %lu s "
           "(%lu dropped for want of ring slots)\n",
           (unsigned long)(sent - (fs->tx_dropped - dropped0)), size, secs,
           (unsigned long)(fs->tx_dropped - dropped0));
}

static void blast_trigger(struct vif *v, struct net_sock *t, struct net_sock *u)
{
    char buf[64];
    uint32_t addr;
    uint16_t port;
    long n = net_recvfrom(t, buf, sizeof(buf) - 1, &addr, &port);

    if ( n <= 6 )
        return;
    buf[n] = '\0';
    if ( !strncmp(buf, "blast ", 6) )
        blast(v, u, addr, buf + 6);
}

static void server_thread(void *arg)
{
    struct vif *v = arg;
    struct net_stack *st = netdev_stack(v->nd);
    struct net_sock *l = net_socket(st, NET_SOCK_TCP);
    struct net_sock *u = net_socket(st, NET_SOCK_UDP);
    struct net_sock *t = net_socket(st, NET_SOCK_UDP);
    unsigned int i;

    if ( !l || net_bind(l, NET_IP4_ANY, 80) || net_listen(l, 16) || !u ||
         net_bind(u, NET_IP4_ANY, 7) || !t || net_bind(t, NET_IP4_ANY, 9) )
    {
        printk("webserver: cannot listen on %s\n", v->node);
        v->server_done = true;
        return;
    }
    while ( !v->stopping && netdev_up(v->nd) )
    {
        struct net_sock *c;

        while ( net_accept(l, &c) == 0 )
        {
            for ( i = 0; i < MAX_CONNS && v->conns[i].s; i++ )
                ;
            if ( i == MAX_CONNS )
            {
                net_close(c);
                continue;
            }
            v->conns[i].s = c;
        }
        udp_echo(u);
        blast_trigger(v, t, u);
        for ( i = 0; i < MAX_CONNS; i++ )
            if ( v->conns[i].s && !conn_step(v, &v->conns[i]) )
                conn_close(&v->conns[i]);
        netdev_sleep(v->nd, 100ULL * 1000000ULL);
    }
    for ( i = 0; i < MAX_CONNS; i++ )
        if ( v->conns[i].s )
            conn_close(&v->conns[i]);
    net_close(l);
    net_close(u);
    net_close(t);
    v->server_done = true;
}

static void vif_up(struct vif *v)
{
    struct net_config cfg = { .tcp_sndbuf = 32768, .tcp_rcvbuf = 65535 };
    char a[16], buf[16];

    /* sndbuf=N: more bytes in flight per connection (bench/net.sh). */
    if ( cmdline_get("sndbuf", buf, sizeof(buf)) )
    {
        unsigned long n = strtoul(buf, NULL, 10);

        if ( n >= 4096 && n <= (1UL << 20) )
            cfg.tcp_sndbuf = (uint32_t)n;
    }
    get_address(v, &cfg.addr, &cfg.netmask);
    cfg.gateway = gateway;
    v->nd = netdev_open(v->node, &cfg);
    if ( !v->nd )
    {
        printk("webserver: %s did not come up\n", v->node);
        return;
    }
    if ( !cfg.addr )
    {
        /* No address from the config: ask DHCP, for up to 20 s. */
        struct net_stack *st = netdev_stack(v->nd);
        uint64_t deadline = monotonic_clock() + 20000000000ULL;

        net_dhcp_start(st);
        while ( !net_dhcp_bound(st) && monotonic_clock() < deadline &&
                netdev_up(v->nd) )
            netdev_sleep(v->nd, 50000000ULL);
        net_get_address(st, &cfg.addr, NULL, NULL);
        if ( !cfg.addr )
            printk("webserver: %s: no DHCP lease\n", v->node);
    }
    v->stopping = v->server_done = false;
    v->server = create_thread("http", server_thread, v);
    printk("webserver: %s up on %s\n", v->node,
           net_format_ip4(cfg.addr, a, sizeof(a)));
}

static void vif_down(struct vif *v)
{
    v->stopping = true;
    while ( !v->server_done )
        msleep(5);
    netdev_close(v->nd);
    v->nd = NULL;
    printk("webserver: %s down\n", v->node);
}

static struct vif *vif_slot(int devid)
{
    unsigned int i;

    for ( i = 0; i < MAX_VIFS; i++ )
        if ( vifs[i].nd && vifs[i].devid == devid )
            return &vifs[i];
    for ( i = 0; i < MAX_VIFS; i++ )
        if ( !vifs[i].nd )
        {
            vifs[i].devid = devid;
            snprintf(vifs[i].node, sizeof(vifs[i].node), "device/vif/%d",
                     devid);
            return &vifs[i];
        }
    return NULL;
}

/* Bring up new vifs (frontend still Initialising), drop gone ones. */
static void rescan(void)
{
    char *list, *name;
    unsigned int len, i;
    int rc;

    for ( i = 0; i < MAX_VIFS; i++ )
        if ( vifs[i].nd && !netdev_up(vifs[i].nd) )
            vif_down(&vifs[i]);
    rc = xenbus_request(XS_DIRECTORY, 0, "device/vif", 11, &list, &len);
    if ( rc )
        return;
    for ( name = list; name < list + len && *name; name += strlen(name) + 1 )
    {
        struct vif *v = vif_slot(atoi(name));

        if ( !v || v->nd )
            continue;
        if ( xenbus_read_state(v->node) == XenbusStateInitialising )
            vif_up(v);
    }
    free(list);
}

/* Ping the peer and fetch its page over the first vif. */
static void talk_to_peer(struct vif *v, uint32_t peer)
{
    struct net_stack *st = netdev_stack(v->nd);
    struct net_sock *s;
    unsigned int seq, replies = 0;
    char buf[512], a[16];
    long n, got = 0;

    for ( seq = 0; seq < 30 && replies < 3; seq++ )
    {
        net_ping(st, peer, 0x77, (uint16_t)seq, 56);
        netdev_sleep(v->nd, 200ULL * 1000000ULL);
        replies = net_ping_replies(st, 0x77);
    }
    s = net_socket(st, NET_SOCK_TCP);
    n = s ? net_connect(s, peer, 80) : -NET_ENOMEM;
    if ( (n == 0 || n == -NET_EINPROGRESS) &&
         (netdev_wait(v->nd, s, NET_EV_WRITE | NET_EV_ERR, 5000000000ULL) &
          NET_EV_WRITE) &&
         net_send(s, "GET / HTTP/1.0\r\n\r\n", 18) == 18 )
    {
        while ( got < (long)sizeof(buf) - 1 &&
                netdev_wait(v->nd, s, NET_EV_READ, 5000000000ULL) )
        {
            n = net_recv(s, buf + got, sizeof(buf) - 1 - got);
            if ( n <= 0 )
                break;
            got += n;
        }
    }
    buf[got > 0 ? got : 0] = '\0';
    if ( s )
        net_close(s);
    printk("webserver: peer %s ping %u/%u http %s\n",
           net_format_ip4(peer, a, sizeof(a)), replies, seq,
           strstr(buf, "200 OK") && strstr(buf, "hello from") ? "ok"
                                                              : "failed");
}

/* Round trips of 20 pings, one at a time: the median, in us. */
static unsigned long peer_rtt_us(struct vif *v, uint32_t peer)
{
    struct net_stack *st = netdev_stack(v->nd);
    uint64_t t[20], tmp;
    unsigned int i, j, n = 0;

    for ( i = 0; i < 20; i++ )
    {
        unsigned int before = net_ping_replies(st, 0x78);
        uint64_t t0 = monotonic_clock(), deadline = t0 + 1000000000ULL;

        net_ping(st, peer, 0x78, (uint16_t)i, 56);
        while ( net_ping_replies(st, 0x78) == before &&
                monotonic_clock() < deadline )
            block_until(monotonic_clock() + 10000);
        if ( net_ping_replies(st, 0x78) != before )
            t[n++] = monotonic_clock() - t0;
    }
    for ( i = 0; i < n; i++ )
        for ( j = i + 1; j < n; j++ )
            if ( t[j] < t[i] )
            {
                tmp = t[i];
                t[i] = t[j];
                t[j] = tmp;
            }
    return n ? (unsigned long)(t[n / 2] / 1000) : 0;
}

/* GET /bytes/N from the peer: how long the body took, in us (0: failed). */
static unsigned long peer_fetch_us(struct vif *v, uint32_t peer,
                                   unsigned long bytes)
{
    static char buf[16384];
    struct net_stack *st = netdev_stack(v->nd);
    struct net_sock *s = net_socket(st, NET_SOCK_TCP);
    unsigned long got = 0, want;
    uint64_t t0 = 0;
    char req[64];
    long n;

    if ( !s )
        return 0;
    n = net_connect(s, peer, 80);
    snprintf(req, sizeof(req), "GET /bytes/%lu HTTP/1.0\r\n\r\n", bytes);
    if ( (n == 0 || n == -NET_EINPROGRESS) &&
         (netdev_wait(v->nd, s, NET_EV_WRITE | NET_EV_ERR, 5000000000ULL) &
          NET_EV_WRITE) &&
         net_send(s, req, strlen(req)) == (long)strlen(req) )
    {
        /* The head is short: count everything, the body dominates. */
        want = bytes;
        while ( got < want &&
                netdev_wait(v->nd, s, NET_EV_READ, 5000000000ULL) )
        {
            while ( (n = net_recv(s, buf, sizeof(buf))) > 0 )
            {
                if ( !t0 )
                    t0 = monotonic_clock();
                got += (unsigned long)n;
            }
            if ( n == 0 || (n < 0 && n != -NET_EAGAIN) )
                break;
        }
    }
    net_close(s);
    return got >= bytes && t0 ? (unsigned long)((monotonic_clock() - t0) / 1000)
                              : 0;
}

int app_main(const char *cmdline)
{
    char buf[64], *name;
    uint32_t peer = 0;
    int err;

    (void)cmdline;
    xenbus_init();
    name = xenbus_read(0, "name", &err);
    snprintf(page, sizeof(page), "hello from %s\n", name ? name : "mini-os");
    free(name);
    if ( cmdline_get("gw", buf, sizeof(buf)) )
        net_parse_ip4(buf, &gateway);
    if ( cmdline_get("peer", buf, sizeof(buf)) && net_parse_ip4(buf, &peer) )
        peer = 0;
    if ( xenbus_watch("device/vif", "vifs") )
        printk("webserver: cannot watch device/vif\n");
    for ( ;; )
    {
        char *ev;

        rescan();
        if ( peer && vifs[0].nd && netdev_up(vifs[0].nd) )
        {
            talk_to_peer(&vifs[0], peer);
            if ( cmdline_get("peer_bench", buf, sizeof(buf)) )
            {
                unsigned long bytes = strtoul(buf, NULL, 10);
                unsigned long rtt = peer_rtt_us(&vifs[0], peer);
                unsigned long us = peer_fetch_us(&vifs[0], peer, bytes);

                printk("webserver: peer bench rtt_us %lu fetch %lu bytes "
                       "in %lu us\n",
                       rtt, bytes, us);
            }
            peer = 0;
        }
        ev = xenbus_wait_for_watch(RESCAN_NS);
        free(ev);
    }
    return 0;
}
