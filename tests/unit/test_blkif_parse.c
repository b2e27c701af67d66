/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_blkif_parse.c: blkback's request parser (tools/blkback/parse.c),
 * which sees every request a guest puts on its ring. Known requests
 * first (each shape accepted, each bad field refused with Xen's status),
 * then a bounded fuzz under ASan and UBSan: mutated good requests and
 * noise, with random indirect segment pages, on read-write and read-only
 * devices of odd sizes. Whatever comes in, an accepted request stays
 * inside its pages and inside the device, and never writes a read-only
 * one.
 */
#include <stdlib.h>
#include <string.h>

#include "../../tools/blkback/blkback.h"
#include "cunit_main.h"

#define ITERATIONS 300000

static const struct blk_limits rw = { .sectors = 32768,
                                      .discard = true,
                                      .max_indirect = 256 };
static const struct blk_limits ro = { .sectors = 1001,
                                      .readonly = true,
                                      .max_indirect = 256 };

static blkif_request_t good_rw(uint8_t op, unsigned int nseg)
{
    blkif_request_t r;
    unsigned int i;

    memset(&r, 0, sizeof(r));
    r.operation = op;
    r.nr_segments = nseg;
    r.id = 0x1234;
    r.sector_number = 8;
    for ( i = 0; i < nseg && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++ )
    {
        r.seg[i].gref = 100 + i;
        r.seg[i].first_sect = 0;
        r.seg[i].last_sect = 7;
    }
    return r;
}

static struct blk_req req;

/* A flush with no data names no sector: Linux sends ~0 there. */
static void test_flush_without_data(void)
{
    blkif_request_t r = good_rw(BLKIF_OP_WRITE_BARRIER, 0);

    r.sector_number = ~0ULL;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.kind, BLK_BARRIER);
    CU_ASSERT_EQUAL(req.nr_segs, 0);
    r.operation = BLKIF_OP_FLUSH_DISKCACHE;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.kind, BLK_FLUSH);
    /* With data, the sectors are checked as a write's. */
    r = good_rw(BLKIF_OP_FLUSH_DISKCACHE, 2);
    r.sector_number = 32767;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
}

static void test_known(void)
{
    blkif_request_t r = good_rw(BLKIF_OP_READ, 11);
    blkif_request_indirect_t *ind = (void *)&r;
    blkif_request_discard_t *d = (void *)&r;
    struct blkif_request_segment segs[256];
    unsigned int i;

    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.nr_segs, 11);
    CU_ASSERT_EQUAL(req.nr_sectors, 88);
    CU_ASSERT_EQUAL(req.id, 0x1234);
    CU_ASSERT_EQUAL(req.seg[10].gref, 110);
    r.seg[3].first_sect = 2;
    r.seg[3].last_sect = 4;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.seg[3].offset, 1024);
    CU_ASSERT_EQUAL(req.seg[3].len, 1536);
    r.seg[3].first_sect = 5;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    r.seg[3].first_sect = 0;
    r.seg[3].last_sect = 8;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);

    r = good_rw(BLKIF_OP_READ, 0);
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    r = good_rw(BLKIF_OP_READ, 12);
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    r = good_rw(BLKIF_OP_READ, 1);
    r.sector_number = rw.sectors - 8;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    r.sector_number = rw.sectors - 7;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    r.sector_number = ~0ULL - 2;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    r = good_rw(BLKIF_OP_WRITE, 1);
    CU_ASSERT_EQUAL(blk_parse_request(&ro, &r, &req), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.kind, BLK_WRITE);
    r = good_rw(BLKIF_OP_FLUSH_DISKCACHE, 0);
    CU_ASSERT_EQUAL(blk_parse_request(&ro, &r, &req), 0);
    CU_ASSERT_EQUAL(req.kind, BLK_FLUSH);
    r = good_rw(BLKIF_OP_WRITE_BARRIER, 2);
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.kind, BLK_BARRIER);
    CU_ASSERT_EQUAL(blk_parse_request(&ro, &r, &req), BLKIF_RSP_ERROR);
    r = good_rw(BLKIF_OP_RESERVED_1, 1);
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_EOPNOTSUPP);

    memset(&r, 0, sizeof(r));
    d->operation = BLKIF_OP_DISCARD;
    d->sector_number = 100;
    d->nr_sectors = 64;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.nr_sectors, 64);
    CU_ASSERT_EQUAL(blk_parse_request(&ro, &r, &req), BLKIF_RSP_EOPNOTSUPP);
    d->nr_sectors = ~0ULL;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);

    memset(&r, 0, sizeof(r));
    ind->operation = BLKIF_OP_INDIRECT;
    ind->indirect_op = BLKIF_OP_WRITE;
    ind->nr_segments = 256;
    ind->id = 77;
    ind->sector_number = 0;
    ind->indirect_grefs[0] = 9;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(req.nr_indirect, 1);
    CU_ASSERT_EQUAL(req.indirect[0], 9);
    /* Answered with the operation done, as Linux's blkfront checks. */
    CU_ASSERT_EQUAL(req.operation, BLKIF_OP_WRITE);
    for ( i = 0; i < 256; i++ )
        segs[i] = (struct blkif_request_segment){ .gref = i, .last_sect = 7 };
    CU_ASSERT_EQUAL(blk_parse_indirect(&rw, segs, &req), 0);
    CU_ASSERT_EQUAL(req.nr_sectors, 2048);
    CU_ASSERT_EQUAL(req.id, 77);
    segs[200].last_sect = 9;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), 0);
    CU_ASSERT_EQUAL(blk_parse_indirect(&rw, segs, &req), BLKIF_RSP_ERROR);
    ind->nr_segments = 257;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    ind->nr_segments = 0;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    ind->nr_segments = 10;
    ind->indirect_op = BLKIF_OP_DISCARD;
    CU_ASSERT_EQUAL(blk_parse_request(&rw, &r, &req), BLKIF_RSP_ERROR);
    ind->indirect_op = BLKIF_OP_WRITE;
    CU_ASSERT_EQUAL(blk_parse_request(&ro, &r, &req), BLKIF_RSP_ERROR);
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t edge(void)
{
    static const uint64_t v[] = { 0,     1,         7,         8,     11,
                                  12,    255,       256,       257,   511,
                                  512,   1000,      1001,      32767, 32768,
                                  ~0ULL, ~0ULL - 7, 1ULL << 63 };

    return v[rnd() % (sizeof(v) / sizeof(v[0]))];
}

