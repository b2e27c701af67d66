/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xengnttab.h: grant mappings and grant copies for domain 0 backends,
 * with the names and semantics of Xen's libxengnttab. A handle owns its
 * own privcmd connection: what it maps is its own, and whatever is still
 * mapped when it is closed (or its process dies) is unmapped by the
 * hypervisor. See docs/design/grant-tables.md for how a mapping reaches
 * the process.
 */
#ifndef XENGNTTAB_H
#define XENGNTTAB_H

#include <stdint.h>

typedef struct xengntdev_handle xengnttab_handle;

xengnttab_handle *xengnttab_open(void *logger, unsigned int open_flags);
int xengnttab_close(xengnttab_handle *xgt);

/*
 * Map grants into this process, prot PROT_READ or PROT_READ|PROT_WRITE:
 * the address of the first page (the others follow it), or NULL with
 * errno set; all or nothing. A reference not granted to domain 0, or a
 * read-only grant mapped writable, fails with EINVAL (Xen's
 * GNTST_general_error), a domain that does not exist with ESRCH, more
 * than the handle's limit with ENOSPC.
 */
void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
                              uint32_t ref, int prot);
void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
                               uint32_t *domids, uint32_t *refs, int prot);
void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
                                      uint32_t domid, uint32_t *refs, int prot);
/* Unmap count pages mapped by one call that returned start_address. */
int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count);
/* At most nr_grants pages mapped through this handle at once. */
int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants);

/*
 * A copy between a foreign grant and this process's memory (or between
 * two grants): flags say which side is a grant (GNTCOPY_source_gref,
 * GNTCOPY_dest_gref); the other side is virt. Neither side may cross a
 * page (len <= 4096, offset + len <= 4096 for a grant).
 */
typedef struct xengnttab_grant_copy_segment {
    union xengnttab_copy_ptr {
        void *virt;
        struct {
            uint32_t ref;
            uint16_t offset;
            uint16_t domid;
        } foreign;
    } source, dest;
    uint16_t len;
    uint16_t flags;
    int16_t status; /* OUT: GNTST_* */
} xengnttab_grant_copy_segment_t;

/*
 * 0 once every segment was tried (each has its status), -1 with errno if
 * the request could not be made.
 */
int xengnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
                         xengnttab_grant_copy_segment_t *segs);

#endif /* XENGNTTAB_H */
