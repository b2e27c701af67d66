/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_netback.c: xen-netback's ring parsers (tools/netback/tx.c, rx.c)
 * under ASan and UBSan, with the hypervisor replaced by a fake guest
 * memory of a few pages (grant copy checks references, offsets and
 * lengths as the hypervisor does) and the tap by a datagram socket pair.
 * Directed cases: a packet reaches the tap whole, a GSO packet gets its
 * virtio header, a bad grant is NETIF_RSP_ERROR, each protocol violation
 * is fatal; received frames land in the posted buffers, chained when
 * larger than a page. Then a bounded fuzz: rings of random requests and
 * producers, which must end either answered slot for slot or fatal.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/virtio_net.h>
#include <liburing.h>
#include <public/grant_table.h>

#include "../../tools/netback/netback.h"
#include "cunit_main.h"

#define GUEST_PAGES 8
#define FUZZ_ROUNDS 4000

struct netback nb;
static uint8_t guest[GUEST_PAGES][4096];
static bool readonly_ref[GUEST_PAGES];
static unsigned int fatals, notifies;
static uint64_t fake_now;

void nb_log(const char *fmt, ...)
{
    (void)fmt;
}

uint64_t nb_now_us(void)
{
    return fake_now;
}

void vif_fatal(struct vif *v, const char *why, ...)
{
    (void)why;
    fatals++;
    v->phase = VIF_DEAD;
}

int xenevtchn_notify(xenevtchn_handle *xce, uint32_t port)
{
    (void)xce;
    (void)port;
    notifies++;
    return 0;
}

/* Guest "memory": reference r is page r; the hypervisor's checks. */
int xengnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
                         xengnttab_grant_copy_segment_t *segs)
{
    uint32_t i;

    (void)xgt;
    for ( i = 0; i < count; i++ )
    {
        xengnttab_grant_copy_segment_t *s = &segs[i];
        bool to_guest = s->flags & GNTCOPY_dest_gref;
        uint32_t ref = to_guest ? s->dest.foreign.ref : s->source.foreign.ref;
        uint32_t off =
            to_guest ? s->dest.foreign.offset : s->source.foreign.offset;

        if ( ref >= GUEST_PAGES || off + s->len > 4096 ||
             (to_guest && readonly_ref[ref]) )
        {
            s->status = GNTST_bad_gntref;
            continue;
        }
        if ( to_guest )
            memcpy(&guest[ref][off], s->source.virt, s->len);
        else
            memcpy(s->dest.virt, &guest[ref][off], s->len);
        s->status = GNTST_okay;
    }
    return 0;
}

static uint8_t tx_page[4096] __attribute__((aligned(4096)));
static uint8_t rx_page[4096] __attribute__((aligned(4096)));
static struct vif vif;
static int tap_peer;

static struct queue *setup(void)
{
    struct queue *q = &vif.queues[0];
    int sv[2];

    static uint8_t drain[NB_VNET_HDR_LEN + NB_MAX_FRAME];
    static int tap_fd = -1;

    if ( tap_fd < 0 )
    {
        static struct io_uring ring;

        /* The tap writes go through io_uring as in the daemon, if it can. */
        if ( io_uring_queue_init(2 * NB_TX_BATCH, &ring, 0) == 0 )
            nb.ring = &ring;
        CU_ASSERT_FATAL(
            socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) == 0);
        tap_fd = sv[0];
        tap_peer = sv[1];
    }
    /* Nothing left over from the case before, in either direction. */
    while ( read(tap_fd, drain, sizeof(drain)) > 0 ||
            read(tap_peer, drain, sizeof(drain)) > 0 )
        ;
    queue_free(q);
    rx_free(&vif);
    memset(&vif, 0, sizeof(vif));
    vif.tap_fd = tap_fd;
    vif.domid = 5;
    vif.phase = VIF_CONNECTED;
    vif.nr_queues = 1;
    vif.fe_sg = true;
    q->vif = &vif;
    q->tx_page = tx_page;
    q->rx_page = rx_page;
    memset(tx_page, 0, sizeof(tx_page));
    memset(rx_page, 0, sizeof(rx_page));
    SHARED_RING_INIT((netif_tx_sring_t *)tx_page);
    SHARED_RING_INIT((netif_rx_sring_t *)rx_page);
    BACK_RING_INIT(&q->tx, (netif_tx_sring_t *)tx_page, 4096);
    BACK_RING_INIT(&q->rx, (netif_rx_sring_t *)rx_page, 4096);
    CU_ASSERT_FATAL(queue_alloc(q) == 0);
    CU_ASSERT_FATAL(rx_alloc(&vif) == 0);
    fatals = 0;
    memset(readonly_ref, 0, sizeof(readonly_ref));
    return q;
}

