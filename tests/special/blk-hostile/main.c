/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blk-hostile: a frontend that breaks the blkif protocol on purpose.
 * Bad requests (segment counts of 0 and 200, grants never given, sector
 * ranges inside a page reversed or past it, requests past the end of the
 * disk, indirect requests with 5000 segments, a bad operation, a bad
 * indirect page, a discard past the end, a write to a read-only disk if
 * there is one) must each get an error response and leave the device
 * working; then the ring's request producer is scribbled over and the
 * backend must disconnect (Closing). Before all that, connects with bad
 * keys (a ring order over the offer, a ring that was never granted,
 * garbage) must be refused and the device be ready for a reconnect.
 * Prints "blk-hostile: ok".
 */
#include <mini-os/blkfront.h>
#include <mini-os/gnttab.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>

static struct blkfront_dev *dev;
static struct blkfront_info info;
static grant_ref_t page_ref;
static uint8_t *page;

static void expect(int cond, const char *what)
{
    if ( !cond )
    {
        printk("blk-hostile: FAILED: %s\n", what);
        crash(what);
    }
    printk("blk-hostile: ok: %s\n", what);
}

static blkif_request_t rw_req(uint8_t op, uint8_t nseg, uint64_t sector)
{
    blkif_request_t r;
    unsigned int i;

    memset(&r, 0, sizeof(r));
    r.operation = op;
    r.nr_segments = nseg;
    r.id = BLKFRONT_RAW_ID;
    r.sector_number = sector;
    for ( i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++ )
    {
        r.seg[i].gref = page_ref;
        r.seg[i].first_sect = 0;
        r.seg[i].last_sect = 7;
    }
    return r;
}

static int16_t send(const blkif_request_t *r)
{
    int16_t st = 99;

    expect(blkfront_raw_request(dev, r, &st, 5000) == 0, "a response came");
    return st;
}

static void works(void)
{
    static uint8_t buf[4096];
    unsigned int i;

    if ( info.readonly )
    {
        expect(blkfront_read(dev, 16, buf, sizeof(buf)) == 0,
               "the device still works");
        return;
    }
    for ( i = 0; i < sizeof(buf); i++ )
        buf[i] = i * 3;
    expect(blkfront_write(dev, 16, buf, sizeof(buf)) == 0 &&
               blkfront_read(dev, 16, buf, sizeof(buf)) == 0 &&
               buf[100] == (uint8_t)300,
           "the device still works");
}

/* Until the backend's state is one of a or b (10 s at most). */
static XenbusState wait_be(const char *be, XenbusState a, XenbusState b)
{
    XenbusState st = xenbus_read_state(be);
    int i;

    for ( i = 0; i < 100 && st != a && st != b; i++ )
        xenbus_wait_for_state_change(be, &st, 100000000ULL);
    return st;
}

/*
 * A connect with bad keys (key=value pairs, NULL-terminated): the backend
 * must refuse it (Closing), then take the frontend back through Closed
 * and Initialising to InitWait, ready for a proper connect.
 */
static void bad_connect(const char *what, const char *const *kv)
{
    const char *fe = "device/vbd/51712";
    char path[96], *be;
    XenbusState st;
    int err;

    snprintf(path, sizeof(path), "%s/backend", fe);
    be = xenbus_read(0, path, &err);
    expect(be != NULL, "the backend's path");
    expect(wait_be(be, XenbusStateInitWait, XenbusStateInitWait) ==
               XenbusStateInitWait,
           "the backend waits for us");
    for ( ; *kv; kv += 2 )
    {
        snprintf(path, sizeof(path), "%s/%s", fe, kv[0]);
        xenbus_write(0, path, kv[1]);
    }
    xenbus_switch_state(fe, XenbusStateInitialised);
    st = wait_be(be, XenbusStateClosing, XenbusStateClosed);
    expect(st == XenbusStateClosing || st == XenbusStateClosed, what);
    xenbus_switch_state(fe, XenbusStateClosed);
    expect(wait_be(be, XenbusStateClosed, XenbusStateClosed) ==
               XenbusStateClosed,
           "the backend closes after us");
    xenbus_switch_state(fe, XenbusStateInitialising);
    expect(wait_be(be, XenbusStateInitWait, XenbusStateInitWait) ==
               XenbusStateInitWait,
           "the backend is ready again for a reconnect");
    snprintf(path, sizeof(path), "%s/ring-page-order", fe);
    xenbus_rm(0, path);
    free(be);
}

