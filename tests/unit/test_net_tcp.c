/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_net_tcp.c: TCP of the guest network stack between two stack
 * instances on the in-memory link: handshake and close (every state
 * down to TIME_WAIT and out), transfers that arrive byte-exact through
 * loss, duplication and reordering, retransmission after an outage and
 * giving up on a dead peer, zero windows, the MSS, resets, a server with
 * many connections and a full listen backlog, segmentation offload.
 */
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "net_link.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SEC 1000000000ULL
#define MS 1000000ULL

static uint8_t *pattern(size_t len, unsigned int seed)
{
    uint8_t *p = malloc(len);
    size_t i;

    for ( i = 0; i < len; i++ )
        p[i] = (uint8_t)((i * 131 + seed * 7 + (i >> 8)) & 0xff);
    return p;
}

/* Transfer len bytes from A to B with the link's faults; byte-exact? */
static void check_transfer(struct link *l, size_t len, uint64_t max_ns)
{
    struct net_sock *c, *s;
    struct transfer t = { 0 };

    CU_ASSERT_FATAL(link_tcp_pair(l, 80, &c, &s));
    t.from = c;
    t.to = s;
    t.src = pattern(len, (unsigned int)len);
    t.dst = malloc(len);
    t.len = len;
    CU_ASSERT(link_run(l, max_ns, transfer_done, &t));
    CU_ASSERT_EQUAL(t.error, 0);
    CU_ASSERT(t.eof);
    CU_ASSERT_EQUAL(t.received, len);
    CU_ASSERT(memcmp(t.src, t.dst, len) == 0);
    net_close(s);
    net_close(c);
    free((void *)t.src);
    free(t.dst);
}

static void test_handshake_and_close(void)
{
    struct link l;
    struct net_sock *c, *s;
    char buf[16];

    link_init(&l, 1, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    CU_ASSERT_EQUAL(net_tcp_state(c), TCP_ESTABLISHED);
    CU_ASSERT_EQUAL(net_tcp_state(s), TCP_ESTABLISHED);
    CU_ASSERT_EQUAL(net_send(c, "hello", 5), 5);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_recv(s, buf, sizeof(buf)), 5);
    CU_ASSERT(memcmp(buf, "hello", 5) == 0);
    CU_ASSERT_EQUAL(net_recv(s, buf, sizeof(buf)), -NET_EAGAIN);

    /* The server closes first: it goes through TIME_WAIT. */
    CU_ASSERT_EQUAL(net_shutdown(s), 0);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_tcp_state(s), TCP_FIN_WAIT_2);
    CU_ASSERT_EQUAL(net_tcp_state(c), TCP_CLOSE_WAIT);
    CU_ASSERT_EQUAL(net_recv(c, buf, sizeof(buf)), 0);
    CU_ASSERT(net_events(c) & NET_EV_HUP);
    net_close(c);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_tcp_state(s), TCP_TIME_WAIT);
    net_close(s);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, TCP_TIME_WAIT), 1);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[0].st, TCP_LAST_ACK), 0);
    link_run_for(&l, 61 * SEC);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, TCP_TIME_WAIT), 0);
    link_fini(&l);
}

static void test_transfer_clean(void)
{
    struct link l;

    link_init(&l, 2, NULL, NULL);
    check_transfer(&l, 1 << 20, 60 * SEC);
    CU_ASSERT_EQUAL(net_stats(l.end[0].st)->tcp_retransmits, 0);
    link_fini(&l);
}

