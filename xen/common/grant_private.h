/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_private.h: the state the grant-table files share (grant_table.c:
 * tables and the small ops; grant_map.c: mappings and their release;
 * grant_copy.c: copies and cache flushes). Nothing outside xen/common's
 * grant files includes it.
 *
 * Locking. One mutex, gnttab_lock, guards every grant table, active
 * entry and maptrack entry of every domain, so that an operation that
 * involves two domains (a map, the release of a dying domain's grants)
 * needs no lock order between tables. It is held for bookkeeping only:
 * never across a copy of guest data, a zap of KVM's shadows or any wait.
 * A granting domain's page_alloc_lock, where needed (to check that a
 * frame is populated while pinning it), is taken before gnttab_lock;
 * memory.c asks gnttab_frames_in_use() with page_alloc_lock held, in the
 * same order. Grant entries themselves live in guest-writable frames and
 * are only read and updated with atomics.
 */
#ifndef XEN_COMMON_GRANT_PRIVATE_H
#define XEN_COMMON_GRANT_PRIVATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <public/grant_table.h>
#include <xen/domain.h>

#define GRANTS_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNTTAB_MAX_FRAMES (SPECIAL_NR_FRAMES - SPECIAL_FRAME_GRANT)
#define GNTTAB_INITIAL_FRAMES 1
/* Handles a domain may hold at once: a domU's also bound its windows. */
#define GNTTAB_DOMU_MAPTRACK_LIMIT 4096u
#define GNTTAB_DOM0_MAPTRACK_LIMIT 65536u
/* Pins one active entry may carry (a mapping or a copy each). */
#define GNTTAB_MAX_PINS (1u << 24)

extern pthread_mutex_t gnttab_lock;

/* What the hypervisor holds on one of a domain's grant entries. */
struct active_grant {
    uint32_t pins; /* mappings and copies in progress */
    uint32_t write_pins; /* of which writable */
    domid_t domid; /* the one domain holding them */
    uint64_t frame; /* the frame pinned (read from the entry at the first) */
};

struct grant_table;
struct gnttab_client;
struct grant_host;

/* One mapping a domain holds (a maptrack entry, named by its handle). */
struct grant_mapping {
    uint32_t flags; /* GNTMAP_* still held; 0: the handle is free */
    bool orphaned; /* the granter died: its pin is gone, the handle not */
    domid_t domid; /* granting domain */
    grant_ref_t ref;
    uint64_t frame; /* the granter's frame */
    uint64_t maddr; /* where the mapper sees it (dev_bus_addr) */
    uint64_t host_addr; /* domU: the linear address or PTE it maps at */
    struct grant_table *rgt; /* the granter's table while not orphaned */
    struct gnttab_client *owner; /* dom0: the privcmd client that mapped */
    uint32_t next_free;
};

struct grant_table {
    struct domain *domain;
    struct grant_table *next; /* every table (gnttab_tables) */
    unsigned int nr_frames;
    bool dying; /* no new pins: its domain is being destroyed */

    /* Active entries, one per grant of the table's nr_frames. */
    struct active_grant *active;
    unsigned int nr_active;
    unsigned int nr_pinned; /* active entries with pins > 0 */

    /* Maptrack: the mappings this domain holds. */
    struct grant_mapping *maptrack;
    uint32_t maptrack_size; /* entries allocated */
    uint32_t maptrack_limit;
    uint32_t free_head; /* MAPTRACK_END when empty */
    uint32_t nr_mappings;

    struct grant_host *host; /* a domU mapper's windows (arch) */
};

#define MAPTRACK_END UINT32_MAX

/* Every live table, under gnttab_lock (for the scans of a death). */
extern struct grant_table *gnttab_tables;

/* A dom0 privcmd connection using grants (libxengnttab). */
struct gnttab_client {
    unsigned int max_grants; /* set_max_grants; 0: the maptrack limit */
    unsigned int nr_mapped;
};

/* The client of the privcmd request being served (NULL for a domU). */
extern __thread struct gnttab_client *gnttab_current_client;

/* grant_table.c, under gnttab_lock. */
struct grant_table *gnttab_table_of(struct domain *d); /* creates dom0's */
static inline unsigned int nr_grant_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GRANTS_PER_FRAME;
}
grant_entry_v1_t *gnttab_shared_entry(struct grant_table *gt, grant_ref_t ref);

/*
 * Pin entry ref of rgt for domain ld (readonly or writable), as a map
 * (no sub-page grants) or a copy: checks the entry (type, domain,
 * GTF_readonly) at the first pin and at the first writable one, sets
 * GTF_reading/GTF_writing, and checks that the frame is populated RAM of
 * the granter. The caller holds the granter's page_alloc_lock and
 * gnttab_lock. Returns GNTST_okay with *frame set, or a GNTST_ code.
 */
int16_t gnttab_pin(struct grant_table *rgt, grant_ref_t ref, domid_t ld,
                   bool readonly, uint64_t *frame);
/* Drop one pin taken by gnttab_pin() (clears GTF_* as they end). */
void gnttab_unpin(struct grant_table *rgt, grant_ref_t ref, bool readonly);

/* A populated RAM frame of d (d->page_alloc_lock held). */
bool gnttab_frame_populated(const struct domain *d, uint64_t frame);

/* grant_map.c */
long gnttab_map_grant_ref(void *op);
long gnttab_unmap_grant_ref(void *op);
long gnttab_unmap_and_replace(void *op);
/* Release every mapping gt's domain holds and orphan every mapping of
 * its grants (its domain is dying); gnttab_lock held. */
void gnttab_release_all(struct grant_table *gt);
/* Unmap whatever a dom0 client still has mapped; gnttab_lock held. */
void gnttab_release_client(struct gnttab_client *c);
/* domU: is maddr (in d's physical space) a live mapping of d's? */
bool gnttab_maps_maddr(struct grant_table *gt, struct gnttab_client *owner,
                       uint64_t maddr);
/* After a batch: refresh KVM's view of PTEs the batch replaced. */
void gnttab_flush_host_mappings(void);

/* grant_copy.c */
long gnttab_copy(void *op);
long gnttab_cache_flush(void *op);
/* dom0: where the request's copy array starts (inline local buffers). */
extern __thread uint64_t gnttab_copy_base;

#endif /* XEN_COMMON_GRANT_PRIVATE_H */
