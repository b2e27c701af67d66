/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkback.h: the dom0 block backend (docs/design/blkback.md). One
 * process serves every vbd under /local/domain/0/backend/vbd: xenstore
 * and the xenbus handshake in xenbus.c, request parsing in parse.c (no
 * I/O, no state: fuzzed on its own), the data path in io.c.
 */
#ifndef BLKBACK_H
#define BLKBACK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <public/io/blkif.h>
#include <public/io/xenbus.h>

#define BLK_PAGE 4096u
#define BLK_SECTOR 512u
/* What this backend offers. */
#define BLK_MAX_RING_ORDER 4
#define BLK_MAX_INDIRECT_SEGS 256
#define BLK_SEGS_PER_INDIRECT_PAGE                                             \
    (BLK_PAGE / sizeof(struct blkif_request_segment))
#define BLK_MAX_PERSISTENT 1056

/* ---- parse.c ---- */

enum blk_kind {
    BLK_READ,
    BLK_WRITE,
    BLK_FLUSH, /* FLUSH_DISKCACHE, no data or data first */
    BLK_BARRIER, /* WRITE_BARRIER: all before it done, then data, flush */
    BLK_DISCARD,
};

struct blk_seg {
    grant_ref_t gref;
    uint16_t offset; /* bytes into the page */
    uint16_t len; /* bytes */
};

struct blk_req {
    uint64_t id;
    uint8_t operation; /* as on the ring, echoed in the response */
    enum blk_kind kind;
    uint64_t sector;
    uint64_t nr_sectors;
    unsigned int nr_segs;
    unsigned int nr_indirect; /* indirect pages still to read (0: none) */
    grant_ref_t indirect[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    struct blk_seg seg[BLK_MAX_INDIRECT_SEGS];
};

/* What a device allows: the parser's only context. */
struct blk_limits {
    uint64_t sectors;
    bool readonly;
    bool discard;
    unsigned int max_indirect; /* segments, 0: indirect not offered */
};

/*
 * One request as copied off the ring. 0 and *out filled (for indirect
 * ones, out->nr_indirect pages still to be given to blk_parse_indirect),
 * or a BLKIF_RSP_* status for the response (out->id and out->operation
 * are set whatever happens).
 */
int blk_parse_request(const struct blk_limits *lim,
                      const struct blkif_request *raw, struct blk_req *out);
/* The segments of an indirect request, copied out of its pages. */
int blk_parse_indirect(const struct blk_limits *lim,
                       const struct blkif_request_segment *segs,
                       struct blk_req *req);

/* ---- io.c and xenbus.c ---- */

struct vbd;

/* Persistent grants: a reference mapped once and kept. */
struct pgrant {
    grant_ref_t gref;
    bool used;
    void *addr;
};

struct vbd {
    struct vbd *next;
    uint32_t domid, devid;
    char be[96], fe[128];
    /* the image */
    int fd;
    char *params;
    struct blk_limits lim;
    bool direct;
    bool blockdev;
    /* xenbus */
    XenbusState state; /* what we last wrote */
    bool seen; /* in the last scan */
    bool connected;
    bool closing; /* disconnecting: waiting for in-flight requests */
    XenbusState target; /* state once closed; 0: free the vbd */
    bool target_free; /* its nodes are gone */
    bool failed; /* the image could not be opened */
    bool hostile; /* cut off: nothing more is written to its ring */
    /* the ring */
    void *ring_addr;
    unsigned int ring_pages;
    blkif_back_ring_t ring;
    uint32_t remote_port, local_port;
    bool persistent;
    struct pgrant *pgrants; /* hash table, BLK_PGRANT_SLOTS */
    unsigned int nr_pgrants;
    unsigned int inflight; /* requests with I/O in progress */
    bool want_service; /* requests left on the ring for lack of room */
    bool notify; /* responses pushed since the last kick */
    /* counters */
    uint64_t reqs, errors;
};

#define BLK_PGRANT_SLOTS 2048

extern bool blk_verbose;
void blk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* io.c */
int io_init(void);
int io_eventfd(void);
/* Completions: responses queued, devices kicked. */
void io_reap(void);
/* Take requests off v's ring while there is room; false if hostile. */
bool io_service(struct vbd *v);
/* Submit what io_service queued (once per loop). */
void io_submit(void);
bool io_has_room(void);
void io_drop_persistent(struct vbd *v);
/* Push v's queued responses and notify once. */
void io_kick(struct vbd *v);
void io_drain(void);

/* xenbus.c */
int xb_init(void);
int xb_fileno(void);
void xb_handle_watch(void);
void xb_scan(void);
void xb_evtchn_event(uint32_t local_port);
/* The frontend broke the protocol: cut it off. */
void xb_hostile(struct vbd *v, const char *why);
/* In-flight I/O of a closing device finished. */
void xb_maybe_release(struct vbd *v);
struct vbd *xb_devices(void);
void xb_shutdown(void);

/* shared handles */
struct xengntdev_handle;
struct xenevtchn_handle;
extern struct xengntdev_handle *blk_gnt;
extern struct xenevtchn_handle *blk_evtchn;

#endif /* BLKBACK_H */