static void test_transfer_faults(void)
{
    static const struct link_faults faults[] = {
        { .loss_pct = 5 },
        { .dup_pct = 10 },
        { .reorder_pct = 20, .reorder_ns = 3 * MS },
        { .loss_pct = 3,
          .dup_pct = 3,
          .reorder_pct = 10,
          .reorder_ns = 2 * MS },
        { .loss_pct = 20 },
    };
    unsigned int i, seed;

    for ( i = 0; i < ARRAY_SIZE(faults); i++ )
        for ( seed = 0; seed < 3; seed++ )
        {
            struct link l;

            link_init(&l, 100 + seed * 10 + i, NULL, NULL);
            l.faults = faults[i];
            l.faults.latency_ns = 200000;
            check_transfer(&l, 256 * 1024, 600 * SEC);
            if ( faults[i].loss_pct )
                CU_ASSERT(net_stats(l.end[0].st)->tcp_retransmits > 0);
            link_fini(&l);
        }
}

/* Sequence numbers that wrap past 2^32 mid-transfer, both ways. */
static void test_sequence_wrap(void)
{
    struct link l;

    link_init(&l, 3, NULL, NULL);
    /* The ISN is random() plus the clock (1 s: 244140 in 4 us units). */
    l.end[0].fixed_random = 0xffffffffU - 244140 - 300000;
    l.end[1].fixed_random = 0xffffffffU - 244140 - 1000;
    l.faults.loss_pct = 3;
    check_transfer(&l, 1 << 20, 300 * SEC);
    link_fini(&l);
}

/* Both ways at once, with loss. */
static void test_bidirectional(void)
{
    struct link l;
    struct net_sock *c, *s;
    struct transfer up = { 0 }, down = { 0 };
    size_t len = 200000;

    link_init(&l, 7, NULL, NULL);
    l.faults.loss_pct = 5;
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    up = (struct transfer){ .from = c,
                            .to = s,
                            .len = len,
                            .src = pattern(len, 1),
                            .dst = malloc(len) };
    down = (struct transfer){ .from = s,
                              .to = c,
                              .len = len,
                              .src = pattern(len, 2),
                              .dst = malloc(len) };
    while ( !(up.eof && down.eof) && !up.error && !down.error &&
            l.now < 600 * SEC )
    {
        transfer_step(&up);
        transfer_step(&down);
        link_run_for(&l, 5 * MS);
    }
    CU_ASSERT(up.eof && down.eof);
    CU_ASSERT(up.received == len && !memcmp(up.src, up.dst, len));
    CU_ASSERT(down.received == len && !memcmp(down.src, down.dst, len));
    net_close(c);
    net_close(s);
    free((void *)up.src);
    free(up.dst);
    free((void *)down.src);
    free(down.dst);
    link_run_for(&l, 120 * SEC);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[0].st, TCP_TIME_WAIT) +
                        net_tcp_count(l.end[1].st, TCP_TIME_WAIT),
                    0);
    link_fini(&l);
}

