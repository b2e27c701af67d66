/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront.c: the guest's PV block frontend (Xen's blkif protocol).
 *
 * Connect: read the backend's offer (max-ring-page-order,
 * feature-max-indirect-segments, feature-persistent...), grant the ring
 * pages, allocate an event channel, write ring-ref(s), event-channel,
 * protocol and feature-persistent in one transaction, Initialised; once
 * the backend is Connected read sectors/info/sector-size, Connected.
 *
 * Data: each request slot takes pages from a pool granted once (the
 * backend may keep them mapped: persistent grants), copied in for
 * writes and out for reads. Requests are queued, pushed with one
 * notification per batch, and completed by polling the ring; the
 * event only wakes a waiter. Everything the backend writes is checked:
 * a response producer beyond the ring or a response for a slot not in
 * flight marks the device broken (its requests fail), never trusted.
 */
#include <mini-os/blkfront.h>
#include <mini-os/gnttab.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/io/xs_wire.h>

#define MAX_RING_ORDER 2 /* 4 pages, 128 requests */
#define MAX_SLOTS 64 /* requests in flight */
#define MAX_SEGS 256 /* per request, with indirect segments */
#define POOL_MAX 320 /* granted data pages */
#define SEGS_PER_IND (PAGE_SIZE / sizeof(struct blkif_request_segment))
#define WAIT_SLICE_MS 100 /* re-check the ring even without an event */
/*
 * Larger transfers go as several requests of this many pages, each
 * pushed as soon as it is filled: the backend works on the first while
 * the next is copied, and runs them side by side.
 */
#define SPLIT_PAGES 64

struct pool_page {
    void *va;
    grant_ref_t ref;
};

struct slot {
    struct blkfront_aio *aio;
    size_t off, len; /* the part of the aio's buffer this request carries */
    bool busy;
    unsigned int npages;
    uint16_t page[MAX_SEGS];
    void *ind_va; /* its indirect segment page, granted once */
    grant_ref_t ind_ref;
};

struct blkfront_dev {
    char nodename[64];
    char backend[128];
    domid_t be_id;
    struct blkfront_info info;
    unsigned int ring_order;
    blkif_sring_t *sring;
    blkif_front_ring_t ring;
    grant_ref_t ring_ref[1 << MAX_RING_ORDER];
    evtchn_port_t port;
    unsigned int nslots, busy;
    struct slot slots[MAX_SLOTS];
    struct pool_page pool[POOL_MAX];
    unsigned int pool_n;
    uint16_t pool_free[POOL_MAX];
    unsigned int pool_nfree;
    struct thread *waiter;
    bool broken;
    bool raw_done;
    int16_t raw_status;
    unsigned int max_segs;
};

bool blkfront_persistent = true;

static void on_event(evtchn_port_t port, void *data)
{
    struct blkfront_dev *dev = data;

    (void)port;
    if ( dev->waiter )
        wake(dev->waiter);
}

/* ---- xenstore ---- */

static char *read_rel(const char *dir, const char *key)
{
    char path[192];
    int err;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xenbus_read(0, path, &err);
}

static uint64_t read_u64(const char *dir, const char *key, uint64_t dflt)
{
    char *v = read_rel(dir, key), *end;
    uint64_t n;

    if ( !v )
        return dflt;
    n = strtoul(v, &end, 10);
    if ( end == v )
        n = dflt;
    free(v);
    return n;
}

static int write_rel(uint32_t tx, const char *dir, const char *key,
                     const char *fmt, ...)
{
    char path[192], val[64];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xenbus_write(tx, path, val);
}

/* Until the backend's state is at least want (or past Connected). */
static int wait_backend(struct blkfront_dev *dev, XenbusState want,
                        XenbusState *now)
{
    uint64_t deadline = monotonic_clock() + 20000000000ULL;
    XenbusState s = xenbus_read_state(dev->backend);

    while ( s < want )
    {
        if ( monotonic_clock() > deadline )
            return -XEN_ETIMEDOUT;
        xenbus_wait_for_state_change(dev->backend, &s, 1000000000ULL);
    }
    *now = s;
    return 0;
}

/* The first vbd of the guest, if none was named. */
static int first_vbd(char *out, size_t len)
{
    char *reply;
    unsigned int rlen;
    int rc = xenbus_request(XS_DIRECTORY, 0, "device/vbd", 11, &reply, &rlen);

    if ( rc )
        return rc;
    if ( !rlen || !reply[0] )
    {
        free(reply);
        return -XEN_ENODEV;
    }
    snprintf(out, len, "device/vbd/%s", reply);
    free(reply);
    return 0;
}

