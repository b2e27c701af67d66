/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tx.c: the guest's transmit ring, guest -> host.
 *
 * Each request is copied out of the shared page once (RING_COPY_REQUEST)
 * and only that copy is looked at. A packet is its first slot, the
 * extra-info slots it announces, then the slots NETTXF_more_data
 * chains; the first slot's size is the packet's. What disconnects the
 * guest (Xen's netback calls these fatal too): a request producer more
 * than a ring ahead, a packet that runs past the producer, more than
 * XEN_NETIF_NR_SLOTS_MIN slots, a slot crossing its page, sizes that do
 * not add up, an unknown extra-info type. A packet that is merely bad
 * (too short, a grant that does not copy, an unknown GSO type, headers
 * it cannot offload) is answered NETIF_RSP_ERROR and dropped.
 *
 * Up to NB_TX_BATCH packets are parsed, then copied from guest memory
 * with one grant-copy request, written to the tap (all of them with one
 * io_uring submission: a write() each would return to user space, and
 * be preempted by whoever the frame woke, once a packet), and answered
 * (one response a slot, NETIF_RSP_NULL for extra-info slots), with one
 * notification if the frontend asked for it.
 *
 * Rate limit (rate= in the vif spec): Xen's credit scheme. A queue may
 * send credit_bytes per credit_usec; credit is topped up once a period
 * has passed, to at most the larger of credit_bytes and the waiting
 * packet (up to 128 KiB), so a packet bigger than the credit still
 * goes, once per period. A packet over the credit waits on the ring for
 * the next period (main.c's timer).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/virtio_net.h>
#include <liburing.h>
#include <public/grant_table.h>

#include "netback.h"

#define ETH_HLEN 14
#define MAX_BURST 131072

int queue_alloc(struct queue *q)
{
    unsigned int i;

    q->segs = calloc(NB_TX_BATCH * NB_MAX_TX_SLOTS, sizeof(*q->segs));
    q->tx_buf = malloc((size_t)NB_TX_BATCH * (NB_VNET_HDR_LEN + NB_MAX_FRAME));
    if ( !q->segs || !q->tx_buf )
    {
        queue_free(q);
        return -1;
    }
    for ( i = 0; i < NB_TX_BATCH; i++ )
        q->pkts[i].data =
            q->tx_buf + (size_t)i * (NB_VNET_HDR_LEN + NB_MAX_FRAME);
    return 0;
}

void queue_free(struct queue *q)
{
    free(q->segs);
    free(q->tx_buf);
    q->segs = NULL;
    q->tx_buf = NULL;
}

/* May a packet of len bytes go now? Takes its credit if so. */
static bool credit_ok(struct queue *q, uint32_t len)
{
    struct vif *v = q->vif;
    uint64_t now;

    if ( !v->credit_bytes )
        return true;
    if ( len <= q->credit_left )
    {
        q->credit_left -= len;
        return true;
    }
    now = nb_now_us();
    if ( now - q->credit_at_us >= v->credit_usec )
    {
        uint64_t burst = len < MAX_BURST ? len : MAX_BURST;

        if ( burst < v->credit_bytes )
            burst = v->credit_bytes;
        q->credit_left += v->credit_bytes;
        if ( q->credit_left > burst )
            q->credit_left = burst;
        q->credit_at_us = now;
        if ( len <= q->credit_left )
        {
            q->credit_left -= len;
            return true;
        }
    }
    q->credit_wait = true;
    return false;
}

int tx_fill_vnet_hdr(uint8_t *out, const uint8_t *f, uint32_t len,
                     bool csum_blank, uint16_t gso_size, uint8_t gso_type)
{
    struct virtio_net_hdr h = { 0 };
    unsigned int ihl, l4 = 0, proto;

    if ( csum_blank || gso_size )
    {
        /* Only IPv4 TCP and UDP: where the checksum goes is known. */
        if ( len < ETH_HLEN + 20 || f[12] != 0x08 || f[13] != 0x00 )
            return -1;
        ihl = (f[ETH_HLEN] & 0x0f) * 4u;
        proto = f[ETH_HLEN + 9];
        if ( (f[ETH_HLEN] >> 4) != 4 || ihl < 20 || len < ETH_HLEN + ihl + 8 )
            return -1;
        l4 = ETH_HLEN + ihl;
        h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        h.csum_start = (uint16_t)l4;
        if ( proto == 6 && len >= l4 + 20 )
            h.csum_offset = 16;
        else if ( proto == 17 && !gso_size )
            h.csum_offset = 6;
        else
            return -1;
    }
    if ( gso_size )
    {
        unsigned int thl = (f[l4 + 12] >> 4) * 4u;

        if ( gso_type != XEN_NETIF_GSO_TYPE_TCPV4 || thl < 20 ||
             len < l4 + thl )
            return -1;
        h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
        h.gso_size = gso_size;
        h.hdr_len = (uint16_t)(l4 + thl);
    }
    memcpy(out, &h, sizeof(h));
    return 0;
}

static void respond(struct queue *q, uint16_t id, int16_t status)
{
    netif_tx_response_t *r = RING_GET_RESPONSE(&q->tx, q->tx.rsp_prod_pvt);

    r->id = id;
    r->status = status;
    q->tx.rsp_prod_pvt++;
}

/* Extra-info slots after the first: false if the guest broke the rules. */
static bool take_extras(struct queue *q, struct tx_packet *pk, RING_IDX *idx,
                        RING_IDX prod)
{
    netif_extra_info_t ex;

    do
    {
        if ( *idx == prod )
        {
            vif_fatal(q->vif, "queue %u: extra info runs past req_prod", q->id);
            return false;
        }
        memcpy(&ex, (const void *)RING_GET_REQUEST(&q->tx, *idx), sizeof(ex));
        (*idx)++;
        if ( ++pk->nr_extras > XEN_NETIF_EXTRA_TYPE_MAX ||
             ex.type == XEN_NETIF_EXTRA_TYPE_NONE ||
             ex.type >= XEN_NETIF_EXTRA_TYPE_MAX )
        {
            vif_fatal(q->vif, "queue %u: bad extra info (type %u)", q->id,
                      ex.type);
            return false;
        }
        if ( ex.type == XEN_NETIF_EXTRA_TYPE_GSO )
        {
            pk->gso_size = ex.u.gso.size;
            pk->gso_type = ex.u.gso.type;
            if ( !pk->gso_size || pk->gso_type != XEN_NETIF_GSO_TYPE_TCPV4 )
                pk->status = NETIF_RSP_ERROR;
        }
    } while ( ex.flags & XEN_NETIF_EXTRA_FLAG_MORE );
    return true;
}

/*
 * Parse the packet at req_cons into pk and its copy segments (appended
 * at *nseg). 1: parsed; 0: it must wait (credit); -1: fatal (done).
 */
static int take_packet(struct queue *q, struct tx_packet *pk, RING_IDX prod,
                       unsigned int *nseg)
{
    netif_tx_request_t first, req;
    RING_IDX idx = q->tx.req_cons;
    xengnttab_grant_copy_segment_t *seg = &q->segs[*nseg];
    uint32_t rest = 0, first_len;
    unsigned int i;
    uint16_t flags;

    RING_COPY_REQUEST(&q->tx, idx, &first);
    idx++;
    memset(pk->ids, 0, sizeof(pk->ids));
    pk->nr_slots = 1;
    pk->nr_extras = 0;
    pk->gso_size = 0;
    pk->gso_type = 0;
    pk->status = NETIF_RSP_OKAY;
    pk->ids[0] = first.id;
    pk->csum_blank = first.flags & NETTXF_csum_blank;
    if ( (first.flags & NETTXF_extra_info) && !take_extras(q, pk, &idx, prod) )
        return -1;
    flags = first.flags;
    seg[0].flags = GNTCOPY_source_gref;
    seg[0].source.foreign.ref = first.gref;
    seg[0].source.foreign.offset = first.offset;
    seg[0].source.foreign.domid = (uint16_t)q->vif->domid;
    while ( flags & NETTXF_more_data )
    {
        if ( pk->nr_slots == NB_MAX_TX_SLOTS )
        {
            vif_fatal(q->vif, "queue %u: a packet of more than %u slots", q->id,
                      NB_MAX_TX_SLOTS);
            return -1;
        }
        if ( idx == prod )
        {
            vif_fatal(q->vif, "queue %u: a packet runs past req_prod", q->id);
            return -1;
        }
        RING_COPY_REQUEST(&q->tx, idx, &req);
        idx++;
        if ( (uint32_t)req.offset + req.size > 4096 )
        {
            vif_fatal(q->vif, "queue %u: a slot crosses its page", q->id);
            return -1;
        }
        seg[pk->nr_slots].flags = GNTCOPY_source_gref;
        seg[pk->nr_slots].source.foreign.ref = req.gref;
        seg[pk->nr_slots].source.foreign.offset = req.offset;
        seg[pk->nr_slots].source.foreign.domid = (uint16_t)q->vif->domid;
        seg[pk->nr_slots].len = req.size;
        pk->ids[pk->nr_slots++] = req.id;
        rest += req.size;
        flags = req.flags;
    }
    if ( rest > first.size )
    {
        vif_fatal(q->vif, "queue %u: slots of %u bytes in a packet of %u",
                  q->id, rest, first.size);
        return -1;
    }
    first_len = first.size - rest;
    if ( first.offset + first_len > 4096 )
    {
        vif_fatal(q->vif, "queue %u: the first slot crosses its page", q->id);
        return -1;
    }
    seg[0].len = (uint16_t)first_len;
    pk->len = first.size;
    if ( pk->len < ETH_HLEN )
        pk->status = NETIF_RSP_ERROR;
    if ( pk->status == NETIF_RSP_OKAY && !credit_ok(q, pk->len) )
        return 0;
    /* Destinations: the packet's bytes, in order, after the header. */
    {
        uint8_t *at = pk->data + NB_VNET_HDR_LEN;

        for ( i = 0; i < pk->nr_slots; i++ )
        {
            seg[i].dest.virt = at;
            at += seg[i].len;
        }
    }
    if ( pk->status == NETIF_RSP_OKAY )
        *nseg += pk->nr_slots;
    else
        pk->nr_slots |= 0x8000; /* no copy: see the answer loop */
    q->tx.req_cons = idx;
    return 1;
}

/* After the copy: the packet's status and header; true if it goes out. */
static bool prepare_packet(struct tx_packet *pk,
                           const xengnttab_grant_copy_segment_t *seg)
{
    unsigned int i, slots = pk->nr_slots & 0x7fff;
    bool copied = !(pk->nr_slots & 0x8000);

    for ( i = 0; copied && i < slots; i++ )
        if ( seg[i].status != GNTST_okay )
            pk->status = NETIF_RSP_ERROR;
    if ( pk->status == NETIF_RSP_OKAY &&
         tx_fill_vnet_hdr(pk->data, pk->data + NB_VNET_HDR_LEN, pk->len,
                          pk->csum_blank, pk->gso_size, pk->gso_type) )
        pk->status = NETIF_RSP_ERROR;
    return pk->status == NETIF_RSP_OKAY;
}

/* Write the packets that go out to the tap; a failed write drops one. */
static void write_packets(struct queue *q, unsigned int npk)
{
    int fd = q->vif->tap_fd;
    unsigned int i, queued = 0;

    for ( i = 0; i < npk; i++ )
    {
        struct tx_packet *pk = &q->pkts[i];
        struct io_uring_sqe *sqe;

        if ( pk->status != NETIF_RSP_OKAY )
            continue;
        if ( fd < 0 )
        {
            pk->status = NETIF_RSP_DROPPED;
            continue;
        }
        sqe = nb.ring ? io_uring_get_sqe(nb.ring) : NULL;
        if ( sqe )
        {
            io_uring_prep_write(sqe, fd, pk->data, NB_VNET_HDR_LEN + pk->len,
                                0);
            io_uring_sqe_set_data64(sqe, i);
            queued++;
        }
        else if ( write(fd, pk->data, NB_VNET_HDR_LEN + pk->len) < 0 &&
                  errno != EAGAIN )
            pk->status = NETIF_RSP_DROPPED;
    }
    if ( queued && io_uring_submit_and_wait(nb.ring, queued) < 0 )
        nb_log("io_uring: %s", strerror(errno));
    while ( queued )
    {
        struct io_uring_cqe *cqe;

        if ( io_uring_wait_cqe(nb.ring, &cqe) )
            break;
        i = (unsigned int)io_uring_cqe_get_data64(cqe);
        if ( i < npk && cqe->res < 0 && cqe->res != -EAGAIN )
            q->pkts[i].status = NETIF_RSP_DROPPED;
        io_uring_cqe_seen(nb.ring, cqe);
        queued--;
    }
    for ( i = 0; i < npk; i++ )
        if ( q->pkts[i].status == NETIF_RSP_OKAY )
        {
            q->tx_packets++;
            q->tx_bytes += q->pkts[i].len;
        }
}

/* Answers in ring order: the first slot, its extras, the rest. */
static void answer_packet(struct queue *q, const struct tx_packet *pk)
{
    unsigned int i, slots = pk->nr_slots & 0x7fff;

    respond(q, pk->ids[0], pk->status);
    for ( i = 0; i < pk->nr_extras; i++ )
        respond(q, 0, NETIF_RSP_NULL);
    for ( i = 1; i < slots; i++ )
        respond(q, pk->ids[i], pk->status);
}

void tx_work(struct queue *q)
{
    struct vif *v = q->vif;

    q->credit_wait = false;
    while ( v->phase == VIF_CONNECTED && q->tx_page )
    {
        RING_IDX prod =
            __atomic_load_n(&q->tx.sring->req_prod, __ATOMIC_ACQUIRE);
        unsigned int npk = 0, nseg = 0, i, at = 0;
        bool notify, more = false;
        int rc = 1;

        if ( RING_REQUEST_PROD_OVERFLOW(&q->tx, prod) )
        {
            vif_fatal(v, "queue %u: tx req_prod %u is %u past our responses",
                      q->id, prod, prod - q->tx.rsp_prod_pvt);
            return;
        }
        while ( q->tx.req_cons != prod && npk < NB_TX_BATCH )
        {
            rc = take_packet(q, &q->pkts[npk], prod, &nseg);
            if ( rc <= 0 )
                break;
            npk++;
        }
        if ( rc < 0 )
            return; /* disconnected */
        if ( nseg && xengnttab_grant_copy(nb.xgt, nseg, q->segs) )
            for ( i = 0; i < nseg; i++ )
                q->segs[i].status = GNTST_general_error;
        for ( i = 0; i < npk; i++ )
        {
            struct tx_packet *pk = &q->pkts[i];

            prepare_packet(pk, &q->segs[at]);
            if ( !(pk->nr_slots & 0x8000) )
                at += pk->nr_slots;
        }
        write_packets(q, npk);
        for ( i = 0; i < npk; i++ )
            answer_packet(q, &q->pkts[i]);
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&q->tx, notify);
        if ( notify )
            xenevtchn_notify(nb.xce, q->tx_port);
        if ( q->credit_wait )
            return; /* main.c's timer brings us back */
        if ( q->tx.req_cons == prod )
            RING_FINAL_CHECK_FOR_REQUESTS(&q->tx, more);
        else
            more = true;
        if ( !more )
            return;
    }
}
