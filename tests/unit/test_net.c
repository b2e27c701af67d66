/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_net.c: the layers of the guest network stack below and beside
 * TCP: address parsing, ARP (answers, resolution, giving up, routing
 * through the gateway), ICMP echo, UDP, the DHCP client against a
 * server played by the test, and malformed packets of every layer
 * (truncated headers, bad lengths, bad checksums, options running past
 * the header), each counted as dropped with no answer and no harm to a
 * connection that runs beside them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "net_link.h"

#define SEC 1000000000ULL
#define MS 1000000ULL
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Frames as a peer would send them, built by the test itself. */
static void w16(uint8_t *p, unsigned int v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void w32(uint8_t *p, uint32_t v)
{
    w16(p, v >> 16);
    w16(p + 2, v & 0xffff);
}

static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
    size_t i;

    for ( i = 0; i + 1 < n; i += 2 )
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if ( n & 1 )
        s += (uint32_t)p[n - 1] << 8;
    return s;
}

static uint16_t fold(uint32_t s)
{
    while ( s >> 16 )
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static const uint8_t mac_a[6] = { 0x00, 0x16, 0x3e, 0, 0, 1 };
static const uint8_t mac_b[6] = { 0x00, 0x16, 0x3e, 0, 0, 2 };

/* Ethernet + IPv4 to B (from A), l4 copied after; returns the frame length. */
static size_t ip_frame(uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto,
                       const uint8_t *l4, size_t l4len)
{
    uint8_t *ip = f + 14;

    memcpy(f, mac_b, 6);
    memcpy(f + 6, mac_a, 6);
    w16(f + 12, 0x0800);
    memset(ip, 0, 20);
    ip[0] = 0x45;
    w16(ip + 2, (unsigned int)(20 + l4len));
    ip[8] = 64;
    ip[9] = proto;
    w32(ip + 12, src);
    w32(ip + 16, dst);
    w16(ip + 10, fold(sum16(0, ip, 20)));
    memcpy(ip + 20, l4, l4len);
    return 14 + 20 + l4len;
}

static uint32_t pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto +
           (uint32_t)len;
}

/* A UDP datagram A:sport -> B:dport with a correct checksum. */
static size_t udp_seg(uint8_t *u, uint16_t sport, uint16_t dport,
                      const void *data, size_t len)
{
    w16(u, sport);
    w16(u + 2, dport);
    w16(u + 4, (unsigned int)(8 + len));
    w16(u + 6, 0);
    memcpy(u + 8, data, len);
    w16(u + 6,
        fold(sum16(pseudo(LINK_A_IP, LINK_B_IP, 17, 8 + len), u, 8 + len)));
    return 8 + len;
}

/* A TCP segment A -> B with options (padded to 4 bytes by the caller). */
static size_t tcp_seg(uint8_t *t, uint16_t sport, uint16_t dport, uint32_t seq,
                      uint32_t ack, uint8_t flags, const uint8_t *opts,
                      size_t optlen)
{
    size_t hlen = 20 + optlen;

    memset(t, 0, 20);
    w16(t, sport);
    w16(t + 2, dport);
    w32(t + 4, seq);
    w32(t + 8, ack);
    t[12] = (uint8_t)((hlen / 4) << 4);
    t[13] = flags;
    w16(t + 14, 8192);
    if ( optlen )
        memcpy(t + 20, opts, optlen);
    w16(t + 16, fold(sum16(pseudo(LINK_A_IP, LINK_B_IP, 6, hlen), t, hlen)));
    return hlen;
}