/* ---- pool ---- */

static int pool_get(struct blkfront_dev *dev)
{
    if ( dev->pool_nfree )
        return dev->pool_free[--dev->pool_nfree];
    if ( dev->pool_n < POOL_MAX )
    {
        struct pool_page *p = &dev->pool[dev->pool_n];

        p->va = alloc_page();
        if ( !p->va )
            return -1;
        p->ref = gnttab_grant_access(dev->be_id, virt_to_mfn(p->va), false);
        if ( p->ref == GNTTAB_INVALID_REF )
            return -1;
        return dev->pool_n++;
    }
    return -1;
}

static void pool_put(struct blkfront_dev *dev, unsigned int i)
{
    dev->pool_free[dev->pool_nfree++] = i;
}

/* ---- connect ---- */

static int setup_ring(struct blkfront_dev *dev, int ring_order)
{
    unsigned int offered = read_u64(dev->backend, "max-ring-page-order", 0);
    unsigned int order = ring_order < 0 ? MAX_RING_ORDER : ring_order, i, n;
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
                                       .remote_dom = dev->be_id };
    uint8_t *pages[1 << MAX_RING_ORDER];

    if ( order > offered )
        order = offered;
    if ( order > MAX_RING_ORDER )
        order = MAX_RING_ORDER;
    n = 1u << order;
    /* The ring is contiguous: the page allocator hands pages out in order. */
    for ( i = 0; i < n; i++ )
    {
        pages[i] = alloc_page();
        if ( !pages[i] )
            return -XEN_ENOMEM;
        if ( i && pages[i] != pages[i - 1] + PAGE_SIZE )
        {
            /* Not contiguous after all: one page will do. */
            order = 0;
            n = 1;
            pages[0] = pages[i];
            break;
        }
    }
    dev->ring_order = order;
    dev->sring = (blkif_sring_t *)pages[0];
    SHARED_RING_INIT(dev->sring);
    FRONT_RING_INIT(&dev->ring, dev->sring, n * PAGE_SIZE);
    for ( i = 0; i < n; i++ )
    {
        dev->ring_ref[i] = gnttab_grant_access(
            dev->be_id, virt_to_mfn((uint8_t *)dev->sring + i * PAGE_SIZE),
            false);
        if ( dev->ring_ref[i] == GNTTAB_INVALID_REF )
            return -XEN_ENOSPC;
    }
    if ( HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op) )
        return -XEN_EIO;
    dev->port = op.port;
    bind_evtchn(dev->port, on_event, dev);
    dev->info.ring_pages = n;
    return 0;
}

static int publish(struct blkfront_dev *dev)
{
    unsigned int i, n = 1u << dev->ring_order;
    char key[16];
    uint32_t tx;
    int rc, tries;

    for ( tries = 0; tries < 10; tries++ )
    {
        rc = xenbus_transaction_start(&tx);
        if ( rc )
            return rc;
        if ( dev->ring_order )
        {
            rc = write_rel(tx, dev->nodename, "ring-page-order", "%u",
                           dev->ring_order);
            for ( i = 0; i < n && !rc; i++ )
            {
                snprintf(key, sizeof(key), "ring-ref%u", i);
                rc = write_rel(tx, dev->nodename, key, "%u", dev->ring_ref[i]);
            }
        }
        else
            rc = write_rel(tx, dev->nodename, "ring-ref", "%u",
                           dev->ring_ref[0]);
        if ( !rc )
            rc = write_rel(tx, dev->nodename, "event-channel", "%u", dev->port);
        if ( !rc )
            rc = write_rel(tx, dev->nodename, "protocol", "x86_64-abi");
        if ( !rc )
            rc = write_rel(tx, dev->nodename, "feature-persistent", "%d",
                           blkfront_persistent ? 1 : 0);
        if ( !rc )
            rc = write_rel(tx, dev->nodename, "state", "%d",
                           XenbusStateInitialised);
        if ( rc )
        {
            xenbus_transaction_end(tx, 1);
            return rc;
        }
        rc = xenbus_transaction_end(tx, 0);
        if ( rc != -XEN_EAGAIN )
            return rc;
    }
    return rc;
}