/* The link goes down for 20 s mid-transfer: retransmissions carry on. */
static void test_outage(void)
{
    struct link l;
    struct net_sock *c, *s;
    struct transfer t = { 0 };
    size_t len = 300000;

    link_init(&l, 9, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    t = (struct transfer){ .from = c,
                           .to = s,
                           .len = len,
                           .src = pattern(len, 3),
                           .dst = malloc(len) };
    while ( t.received < len / 3 )
    {
        transfer_step(&t);
        link_run_for(&l, MS);
    }
    l.faults.down = true;
    link_run(&l, 20 * SEC, transfer_done, &t);
    CU_ASSERT(!t.eof && !t.error);
    l.faults.down = false;
    CU_ASSERT(link_run(&l, 300 * SEC, transfer_done, &t));
    CU_ASSERT(t.eof && t.received == len && !memcmp(t.src, t.dst, len));
    net_close(c);
    net_close(s);
    free((void *)t.src);
    free(t.dst);
    link_fini(&l);
}

/* A peer that vanishes: the sender gives up with ETIMEDOUT. */
static void test_dead_peer(void)
{
    struct link l;
    struct net_sock *c, *s;

    link_init(&l, 10, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    l.faults.down = true;
    CU_ASSERT_EQUAL(net_send(c, "data", 4), 4);
    link_run_for(&l, 30 * 60 * SEC);
    CU_ASSERT_EQUAL(net_sock_error(c), -NET_ETIMEDOUT);
    CU_ASSERT_EQUAL(net_tcp_state(c), TCP_CLOSED);
    CU_ASSERT(net_events(c) & NET_EV_ERR);
    CU_ASSERT_EQUAL(net_send(c, "x", 1), -NET_ETIMEDOUT);
    net_close(c);
    net_close(s);
    link_fini(&l);
}

/* A SYN nobody answers, and one answered with a reset. */
static void test_connect_failures(void)
{
    struct link l;
    struct net_sock *c;

    link_init(&l, 11, NULL, NULL);
    c = net_socket(l.end[0].st, NET_SOCK_TCP);
    CU_ASSERT_EQUAL(net_connect(c, LINK_B_IP, 81), 0);
    link_run_for(&l, SEC);
    CU_ASSERT_EQUAL(net_sock_error(c), -NET_ECONNREFUSED);
    CU_ASSERT(net_stats(l.end[1].st)->tcp_rst_sent >= 1);
    net_close(c);

    c = net_socket(l.end[0].st, NET_SOCK_TCP);
    l.faults.down = true;
    CU_ASSERT_EQUAL(net_connect(c, LINK_B_IP, 81), 0);
    CU_ASSERT_EQUAL(net_connect(c, LINK_B_IP, 81), -NET_EALREADY);
    link_run_for(&l, 200 * SEC);
    CU_ASSERT_EQUAL(net_sock_error(c), -NET_ETIMEDOUT);
    net_close(c);
    link_fini(&l);
}

struct reader_wait {
    struct net_sock *s;
    size_t want, got;
    uint8_t *dst;
};

static bool read_some(void *arg)
{
    struct reader_wait *r = arg;
    long n;

    while ( r->got < r->want &&
            (n = net_recv(r->s, r->dst + r->got, r->want - r->got)) > 0 )
        r->got += (size_t)n;
    return r->got >= r->want;
}

/*
 * The receiver reads nothing for a minute: its window shuts, the sender
 * probes it, and everything flows once the receiver reads again.
 */
static void test_zero_window(void)
{
    struct link l;
    struct net_sock *c, *s;
    size_t len = 100000, sent = 0;
    uint8_t *src = pattern(len, 4), *dst = malloc(len);
    struct reader_wait r = { 0 };
    uint64_t probes_before;

    link_init(&l, 12, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    for ( int i = 0; i < 100 && sent < len; i++ )
    {
        long n = net_send(c, src + sent, len - sent);

        if ( n > 0 )
            sent += (size_t)n;
        link_run_for(&l, 10 * MS);
    }
    CU_ASSERT(sent < len); /* both buffers full */
    probes_before = l.end[0].frames_sent;
    link_run_for(&l, 60 * SEC);
    CU_ASSERT(l.end[0].frames_sent > probes_before); /* window probes */
    CU_ASSERT(l.end[0].frames_sent < probes_before + 40); /* backed off */
    CU_ASSERT_EQUAL(net_tcp_state(c), TCP_ESTABLISHED);
    r.s = s;
    r.want = len;
    r.dst = dst;
    while ( r.got < len && l.now < 200 * SEC )
    {
        long n = sent < len ? net_send(c, src + sent, len - sent) : 0;

        if ( n > 0 )
            sent += (size_t)n;
        link_run(&l, 10 * MS, read_some, &r);
    }
    CU_ASSERT_EQUAL(r.got, len);
    CU_ASSERT(memcmp(src, dst, len) == 0);
    net_close(c);
    net_close(s);
    free(src);
    free(dst);
    link_fini(&l);
}

/* Segments never exceed the MSS the peer announced (a smaller MTU). */
static void test_mss(void)
{
    struct net_config small = { .mtu = 576 };
    struct link l;

    link_init(&l, 13, NULL, &small);
    check_transfer(&l, 100000, 60 * SEC);
    CU_ASSERT(l.end[0].max_segment > 0);
    CU_ASSERT(l.end[0].max_segment <= 576 - 40);
    link_fini(&l);
}

/* Closing with unread data resets the connection; the peer learns it. */
static void test_close_unread_resets(void)
{
    struct link l;
    struct net_sock *c, *s;
    char buf[8];

    link_init(&l, 14, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    CU_ASSERT_EQUAL(net_send(c, "unread", 6), 6);
    link_run_for(&l, 10 * MS);
    net_close(s);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_recv(c, buf, sizeof(buf)), -NET_ECONNRESET);
    CU_ASSERT_EQUAL(net_tcp_state(c), TCP_CLOSED);
    net_close(c);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, TCP_ESTABLISHED), 0);
    link_fini(&l);
}

/* Server side of the many-connection test: echo, then close. */
struct echo_server {
    struct net_sock *listener;
    struct net_sock *conns[128];
    unsigned int nr, accepted, finished;
};

static void echo_step(struct echo_server *e)
{
    struct net_sock *n;
    unsigned int i;
    uint8_t buf[2048];

    while ( !net_accept(e->listener, &n) )
    {
        e->conns[e->nr++] = n;
        e->accepted++;
    }
    for ( i = 0; i < e->nr; i++ )
    {
        struct net_sock *s = e->conns[i];
        long got;

        if ( !s )
            continue;
        while ( (got = net_recv(s, buf, sizeof(buf))) > 0 )
            net_send(s, buf, (size_t)got); /* fits: the peer sends little */
        if ( got == 0 || (got < 0 && got != -NET_EAGAIN) )
        {
            net_close(s);
            e->conns[i] = NULL;
            e->finished++;
        }
    }
}

/*
 * 100 clients at once against a backlog of 8, with loss: all served
 * byte-exact, and nothing left on either side once TIME_WAIT is over.
 */
static void test_many_connections(void)
{
    enum { N = 100, MSG = 3000 };
    struct link l;
    struct echo_server e = { 0 };
    struct net_sock *cl[N];
    size_t got[N] = { 0 };
    bool done[N] = { false };
    uint8_t *msg = pattern(MSG, 5), *back = malloc((size_t)N * MSG);
    unsigned int i, nr_done = 0;
    struct net_config server_cfg = { .tcp_sndbuf = 4096, .tcp_rcvbuf = 4096 };

    link_init(&l, 15, NULL, &server_cfg);
    l.faults.loss_pct = 2;
    e.listener = net_socket(l.end[1].st, NET_SOCK_TCP);
    CU_ASSERT_FATAL(!net_bind(e.listener, 0, 8080));
    CU_ASSERT_FATAL(!net_listen(e.listener, 8));
    for ( i = 0; i < N; i++ )
    {
        cl[i] = net_socket(l.end[0].st, NET_SOCK_TCP);
        CU_ASSERT_FATAL(cl[i] && !net_connect(cl[i], LINK_B_IP, 8080));
    }
    while ( nr_done < N && l.now < 900 * SEC )
    {
        link_run_for(&l, 2 * MS);
        echo_step(&e);
        for ( i = 0; i < N; i++ )
        {
            long n;

            if ( done[i] )
                continue;
            if ( (net_events(cl[i]) & NET_EV_WRITE) &&
                 net_tcp_state(cl[i]) == TCP_ESTABLISHED && !got[i] &&
                 !(net_events(cl[i]) & NET_EV_READ) )
            {
                if ( net_send(cl[i], msg, MSG) == MSG )
                    net_shutdown(cl[i]);
            }
            while ( (n = net_recv(cl[i], back + (size_t)i * MSG + got[i],
                                  MSG - got[i])) > 0 )
                got[i] += (size_t)n;
            if ( n == 0 || (n < 0 && n != -NET_EAGAIN) )
            {
                done[i] = true;
                nr_done++;
            }
        }
    }
    CU_ASSERT_EQUAL(nr_done, N);
    for ( i = 0; i < N; i++ )
    {
        CU_ASSERT_EQUAL(got[i], MSG);
        CU_ASSERT(!memcmp(back + (size_t)i * MSG, msg, MSG));
        CU_ASSERT_EQUAL(net_sock_error(cl[i]), 0);
        net_close(cl[i]);
    }
    CU_ASSERT_EQUAL(e.accepted, N);
    link_run_for(&l, 200 * SEC);
    echo_step(&e);
    net_close(e.listener);
    for ( i = TCP_CLOSED; i <= TCP_TIME_WAIT; i++ )
    {
        CU_ASSERT_EQUAL(net_tcp_count(l.end[0].st, (enum tcp_state)i), 0);
        CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, (enum tcp_state)i), 0);
    }
    free(msg);
    free(back);
    link_fini(&l);
}