static void test_addresses(void)
{
    static const char *bad[] = { "",          "1.2.3",      "1.2.3.4.5",
                                 "256.1.1.1", "1..2.3",     "1.2.3.4x",
                                 "a.b.c.d",   "1.2.3.0004", "-1.2.3.4" };
    uint32_t a, m;
    char buf[16];
    unsigned int i;

    CU_ASSERT_EQUAL(net_parse_ip4("10.0.0.2", &a), 0);
    CU_ASSERT_EQUAL(a, NET_IP4(10, 0, 0, 2));
    CU_ASSERT_EQUAL(net_parse_cidr("192.168.1.77/20", &a, &m), 0);
    CU_ASSERT_EQUAL(a, NET_IP4(192, 168, 1, 77));
    CU_ASSERT_EQUAL(m, NET_IP4(255, 255, 240, 0));
    CU_ASSERT_EQUAL(net_parse_cidr("10.1.2.3", &a, &m), 0);
    CU_ASSERT_EQUAL(m, NET_IP4(255, 255, 255, 0));
    CU_ASSERT_EQUAL(net_parse_cidr("10.1.2.3/0", &a, &m), 0);
    CU_ASSERT_EQUAL(m, 0);
    CU_ASSERT_EQUAL(net_parse_cidr("10.1.2.3/32", &a, &m), 0);
    CU_ASSERT_EQUAL(m, 0xffffffffU);
    CU_ASSERT_EQUAL(net_parse_cidr("10.1.2.3/33", &a, &m), -NET_EINVAL);
    CU_ASSERT_EQUAL(net_parse_cidr("10.1.2.3/", &a, &m), -NET_EINVAL);
    CU_ASSERT_EQUAL(net_parse_ip4(NULL, &a), -NET_EINVAL);
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
        CU_ASSERT_EQUAL(net_parse_ip4(bad[i], &a), -NET_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        net_format_ip4(NET_IP4(192, 168, 100, 7), buf, sizeof(buf)),
        "192.168.100.7");
    CU_ASSERT_STRING_EQUAL(net_format_ip4(0, buf, sizeof(buf)), "0.0.0.0");
    CU_ASSERT_STRING_EQUAL(net_format_ip4(NET_IP4_BROADCAST, buf, 8),
                           "255.255");
}

/* Frames one end sent, counted by kind. */
struct capture {
    unsigned int arp_requests, arp_replies, icmp, udp, tcp, other;
    uint32_t last_arp_target, last_ip_dst;
    uint8_t last[1600];
    size_t last_len;
};

static struct capture cap[2];

static bool capture_tap(struct link_end *e, const uint8_t *f, size_t len)
{
    struct capture *c = &cap[e->id];

    memcpy(c->last, f, len < sizeof(c->last) ? len : sizeof(c->last));
    c->last_len = len;
    if ( f[12] == 0x08 && f[13] == 0x06 )
    {
        if ( f[21] == 1 )
            c->arp_requests++;
        else
            c->arp_replies++;
        c->last_arp_target = (uint32_t)f[38] << 24 | (uint32_t)f[39] << 16 |
                             (uint32_t)f[40] << 8 | f[41];
        return true;
    }
    c->last_ip_dst = (uint32_t)f[30] << 24 | (uint32_t)f[31] << 16 |
                     (uint32_t)f[32] << 8 | f[33];
    switch ( f[23] )
    {
    case 1:
        c->icmp++;
        break;
    case 17:
        c->udp++;
        break;
    case 6:
        c->tcp++;
        break;
    default:
        c->other++;
    }
    return true;
}

static void tapped_link(struct link *l, uint64_t seed,
                        const struct net_config *a, const struct net_config *b)
{
    memset(cap, 0, sizeof(cap));
    link_init(l, seed, a, b);
    l->end[0].tap = capture_tap;
    l->end[1].tap = capture_tap;
}

static void test_arp_and_ping(void)
{
    struct link l;

    tapped_link(&l, 1, NULL, NULL);
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, LINK_B_IP, 7, 1, 56), 0);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(cap[0].arp_requests, 1);
    CU_ASSERT_EQUAL(cap[1].arp_replies, 1);
    CU_ASSERT_EQUAL(net_ping_replies(l.end[0].st, 7), 1);
    CU_ASSERT_EQUAL(net_stats(l.end[1].st)->icmp_echo_replied, 1);
    /* Both ends now know each other: no more ARP. */
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, LINK_B_IP, 7, 2, 1000), 0);
    CU_ASSERT_EQUAL(net_ping(l.end[1].st, LINK_A_IP, 9, 1, 0), 0);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(cap[0].arp_requests + cap[1].arp_requests, 1);
    CU_ASSERT_EQUAL(net_ping_replies(l.end[0].st, 7), 2);
    CU_ASSERT_EQUAL(net_ping_replies(l.end[1].st, 9), 1);
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, LINK_B_IP, 7, 3, 2000),
                    -NET_EMSGSIZE);
    link_fini(&l);
}