static void read_connected(struct blkfront_dev *dev)
{
    struct blkfront_info *in = &dev->info;
    unsigned int ind;

    in->sectors = read_u64(dev->backend, "sectors", 0);
    in->sector_size = read_u64(dev->backend, "sector-size", 512);
    in->info = read_u64(dev->backend, "info", 0);
    in->readonly = in->info & VDISK_READONLY;
    in->flush = read_u64(dev->backend, "feature-flush-cache", 0);
    in->barrier = read_u64(dev->backend, "feature-barrier", 0);
    in->discard = read_u64(dev->backend, "feature-discard", 0);
    in->persistent = read_u64(dev->backend, "feature-persistent", 0);
    ind = read_u64(dev->backend, "feature-max-indirect-segments", 0);
    in->max_indirect = ind > MAX_SEGS ? MAX_SEGS : ind;
    dev->max_segs = in->max_indirect > BLKIF_MAX_SEGMENTS_PER_REQUEST
                        ? in->max_indirect
                        : BLKIF_MAX_SEGMENTS_PER_REQUEST;
    in->max_bytes = dev->max_segs * PAGE_SIZE;
    dev->nslots =
        RING_SIZE(&dev->ring) < MAX_SLOTS ? RING_SIZE(&dev->ring) : MAX_SLOTS;
}

struct blkfront_dev *blkfront_open(const char *nodename, int ring_order,
                                   struct blkfront_info *info, int *err)
{
    struct blkfront_dev *dev = calloc(1, sizeof(*dev));
    XenbusState s;
    char *v;
    int rc;

    if ( !dev )
    {
        *err = -XEN_ENOMEM;
        return NULL;
    }
    xenbus_init();
    rc = gnttab_init();
    if ( !rc && nodename )
        snprintf(dev->nodename, sizeof(dev->nodename), "%s", nodename);
    else if ( !rc )
        rc = first_vbd(dev->nodename, sizeof(dev->nodename));
    if ( rc )
        goto fail;
    v = read_rel(dev->nodename, "backend");
    if ( !v )
    {
        rc = -XEN_ENODEV;
        goto fail;
    }
    snprintf(dev->backend, sizeof(dev->backend), "%s", v);
    free(v);
    dev->be_id = read_u64(dev->nodename, "backend-id", 0);
    rc = wait_backend(dev, XenbusStateInitWait, &s);
    if ( rc )
        goto fail;
    rc = setup_ring(dev, ring_order);
    if ( !rc )
        rc = publish(dev);
    if ( !rc )
        rc = wait_backend(dev, XenbusStateConnected, &s);
    if ( !rc && s != XenbusStateConnected )
        rc = -XEN_EIO; /* it refused: Closing or Closed */
    if ( rc )
        goto fail;
    read_connected(dev);
    rc = xenbus_switch_state(dev->nodename, XenbusStateConnected);
    if ( rc )
        goto fail;
    if ( info )
        *info = dev->info;
    return dev;

fail:
    *err = rc;
    printk("blkfront: %s: cannot connect (%d)\n", dev->nodename, rc);
    return NULL;
}

/* ---- requests ---- */

unsigned int blkfront_inflight(struct blkfront_dev *dev)
{
    return dev->busy;
}

bool blkfront_broken(struct blkfront_dev *dev)
{
    return dev->broken;
}

static void finish(struct blkfront_dev *dev, struct slot *sl, int status)
{
    struct blkfront_aio *aio = sl->aio;
    unsigned int i;

    if ( aio->op == BLKFRONT_READ && !status )
        for ( i = 0; i < sl->npages; i++ )
        {
            size_t off = i * PAGE_SIZE;
            size_t len = sl->len - off < PAGE_SIZE ? sl->len - off : PAGE_SIZE;

            memcpy((uint8_t *)aio->buf + sl->off + off,
                   dev->pool[sl->page[i]].va, len);
        }
    for ( i = 0; i < sl->npages; i++ )
        pool_put(dev, sl->page[i]);
    sl->busy = false;
    sl->aio = NULL;
    dev->busy--;
    if ( status && !aio->status )
        aio->status = status;
    if ( --aio->pieces )
        return;
    aio->done = true;
    if ( aio->cb )
        aio->cb(aio);
}

/* The backend cannot be trusted any more: fail what is in flight. */
static void mark_broken(struct blkfront_dev *dev, const char *why)
{
    unsigned int i;

    if ( !dev->broken )
        printk("blkfront: %s: device lost: %s\n", dev->nodename, why);
    dev->broken = true;
    for ( i = 0; i < dev->nslots; i++ )
        if ( dev->slots[i].busy )
            finish(dev, &dev->slots[i], -XEN_EIO);
}