/*
 * A server that does not accept: its backlog fills, further SYNs are
 * dropped (not reset), and those clients get in once it accepts.
 */
static void test_backlog_full(void)
{
    enum { N = 10, BACKLOG = 4 };
    struct link l;
    struct net_sock *ls, *cl[N], *srv[N];
    unsigned int i, established = 0, accepted = 0;

    link_init(&l, 18, NULL, NULL);
    ls = net_socket(l.end[1].st, NET_SOCK_TCP);
    CU_ASSERT_FATAL(!net_bind(ls, 0, 80) && !net_listen(ls, BACKLOG));
    for ( i = 0; i < N; i++ )
    {
        cl[i] = net_socket(l.end[0].st, NET_SOCK_TCP);
        CU_ASSERT_FATAL(!net_connect(cl[i], LINK_B_IP, 80));
        link_run_for(&l, 10 * MS);
    }
    link_run_for(&l, 500 * MS);
    for ( i = 0; i < N; i++ )
        established += net_tcp_state(cl[i]) == TCP_ESTABLISHED;
    CU_ASSERT_EQUAL(established, BACKLOG);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, TCP_ESTABLISHED), BACKLOG);
    CU_ASSERT(net_stats(l.end[1].st)->tcp_syn_dropped >= N - BACKLOG);
    CU_ASSERT_EQUAL(net_stats(l.end[1].st)->tcp_rst_sent, 0);
    while ( accepted < N && l.now < 120 * SEC )
    {
        while ( accepted < N && !net_accept(ls, &srv[accepted]) )
            accepted++;
        link_run_for(&l, 100 * MS);
    }
    CU_ASSERT_EQUAL(accepted, N);
    for ( i = 0; i < N; i++ )
    {
        CU_ASSERT_EQUAL(net_tcp_state(cl[i]), TCP_ESTABLISHED);
        net_close(cl[i]);
    }
    for ( i = 0; i < accepted; i++ )
        net_close(srv[i]);
    net_close(ls);
    link_fini(&l);
}

