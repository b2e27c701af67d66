/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rx.c: host -> guest. Frames read from the tap go into the buffers the
 * guest posted on a queue's receive ring (the queue picked by a hash of
 * the IPv4 addresses and ports, so one flow keeps its order), one page
 * per slot, NETRXF_more_data chaining the slots of a frame larger than
 * a page when the frontend offered feature-sg. Up to NB_RX_BATCH
 * frames are copied with one grant-copy request; responses land in the
 * slots of their requests, with one notification per queue a batch.
 *
 * A frame that finds too few buffers waits (held) and the tap is not
 * read until the guest posts more: req_event asks it to say when. The
 * guest's requests are copied before use; a producer more than a ring
 * ahead of our responses disconnects it. A grant that does not copy
 * only fails that slot (NETIF_RSP_ERROR).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/virtio_net.h>
#include <public/grant_table.h>

#include "netback.h"

#define NB_RX_BATCH 64
#define PAGE 4096u
#define SLOTS_PER_FRAME ((NB_MAX_FRAME + PAGE - 1) / PAGE)

struct rx_frame {
    struct queue *q;
    uint32_t len;
    unsigned int nr_slots, first_seg;
    uint16_t ids[SLOTS_PER_FRAME];
    bool csum_ok;
};

struct rx_state {
    uint8_t *bufs; /* NB_RX_BATCH frames, each a virtio header and data */
    struct rx_frame frames[NB_RX_BATCH];
    xengnttab_grant_copy_segment_t segs[NB_RX_BATCH * SLOTS_PER_FRAME];
    bool held; /* bufs' frame 0 was read and waits for buffers */
    uint32_t held_len;
};

#define FRAME_BUF(rx, i)                                                       \
    ((rx)->bufs + (size_t)(i) * (NB_VNET_HDR_LEN + NB_MAX_FRAME))

int rx_alloc(struct vif *v)
{
    if ( v->rx )
        return 0;
    v->rx = calloc(1, sizeof(*v->rx));
    if ( v->rx )
        v->rx->bufs =
            malloc((size_t)NB_RX_BATCH * (NB_VNET_HDR_LEN + NB_MAX_FRAME));
    if ( !v->rx || !v->rx->bufs )
    {
        rx_free(v);
        return -1;
    }
    return 0;
}

void rx_free(struct vif *v)
{
    if ( !v->rx )
        return;
    free(v->rx->bufs);
    free(v->rx);
    v->rx = NULL;
}

bool rx_check_ring(struct queue *q)
{
    RING_IDX prod = __atomic_load_n(&q->rx.sring->req_prod, __ATOMIC_ACQUIRE);

    if ( !RING_REQUEST_PROD_OVERFLOW(&q->rx, prod) )
        return true;
    vif_fatal(q->vif, "queue %u: rx req_prod %u is %u past our responses",
              q->id, prod, prod - q->rx.rsp_prod_pvt);
    return false;
}

bool rx_blocked(const struct vif *v)
{
    return v->rx && v->rx->held;
}

static struct queue *pick_queue(struct vif *v, const uint8_t *f, uint32_t len)
{
    uint32_t h = 0;
    unsigned int ihl;

    if ( v->nr_queues == 1 )
        return &v->queues[0];
    if ( len >= 14 + 20 && f[12] == 0x08 && f[13] == 0 )
    {
        ihl = (f[14] & 0x0f) * 4u;
        memcpy(&h, f + 14 + 12, 4);
        h ^= (uint32_t)f[14 + 16] << 8 ^ f[14 + 17] ^ f[14 + 18] ^ f[14 + 19];
        if ( len >= 14 + ihl + 4 )
            h ^= ((uint32_t)f[14 + ihl] << 24) |
                 ((uint32_t)f[14 + ihl + 1] << 16) |
                 ((uint32_t)f[14 + ihl + 2] << 8) | f[14 + ihl + 3];
        h ^= h >> 16;
    }
    return &v->queues[h % v->nr_queues];
}

/*
 * Reserve the guest's buffers for a frame and lay out its copy. false
 * if the queue lacks buffers (or the guest broke the ring: *fatal).
 */
static bool place(struct queue *q, struct rx_frame *fr, uint8_t *data,
                  xengnttab_grant_copy_segment_t *segs, bool *fatal)
{
    RING_IDX prod = __atomic_load_n(&q->rx.sring->req_prod, __ATOMIC_ACQUIRE);
    unsigned int need = (fr->len + PAGE - 1) / PAGE, i;

    if ( RING_REQUEST_PROD_OVERFLOW(&q->rx, prod) )
    {
        vif_fatal(q->vif, "queue %u: rx req_prod %u is %u past our responses",
                  q->id, prod, prod - q->rx.rsp_prod_pvt);
        *fatal = true;
        return false;
    }
    if ( prod - q->rx.req_cons < need )
    {
        /* Ask to be told when enough are there, then look once more. */
        q->rx.sring->req_event = q->rx.req_cons + need;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        prod = __atomic_load_n(&q->rx.sring->req_prod, __ATOMIC_ACQUIRE);
        if ( prod - q->rx.req_cons < need ||
             RING_REQUEST_PROD_OVERFLOW(&q->rx, prod) )
            return false;
    }
    for ( i = 0; i < need; i++ )
    {
        netif_rx_request_t req;
        uint32_t off = i * PAGE;

        RING_COPY_REQUEST(&q->rx, q->rx.req_cons + i, &req);
        fr->ids[i] = req.id;
        segs[i].source.virt = data + off;
        segs[i].dest.foreign.ref = req.gref;
        segs[i].dest.foreign.offset = 0;
        segs[i].dest.foreign.domid = (uint16_t)q->vif->domid;
        segs[i].len = (uint16_t)(fr->len - off < PAGE ? fr->len - off : PAGE);
        segs[i].flags = GNTCOPY_dest_gref;
        segs[i].status = 0;
    }
    q->rx.req_cons += need;
    fr->nr_slots = need;
    return true;
}

