/* SPDX-License-Identifier: MIT */
/*
 * io/blkif.h: the PV block device protocol. The frontend queues read,
 * write, flush and discard requests on a ring, each naming up to 11
 * granted pages (segments) of 512-byte sectors; the backend answers each
 * with a status. Device properties travel in xenstore.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include "ring.h"
#include "../grant_table.h"

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

#define BLKIF_OP_READ            0
#define BLKIF_OP_WRITE           1
#define BLKIF_OP_WRITE_BARRIER   2
#define BLKIF_OP_FLUSH_DISKCACHE 3
#define BLKIF_OP_RESERVED_1      4
#define BLKIF_OP_DISCARD         5
#define BLKIF_OP_INDIRECT        6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/* One granted page and the sectors of it that are used. */
struct blkif_request_segment {
    grant_ref_t gref;
    uint8_t first_sect, last_sect;   /* inclusive, 0..7 */
};

struct blkif_request {
    uint8_t operation;               /* BLKIF_OP_* */
    uint8_t nr_segments;
    blkif_vdev_t handle;
    uint64_t id;                     /* echoed in the response */
    blkif_sector_t sector_number;    /* start, in 512-byte sectors */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

#define BLKIF_DISCARD_SECURE (1 << 0)
struct blkif_request_discard {
    uint8_t operation;               /* BLKIF_OP_DISCARD */
    uint8_t flag;
    blkif_vdev_t handle;
    uint64_t id;
    blkif_sector_t sector_number;
    uint64_t nr_sectors;
    uint8_t _pad3;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/* Segments listed in granted pages instead of in the request. */
struct blkif_request_indirect {
    uint8_t operation;               /* BLKIF_OP_INDIRECT */
    uint8_t indirect_op;             /* READ or WRITE */
    uint16_t nr_segments;
    uint64_t id;
    blkif_sector_t sector_number;
    blkif_vdev_t handle;
    uint16_t _pad2;
    grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    uint64_t _pad3;
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
    uint64_t id;
    uint8_t operation;
    int16_t status;                  /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP -2
#define BLKIF_RSP_ERROR      -1
#define BLKIF_RSP_OKAY        0

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* The backend's "info" key. */
#define VDISK_CDROM     0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY  0x4

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