static void test_arp_gives_up(void)
{
    struct link l;

    tapped_link(&l, 2, NULL, NULL);
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, NET_IP4(10, 0, 0, 9), 1, 1, 8), 0);
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, NET_IP4(10, 0, 0, 9), 1, 2, 8), 0);
    link_run_for(&l, 10 * SEC);
    CU_ASSERT_EQUAL(cap[0].arp_requests, 3);
    CU_ASSERT_EQUAL(cap[0].icmp, 0);
    CU_ASSERT_EQUAL(net_next_deadline(l.end[0].st), 0);
    link_fini(&l); /* LeakSanitizer: the waiting frame was freed */
}

static void test_gateway_route(void)
{
    struct net_config a = { .addr = LINK_A_IP,
                            .netmask = LINK_MASK,
                            .gateway = NET_IP4(10, 0, 0, 254) };
    struct net_config noroute = { .addr = LINK_A_IP, .netmask = LINK_MASK };
    struct link l;

    tapped_link(&l, 3, &a, NULL);
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, NET_IP4(192, 0, 2, 1), 1, 1, 8), 0);
    CU_ASSERT_EQUAL(cap[0].last_arp_target, NET_IP4(10, 0, 0, 254));
    link_fini(&l);
    tapped_link(&l, 3, &noroute, NULL);
    CU_ASSERT_EQUAL(net_ping(l.end[0].st, NET_IP4(192, 0, 2, 1), 1, 1, 8),
                    -NET_ENETUNREACH);
    CU_ASSERT_EQUAL(cap[0].arp_requests, 0);
    link_fini(&l);
}

static void test_udp(void)
{
    struct link l;
    struct net_sock *a, *b, *b2;
    char buf[64];
    uint32_t addr;
    uint16_t port;

    tapped_link(&l, 4, NULL, NULL);
    a = net_socket(l.end[0].st, NET_SOCK_UDP);
    b = net_socket(l.end[1].st, NET_SOCK_UDP);
    b2 = net_socket(l.end[1].st, NET_SOCK_UDP);
    CU_ASSERT_EQUAL(net_bind(b, 0, 5000), 0);
    CU_ASSERT_EQUAL(net_bind(b2, 0, 5000), -NET_EADDRINUSE);
    CU_ASSERT_EQUAL(net_bind(b2, NET_IP4(1, 2, 3, 4), 5001),
                    -NET_EADDRNOTAVAIL);
    CU_ASSERT_EQUAL(net_sendto(a, "ping", 4, LINK_B_IP, 5000), 4);
    CU_ASSERT_EQUAL(net_sendto(a, "second", 6, LINK_B_IP, 5000), 6);
    link_run_for(&l, 10 * MS);
    CU_ASSERT(net_events(b) & NET_EV_READ);
    CU_ASSERT_EQUAL(net_recvfrom(b, buf, sizeof(buf), &addr, &port), 4);
    CU_ASSERT(!memcmp(buf, "ping", 4));
    CU_ASSERT_EQUAL(addr, LINK_A_IP);
    CU_ASSERT_EQUAL(net_recvfrom(b, buf, 3, NULL, NULL), 3); /* truncated */
    CU_ASSERT_EQUAL(net_recvfrom(b, buf, sizeof(buf), NULL, NULL), -NET_EAGAIN);
    CU_ASSERT_EQUAL(net_sendto(b, "pong", 4, addr, port), 4);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_recv(a, buf, sizeof(buf)), 4);
    CU_ASSERT(!memcmp(buf, "pong", 4));
    /* A connected socket, and one datagram too large for the MTU. */
    CU_ASSERT_EQUAL(net_connect(b2, LINK_A_IP, port), 0);
    CU_ASSERT_EQUAL(net_send(b2, "c", 1), 1);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_recv(a, buf, sizeof(buf)), 1);
    {
        static char huge[1500];

        CU_ASSERT_EQUAL(net_sendto(a, huge, sizeof(huge), LINK_B_IP, 5000),
                        -NET_EMSGSIZE);
    }
    /* Nobody on the port: ICMP port unreachable. */
    cap[1].icmp = 0;
    CU_ASSERT_EQUAL(net_sendto(a, "x", 1, LINK_B_IP, 6000), 1);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(cap[1].icmp, 1);
    CU_ASSERT_EQUAL(cap[1].last[14 + 20], 3);
    CU_ASSERT_EQUAL(cap[1].last[14 + 21], 3);
    net_close(a);
    net_close(b);
    net_close(b2);
    link_fini(&l);
}