static int reap(struct blkfront_dev *dev)
{
    RING_IDX rp, i;
    int more, done = 0;

    if ( dev->broken )
        return 0;
    do
    {
        rp = dev->sring->rsp_prod;
        xen_rmb();
        if ( RING_RESPONSE_PROD_OVERFLOW(&dev->ring, rp) )
        {
            mark_broken(dev, "the backend's response producer is out of range");
            return done;
        }
        for ( i = dev->ring.rsp_cons; i != rp; i++ )
        {
            blkif_response_t rsp;
            struct slot *sl;

            RING_COPY_RESPONSE(&dev->ring, i, &rsp);
            dev->ring.rsp_cons = i + 1;
            if ( rsp.id == BLKFRONT_RAW_ID )
            {
                dev->raw_status = rsp.status;
                dev->raw_done = true;
                continue;
            }
            if ( rsp.id >= dev->nslots || !dev->slots[rsp.id].busy )
            {
                mark_broken(dev, "the backend answered no request of ours");
                return done;
            }
            sl = &dev->slots[rsp.id];
            finish(dev, sl,
                   rsp.status == BLKIF_RSP_OKAY         ? 0
                   : rsp.status == BLKIF_RSP_EOPNOTSUPP ? -XEN_EOPNOTSUPP
                                                        : -XEN_EIO);
            done++;
        }
        RING_FINAL_CHECK_FOR_RESPONSES(&dev->ring, more);
    } while ( more );
    return done;
}

/* Sleep until an event (or a slice passes), ring checked with events off. */
static void wait_event(struct blkfront_dev *dev)
{
    dev->waiter = current_thread();
    local_irq_disable();
    if ( RING_HAS_UNCONSUMED_RESPONSES(&dev->ring) )
    {
        local_irq_enable();
        dev->waiter = NULL;
        return;
    }
    msleep(WAIT_SLICE_MS); /* events are enabled again by the scheduler */
    local_irq_enable();
    dev->waiter = NULL;
}

/*
 * A backend that stops answering may be restarting (its state stays
 * Connected: wait) or have closed the device (detach, or it cut us off):
 * then nothing in flight will ever be answered.
 */
static void check_backend(struct blkfront_dev *dev)
{
    XenbusState s = xenbus_read_state(dev->backend);

    if ( s != XenbusStateConnected )
        mark_broken(dev, "the backend closed the device");
}

int blkfront_poll(struct blkfront_dev *dev, bool block)
{
    int n = reap(dev);
    unsigned int idle = 0;

    while ( block && !n && dev->busy && !dev->broken )
    {
        wait_event(dev);
        n = reap(dev);
        if ( !n && ++idle % (1000 / WAIT_SLICE_MS) == 0 )
            check_backend(dev);
    }
    return n;
}

void blkfront_aio_push(struct blkfront_dev *dev)
{
    int notify;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&dev->ring, notify);
    if ( notify )
        notify_remote_via_evtchn(dev->port);
}

static int free_slot(struct blkfront_dev *dev)
{
    unsigned int i;

    for ( i = 0; i < dev->nslots; i++ )
        if ( !dev->slots[i].busy )
            return i;
    return -1;
}

/* Pages for a slot: what the pool can give now; false if it cannot. */
static bool take_pages(struct blkfront_dev *dev, struct slot *sl,
                       unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        int p = pool_get(dev);

        if ( p < 0 )
        {
            while ( i-- )
                pool_put(dev, sl->page[i]);
            return false;
        }
        sl->page[i] = p;
    }
    sl->npages = n;
    return true;
}

static void fill_segments(struct blkfront_dev *dev, struct slot *sl,
                          size_t bytes, struct blkif_request_segment *segs)
{
    unsigned int i;

    for ( i = 0; i < sl->npages; i++ )
    {
        size_t left = bytes - (size_t)i * PAGE_SIZE;
        size_t len = left < PAGE_SIZE ? left : PAGE_SIZE;

        segs[i].gref = dev->pool[sl->page[i]].ref;
        segs[i].first_sect = 0;
        segs[i].last_sect = len / 512 - 1;
    }
}

