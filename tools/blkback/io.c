/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * io.c: blkback's data path. Requests are copied off a device's ring,
 * checked (parse.c), their pages reached through libxengnttab and their
 * I/O queued on one io_uring shared by every device, so many requests
 * of many guests are in flight at once. Completions become responses;
 * each device's responses are pushed and its frontend notified once per
 * batch (RING_PUSH_RESPONSES_AND_CHECK_NOTIFY), and the ring is re-armed
 * with RING_FINAL_CHECK_FOR_REQUESTS so a busy frontend sends no events.
 *
 * Guest pages: with feature-persistent a reference is mapped the first
 * time it is seen and kept until the device disconnects (Xen's
 * persistent grants); otherwise each request maps its pages in one call
 * and unmaps them when its I/O completes. Indirect segment pages are
 * copied out with one grant copy (or read from their persistent map).
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenevtchn.h>
#include <xengnttab.h>

#include "blkback.h"

#define QUEUE_DEPTH 512

struct ioreq {
    struct vbd *v;
    uint64_t id;
    uint8_t operation;
    int16_t status;
    unsigned int pending; /* SQEs not completed yet */
    size_t expect; /* bytes of the data SQE */
    void *region; /* non-persistent mapping of the data pages */
    unsigned int region_pages;
    unsigned int niov;
    struct iovec iov[];
};

static struct io_uring ring;
static int efd = -1;
static unsigned int sqes_inflight;
static unsigned int sqes_queued;

int io_init(void)
{
    int rc = io_uring_queue_init(QUEUE_DEPTH, &ring, 0);

    if ( rc < 0 )
    {
        errno = -rc;
        return -1;
    }
    efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if ( efd < 0 )
        return -1;
    rc = io_uring_register_eventfd(&ring, efd);
    if ( rc < 0 )
    {
        errno = -rc;
        return -1;
    }
    return 0;
}

int io_eventfd(void)
{
    return efd;
}

/* Room for one more request (a barrier takes two SQEs). */
bool io_has_room(void)
{
    return sqes_inflight + 2 <= QUEUE_DEPTH;
}

void io_submit(void)
{
    if ( sqes_queued )
    {
        io_uring_submit(&ring);
        sqes_queued = 0;
    }
}

static void respond(struct vbd *v, uint64_t id, uint8_t op, int16_t st)
{
    blkif_response_t *rsp;

    /* A closing device still answers what completes; a hostile one not. */
    if ( !v->connected || v->hostile )
        return;
    rsp = RING_GET_RESPONSE(&v->ring, v->ring.rsp_prod_pvt);
    rsp->id = id;
    rsp->operation = op;
    rsp->status = st;
    v->ring.rsp_prod_pvt++;
    v->notify = true;
    if ( st != BLKIF_RSP_OKAY )
        v->errors++;
}

void io_kick(struct vbd *v)
{
    int notify;

    if ( !v->notify || !v->connected || v->hostile )
        return;
    v->notify = false;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->ring, notify);
    if ( notify )
        xenevtchn_notify(blk_evtchn, v->local_port);
}

/* ---- persistent grants ---- */

static struct pgrant *pgrant_slot(struct vbd *v, grant_ref_t gref)
{
    unsigned int i = (gref * 2654435761u) % BLK_PGRANT_SLOTS;

    while ( v->pgrants[i].used && v->pgrants[i].gref != gref )
        i = (i + 1) % BLK_PGRANT_SLOTS;
    return &v->pgrants[i];
}

/* The persistent page of gref (mapped now if new), or NULL. */
static void *pgrant_get(struct vbd *v, grant_ref_t gref)
{
    struct pgrant *p;
    void *addr;

    if ( !v->pgrants &&
         !(v->pgrants = calloc(BLK_PGRANT_SLOTS, sizeof(*v->pgrants))) )
        return NULL;
    p = pgrant_slot(v, gref);
    if ( p->used )
        return p->addr;
    if ( v->nr_pgrants >= BLK_MAX_PERSISTENT )
        return NULL;
    addr = xengnttab_map_grant_ref(blk_gnt, v->domid, gref,
                                   PROT_READ | PROT_WRITE);
    if ( !addr )
        return NULL;
    p->used = true;
    p->gref = gref;
    p->addr = addr;
    v->nr_pgrants++;
    return addr;
}

/* Would every reference of req be served from (or fit) the cache? */
static bool pgrant_fits(struct vbd *v, const struct blk_req *req)
{
    unsigned int i, misses = 0;

    if ( !v->pgrants )
        return req->nr_segs <= BLK_MAX_PERSISTENT;
    for ( i = 0; i < req->nr_segs; i++ )
        if ( !pgrant_slot(v, req->seg[i].gref)->used )
            misses++;
    return v->nr_pgrants + misses <= BLK_MAX_PERSISTENT;
}