static netif_tx_request_t *put(struct queue *q, RING_IDX i, uint32_t gref,
                               uint16_t off, uint16_t flags, uint16_t id,
                               uint16_t size)
{
    netif_tx_request_t *r = RING_GET_REQUEST(&q->tx, i);

    *r = (netif_tx_request_t){ gref, off, flags, id, size };
    return r;
}

/* An extra-info slot (it overlays a request: written with memcpy). */
static void put_extra(struct queue *q, RING_IDX i, uint8_t type, uint8_t flags,
                      uint16_t gso_size)
{
    netif_extra_info_t ex;

    memset(&ex, 0, sizeof(ex));
    ex.type = type;
    ex.flags = flags;
    ex.u.gso.size = gso_size;
    ex.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
    memset(RING_GET_REQUEST(&q->tx, i), 0, sizeof(netif_tx_request_t));
    memcpy(RING_GET_REQUEST(&q->tx, i), &ex, sizeof(ex));
}

static void produce(struct queue *q, RING_IDX prod)
{
    q->tx.sring->req_prod = prod;
}

static netif_tx_response_t *rsp(struct queue *q, RING_IDX i)
{
    return RING_GET_RESPONSE(&q->tx, i);
}

/* A UDP/IPv4 frame of len bytes in guest page 1 (a TCP one if tcp). */
static void make_frame(size_t len, bool tcp)
{
    uint8_t *f = guest[1];
    size_t i;

    for ( i = 0; i < len; i++ )
        f[i] = (uint8_t)(i * 7);
    f[12] = 0x08;
    f[13] = 0x00;
    f[14] = 0x45;
    f[14 + 9] = tcp ? 6 : 17;
    if ( tcp )
        f[14 + 20 + 12] = 0x50; /* data offset 5 words */
}

static void test_tx_good(void)
{
    struct queue *q = setup();
    uint8_t buf[2048];
    struct virtio_net_hdr h;
    ssize_t n;

    make_frame(100, false);
    put(q, 0, 1, 0, NETTXF_data_validated, 42, 100);
    produce(q, 1);
    tx_work(q);
    CU_ASSERT_EQUAL(fatals, 0);
    CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, 1);
    CU_ASSERT_EQUAL(q->tx.sring->rsp_prod, 1);
    CU_ASSERT_EQUAL(rsp(q, 0)->id, 42);
    CU_ASSERT_EQUAL(rsp(q, 0)->status, NETIF_RSP_OKAY);
    n = read(tap_peer, buf, sizeof(buf));
    CU_ASSERT_EQUAL(n, NB_VNET_HDR_LEN + 100);
    memcpy(&h, buf, sizeof(h));
    CU_ASSERT_EQUAL(h.flags, 0); /* the host checks a validated checksum */
    CU_ASSERT_EQUAL(h.gso_type, VIRTIO_NET_HDR_GSO_NONE);
    CU_ASSERT(!memcmp(buf + NB_VNET_HDR_LEN, guest[1], 100));
}

static void test_tx_multislot_gso(void)
{
    struct queue *q = setup();
    static uint8_t buf[NB_VNET_HDR_LEN + 8192];
    struct virtio_net_hdr h;
    ssize_t n;

    make_frame(4096, true);
    memset(guest[2], 0xab, 4096);
    /* 4096 from page 1, 1000 from page 2, a GSO extra after the first. */
    put(q, 0, 1, 0, NETTXF_more_data | NETTXF_extra_info | NETTXF_csum_blank, 1,
        5096);
    put_extra(q, 1, XEN_NETIF_EXTRA_TYPE_GSO, 0, 1448);
    put(q, 2, 2, 0, 0, 2, 1000);
    produce(q, 3);
    tx_work(q);
    CU_ASSERT_EQUAL(fatals, 0);
    CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, 3);
    CU_ASSERT_EQUAL(rsp(q, 0)->status, NETIF_RSP_OKAY);
    CU_ASSERT_EQUAL(rsp(q, 1)->status, NETIF_RSP_NULL);
    CU_ASSERT_EQUAL(rsp(q, 2)->id, 2);
    n = read(tap_peer, buf, sizeof(buf));
    CU_ASSERT_EQUAL(n, NB_VNET_HDR_LEN + 5096);
    memcpy(&h, buf, sizeof(h));
    CU_ASSERT_EQUAL(h.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
    CU_ASSERT_EQUAL(h.gso_size, 1448);
    CU_ASSERT_EQUAL(h.csum_start, 34);
    CU_ASSERT_EQUAL(h.csum_offset, 16);
    CU_ASSERT_EQUAL(h.hdr_len, 54);
    CU_ASSERT(!memcmp(buf + NB_VNET_HDR_LEN + 4096, guest[2], 1000));
}