/* One request of aio: bytes [off, off + len) of its buffer. */
static int submit_piece(struct blkfront_dev *dev, struct blkfront_aio *aio,
                        size_t off, size_t len)
{
    unsigned int npages = (len + PAGE_SIZE - 1) / PAGE_SIZE, i;
    bool data = aio->op == BLKFRONT_READ || aio->op == BLKFRONT_WRITE;
    blkif_request_t *req;
    struct slot *sl;
    int s;

    /* A free slot and its pages: complete others (pushing ours) until so. */
    for ( ;; )
    {
        s = free_slot(dev);
        sl = s >= 0 ? &dev->slots[s] : NULL;
        if ( sl && (!data || take_pages(dev, sl, npages)) )
            break;
        if ( !dev->busy )
            return -XEN_ENOMEM;
        blkfront_aio_push(dev);
        blkfront_poll(dev, true);
        if ( dev->broken )
            return -XEN_EIO;
    }
    if ( !data )
        sl->npages = 0;
    sl->busy = true;
    sl->aio = aio;
    sl->off = off;
    sl->len = len;
    dev->busy++;
    if ( aio->op == BLKFRONT_WRITE )
        for ( i = 0; i < npages; i++ )
        {
            size_t o = (size_t)i * PAGE_SIZE;
            size_t n = len - o < PAGE_SIZE ? len - o : PAGE_SIZE;

            memcpy(dev->pool[sl->page[i]].va, (uint8_t *)aio->buf + off + o, n);
        }

    req = RING_GET_REQUEST(&dev->ring, dev->ring.req_prod_pvt);
    memset(req, 0, sizeof(*req));
    if ( aio->op == BLKFRONT_DISCARD )
    {
        blkif_request_discard_t *d = (blkif_request_discard_t *)req;

        d->operation = BLKIF_OP_DISCARD;
        d->id = s;
        d->sector_number = aio->sector;
        d->nr_sectors = aio->bytes / 512;
    }
    else if ( aio->op == BLKFRONT_FLUSH )
    {
        req->operation =
            dev->info.flush ? BLKIF_OP_FLUSH_DISKCACHE : BLKIF_OP_WRITE_BARRIER;
        req->id = s;
        req->nr_segments = 0;
        req->sector_number = 0;
    }
    else if ( npages <= BLKIF_MAX_SEGMENTS_PER_REQUEST )
    {
        req->operation =
            aio->op == BLKFRONT_READ ? BLKIF_OP_READ : BLKIF_OP_WRITE;
        req->nr_segments = npages;
        req->id = s;
        req->sector_number = aio->sector + off / 512;
        fill_segments(dev, sl, len, req->seg);
    }
    else
    {
        blkif_request_indirect_t *ind = (blkif_request_indirect_t *)req;

        if ( !sl->ind_va )
        {
            sl->ind_va = alloc_page();
            if ( !sl->ind_va )
                crash("blkfront: no page for indirect segments");
            sl->ind_ref =
                gnttab_grant_access(dev->be_id, virt_to_mfn(sl->ind_va), false);
        }
        fill_segments(dev, sl, len, sl->ind_va);
        ind->operation = BLKIF_OP_INDIRECT;
        ind->indirect_op =
            aio->op == BLKFRONT_READ ? BLKIF_OP_READ : BLKIF_OP_WRITE;
        ind->nr_segments = npages;
        ind->id = s;
        ind->sector_number = aio->sector + off / 512;
        ind->indirect_grefs[0] = sl->ind_ref;
    }
    dev->ring.req_prod_pvt++;
    return 0;
}

