/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkbench: the guest half of bench/blk.sh. On its first disk, for
 * secs=N seconds each (default 1): 4 KiB random reads and writes at
 * queue depth 1 and 32, then 1 MiB sequential reads and writes at depth
 * 1, through blkfront's aio calls (one push per batch of submissions).
 * Prints "blkbench: <name> <ops> <ns>" per workload, then "blkbench: done".
 */
#include <mini-os/blkfront.h>
#include <mini-os/os.h>

#define MAXQD 32

static struct blkfront_dev *dev;
static struct blkfront_info info;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint8_t *bufs[MAXQD], *big;
static uint64_t secs_ns = 1000000000ULL;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void fail(const char *what)
{
    printk("blkbench: FAILED: %s\n", what);
    crash(what);
}

/* 4 KiB requests at random page offsets, qd in flight. */
static void random_io(const char *name, enum blkfront_op op, unsigned int qd)
{
    static struct blkfront_aio aio[MAXQD];
    uint64_t pages = info.sectors / 8, start, ops = 0;
    unsigned int i;

    for ( i = 0; i < qd; i++ )
    {
        aio[i] = (struct blkfront_aio){ .op = op,
                                        .sector = (rnd() % pages) * 8,
                                        .buf = bufs[i],
                                        .bytes = 4096 };
        if ( blkfront_aio_submit(dev, &aio[i]) )
            fail("submit");
    }
    start = monotonic_clock();
    blkfront_aio_push(dev);
    while ( monotonic_clock() - start < secs_ns )
    {
        bool again = false;

        blkfront_poll(dev, true);
        for ( i = 0; i < qd; i++ )
            if ( aio[i].done )
            {
                if ( aio[i].status )
                    fail(name);
                ops++;
                aio[i].sector = (rnd() % pages) * 8;
                if ( blkfront_aio_submit(dev, &aio[i]) )
                    fail("submit");
                again = true;
            }
        if ( again )
            blkfront_aio_push(dev);
    }
    while ( blkfront_inflight(dev) )
        blkfront_poll(dev, true);
    printk("blkbench: %s %lu %lu\n", name, (unsigned long)ops,
           (unsigned long)(monotonic_clock() - start));
}

static void sequential(const char *name, enum blkfront_op op)
{
    uint64_t chunk = 2048, sector = 0, start = monotonic_clock(), ops = 0;
    struct blkfront_aio aio;

    while ( monotonic_clock() - start < secs_ns )
    {
        if ( sector + chunk > info.sectors )
            sector = 0;
        aio = (struct blkfront_aio){
            .op = op, .sector = sector, .buf = big, .bytes = chunk * 512
        };
        if ( blkfront_aio_submit(dev, &aio) )
            fail("submit");
        blkfront_aio_push(dev);
        while ( !aio.done )
            blkfront_poll(dev, true);
        if ( aio.status )
            fail(name);
        sector += chunk;
        ops++;
    }
    printk("blkbench: %s %lu %lu\n", name, (unsigned long)ops,
           (unsigned long)(monotonic_clock() - start));
}

int app_main(const char *cmdline)
{
    char v[16];
    unsigned int i;
    int err;

    (void)cmdline;
    if ( cmdline_get("secs", v, sizeof(v)) )
        secs_ns = strtoul(v, NULL, 0) * 1000000000ULL;
    for ( i = 0; i < MAXQD; i++ )
        if ( !(bufs[i] = alloc_page()) )
            fail("buffers");
    big = malloc(1 << 20);
    dev = blkfront_open(NULL, -1, &info, &err);
    if ( !dev || !big )
        fail("open");
    printk("blkbench: %lu sectors, ring %u pages, indirect %u, persistent %d\n",
           (unsigned long)info.sectors, info.ring_pages, info.max_indirect,
           info.persistent);
    random_io("rand4k_read_qd1", BLKFRONT_READ, 1);
    random_io("rand4k_write_qd1", BLKFRONT_WRITE, 1);
    random_io("rand4k_read_qd32", BLKFRONT_READ, 32);
    random_io("rand4k_write_qd32", BLKFRONT_WRITE, 32);
    sequential("seq1m_read", BLKFRONT_READ);
    sequential("seq1m_write", BLKFRONT_WRITE);
    blkfront_close(dev);
    printk("blkbench: done\n");
    return 0;
}
