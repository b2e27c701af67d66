/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blk: the block frontend end to end. cmdline "blk=write seed=N" writes
 * a pattern over regions of every request shape (one page, 11 segments,
 * a 1 MiB indirect request, a part of a page, 32 requests in flight
 * pushed at once, the last sector), discards one region, flushes and
 * prints "blk: wrote ... flushed"; "blk=read seed=N" reads all of it
 * back and prints "blk: verified ..."; "blk=loop seed=N rounds=R" writes,
 * flushes and verifies rounds, publishing data/round (for the backend
 * restart test). "hold=1" keeps a writer running once it has flushed, "crash=1" crashes it
 * (to be destroyed); "blk=info" only connects and closes ("wait=1":
 * after waiting for a disk to be hot-plugged); "blk=multi"
 * writes and verifies two disks (xvda, xvdb) with seeds N and N+1. Any mismatch
 * crashes the guest with a reason.
 */
#include <mini-os/blkfront.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>

#define QD 32

static struct blkfront_dev *dev;
static struct blkfront_info info;
static uint32_t seed;
static uint8_t *buf; /* 1 MiB */

static void expect(int cond, const char *what)
{
    if ( !cond )
    {
        printk("blk: FAILED: %s\n", what);
        crash(what);
    }
}

static uint32_t word_at(uint64_t sector, unsigned int w)
{
    uint32_t x = (uint32_t)sector * 2654435761u ^ seed ^ (w * 0x9e3779b9u);

    x ^= x >> 15;
    x *= 0x2c1b3c6du;
    return x ^ (x >> 12);
}

static void fill(uint8_t *p, uint64_t sector, unsigned int nsec)
{
    uint32_t *q = (uint32_t *)p;
    unsigned int s, w;

    for ( s = 0; s < nsec; s++ )
        for ( w = 0; w < 128; w++ )
            q[s * 128 + w] = word_at(sector + s, w);
}

static bool check(const uint8_t *p, uint64_t sector, unsigned int nsec)
{
    const uint32_t *q = (const uint32_t *)p;
    unsigned int s, w;

    for ( s = 0; s < nsec; s++ )
        for ( w = 0; w < 128; w++ )
            if ( q[s * 128 + w] != word_at(sector + s, w) )
            {
                printk("blk: mismatch at sector %lu word %u\n",
                       (unsigned long)(sector + s), w);
                return false;
            }
    return true;
}

struct region {
    uint64_t sector;
    unsigned int nsec;
    const char *what;
};

static struct region regions[] = {
    { 0, 8, "one page" },
    { 8, 88, "11 segments" },
    { 96, 2048, "1 MiB (indirect)" },
    { 2144, 3, "3 sectors" },
};
#define DISCARD_AT 8192
#define DISCARD_N 64
#define BURST_AT 4096

static bool looping;
static unsigned int round_no;

/* In a loop, the device going away (detach) ends the loop cleanly. */
static void gone(int rc)
{
    if ( looping && blkfront_broken(dev) )
    {
        printk("blk: device gone after round %u (%d)\n", round_no, rc);
        poweroff();
    }
}

static void one(bool write, uint64_t sector, unsigned int nsec,
                const char *what)
{
    int rc;

    if ( write )
    {
        fill(buf, sector, nsec);
        rc = blkfront_write(dev, sector, buf, nsec * 512);
    }
    else
    {
        memset(buf, 0, nsec * 512);
        rc = blkfront_read(dev, sector, buf, nsec * 512);
    }
    if ( rc )
    {
        gone(rc);
        printk("blk: %s %s: %d\n", write ? "write" : "read", what, rc);
    }
    expect(rc == 0, what);
    if ( !write )
        expect(check(buf, sector, nsec), what);
}

/* QD requests of a page each, pushed with one notification. */
static void burst(bool write)
{
    static struct blkfront_aio aio[QD];
    unsigned int i;

    for ( i = 0; i < QD; i++ )
    {
        uint8_t *p = buf + i * 4096;

        if ( write )
            fill(p, BURST_AT + i * 8, 8);
        else
            memset(p, 0, 4096);
        aio[i] =
            (struct blkfront_aio){ .op = write ? BLKFRONT_WRITE : BLKFRONT_READ,
                                   .sector = BURST_AT + i * 8,
                                   .buf = p,
                                   .bytes = 4096 };
        if ( blkfront_aio_submit(dev, &aio[i]) )
            gone(-1);
        expect(!blkfront_broken(dev), "burst submit");
    }
    blkfront_aio_push(dev);
    for ( i = 0; i < QD; i++ )
    {
        while ( !aio[i].done )
            blkfront_poll(dev, true);
        if ( aio[i].status )
            gone(aio[i].status);
        expect(aio[i].status == 0, "burst request");
        if ( !write )
            expect(check(buf + i * 4096, BURST_AT + i * 8, 8), "burst data");
    }
}

static void pass(bool write)
{
    unsigned int i;

    for ( i = 0; i < sizeof(regions) / sizeof(regions[0]); i++ )
        one(write, regions[i].sector, regions[i].nsec, regions[i].what);
    burst(write);
    one(write, info.sectors - 1, 1, "the last sector");
}

static void discarded(void)
{
    unsigned int i;

    memset(buf, 0xee, DISCARD_N * 512);
    expect(blkfront_read(dev, DISCARD_AT, buf, DISCARD_N * 512) == 0,
           "read the discarded region");
    for ( i = 0; i < DISCARD_N * 512; i++ )
        expect(buf[i] == 0, "a discarded region reads as zeros");
}

