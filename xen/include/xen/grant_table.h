/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_table.h: per-domain grant tables (xen/common/grant_*.c), as the
 * rest of the hypervisor sees them.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

struct domain;
struct gnttab_client;

int grant_table_init(struct domain *d);
/*
 * The domain is dying (or was never built): every mapping it holds is
 * released (pins, GTF_* flags, windows) and every mapping of its grants
 * that another domain holds is revoked and left as an orphaned handle,
 * which that domain's unmap then frees. No vCPU of d may run.
 */
void grant_table_destroy(struct domain *d);

/*
 * memory.c: may frames [pfn, pfn + pages) of d not be given back? True
 * while any of them is pinned by a mapping or a copy. Called with
 * d->page_alloc_lock held (the lock a pin takes too).
 */
bool gnttab_frames_in_use(struct domain *d, uint64_t pfn, uint64_t pages);

/*
 * privcmd.c: grant operations of a domain 0 connection (libxengnttab).
 * A client is made at the connection's first grant request and closed
 * with the connection, which unmaps whatever it still has mapped.
 */
struct gnttab_client *gnttab_client_open(void);
void gnttab_client_close(struct gnttab_client *c);
/* __HYPERVISOR_grant_table_op: payload {cmd, count, ops[count]...}. */
long gnttab_privcmd_hypercall(struct gnttab_client *c, uint8_t *payload,
                              uint32_t len);
/* PRIVCMD_OP_GNTTAB_MAP: maps a batch, *pass_fd gets the granter's RAM. */
long gnttab_privcmd_map(struct gnttab_client *c, uint8_t *payload, uint32_t len,
                        int *pass_fd);
/* PRIVCMD_OP_GNTTAB_SET_MAX: the client's limit on mapped grants. */
long gnttab_privcmd_set_max(struct gnttab_client *c, uint8_t *payload,
                            uint32_t len);

#endif /* XEN_GRANT_TABLE_H */