/* A queue that fills is capped; datagrams beyond are dropped. */
static void test_udp_queue_limit(void)
{
    struct link l;
    struct net_sock *a, *b;
    static char data[1400];
    unsigned int i, n = 0;
    char buf[1500];

    link_init(&l, 5, NULL, NULL);
    a = net_socket(l.end[0].st, NET_SOCK_UDP);
    b = net_socket(l.end[1].st, NET_SOCK_UDP);
    CU_ASSERT_FATAL(!net_bind(b, 0, 7));
    for ( i = 0; i < 100; i++ )
    {
        net_sendto(a, data, sizeof(data), LINK_B_IP, 7);
        link_run_for(&l, MS);
    }
    while ( net_recv(b, buf, sizeof(buf)) > 0 )
        n++;
    CU_ASSERT(n > 10 && n < 100);
    CU_ASSERT_EQUAL(net_stats(l.end[1].st)->drop_udp, 100 - n);
    net_close(a);
    net_close(b);
    link_fini(&l);
}

/* Inject one frame into B: it must be dropped, counted, and unanswered. */
static void expect_dropped(struct link *l, const uint8_t *f, size_t len,
                           const uint64_t *counter, const char *what)
{
    uint64_t before = *counter, sent = l->end[1].frames_sent;

    link_inject(l, 1, f, len);
    CU_ASSERT_EQUAL(*counter, before + 1);
    CU_ASSERT_EQUAL(l->end[1].frames_sent, sent);
    if ( *counter != before + 1 || l->end[1].frames_sent != sent )
        fprintf(stderr, "not dropped quietly: %s\n", what);
}

static void malformed_ip(struct link *l, const struct net_stats *s)
{
    uint8_t f[256], udp[64];
    size_t n = ip_frame(f, LINK_A_IP, LINK_B_IP, 17, udp,
                        udp_seg(udp, 1000, 7, "abc", 3));
    uint8_t g[256];

    memcpy(g, f, n);
    expect_dropped(l, g, 14 + 19, &s->drop_ip, "truncated IP header");
    g[14] = 0x65;
    expect_dropped(l, g, n, &s->drop_ip, "IP version 6");
    memcpy(g, f, n);
    g[14] = 0x44;
    expect_dropped(l, g, n, &s->drop_ip, "IHL 4");
    g[14] = 0x4f;
    expect_dropped(l, g, n, &s->drop_ip, "IHL past the packet");
    memcpy(g, f, n);
    w16(g + 16, (unsigned int)(n - 14 + 1));
    w16(g + 24, 0);
    w16(g + 24, fold(sum16(0, g + 14, 20)));
    expect_dropped(l, g, n, &s->drop_ip, "total length past the frame");
    w16(g + 16, 12);
    w16(g + 24, 0);
    w16(g + 24, fold(sum16(0, g + 14, 20)));
    expect_dropped(l, g, n, &s->drop_ip, "total length below the header");
    memcpy(g, f, n);
    g[24] ^= 0x55;
    expect_dropped(l, g, n, &s->drop_ip, "IP header checksum");
    memcpy(g, f, n);
    w16(g + 20, 0x2000);
    w16(g + 24, 0);
    w16(g + 24, fold(sum16(0, g + 14, 20)));
    expect_dropped(l, g, n, &s->drop_ip, "first fragment");
    w16(g + 20, 0x0010);
    w16(g + 24, 0);
    w16(g + 24, fold(sum16(0, g + 14, 20)));
    expect_dropped(l, g, n, &s->drop_ip, "later fragment");
    memcpy(g, f, n);
    w32(g + 30, NET_IP4(10, 0, 0, 77));
    w16(g + 24, 0);
    w16(g + 24, fold(sum16(0, g + 14, 20)));
    expect_dropped(l, g, n, &s->drop_ip, "not our address");
    CU_ASSERT(s->ip_fragments == 2);
}