/* What an accepted request must satisfy, whatever it was made of. */
static void check_accepted(const struct blk_limits *lim)
{
    uint64_t total = 0;
    unsigned int i;

    CU_ASSERT_FATAL(req.nr_segs <= BLK_MAX_INDIRECT_SEGS);
    CU_ASSERT_FATAL(req.nr_indirect == 0);
    for ( i = 0; i < req.nr_segs; i++ )
    {
        CU_ASSERT_FATAL(req.seg[i].len > 0);
        CU_ASSERT_FATAL(req.seg[i].offset + req.seg[i].len <= BLK_PAGE);
        CU_ASSERT_FATAL(req.seg[i].offset % BLK_SECTOR == 0 &&
                        req.seg[i].len % BLK_SECTOR == 0);
        total += req.seg[i].len / BLK_SECTOR;
    }
    if ( req.kind != BLK_DISCARD )
        CU_ASSERT_FATAL(total == req.nr_sectors);
    /* Data lies within the disk (a flush without data names none). */
    if ( req.nr_sectors )
        CU_ASSERT_FATAL(req.sector <= lim->sectors &&
                        req.nr_sectors <= lim->sectors - req.sector);
    if ( lim->readonly )
        CU_ASSERT_FATAL(req.kind == BLK_READ ||
                        ((req.kind == BLK_FLUSH || req.kind == BLK_BARRIER) &&
                         req.nr_segs == 0));
    if ( req.kind == BLK_READ || req.kind == BLK_WRITE )
        CU_ASSERT_FATAL(req.nr_segs > 0);
}

static void test_fuzz(void)
{
    static struct blkif_request_segment
        segs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST * BLK_SEGS_PER_INDIRECT_PAGE];
    unsigned int it, accepted = 0, refused = 0, i;

    for ( it = 0; it < ITERATIONS; it++ )
    {
        const struct blk_limits *lim = it & 1 ? &ro : &rw;
        blkif_request_t r;
        uint8_t *b = (uint8_t *)&r;
        int st;

        if ( it % 4 == 0 )
            for ( i = 0; i < sizeof(r); i++ )
                b[i] = (uint8_t)rnd();
        else
        {
            r = good_rw(rnd() % 7, rnd() % 13);
            for ( i = 0; i < 1 + rnd() % 4; i++ )
            {
                unsigned int at = rnd() % sizeof(r);

                if ( rnd() % 2 )
                    b[at] = (uint8_t)rnd();
                else if ( at + 8 <= sizeof(r) )
                {
                    uint64_t v = edge();

                    memcpy(b + at, &v, 8);
                }
            }
        }
        st = blk_parse_request(lim, &r, &req);
        CU_ASSERT_FATAL(st == 0 || st == BLKIF_RSP_ERROR ||
                        st == BLKIF_RSP_EOPNOTSUPP);
        if ( !st && req.nr_indirect )
        {
            CU_ASSERT_FATAL(req.nr_indirect <=
                            BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST);
            for ( i = 0; i < req.nr_indirect * BLK_SEGS_PER_INDIRECT_PAGE; i++ )
            {
                segs[i].gref = (uint32_t)rnd();
                segs[i].first_sect = rnd() % 4 ? rnd() % 8 : (uint8_t)rnd();
                segs[i].last_sect = rnd() % 4 ? 7 : (uint8_t)rnd();
            }
            st = blk_parse_indirect(lim, segs, &req);
        }
        if ( st )
            refused++;
        else
        {
            accepted++;
            check_accepted(lim);
        }
    }
    /* The fuzz reached both outcomes, not just one. */
    CU_ASSERT(accepted > 1000);
    CU_ASSERT(refused > 1000);
}

static const struct unit_case cases[] = {
    { "known requests", test_known },
    { "flush without data", test_flush_without_data },
    { "fuzzed requests", test_fuzz },
};

UNIT_MAIN("blkif_parse", cases)