int blkfront_aio_submit(struct blkfront_dev *dev, struct blkfront_aio *aio)
{
    unsigned int npages = (aio->bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    size_t piece = aio->bytes, off;
    int rc;

    aio->done = false;
    aio->status = 0;
    aio->pieces = 1;
    if ( dev->broken )
        return -XEN_EIO;
    if ( aio->op == BLKFRONT_FLUSH || aio->op == BLKFRONT_DISCARD )
        return submit_piece(dev, aio, 0, aio->bytes);
    if ( !aio->bytes || aio->bytes % 512 || npages > dev->max_segs )
        return -XEN_EINVAL;
    if ( aio->op == BLKFRONT_WRITE && dev->info.readonly )
        return -XEN_EROFS;
    if ( npages > SPLIT_PAGES )
    {
        piece = SPLIT_PAGES * PAGE_SIZE;
        aio->pieces = (aio->bytes + piece - 1) / piece;
    }
    for ( off = 0; off < aio->bytes; off += piece )
    {
        size_t len = aio->bytes - off < piece ? aio->bytes - off : piece;

        rc = submit_piece(dev, aio, off, len);
        if ( rc )
            return rc;
        if ( aio->pieces > 1 )
            blkfront_aio_push(dev);
    }
    return 0;
}

/* ---- synchronous calls ---- */

static int run_one(struct blkfront_dev *dev, struct blkfront_aio *aio)
{
    int rc = blkfront_aio_submit(dev, aio);

    if ( rc )
        return rc;
    blkfront_aio_push(dev);
    while ( !aio->done )
        blkfront_poll(dev, true);
    return aio->status;
}

static int rw(struct blkfront_dev *dev, enum blkfront_op op, uint64_t sector,
              void *buf, size_t bytes)
{
    while ( bytes )
    {
        size_t n = bytes < dev->info.max_bytes ? bytes : dev->info.max_bytes;
        struct blkfront_aio aio = {
            .op = op, .sector = sector, .buf = buf, .bytes = n
        };
        int rc = run_one(dev, &aio);

        if ( rc )
            return rc;
        sector += n / 512;
        buf = (uint8_t *)buf + n;
        bytes -= n;
    }
    return 0;
}

int blkfront_read(struct blkfront_dev *dev, uint64_t sector, void *buf,
                  size_t bytes)
{
    return rw(dev, BLKFRONT_READ, sector, buf, bytes);
}

int blkfront_write(struct blkfront_dev *dev, uint64_t sector, const void *buf,
                   size_t bytes)
{
    return rw(dev, BLKFRONT_WRITE, sector, (void *)buf, bytes);
}

int blkfront_flush(struct blkfront_dev *dev)
{
    struct blkfront_aio aio = { .op = BLKFRONT_FLUSH };

    if ( !dev->info.flush && !dev->info.barrier )
        return -XEN_EOPNOTSUPP;
    return run_one(dev, &aio);
}

int blkfront_sync(struct blkfront_dev *dev)
{
    while ( dev->busy && !dev->broken )
        blkfront_poll(dev, true);
    return blkfront_flush(dev);
}

int blkfront_discard(struct blkfront_dev *dev, uint64_t sector, size_t bytes)
{
    struct blkfront_aio aio = { .op = BLKFRONT_DISCARD,
                                .sector = sector,
                                .bytes = bytes };

    if ( !dev->info.discard )
        return -XEN_EOPNOTSUPP;
    return run_one(dev, &aio);
}

void blkfront_close(struct blkfront_dev *dev)
{
    XenbusState s;
    unsigned int i;

    while ( dev->busy && !dev->broken )
        blkfront_poll(dev, true);
    xenbus_switch_state(dev->nodename, XenbusStateClosing);
    wait_backend(dev, XenbusStateClosing, &s);
    xenbus_switch_state(dev->nodename, XenbusStateClosed);
    wait_backend(dev, XenbusStateClosed, &s);
    unbind_evtchn(dev->port);
    /* The backend has unmapped everything by now: give the grants back. */
    for ( i = 0; i < (1u << dev->ring_order); i++ )
        gnttab_end_access(dev->ring_ref[i]);
    for ( i = 0; i < dev->pool_n; i++ )
        gnttab_end_access(dev->pool[i].ref);
    for ( i = 0; i < dev->nslots; i++ )
        if ( dev->slots[i].ind_va )
            gnttab_end_access(dev->slots[i].ind_ref);
    /* Pages stay with the allocator (it never takes any back). */
    free(dev);
}

/* ---- raw access for hostile-frontend tests ---- */

int blkfront_raw_request(struct blkfront_dev *dev, const blkif_request_t *req,
                         int16_t *status, uint32_t timeout_ms)
{
    uint64_t deadline = monotonic_clock() + (uint64_t)timeout_ms * 1000000ULL;

    dev->raw_done = false;
    *RING_GET_REQUEST(&dev->ring, dev->ring.req_prod_pvt) = *req;
    dev->ring.req_prod_pvt++;
    blkfront_aio_push(dev);
    while ( !dev->raw_done && !dev->broken && monotonic_clock() < deadline )
    {
        reap(dev);
        if ( !dev->raw_done )
            msleep(5);
    }
    if ( !dev->raw_done )
        return 1;
    *status = dev->raw_status;
    return 0;
}

void *blkfront_raw_page(struct blkfront_dev *dev, grant_ref_t *ref)
{
    int p = pool_get(dev);

    if ( p < 0 )
        return NULL;
    *ref = dev->pool[p].ref;
    return dev->pool[p].va;
}

blkif_sring_t *blkfront_raw_sring(struct blkfront_dev *dev)
{
    return dev->sring;
}

void blkfront_raw_notify(struct blkfront_dev *dev)
{
    notify_remote_via_evtchn(dev->port);
}

const char *blkfront_backend(struct blkfront_dev *dev)
{
    return dev->backend;
}