/* Large segments handed to the link, cut by it (here: passed whole). */
static void test_segmentation_offload(void)
{
    struct net_config big = { .tso_max = 65535, .tcp_sndbuf = 65536 };
    struct net_config rcv = { .tcp_rcvbuf = 65535 };
    struct link l;

    link_init(&l, 16, &big, &rcv);
    check_transfer(&l, 1 << 20, 60 * SEC);
    CU_ASSERT(l.end[0].gso_frames > 0);
    link_fini(&l);
}

/* TIME_WAIT answers a retransmitted FIN, and lets a new SYN through. */
static void test_time_wait_reuse(void)
{
    struct link l;
    struct net_sock *c, *s, *c2, *ls, *s2 = NULL;
    uint16_t cport;
    char buf[4];

    link_init(&l, 17, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    net_sock_addr(c, NULL, &cport, NULL, NULL);
    net_close(c); /* the client closes first: it holds TIME_WAIT */
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_recv(s, buf, sizeof(buf)), 0);
    net_close(s);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[0].st, TCP_TIME_WAIT), 1);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, TCP_LAST_ACK), 0);

    ls = net_socket(l.end[1].st, NET_SOCK_TCP);
    CU_ASSERT_FATAL(!net_bind(ls, 0, 80) && !net_listen(ls, 4));
    c2 = net_socket(l.end[0].st, NET_SOCK_TCP);
    CU_ASSERT_EQUAL(net_bind(c2, 0, cport), 0);
    CU_ASSERT_EQUAL(net_connect(c2, LINK_B_IP, 80), -NET_EADDRINUSE);
    net_close(c2);
    link_run_for(&l, 61 * SEC);
    CU_ASSERT_EQUAL(net_tcp_count(l.end[0].st, TCP_TIME_WAIT), 0);
    c2 = net_socket(l.end[0].st, NET_SOCK_TCP);
    CU_ASSERT_EQUAL(net_bind(c2, 0, cport), 0);
    CU_ASSERT_EQUAL(net_connect(c2, LINK_B_IP, 80), 0);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_accept(ls, &s2), 0);
    CU_ASSERT_EQUAL(net_tcp_state(c2), TCP_ESTABLISHED);
    net_close(c2);
    net_close(s2);
    net_close(ls);
    link_fini(&l);
}

