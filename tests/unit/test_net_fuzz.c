/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_net_fuzz.c: a bounded fuzz of the network stack's packet parsers
 * under ASan and UBSan. Frames captured from a real session (ARP, ICMP,
 * UDP, TCP handshakes, data, FINs) are mutated (bits flipped, bytes and
 * length fields set to edge values, cut short, grown with noise) and
 * half of them get their IP and transport checksums fixed up so that
 * the deeper layers see them too; pure noise goes in as well. The stack
 * under fire has a listener, a connection and UDP sockets. Afterwards
 * it must still make connections and move data, and once its timers
 * have run, hold nothing the fuzz made. A second round fuzzes the DHCP
 * client with replies to its own transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "net_link.h"

#define SEC 1000000000ULL
#define MS 1000000ULL
#define CORPUS_MAX 512
#define ITERATIONS 150000

struct corpus {
    unsigned int n;
    size_t len[CORPUS_MAX];
    uint8_t frame[CORPUS_MAX][1600];
};

static struct corpus corpus;

static bool record_tap(struct link_end *e, const uint8_t *f, size_t len)
{
    (void)e;
    if ( corpus.n < CORPUS_MAX && len <= sizeof(corpus.frame[0]) )
    {
        memcpy(corpus.frame[corpus.n], f, len);
        corpus.len[corpus.n++] = len;
    }
    return true;
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

/* Make the IP and transport checksums right for what the frame now says. */
static void fix_checksums(uint8_t *f, size_t len)
{
    uint8_t *ip = f + 14, *l4;
    size_t ihl, total, l4len;
    unsigned int csum_off;
    uint32_t s;

    if ( len < 34 || f[12] != 0x08 || f[13] != 0x00 )
        return;
    ihl = (size_t)(ip[0] & 0xf) * 4;
    if ( ihl < 20 || 14 + ihl > len )
        return;
    ip[10] = ip[11] = 0;
    s = fold(sum16(0, ip, ihl));
    ip[10] = (uint8_t)(s >> 8);
    ip[11] = (uint8_t)s;
    total = (size_t)(ip[2] << 8 | ip[3]);
    if ( total < ihl || 14 + total > len )
        return;
    l4 = ip + ihl;
    l4len = total - ihl;
    csum_off = ip[9] == 6 ? 16 : ip[9] == 17 ? 6 : ip[9] == 1 ? 2 : 0;
    if ( !csum_off || l4len < csum_off + 2 )
        return;
    l4[csum_off] = l4[csum_off + 1] = 0;
    s = ip[9] == 1 ? 0 : sum16(0, ip + 12, 8) + ip[9] + (uint32_t)l4len;
    s = fold(sum16(s, l4, l4len));
    l4[csum_off] = (uint8_t)(s >> 8);
    l4[csum_off + 1] = (uint8_t)s;
}

static size_t mutate(struct link *l, uint8_t *f, size_t len, size_t cap)
{
    static const uint8_t edge[] = { 0, 1, 0x7f, 0x80, 0xff, 0x45, 0x50, 0xf0 };
    unsigned int i, n = 1 + link_random(l) % 4;

    for ( i = 0; i < n; i++ )
    {
        uint32_t r = link_random(l);
        size_t at = len ? link_random(l) % len : 0;

        switch ( r % 6 )
        {
        case 0: /* flip a bit */
            if ( len )
                f[at] ^= (uint8_t)(1U << (r >> 8) % 8);
            break;
        case 1: /* an edge value */
            if ( len )
                f[at] = edge[(r >> 8) % sizeof(edge)];
            break;
        case 2: /* cut short */
            len = at;
            break;
        case 3: /* grow with noise */
        {
            size_t more = link_random(l) % 64, j;

            for ( j = 0; j < more && len < cap; j++ )
                f[len++] = (uint8_t)link_random(l);
            break;
        }
        case 4: /* a length or offset field in the headers */
        {
            static const unsigned int fields[] = { 14, 16, 17, 20, 38,
                                                   46, 52, 54, 55 };
            unsigned int fld = fields[(r >> 8) % 9];

            if ( fld < len )
                f[fld] = (uint8_t)link_random(l);
            break;
        }
        default: /* options: noise right after the fixed TCP header */
            if ( len > 54 + 4 )
            {
                f[46] = (uint8_t)((f[46] & 0x0f) | 0x60 |
                                  (link_random(l) % 2 ? 0x80 : 0));
                f[54] = (uint8_t)(link_random(l) % 12);
                f[55] = (uint8_t)(link_random(l) % 48);
            }
            break;
        }
    }
    return len;
}

/* From a buffer of exactly the frame's size: ASan sees any overread. */
static void feed(struct net_stack *st, const uint8_t *f, size_t len,
                 unsigned int flags)
{
    uint8_t *copy = malloc(len ? len : 1);

    memcpy(copy, f, len);
    net_input(st, copy, len, flags);
    free(copy);
}

static void build_corpus(void)
{
    struct link l;
    struct net_sock *c, *s, *ua, *ub;
    struct transfer t = { 0 };
    static uint8_t src[300000], dst[300000];
    char buf[64];

    memset(&corpus, 0, sizeof(corpus));
    link_init(&l, 99, NULL, NULL);
    l.end[0].tap = record_tap;
    l.faults.loss_pct = 5; /* retransmissions and duplicate acks too */
    net_ping(l.end[0].st, LINK_B_IP, 1, 1, 32);
    ua = net_socket(l.end[0].st, NET_SOCK_UDP);
    ub = net_socket(l.end[1].st, NET_SOCK_UDP);
    net_bind(ub, 0, 53);
    net_sendto(ua, "query", 5, LINK_B_IP, 53);
    net_sendto(ua, "nobody", 6, LINK_B_IP, 54);
    link_run_for(&l, 10 * MS);
    net_recv(ub, buf, sizeof(buf));
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    t = (struct transfer){
        .from = c, .to = s, .src = src, .dst = dst, .len = sizeof(src)
    };
    link_run(&l, 60 * SEC, transfer_done, &t);
    net_close(c);
    net_close(s);
    net_close(ua);
    net_close(ub);
    link_run_for(&l, 100 * SEC);
    link_fini(&l);
    CU_ASSERT(corpus.n > 20);
}

static void test_parsers(void)
{
    struct link l;
    struct net_sock *ls, *c, *s, *u;
    struct transfer t = { 0 };
    static uint8_t src[50000], dst[50000];
    uint8_t f[1700];
    unsigned int i, st;

    build_corpus();
    link_init(&l, 7, NULL, NULL);
    CU_ASSERT_FATAL(link_tcp_pair(&l, 80, &c, &s));
    ls = net_socket(l.end[1].st, NET_SOCK_TCP);
    net_bind(ls, 0, 80);
    net_listen(ls, 64);
    u = net_socket(l.end[1].st, NET_SOCK_UDP);
    net_bind(u, 0, 53);
    for ( i = 0; i < ITERATIONS; i++ )
    {
        size_t len;

        if ( i % 50 == 49 )
        {
            len = link_random(&l) % 200;
            for ( size_t j = 0; j < len; j++ )
                f[j] = (uint8_t)link_random(&l);
            if ( len >= 12 )
                memcpy(f, l.end[1].mac, 6);
        }
        else
        {
            unsigned int k = link_random(&l) % corpus.n;

            memcpy(f, corpus.frame[k], corpus.len[k]);
            len = mutate(&l, f, corpus.len[k], sizeof(f));
            if ( link_random(&l) % 2 )
                fix_checksums(f, len);
        }
        feed(l.end[1].st, f, len, link_random(&l) % 8 ? 0 : NET_RX_CSUM_VALID);
        if ( i % 64 == 0 )
        {
            net_flush(l.end[1].st);
            link_run_for(&l, MS);
            while ( !net_accept(ls, &c) )
                net_close(c); /* whatever the fuzz connected */
            while ( net_recv(u, f, sizeof(f)) > 0 )
                ;
        }
    }
    net_close(s);
    net_close(u);
    /* Still working: a new connection carries data. */
    {
        struct net_sock *c2 = net_socket(l.end[0].st, NET_SOCK_TCP), *s2 = NULL;

        CU_ASSERT_FATAL(!net_connect(c2, LINK_B_IP, 80));
        link_run_for(&l, 50 * MS);
        CU_ASSERT_FATAL(!net_accept(ls, &s2));
        t = (struct transfer){
            .from = c2, .to = s2, .src = src, .dst = dst, .len = sizeof(src)
        };
        CU_ASSERT(link_run(&l, 60 * SEC, transfer_done, &t));
        CU_ASSERT(t.received == sizeof(src) && !memcmp(src, dst, sizeof(src)));
        net_close(c2);
        net_close(s2);
    }
    net_close(ls);
    /* Whatever the fuzz left half-open or orphaned times out. */
    link_run_for(&l, 30 * 60 * SEC);
    for ( st = TCP_CLOSED; st <= TCP_TIME_WAIT; st++ )
        CU_ASSERT_EQUAL(net_tcp_count(l.end[1].st, (enum tcp_state)st), 0);
    CU_ASSERT(net_stats(l.end[1].st)->drop_tcp > 0);
    CU_ASSERT(net_stats(l.end[1].st)->drop_ip > 0);
    link_fini(&l);
}

/* DHCP replies to the client's own transaction, mutated. */
static uint32_t dhcp_xid;

static bool xid_tap(struct link_end *e, const uint8_t *f, size_t len)
{
    (void)e;
    if ( len > 14 + 20 + 8 + 8 && f[23] == 17 && f[14 + 20 + 3] == 67 )
    {
        const uint8_t *m = f + 14 + 20 + 8;

        dhcp_xid = (uint32_t)m[4] << 24 | (uint32_t)m[5] << 16 |
                   (uint32_t)m[6] << 8 | m[7];
    }
    return false;
}

static void test_dhcp_replies(void)
{
    struct net_config none = { .addr = NET_IP4_BROADCAST };
    struct link l;
    uint8_t f[700];
    unsigned int i;

    link_init(&l, 5, NULL, &none);
    l.end[1].tap = xid_tap;
    net_dhcp_start(l.end[1].st);
    for ( i = 0; i < ITERATIONS / 10; i++ )
    {
        uint8_t *m = f + 14 + 20 + 8;
        size_t n = 240 + link_random(&l) % 300, j;

        memset(f, 0, sizeof(f));
        memset(f, 0xff, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 9] = 17;
        memset(f + 14 + 16, 0xff, 4);
        f[14 + 20 + 1] = 67;
        f[14 + 20 + 3] = 68;
        m[0] = 2;
        m[1] = 1;
        m[2] = 6;
        m[4] = (uint8_t)(dhcp_xid >> 24);
        m[5] = (uint8_t)(dhcp_xid >> 16);
        m[6] = (uint8_t)(dhcp_xid >> 8);
        m[7] = (uint8_t)dhcp_xid;
        m[16] = 10;
        m[19] = (uint8_t)link_random(&l);
        memcpy(m + 28, l.end[1].mac, 6);
        m[236] = 0x63, m[237] = 0x82, m[238] = 0x53, m[239] = 0x63;
        for ( j = 240; j < n; j++ )
            m[j] = (uint8_t)(link_random(&l) % 4 ? link_random(&l) % 60
                                                 : link_random(&l));
        f[14 + 20 + 4] = (uint8_t)((8 + n) >> 8);
        f[14 + 20 + 5] = (uint8_t)(8 + n);
        f[14 + 2] = (uint8_t)((28 + n) >> 8);
        f[14 + 3] = (uint8_t)(28 + n);
        fix_checksums(f, 14 + 28 + n);
        feed(l.end[1].st, f, 14 + 28 + n, 0);
        if ( i % 16 == 0 )
            link_run_for(&l, 100 * MS);
    }
    link_fini(&l);
}

static const struct unit_case cases[] = {
    { "mutated and random frames", test_parsers },
    { "mutated DHCP replies", test_dhcp_replies },
};

UNIT_MAIN("net_fuzz", cases)