static void malformed_icmp_udp(struct link *l, const struct net_stats *s)
{
    uint8_t f[256], l4[64], g[256];
    size_t n, fn;

    memset(l4, 0, sizeof(l4));
    l4[0] = 8;
    w16(l4 + 2, fold(sum16(0, l4, 16)));
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 1, l4, 7);
    expect_dropped(l, g, n, &s->drop_icmp, "truncated ICMP");
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 1, l4, 16);
    g[14 + 20 + 9] ^= 1;
    expect_dropped(l, g, n, &s->drop_icmp, "ICMP checksum");
    n = ip_frame(g, LINK_A_IP, NET_IP4(10, 0, 0, 255), 1, l4, 16);
    expect_dropped(l, g, n, &s->drop_ip, "echo to the subnet broadcast");

    fn = ip_frame(f, LINK_A_IP, LINK_B_IP, 17, l4,
                  udp_seg(l4, 1000, 7, "abcdef", 6));
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 17, l4, 7);
    expect_dropped(l, g, n, &s->drop_udp, "truncated UDP header");
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 17, l4, 14);
    w16(g + 14 + 20 + 4, 7);
    expect_dropped(l, g, n, &s->drop_udp, "UDP length below 8");
    w16(g + 14 + 20 + 4, 15);
    expect_dropped(l, g, n, &s->drop_udp, "UDP length past the packet");
    memcpy(g, f, fn);
    g[fn - 1] ^= 0x40;
    expect_dropped(l, g, fn, &s->drop_udp, "UDP checksum");
    memcpy(g, f, fn);
    w16(g + 14 + 20, 0);
    w16(g + 14 + 20 + 6, 0);
    expect_dropped(l, g, fn, &s->drop_udp, "UDP source port 0");
}

static void malformed_tcp(struct link *l, const struct net_stats *s)
{
    static const struct {
        uint8_t opts[8];
        size_t len;
        const char *what;
    } bad_opts[] = {
        { { 1, 1, 1, 2 }, 4, "MSS kind with no length byte" },
        { { 1, 1, 2, 4 }, 4, "MSS running past the header" },
        { { 2, 3, 5, 0 }, 4, "MSS of length 3" },
        { { 8, 0, 0, 0 }, 4, "option of length 0" },
        { { 8, 1, 0, 0 }, 4, "option of length 1" },
        { { 1, 8, 10, 0 }, 4, "option running past the header" },
    };
    uint8_t t[64], g[256];
    size_t n, tl;
    unsigned int i;

    tl = tcp_seg(t, 1234, 80, 1, 0, 0x02, NULL, 0);
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, 19);
    expect_dropped(l, g, n, &s->drop_tcp, "truncated TCP header");
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
    g[14 + 20 + 12] = 4 << 4;
    expect_dropped(l, g, n, &s->drop_tcp, "data offset 4");
    g[14 + 20 + 12] = 6 << 4;
    expect_dropped(l, g, n, &s->drop_tcp, "data offset past the segment");
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
    g[14 + 20 + 16] ^= 0x10;
    expect_dropped(l, g, n, &s->drop_tcp, "TCP checksum");
    for ( i = 0; i < ARRAY_SIZE(bad_opts); i++ )
    {
        tl =
            tcp_seg(t, 1234, 80, 1, 0, 0x02, bad_opts[i].opts, bad_opts[i].len);
        n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
        expect_dropped(l, g, n, &s->drop_tcp, bad_opts[i].what);
    }
    tl = tcp_seg(t, 1234, 80, 1, 0, 0x03, NULL, 0);
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
    expect_dropped(l, g, n, &s->drop_tcp, "SYN+FIN");
    tl = tcp_seg(t, 1234, 80, 1, 0, 0x06, NULL, 0);
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
    expect_dropped(l, g, n, &s->drop_tcp, "SYN+RST");
    tl = tcp_seg(t, 1234, 80, 1, 0, 0x01, NULL, 0);
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
    expect_dropped(l, g, n, &s->drop_tcp, "a bare FIN");
    tl = tcp_seg(t, 0, 80, 1, 0, 0x02, NULL, 0);
    n = ip_frame(g, LINK_A_IP, LINK_B_IP, 6, t, tl);
    expect_dropped(l, g, n, &s->drop_tcp, "source port 0");
}