static void test_tx_bad_grant(void)
{
    struct queue *q = setup();
    uint8_t buf[256];

    make_frame(60, false);
    put(q, 0, 999, 0, 0, 7, 60); /* not a page of the guest's */
    put(q, 1, 1, 0, 0, 8, 10); /* shorter than an Ethernet header */
    put(q, 2, 1, 0, 0, 9, 60);
    produce(q, 3);
    tx_work(q);
    CU_ASSERT_EQUAL(fatals, 0);
    CU_ASSERT_EQUAL(rsp(q, 0)->status, NETIF_RSP_ERROR);
    CU_ASSERT_EQUAL(rsp(q, 1)->status, NETIF_RSP_ERROR);
    CU_ASSERT_EQUAL(rsp(q, 2)->status, NETIF_RSP_OKAY);
    CU_ASSERT_EQUAL(read(tap_peer, buf, sizeof(buf)), NB_VNET_HDR_LEN + 60);
    CU_ASSERT(read(tap_peer, buf, sizeof(buf)) < 0); /* only the good one */
}

static void expect_fatal(struct queue *q, RING_IDX prod)
{
    produce(q, prod);
    tx_work(q);
    CU_ASSERT_EQUAL(fatals, 1);
    CU_ASSERT_EQUAL(vif.phase, VIF_DEAD);
}

static void test_tx_fatal(void)
{
    struct queue *q;
    unsigned int i;

    q = setup(); /* a producer past the ring */
    expect_fatal(q, 300);
    q = setup(); /* 19 slots */
    for ( i = 0; i < 19; i++ )
        put(q, i, 1, 0, i < 18 ? NETTXF_more_data : 0, i, i ? 10 : 190);
    expect_fatal(q, 19);
    q = setup(); /* a slot crossing its page */
    put(q, 0, 1, 0, NETTXF_more_data, 0, 300);
    put(q, 1, 1, 4000, 0, 1, 150);
    expect_fatal(q, 2);
    q = setup(); /* the first slot crossing its page */
    put(q, 0, 1, 4090, 0, 0, 60);
    expect_fatal(q, 1);
    q = setup(); /* an unknown extra-info type */
    put(q, 0, 1, 0, NETTXF_extra_info, 0, 60);
    put_extra(q, 1, 9, 0, 0);
    expect_fatal(q, 2);
    q = setup(); /* fragments larger than the packet */
    put(q, 0, 1, 0, NETTXF_more_data, 0, 15);
    put(q, 1, 1, 0, 0, 1, 20);
    expect_fatal(q, 2);
    q = setup(); /* a packet past the producer */
    put(q, 0, 1, 0, NETTXF_more_data, 0, 60);
    expect_fatal(q, 1);
}

static void test_rate_limit(void)
{
    struct queue *q = setup();
    unsigned int i;

    make_frame(1000, false);
    vif.credit_bytes = 2500; /* two packets a period */
    vif.credit_usec = 1000;
    q->credit_left = 2500;
    fake_now = 0;
    q->credit_at_us = 0;
    for ( i = 0; i < 5; i++ )
        put(q, i, 1, 0, 0, (uint16_t)i, 1000);
    produce(q, 5);
    tx_work(q);
    CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, 2);
    CU_ASSERT(q->credit_wait);
    tx_work(q); /* same period: nothing more */
    CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, 2);
    fake_now = 1000;
    tx_work(q);
    CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, 4);
    fake_now = 2000;
    tx_work(q);
    CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, 5);
    CU_ASSERT(!q->credit_wait);
    CU_ASSERT_EQUAL(fatals, 0);
}

static void post_rx(struct queue *q, unsigned int n, uint32_t first_ref)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        netif_rx_request_t *r =
            RING_GET_REQUEST(&q->rx, q->rx.sring->req_prod + i);

        r->id = (uint16_t)(100 + i);
        r->gref = first_ref + i;
    }
    q->rx.sring->req_prod += n;
}