void io_drop_persistent(struct vbd *v)
{
    unsigned int i;

    for ( i = 0; v->pgrants && i < BLK_PGRANT_SLOTS; i++ )
        if ( v->pgrants[i].used )
            xengnttab_unmap(blk_gnt, v->pgrants[i].addr, 1);
    free(v->pgrants);
    v->pgrants = NULL;
    v->nr_pgrants = 0;
}

/* ---- requests ---- */

/* The segment list of an indirect request, out of the guest's pages. */
static int read_indirect(struct vbd *v, struct blk_req *req)
{
    static struct blkif_request_segment
        segs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST * BLK_SEGS_PER_INDIRECT_PAGE];
    xengnttab_grant_copy_segment_t cp[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    unsigned int i, n = req->nr_indirect;

    for ( i = 0; i < n; i++ )
    {
        void *page = v->persistent ? pgrant_get(v, req->indirect[i]) : NULL;

        if ( page )
        {
            memcpy((uint8_t *)segs + i * BLK_PAGE, page, BLK_PAGE);
            cp[i].status = GNTST_okay;
            cp[i].len = 0;
            continue;
        }
        memset(&cp[i], 0, sizeof(cp[i]));
        cp[i].flags = GNTCOPY_source_gref;
        cp[i].source.foreign.ref = req->indirect[i];
        cp[i].source.foreign.domid = v->domid;
        cp[i].dest.virt = (uint8_t *)segs + i * BLK_PAGE;
        cp[i].len = BLK_PAGE;
    }
    for ( i = 0; i < n && !cp[i].len; i++ )
        ;
    if ( i < n )
    {
        /* Those not served persistently, in one call. */
        xengnttab_grant_copy_segment_t
            todo[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
        unsigned int k = 0, j;

        for ( j = 0; j < n; j++ )
            if ( cp[j].len )
                todo[k++] = cp[j];
        if ( xengnttab_grant_copy(blk_gnt, k, todo) )
            return BLKIF_RSP_ERROR;
        for ( j = 0; j < k; j++ )
            if ( todo[j].status != GNTST_okay )
                return BLKIF_RSP_ERROR;
    }
    return blk_parse_indirect(&v->lim, segs, req);
}

static void release(struct ioreq *r)
{
    if ( r->region )
        xengnttab_unmap(blk_gnt, r->region, r->region_pages);
    r->region = NULL;
}

/* Guest pages of the data segments into r->iov. */
static int map_data(struct vbd *v, const struct blk_req *req, struct ioreq *r)
{
    static uint32_t refs[BLK_MAX_INDIRECT_SEGS];
    unsigned int i;
    uint8_t *base;

    r->niov = req->nr_segs;
    if ( v->persistent && pgrant_fits(v, req) )
    {
        for ( i = 0; i < req->nr_segs; i++ )
        {
            uint8_t *page = pgrant_get(v, req->seg[i].gref);

            if ( !page )
                return BLKIF_RSP_ERROR;
            r->iov[i].iov_base = page + req->seg[i].offset;
            r->iov[i].iov_len = req->seg[i].len;
        }
        return 0;
    }
    for ( i = 0; i < req->nr_segs; i++ )
        refs[i] = req->seg[i].gref;
    /* Reads write into the guest's pages; writes only read them. */
    base = xengnttab_map_domain_grant_refs(
        blk_gnt, req->nr_segs, v->domid, refs,
        req->kind == BLK_READ ? PROT_READ | PROT_WRITE : PROT_READ);
    if ( !base )
        return BLKIF_RSP_ERROR;
    r->region = base;
    r->region_pages = req->nr_segs;
    for ( i = 0; i < req->nr_segs; i++ )
    {
        r->iov[i].iov_base = base + i * BLK_PAGE + req->seg[i].offset;
        r->iov[i].iov_len = req->seg[i].len;
    }
    return 0;
}

/*
 * An SQE for r; data ones are tagged (bit 0 of the user data) so their
 * completion is checked against the length asked for. io_has_room()
 * keeps the queue from running out, so this cannot fail after a submit.
 */
static struct io_uring_sqe *get_sqe(struct ioreq *r, bool data)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

    if ( !sqe )
    {
        io_uring_submit(&ring);
        sqes_queued = 0;
        sqe = io_uring_get_sqe(&ring);
    }
    io_uring_sqe_set_data64(sqe, (uintptr_t)r | (data ? 1 : 0));
    r->pending++;
    sqes_inflight++;
    sqes_queued++;
    return sqe;
}

