/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront.h: the guest's PV block device (Xen's blkif protocol) and a
 * small block API for guest apps. Requests are asynchronous (an aio is
 * queued, pushed with others in one notification, completed by polling
 * the ring); the synchronous calls are built on them. Data goes through
 * a pool of pages granted once to the backend (persistent grants, used
 * as such when the backend offers feature-persistent); requests longer
 * than 11 pages use indirect segments, and the ring spans several pages,
 * when the backend offers them.
 */
#ifndef MINIOS_BLKFRONT_H
#define MINIOS_BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/blkif.h>

struct blkfront_info {
    uint64_t sectors;
    unsigned int sector_size;
    unsigned int info; /* VDISK_* */
    bool readonly;
    bool flush, barrier, discard, persistent;
    unsigned int max_indirect; /* segments per request the backend takes */
    unsigned int ring_pages;
    unsigned int max_bytes; /* largest single aio */
};

struct blkfront_dev;

/*
 * Offer feature-persistent (default true). Off, the backend maps each
 * request's pages and unmaps them afterwards (tests use it to reach that
 * path of the backend).
 */
extern bool blkfront_persistent;

enum blkfront_op {
    BLKFRONT_READ,
    BLKFRONT_WRITE,
    BLKFRONT_FLUSH, /* no data */
    BLKFRONT_DISCARD, /* sector, bytes; no buffer */
};

struct blkfront_aio {
    enum blkfront_op op;
    uint64_t sector;
    void *buf;
    size_t bytes; /* multiple of 512, at most info.max_bytes */
    void (*cb)(struct blkfront_aio *aio);
    void *data;
    /* out */
    int status; /* 0, -XEN_EIO, -XEN_EOPNOTSUPP */
    volatile bool done;
    unsigned int pieces; /* private: requests not answered yet */
};

/*
 * Connect to the vbd at nodename ("device/vbd/51712"; NULL: the first
 * one), ring_order 0.. (capped by what the backend offers; -1: the
 * largest this frontend uses). NULL on failure, *err set.
 */
struct blkfront_dev *blkfront_open(const char *nodename, int ring_order,
                                   struct blkfront_info *info, int *err);
/* Wait for what is in flight, close the xenbus way, give grants back. */
void blkfront_close(struct blkfront_dev *dev);

/* Queue one request (waits for a free slot); 0 or -errno. */
int blkfront_aio_submit(struct blkfront_dev *dev, struct blkfront_aio *aio);
/* Push queued requests with one notification. */
void blkfront_aio_push(struct blkfront_dev *dev);
/* Complete what the backend answered; wait for at least one if block. */
int blkfront_poll(struct blkfront_dev *dev, bool block);
/* Requests queued or in flight. */
unsigned int blkfront_inflight(struct blkfront_dev *dev);

/* Synchronous I/O, any length (split as needed): 0 or -errno. */
int blkfront_read(struct blkfront_dev *dev, uint64_t sector, void *buf,
                  size_t bytes);
int blkfront_write(struct blkfront_dev *dev, uint64_t sector, const void *buf,
                   size_t bytes);
int blkfront_flush(struct blkfront_dev *dev);
int blkfront_discard(struct blkfront_dev *dev, uint64_t sector, size_t bytes);
/* Every write completed before it is durable once it returns. */
int blkfront_sync(struct blkfront_dev *dev);

/* The backend broke the protocol or went away for good. */
bool blkfront_broken(struct blkfront_dev *dev);

/*
 * For tests of hostile frontends: put a raw request on the ring as is
 * (its id must be BLKFRONT_RAW_ID), push it and wait (timeout ms) for
 * its response status; 1 if none came. A granted page for raw requests;
 * the shared ring itself.
 */
#define BLKFRONT_RAW_ID 0x7261770000000000ULL
int blkfront_raw_request(struct blkfront_dev *dev, const blkif_request_t *req,
                         int16_t *status, uint32_t timeout_ms);
void *blkfront_raw_page(struct blkfront_dev *dev, grant_ref_t *ref);
blkif_sring_t *blkfront_raw_sring(struct blkfront_dev *dev);
void blkfront_raw_notify(struct blkfront_dev *dev);
const char *blkfront_backend(struct blkfront_dev *dev);

#endif /* MINIOS_BLKFRONT_H */