static void test_rx(void)
{
    struct queue *q = setup();
    static uint8_t frame[NB_VNET_HDR_LEN + 6000];
    netif_rx_response_t *r;

    memset(frame, 0, NB_VNET_HDR_LEN);
    memset(frame + NB_VNET_HDR_LEN, 0x5a, 6000);
    frame[NB_VNET_HDR_LEN + 5999] = 0x77;
    /* No buffers yet: the frame waits, and asks to be told. */
    CU_ASSERT(write(tap_peer, frame, sizeof(frame)) == (ssize_t)sizeof(frame));
    rx_work(&vif);
    CU_ASSERT(rx_blocked(&vif));
    CU_ASSERT_EQUAL(q->rx.sring->req_event, 2);
    post_rx(q, 2, 3);
    CU_ASSERT(rx_check_ring(q));
    rx_work(&vif);
    CU_ASSERT(!rx_blocked(&vif));
    CU_ASSERT_EQUAL(q->rx.sring->rsp_prod, 2);
    r = RING_GET_RESPONSE(&q->rx, 0);
    CU_ASSERT_EQUAL(r->id, 100);
    CU_ASSERT_EQUAL(r->status, 4096);
    CU_ASSERT(r->flags & NETRXF_more_data);
    r = RING_GET_RESPONSE(&q->rx, 1);
    CU_ASSERT_EQUAL(r->id, 101);
    CU_ASSERT_EQUAL(r->status, 6000 - 4096);
    CU_ASSERT(!(r->flags & NETRXF_more_data));
    CU_ASSERT_EQUAL(guest[4][6000 - 4096 - 1], 0x77);
    /* A buffer the guest may not have written into: that slot fails. */
    readonly_ref[5] = true;
    CU_ASSERT(write(tap_peer, frame, 100) == 100);
    post_rx(q, 1, 5);
    rx_work(&vif);
    CU_ASSERT_EQUAL(RING_GET_RESPONSE(&q->rx, 2)->status, NETIF_RSP_ERROR);
    /* A producer past the ring is fatal. */
    q->rx.sring->req_prod += 1000;
    CU_ASSERT(!rx_check_ring(q));
    CU_ASSERT_EQUAL(fatals, 1);
}

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void test_fuzz(void)
{
    unsigned int round, i, nfatal = 0, answered = 0;

    for ( round = 0; round < FUZZ_ROUNDS; round++ )
    {
        struct queue *q = setup();
        RING_IDX prod = rnd() % 8 ? rnd() % 40 : rnd();

        for ( i = 0; i < NB_RING_SIZE; i++ )
        {
            /* Mostly plausible, so that parsing goes deep; now and then not. */
            uint16_t flags = (uint16_t)(rnd() % 4   ? 0
                                        : rnd() % 8 ? rnd() & 0xf
                                                    : rnd());
            uint16_t size = (uint16_t)(rnd() % 64 ? rnd() % 1600 : rnd());
            uint16_t off = (uint16_t)(rnd() % 64 ? rnd() % 64 : rnd());

            if ( rnd() % 4 )
                flags &= ~(NETTXF_extra_info | NETTXF_more_data);
            put(q, i, rnd() % (GUEST_PAGES + 2), off, flags, (uint16_t)rnd(),
                size);
            if ( rnd() % 16 == 0 )
                put_extra(q, i, (uint8_t)(rnd() % 6), (uint8_t)(rnd() % 2),
                          (uint16_t)rnd());
        }
        produce(q, prod);
        tx_work(q);
        if ( fatals )
        {
            nfatal++;
            CU_ASSERT_EQUAL(vif.phase, VIF_DEAD);
        }
        else
        {
            /* Every slot taken has its answer, and no more. */
            CU_ASSERT_EQUAL(q->tx.rsp_prod_pvt, q->tx.req_cons);
            CU_ASSERT_EQUAL(q->tx.req_cons, prod);
            answered++;
        }
        for ( i = 0; i < q->tx.rsp_prod_pvt && i < NB_RING_SIZE; i++ )
        {
            int16_t s = rsp(q, i)->status;

            CU_ASSERT(s == NETIF_RSP_OKAY || s == NETIF_RSP_ERROR ||
                      s == NETIF_RSP_DROPPED || s == NETIF_RSP_NULL);
        }
    }
    /* The fuzz reached both ends: rejected rings and answered ones. */
    CU_ASSERT(nfatal > FUZZ_ROUNDS / 20);
    CU_ASSERT(answered > FUZZ_ROUNDS / 20);
}

static const struct unit_case cases[] = {
    { "a packet reaches the tap whole", test_tx_good },
    { "multi-slot GSO packet and its virtio header", test_tx_multislot_gso },
    { "bad grant and runt are dropped, not fatal", test_tx_bad_grant },
    { "each protocol violation is fatal", test_tx_fatal },
    { "rate limit: credit per period", test_rate_limit },
    { "received frames fill posted buffers", test_rx },
    { "fuzzed transmit rings", test_fuzz },
};

UNIT_MAIN("netback", cases)