/* Queue the I/O of a checked request; a status if it cannot be. */
static int start(struct vbd *v, struct blk_req *req)
{
    struct ioreq *r = calloc(1, sizeof(*r) + req->nr_segs * sizeof(r->iov[0]));
    struct io_uring_sqe *sqe;
    off_t off = (off_t)req->sector * BLK_SECTOR;
    int st;

    if ( !r )
        return BLKIF_RSP_ERROR;
    r->v = v;
    r->id = req->id;
    r->operation = req->operation;
    r->status = BLKIF_RSP_OKAY;
    if ( req->nr_segs && (st = map_data(v, req, r)) )
    {
        release(r);
        free(r);
        return st;
    }
    r->expect = req->nr_sectors * BLK_SECTOR;
    v->inflight++;
    switch ( req->kind )
    {
    case BLK_READ:
        sqe = get_sqe(r, true);
        io_uring_prep_readv(sqe, v->fd, r->iov, r->niov, off);
        break;
    case BLK_WRITE:
        sqe = get_sqe(r, true);
        io_uring_prep_writev(sqe, v->fd, r->iov, r->niov, off);
        break;
    case BLK_FLUSH:
    case BLK_BARRIER:
        /*
         * Everything queued before it completes first (drain); data, if
         * any, is written and then the cache flushed (fdatasync), linked
         * so the flush only runs if the write succeeded.
         */
        if ( r->niov )
        {
            sqe = get_sqe(r, true);
            io_uring_prep_writev(sqe, v->fd, r->iov, r->niov, off);
            io_uring_sqe_set_flags(sqe, IOSQE_IO_DRAIN | IOSQE_IO_LINK);
            sqe = get_sqe(r, false);
            io_uring_prep_fsync(sqe, v->fd, IORING_FSYNC_DATASYNC);
        }
        else
        {
            sqe = get_sqe(r, false);
            io_uring_prep_fsync(sqe, v->fd, IORING_FSYNC_DATASYNC);
            io_uring_sqe_set_flags(sqe, IOSQE_IO_DRAIN);
        }
        break;
    case BLK_DISCARD:
        sqe = get_sqe(r, false);
        io_uring_prep_fallocate(sqe, v->fd,
                                FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off,
                                (off_t)req->nr_sectors * BLK_SECTOR);
        break;
    }
    return 0;
}

static void handle(struct vbd *v, const struct blkif_request *raw)
{
    static struct blk_req req;
    int st = blk_parse_request(&v->lim, raw, &req);

    v->reqs++;
    if ( !st && req.nr_indirect )
        st = read_indirect(v, &req);
    if ( !st )
        st = start(v, &req);
    if ( st )
    {
        if ( blk_verbose )
            blk_log("vbd %u/%u: request op %u refused (%d)", v->domid, v->devid,
                    raw->operation, st);
        respond(v, req.id, req.operation, st);
    }
}

bool io_service(struct vbd *v)
{
    struct blkif_request raw;
    RING_IDX rp;
    int more;

    v->want_service = false;
    if ( !v->connected || v->closing )
        return true;
    do
    {
        rp = v->ring.sring->req_prod;
        xen_rmb();
        /* More requests than slots: the frontend scribbled on the ring. */
        if ( RING_REQUEST_PROD_OVERFLOW(&v->ring, rp) )
        {
            xb_hostile(v, "request producer index out of range");
            return false;
        }
        while ( v->ring.req_cons != rp )
        {
            if ( !io_has_room() )
            {
                v->want_service = true;
                return true;
            }
            RING_COPY_REQUEST(&v->ring, v->ring.req_cons, &raw);
            v->ring.req_cons++;
            handle(v, &raw);
        }
        RING_FINAL_CHECK_FOR_REQUESTS(&v->ring, more);
    } while ( more );
    return true;
}

static void complete(struct ioreq *r, bool data, int res)
{
    struct vbd *v = r->v;

    sqes_inflight--;
    if ( res < 0 || (data && (size_t)res != r->expect) )
    {
        /* A flush cancelled after its write failed keeps the write's error. */
        if ( r->status == BLKIF_RSP_OKAY )
            r->status =
                res == -EOPNOTSUPP ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
        if ( blk_verbose )
            blk_log("vbd %u/%u: I/O result %d", v->domid, v->devid, res);
    }
    if ( --r->pending )
        return;
    release(r);
    v->inflight--;
    respond(v, r->id, r->operation, r->status);
    free(r);
    if ( v->closing )
        xb_maybe_release(v);
}

void io_reap(void)
{
    struct io_uring_cqe *cqe;
    uint64_t n;

    if ( read(efd, &n, sizeof(n)) < 0 && errno != EAGAIN )
        blk_log("eventfd read: %s", strerror(errno));
    while ( io_uring_peek_cqe(&ring, &cqe) == 0 )
    {
        uint64_t tag = io_uring_cqe_get_data64(cqe);
        int res = cqe->res;

        io_uring_cqe_seen(&ring, cqe);
        complete((struct ioreq *)(uintptr_t)(tag & ~1ull), tag & 1, res);
    }
}

/* Wait for every SQE in flight (at exit: nothing may write after it). */
void io_drain(void)
{
    struct io_uring_cqe *cqe;

    io_submit();
    while ( sqes_inflight && io_uring_wait_cqe(&ring, &cqe) == 0 )
    {
        uint64_t tag = io_uring_cqe_get_data64(cqe);
        int res = cqe->res;

        io_uring_cqe_seen(&ring, cqe);
        complete((struct ioreq *)(uintptr_t)(tag & ~1ull), tag & 1, res);
    }
}