static void answer(struct rx_frame *fr, const xengnttab_grant_copy_segment_t *s)
{
    struct queue *q = fr->q;
    unsigned int i;

    for ( i = 0; i < fr->nr_slots; i++ )
    {
        netif_rx_response_t *r = RING_GET_RESPONSE(&q->rx, q->rx.rsp_prod_pvt);

        r->id = fr->ids[i];
        r->offset = 0;
        r->flags = (i + 1 < fr->nr_slots ? NETRXF_more_data : 0) |
                   (!i && fr->csum_ok ? NETRXF_data_validated : 0);
        r->status =
            s[i].status == GNTST_okay ? (int16_t)s[i].len : NETIF_RSP_ERROR;
        q->rx.rsp_prod_pvt++;
    }
    q->rx_packets++;
    q->rx_bytes += fr->len;
}

/* Read one frame from the tap into slot i: its length, 0 if none. */
static uint32_t read_frame(struct vif *v, unsigned int i, bool *csum_ok)
{
    uint8_t *buf = FRAME_BUF(v->rx, i);
    struct virtio_net_hdr h;

    for ( ;; )
    {
        ssize_t n = read(v->tap_fd, buf, NB_VNET_HDR_LEN + NB_MAX_FRAME);

        if ( n < 0 )
            return 0;
        if ( n <= NB_VNET_HDR_LEN )
            continue;
        memcpy(&h, buf, sizeof(h));
        /* With no offloads on, the kernel sends none; drop any that come. */
        if ( h.gso_type != VIRTIO_NET_HDR_GSO_NONE ||
             (h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) )
            continue;
        *csum_ok = h.flags & VIRTIO_NET_HDR_F_DATA_VALID;
        return (uint32_t)(n - NB_VNET_HDR_LEN);
    }
}

void rx_work(struct vif *v)
{
    struct rx_state *rx = v->rx;
    bool fatal = false;

    while ( v->phase == VIF_CONNECTED && rx && v->tap_fd >= 0 )
    {
        unsigned int n = 0, nseg = 0, i;
        bool notify[NB_MAX_QUEUES] = { false }, stop = false;

        while ( n < NB_RX_BATCH && !stop )
        {
            struct rx_frame *fr = &rx->frames[n];
            bool csum_ok = false;
            uint32_t len;

            if ( n == 0 && rx->held )
            {
                len = rx->held_len;
                csum_ok = fr->csum_ok;
            }
            else if ( !(len = read_frame(v, n, &csum_ok)) )
                break;
            fr->len = len;
            fr->csum_ok = csum_ok;
            fr->q = pick_queue(v, FRAME_BUF(rx, n) + NB_VNET_HDR_LEN, len);
            if ( len > PAGE && !v->fe_sg )
            {
                fr->q->rx_dropped++; /* the guest takes one page a frame */
                rx->held = false;
                continue;
            }
            fr->first_seg = nseg;
            if ( !place(fr->q, fr, FRAME_BUF(rx, n) + NB_VNET_HDR_LEN,
                        &rx->segs[nseg], &fatal) )
            {
                if ( fatal )
                    return;
                stop = true; /* it waits for buffers: hold it */
                break;
            }
            rx->held = false;
            nseg += fr->nr_slots;
            n++;
        }
        if ( nseg && xengnttab_grant_copy(nb.xgt, nseg, rx->segs) )
            for ( i = 0; i < nseg; i++ )
                rx->segs[i].status = GNTST_general_error;
        for ( i = 0; i < n; i++ )
        {
            answer(&rx->frames[i], &rx->segs[rx->frames[i].first_seg]);
            notify[rx->frames[i].q->id] = true;
        }
        for ( i = 0; i < v->nr_queues; i++ )
        {
            bool kick;

            if ( !notify[i] )
                continue;
            RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->queues[i].rx, kick);
            if ( kick )
                xenevtchn_notify(nb.xce, v->queues[i].rx_port);
        }
        if ( stop )
        {
            /* Keep the frame that did not fit as frame 0 for next time. */
            struct rx_frame *fr = &rx->frames[n];

            if ( n )
            {
                memmove(FRAME_BUF(rx, 0), FRAME_BUF(rx, n),
                        NB_VNET_HDR_LEN + fr->len);
                rx->frames[0] = *fr;
            }
            rx->held = true;
            rx->held_len = rx->frames[0].len;
            return;
        }
        if ( n < NB_RX_BATCH )
            return; /* the tap is empty */
    }
}