static void malformed_link(struct link *l, const struct net_stats *s)
{
    uint8_t g[128];

    memset(g, 0, sizeof(g));
    memcpy(g, mac_b, 6);
    expect_dropped(l, g, 13, &s->drop_eth, "truncated Ethernet header");
    w16(g + 12, 0x86dd);
    expect_dropped(l, g, 60, &s->drop_eth, "IPv6");
    memcpy(g, mac_a, 6);
    w16(g + 12, 0x0800);
    expect_dropped(l, g, 60, &s->drop_eth, "another host's MAC");
    memset(g, 0xff, 6);
    w16(g + 12, 0x0806);
    expect_dropped(l, g, 14 + 27, &s->drop_arp, "truncated ARP");
    w16(g + 14, 1);
    w16(g + 16, 0x0800);
    g[18] = 6;
    g[19] = 4;
    w16(g + 20, 9);
    expect_dropped(l, g, 14 + 28, &s->drop_arp, "ARP operation 9");
    w16(g + 20, 1);
    g[18] = 8;
    expect_dropped(l, g, 14 + 28, &s->drop_arp, "ARP hardware length 8");
    g[18] = 6;
    g[22] = 0x01; /* a multicast sender */
    expect_dropped(l, g, 14 + 28, &s->drop_arp, "multicast ARP sender");
}

/*
 * A connection runs while B is fed malformed frames of every layer:
 * each is dropped and counted, none answered, and the connection is
 * intact afterwards.
 */
static void test_malformed(void)
{
    struct link l;
    struct net_sock *c, *s;
    const struct net_stats *st;
    char buf[16];

    link_init(&l, 6, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    st = net_stats(l.end[1].st);
    malformed_link(&l, st);
    malformed_ip(&l, st);
    malformed_icmp_udp(&l, st);
    {
        struct net_sock *ls = net_socket(l.end[1].st, NET_SOCK_TCP);

        net_bind(ls, 0, 80);
        net_listen(ls, 4);
        malformed_tcp(&l, st);
        CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, TCP_SYN_RCVD), 0);
        net_close(ls);
    }
    CU_ASSERT_EQUAL(net_send(c, "still", 5), 5);
    link_run_for(&l, 10 * MS);
    CU_ASSERT_EQUAL(net_recv(s, buf, sizeof(buf)), 5);
    CU_ASSERT_EQUAL(net_tcp_state(c), TCP_ESTABLISHED);
    net_close(c);
    net_close(s);
    link_fini(&l);
}

/* The DHCP server the test plays, on A's side of the link. */
struct dhcp_server {
    unsigned int discovers, requests, unicast_requests;
    uint32_t xid;
    bool answer;
    bool corrupt; /* options running past the end */
};

static struct dhcp_server server;
static struct link *dhcp_link;

static void dhcp_reply(uint8_t type, uint32_t yiaddr)
{
    uint8_t m[300], f[400], u[340];
    size_t n = 240, fl;

    memset(m, 0, sizeof(m));
    m[0] = 2;
    m[1] = 1;
    m[2] = 6;
    w32(m + 4, server.xid);
    w32(m + 16, yiaddr);
    memcpy(m + 28, mac_b, 6);
    w32(m + 236, 0x63825363);
    m[n++] = 53, m[n++] = 1, m[n++] = type;
    m[n++] = 54, m[n++] = 4, w32(m + n, LINK_A_IP), n += 4;
    m[n++] = 1, m[n++] = 4, w32(m + n, NET_IP4(255, 255, 0, 0)), n += 4;
    m[n++] = 3, m[n++] = 4, w32(m + n, NET_IP4(10, 0, 0, 254)), n += 4;
    m[n++] = 51, m[n++] = 4, w32(m + n, 600), n += 4;
    if ( server.corrupt )
        m[n++] = 3, m[n++] = 40; /* past the end */
    else
        m[n++] = 255;
    w16(u, 67);
    w16(u + 2, 68);
    w16(u + 4, (unsigned int)(8 + n));
    w16(u + 6, 0); /* no checksum */
    memcpy(u + 8, m, n);
    fl = ip_frame(f, LINK_A_IP, NET_IP4_BROADCAST, 17, u, 8 + n);
    memset(f, 0xff, 6);
    link_send_later(dhcp_link, 1, f, fl);
}