/* The window-scale option of a TCP SYN frame: its shift, -1 if none. */
static int syn_wscale(const uint8_t *f, size_t len)
{
    const uint8_t *t = f + 14 + 20;
    unsigned int doff, i;

    if ( len < 14 + 20 + 20 || f[23] != 6 || !(t[13] & 0x02) )
        return -2; /* not a SYN */
    doff = (t[12] >> 4) * 4u;
    for ( i = 20; i + 2 < doff && 14 + 20 + i + 2 < len; )
    {
        if ( t[i] == 0 )
            break;
        if ( t[i] == 1 )
        {
            i++;
            continue;
        }
        if ( t[i] == 3 && t[i + 1] == 3 )
            return t[i + 2];
        i += t[i + 1] ? t[i + 1] : 1;
    }
    return -1;
}

static int seen_syn = -2, seen_synack = -2;

static bool watch_syn(struct link_end *e, const uint8_t *f, size_t len)
{
    int ws = syn_wscale(f, len);

    if ( ws != -2 )
    {
        if ( e->id == 0 )
            seen_syn = ws;
        else
            seen_synack = ws;
    }
    return true;
}

/*
 * RFC 7323: the SYN offers window scaling (shift 0: our windows fit 16
 * bits) and the SYN-ACK answers with it; data then flows as before.
 */
static void test_window_scale(void)
{
    struct link l;

    link_init(&l, 19, NULL, NULL);
    l.end[0].tap = watch_syn;
    l.end[1].tap = watch_syn;
    check_transfer(&l, 256 * 1024, 60 * SEC);
    CU_ASSERT_EQUAL(seen_syn, 0);
    CU_ASSERT_EQUAL(seen_synack, 0);
    link_fini(&l);
}

static const struct unit_case cases[] = {
    { "window scaling offered and answered", test_window_scale },
    { "handshake, data and close through TIME_WAIT", test_handshake_and_close },
    { "1 MiB on a clean link", test_transfer_clean },
    { "transfers through loss, duplication, reordering", test_transfer_faults },
    { "sequence numbers wrapping", test_sequence_wrap },
    { "both directions at once", test_bidirectional },
    { "a 20 s outage mid-transfer", test_outage },
    { "a dead peer: ETIMEDOUT", test_dead_peer },
    { "refused and unanswered connects", test_connect_failures },
    { "zero window, probes, reopening", test_zero_window },
    { "segments within the peer's MSS", test_mss },
    { "close with unread data resets", test_close_unread_resets },
    { "100 connections, backlog 8, loss", test_many_connections },
    { "a full backlog drops SYNs", test_backlog_full },
    { "segmentation offload", test_segmentation_offload },
    { "TIME_WAIT and a new connection", test_time_wait_reuse },
};

UNIT_MAIN("net_tcp", cases)
