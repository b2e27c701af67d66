/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * parse.c: checking one blkif request from a guest. Everything a
 * frontend writes is untrusted: the operation, the segment count, each
 * segment's sector range, the start sector and length against the
 * device. The request was copied off the shared ring before it gets
 * here, so the guest cannot change it between the checks and the use.
 * A bad request earns an error response, as Xen's blkback gives; only a
 * broken ring (xenbus.c, io.c) disconnects the frontend.
 */
#include <string.h>

#include "blkback.h"

/* Sectors [start, start + n) within the device, without overflow. */
static bool in_device(const struct blk_limits *lim, uint64_t start, uint64_t n)
{
    return start <= lim->sectors && n <= lim->sectors - start;
}

static int parse_segs(const struct blk_limits *lim,
                      const struct blkif_request_segment *segs, unsigned int n,
                      struct blk_req *req)
{
    uint64_t total = 0;
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        uint8_t first = segs[i].first_sect, last = segs[i].last_sect;

        if ( first > last || last >= BLK_PAGE / BLK_SECTOR )
            return BLKIF_RSP_ERROR;
        req->seg[i].gref = segs[i].gref;
        req->seg[i].offset = first * BLK_SECTOR;
        req->seg[i].len = (last - first + 1) * BLK_SECTOR;
        total += last - first + 1;
    }
    req->nr_segs = n;
    req->nr_sectors = total;
    /*
     * A flush without data names no sector (Linux sends its block
     * layer's "no position", ~0): only data is checked against the disk.
     */
    if ( n && !in_device(lim, req->sector, total) )
        return BLKIF_RSP_ERROR;
    return 0;
}

static int parse_indirect(const struct blk_limits *lim,
                          const struct blkif_request_indirect *ind,
                          struct blk_req *req)
{
    unsigned int n = ind->nr_segments, pages;

    if ( !lim->max_indirect )
        return BLKIF_RSP_EOPNOTSUPP;
    if ( ind->indirect_op == BLKIF_OP_READ )
        req->kind = BLK_READ;
    else if ( ind->indirect_op == BLKIF_OP_WRITE )
        req->kind = BLK_WRITE;
    else
        return BLKIF_RSP_ERROR;
    if ( req->kind == BLK_WRITE && lim->readonly )
        return BLKIF_RSP_ERROR;
    if ( n == 0 || n > lim->max_indirect || n > BLK_MAX_INDIRECT_SEGS )
        return BLKIF_RSP_ERROR;
    pages = (n + BLK_SEGS_PER_INDIRECT_PAGE - 1) / BLK_SEGS_PER_INDIRECT_PAGE;
    if ( pages > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST )
        return BLKIF_RSP_ERROR;
    req->sector = ind->sector_number;
    /* The response names the operation done, as Xen's blkback answers
     * (Linux's blkfront disables a disk whose response says INDIRECT). */
    req->operation = ind->indirect_op;
    req->nr_segs = n;
    req->nr_indirect = pages;
    memcpy(req->indirect, ind->indirect_grefs, pages * sizeof(grant_ref_t));
    return 0;
}

int blk_parse_request(const struct blk_limits *lim,
                      const struct blkif_request *raw, struct blk_req *out)
{
    const struct blkif_request_discard *d = (const void *)raw;
    unsigned int nseg = raw->nr_segments;

    out->id = raw->id;
    out->operation = raw->operation;
    out->nr_segs = 0;
    out->nr_indirect = 0;
    out->nr_sectors = 0;
    out->sector = raw->sector_number;
    switch ( raw->operation )
    {
    case BLKIF_OP_READ:
    case BLKIF_OP_WRITE:
        out->kind = raw->operation == BLKIF_OP_READ ? BLK_READ : BLK_WRITE;
        if ( nseg == 0 || nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST )
            return BLKIF_RSP_ERROR;
        break;
    case BLKIF_OP_WRITE_BARRIER:
    case BLKIF_OP_FLUSH_DISKCACHE:
        out->kind =
            raw->operation == BLKIF_OP_WRITE_BARRIER ? BLK_BARRIER : BLK_FLUSH;
        if ( nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST )
            return BLKIF_RSP_ERROR;
        break;
    case BLKIF_OP_DISCARD:
        out->kind = BLK_DISCARD;
        if ( !lim->discard )
            return BLKIF_RSP_EOPNOTSUPP;
        if ( lim->readonly || !in_device(lim, d->sector_number, d->nr_sectors) )
            return BLKIF_RSP_ERROR;
        out->sector = d->sector_number;
        out->nr_sectors = d->nr_sectors;
        return 0;
    case BLKIF_OP_INDIRECT:
        return parse_indirect(lim, (const void *)raw, out);
    default:
        return BLKIF_RSP_EOPNOTSUPP;
    }
    if ( out->kind != BLK_READ && nseg && lim->readonly )
        return BLKIF_RSP_ERROR;
    return parse_segs(lim, raw->seg, nseg, out);
}

int blk_parse_indirect(const struct blk_limits *lim,
                       const struct blkif_request_segment *segs,
                       struct blk_req *req)
{
    unsigned int n = req->nr_segs;

    req->nr_indirect = 0;
    if ( n == 0 || n > BLK_MAX_INDIRECT_SEGS )
        return BLKIF_RSP_ERROR;
    return parse_segs(lim, segs, n, req);
}