int app_main(const char *cmdline)
{
    blkif_request_t r;
    blkif_request_indirect_t *ind = (blkif_request_indirect_t *)&r;
    blkif_request_discard_t *dis = (blkif_request_discard_t *)&r;
    struct blkif_request_segment *iseg;
    grant_ref_t iref;
    blkif_sring_t *s;
    XenbusState st;
    int err;

    (void)cmdline;
    xenbus_init();
    {
        static const char *const order[] = {
            "ring-page-order", "9", "ring-ref0", "8", "event-channel", "3", NULL
        };
        static const char *const ref[] = { "ring-ref", "1999", "event-channel",
                                           "3", NULL };
        static const char *const port[] = { "ring-ref", "xyz", "event-channel",
                                            "-4", NULL };

        bad_connect("a ring-page-order over the offer is refused", order);
        bad_connect("a ring-ref never granted is refused", ref);
        bad_connect("garbage keys are refused", port);
    }
    dev = blkfront_open(NULL, -1, &info, &err);
    expect(dev != NULL, "connected");
    page = blkfront_raw_page(dev, &page_ref);
    iseg = blkfront_raw_page(dev, &iref);
    expect(page && iseg, "two granted pages");
    works();

    r = rw_req(BLKIF_OP_READ, 1, 0);
    expect(send(&r) == BLKIF_RSP_OKAY, "a good raw read");
    r = rw_req(BLKIF_OP_READ, 0, 0);
    expect(send(&r) == BLKIF_RSP_ERROR, "0 segments: error");
    r = rw_req(BLKIF_OP_WRITE, 200, 0);
    expect(send(&r) == BLKIF_RSP_ERROR, "200 segments: error");
    r = rw_req(BLKIF_OP_READ, 2, 0);
    r.seg[1].gref = 2000;
    expect(send(&r) == BLKIF_RSP_ERROR, "a reference never granted: error");
    r = rw_req(BLKIF_OP_READ, 1, 0);
    r.seg[0].gref = 0xffffffff;
    expect(send(&r) == BLKIF_RSP_ERROR, "a reference past the table: error");
    r = rw_req(BLKIF_OP_READ, 1, 0);
    r.seg[0].first_sect = 5;
    r.seg[0].last_sect = 2;
    expect(send(&r) == BLKIF_RSP_ERROR, "first_sect > last_sect: error");
    r = rw_req(BLKIF_OP_READ, 1, 0);
    r.seg[0].last_sect = 8;
    expect(send(&r) == BLKIF_RSP_ERROR, "last_sect past the page: error");
    r = rw_req(BLKIF_OP_READ, 1, info.sectors - 4);
    expect(send(&r) == BLKIF_RSP_ERROR, "past the end of the disk: error");
    r = rw_req(BLKIF_OP_WRITE, 1, 0xfffffffffffffff0ULL);
    expect(send(&r) == BLKIF_RSP_ERROR, "a sector that wraps: error");
    r = rw_req(99, 1, 0);
    expect(send(&r) == BLKIF_RSP_EOPNOTSUPP, "an unknown operation");

    memset(&r, 0, sizeof(r));
    ind->operation = BLKIF_OP_INDIRECT;
    ind->indirect_op = BLKIF_OP_READ;
    ind->id = BLKFRONT_RAW_ID;
    ind->nr_segments = 5000;
    ind->indirect_grefs[0] = iref;
    expect(send(&r) == BLKIF_RSP_ERROR, "5000 indirect segments: error");
    ind->nr_segments = 0;
    expect(send(&r) == BLKIF_RSP_ERROR, "0 indirect segments: error");
    ind->nr_segments = 12;
    ind->indirect_op = BLKIF_OP_FLUSH_DISKCACHE;
    expect(send(&r) == BLKIF_RSP_ERROR, "an indirect flush: error");
    ind->indirect_op = BLKIF_OP_READ;
    ind->indirect_grefs[0] = 1999;
    expect(send(&r) == BLKIF_RSP_ERROR, "an indirect page not granted: error");
    ind->indirect_grefs[0] = iref;
    for ( unsigned int i = 0; i < 12; i++ )
    {
        iseg[i].gref = page_ref;
        iseg[i].first_sect = 0;
        iseg[i].last_sect = 7;
    }
    iseg[11].last_sect = 9;
    expect(send(&r) == BLKIF_RSP_ERROR, "a bad segment in the indirect page");
    iseg[11].last_sect = 7;
    iseg[11].gref = 2001;
    expect(send(&r) == BLKIF_RSP_ERROR, "a bad grant in the indirect page");
    iseg[11].gref = page_ref;
    expect(send(&r) == BLKIF_RSP_OKAY, "a good indirect read (one page x12)");

    memset(&r, 0, sizeof(r));
    dis->operation = BLKIF_OP_DISCARD;
    dis->id = BLKFRONT_RAW_ID;
    dis->sector_number = info.sectors - 1;
    dis->nr_sectors = 2;
    expect(send(&r) == (info.discard ? BLKIF_RSP_ERROR : BLKIF_RSP_EOPNOTSUPP),
           "a discard past the end: refused");
    if ( info.readonly )
    {
        r = rw_req(BLKIF_OP_WRITE, 1, 0);
        expect(send(&r) == BLKIF_RSP_ERROR, "a write to a read-only disk");
    }
    works();

    /* Now break the ring itself: far more requests than it has slots. */
    s = blkfront_raw_sring(dev);
    s->req_prod += 1000;
    blkfront_raw_notify(dev);
    st = xenbus_read_state(blkfront_backend(dev));
    for ( int i = 0; i < 100 && st == XenbusStateConnected; i++ )
        xenbus_wait_for_state_change(blkfront_backend(dev), &st, 100000000ULL);
    expect(st == XenbusStateClosing || st == XenbusStateClosed,
           "the backend disconnected a scribbled ring");
    printk("blk-hostile: ok\n");
    for ( ;; )
        msleep(1000);
    return 0;
}