static bool dhcp_tap(struct link_end *e, const uint8_t *f, size_t len)
{
    const uint8_t *m = f + 14 + 20 + 8, *o;
    uint8_t type = 0;

    (void)e;
    if ( len < 14 + 20 + 8 + 240 || f[23] != 17 || f[14 + 20 + 3] != 67 )
        return true; /* not DHCP (ARP for the server): on to A */
    server.xid = (uint32_t)m[4] << 24 | (uint32_t)m[5] << 16 |
                 (uint32_t)m[6] << 8 | m[7];
    for ( o = m + 240; o < f + len && *o != 255; o += 2 + o[1] )
        if ( *o == 53 )
            type = o[2];
    if ( type == 1 )
        server.discovers++;
    if ( type == 3 )
    {
        server.requests++;
        if ( f[30] != 255 )
            server.unicast_requests++;
    }
    if ( server.answer )
        dhcp_reply(type == 1 ? 2 : 5, NET_IP4(10, 0, 0, 50));
    return false;
}

static void test_dhcp(void)
{
    struct net_config none = { .addr = NET_IP4_BROADCAST };
    struct link l;
    uint32_t addr, mask, gw;

    link_init(&l, 8, NULL, &none);
    dhcp_link = &l;
    memset(&server, 0, sizeof(server));
    l.end[1].tap = dhcp_tap;
    net_get_address(l.end[1].st, &addr, NULL, NULL);
    CU_ASSERT_EQUAL(addr, 0);
    CU_ASSERT_EQUAL(net_dhcp_start(l.end[1].st), 0);
    CU_ASSERT_EQUAL(server.discovers, 1);
    link_run_for(&l, 7 * SEC); /* unanswered: sent again at 2 s, 6 s */
    CU_ASSERT_EQUAL(server.discovers, 3);
    CU_ASSERT(!net_dhcp_bound(l.end[1].st));

    /* A reply whose options run past the end is not believed. */
    server.answer = true;
    server.corrupt = true;
    link_run_for(&l, 10 * SEC);
    CU_ASSERT(!net_dhcp_bound(l.end[1].st));
    CU_ASSERT_EQUAL(server.requests, 0);

    server.corrupt = false;
    link_run_for(&l, 30 * SEC);
    CU_ASSERT(net_dhcp_bound(l.end[1].st));
    net_get_address(l.end[1].st, &addr, &mask, &gw);
    CU_ASSERT_EQUAL(addr, NET_IP4(10, 0, 0, 50));
    CU_ASSERT_EQUAL(mask, NET_IP4(255, 255, 0, 0));
    CU_ASSERT_EQUAL(gw, NET_IP4(10, 0, 0, 254));
    CU_ASSERT_EQUAL(server.requests, 1);

    /* T1 (300 s of a 600 s lease): a unicast renewal, answered. */
    link_run_for(&l, 310 * SEC);
    CU_ASSERT_EQUAL(server.unicast_requests, 1);
    CU_ASSERT(net_dhcp_bound(l.end[1].st));

    /* The server goes away: the lease runs out and the address goes. */
    server.answer = false;
    link_run_for(&l, 700 * SEC);
    net_get_address(l.end[1].st, &addr, NULL, NULL);
    CU_ASSERT_EQUAL(addr, 0);
    CU_ASSERT(!net_dhcp_bound(l.end[1].st));
    CU_ASSERT(server.requests > 3);
    link_fini(&l);
}

static const struct unit_case cases[] = {
    { "address parsing and formatting", test_addresses },
    { "ARP resolution and ping", test_arp_and_ping },
    { "ARP gives up on a silent neighbour", test_arp_gives_up },
    { "routes through the gateway", test_gateway_route },
    { "UDP sockets", test_udp },
    { "UDP receive queue limit", test_udp_queue_limit },
    { "malformed packets of every layer", test_malformed },
    { "DHCP client", test_dhcp },
};

UNIT_MAIN("net", cases)