/*
 * blk=multi: two disks of one guest (xvda, xvdb), each written with its
 * own seed (seed, seed + 1), flushed and read back.
 */
static void multi(void)
{
    static const char *const names[2] = { "device/vbd/51712",
                                          "device/vbd/51728" };
    struct blkfront_dev *devs[2];
    struct blkfront_info infos[2];
    uint32_t base = seed;
    unsigned int i;
    int err;

    for ( i = 0; i < 2; i++ )
    {
        devs[i] = blkfront_open(names[i], -1, &infos[i], &err);
        expect(devs[i] != NULL, names[i]);
    }
    for ( i = 0; i < 2; i++ )
    {
        dev = devs[i];
        info = infos[i];
        seed = base + i;
        pass(true);
        expect(blkfront_sync(dev) == 0, "flush");
    }
    for ( i = 0; i < 2; i++ )
    {
        dev = devs[i];
        info = infos[i];
        seed = base + i;
        pass(false);
        blkfront_close(dev);
    }
    printk("blk: two disks written and verified, seeds %u and %u\n", base,
           base + 1);
}

int app_main(const char *cmdline)
{
    char mode[16] = "write", v[24];
    int err, ring_order = -1;

    (void)cmdline;
    if ( cmdline_get("seed", v, sizeof(v)) )
        seed = strtoul(v, NULL, 0);
    cmdline_get("blk", mode, sizeof(mode));
    buf = malloc(1 << 20);
    expect(buf != NULL, "a 1 MiB buffer");
    if ( !strcmp(mode, "multi") )
    {
        multi();
        return 0;
    }
    /* wait=1: no disk yet; one is hot-plugged while we run. */
    if ( cmdline_get("wait", v, sizeof(v)) )
    {
        unsigned int tries;
        char *be;

        for ( tries = 0; tries < 400; tries++ )
        {
            be = xenbus_read(0, "device/vbd/51712/backend", &err);
            free(be);
            if ( be )
                break;
            msleep(50);
        }
        printk("blk: a disk appeared\n");
    }
    /* ring=N: a ring of 2^N pages at most; persistent=0: no persistent grants. */
    if ( cmdline_get("ring", v, sizeof(v)) )
        ring_order = strtoul(v, NULL, 0);
    if ( cmdline_get("persistent", v, sizeof(v)) )
        blkfront_persistent = strtoul(v, NULL, 0) != 0;
    dev = blkfront_open(NULL, ring_order, &info, &err);
    expect(dev != NULL, "blkfront_open");
    printk("blk: %lu sectors of %u, ring %u pages, indirect %u, persistent %d, "
           "flush %d, discard %d%s\n",
           (unsigned long)info.sectors, info.sector_size, info.ring_pages,
           info.max_indirect, info.persistent, info.flush, info.discard,
           info.readonly ? ", read-only" : "");
    expect(info.sectors >= DISCARD_AT + DISCARD_N, "a disk of at least 4 MiB");

    if ( !strcmp(mode, "write") )
    {
        pass(true);
        fill(buf, DISCARD_AT, DISCARD_N);
        expect(blkfront_write(dev, DISCARD_AT, buf, DISCARD_N * 512) == 0,
               "write before discard");
        if ( info.discard )
        {
            expect(blkfront_discard(dev, DISCARD_AT, DISCARD_N * 512) == 0,
                   "discard");
            discarded();
        }
        expect(blkfront_sync(dev) == 0, "flush");
        printk("blk: wrote seed %u, flushed\n", seed);
        /* crash=1: die with the data flushed (and nothing closed). */
        if ( cmdline_get("crash", v, sizeof(v)) )
            crash("on purpose, after the flush");
        /* hold=1: stay up with the data flushed, for xl destroy. */
        if ( cmdline_get("hold", v, sizeof(v)) )
            for ( ;; )
                msleep(1000);
    }
    else if ( !strcmp(mode, "read") )
    {
        pass(false);
        if ( info.discard )
            discarded();
        printk("blk: verified seed %u\n", seed);
    }
    else if ( !strcmp(mode, "ro") )
    {
        uint8_t page[512] = { 0 };

        expect(info.readonly, "the device is read-only");
        expect(blkfront_write(dev, 0, page, 512) != 0, "a write is refused");
        pass(false);
        printk("blk: read-only verified seed %u\n", seed);
    }
    else if ( !strcmp(mode, "loop") )
    {
        unsigned int rounds = 0, r;
        char num[16];

        if ( cmdline_get("rounds", v, sizeof(v)) )
            rounds = strtoul(v, NULL, 0);
        looping = true;
        for ( r = 1; !rounds || r <= rounds; r++ )
        {
            seed += r;
            pass(true);
            err = blkfront_sync(dev);
            if ( err )
                gone(err);
            expect(err == 0, "flush");
            pass(false);
            round_no = r;
            snprintf(num, sizeof(num), "%u", r);
            xenbus_write(0, "data/round", num);
            printk("blk: round %u ok\n", r);
        }
        printk("blk: loop done\n");
    }
    else if ( strcmp(mode, "info") )
        expect(0, "blk= is write, read, ro, loop or info");
    blkfront_close(dev);
    printk("blk: closed\n");
    return 0;
}
