/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_privcmd.c: grant operations of domain 0's programs, over the
 * privcmd channel (libxengnttab). Each connection that uses grants is a
 * client: the mappings it makes are its own (no other connection can
 * unmap them) and are unmapped when the connection closes, which is when
 * its process dies at the latest.
 *
 * How a mapping reaches a backend (docs/design/grant-tables.md): a map
 * request names grants of one domain; once all of them are pinned the
 * reply carries a descriptor of that domain's RAM file, read-only if the
 * mappings are, and each mapping's offset in it (dev_bus_addr). The
 * library maps exactly those pages and closes the descriptor at once.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <public/grant_table.h>
#include <public/privcmd.h>
#include <xen/domain.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#include "grant_private.h"

struct gnttab_client *gnttab_client_open(void)
{
    return calloc(1, sizeof(struct gnttab_client));
}

void gnttab_client_close(struct gnttab_client *c)
{
    if ( !c )
        return;
    pthread_mutex_lock(&gnttab_lock);
    gnttab_release_client(c);
    pthread_mutex_unlock(&gnttab_lock);
    free(c);
}

/* Size of one operation of a batch command, 0 for the others. */
static size_t op_size(uint32_t cmd)
{
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        return sizeof(struct gnttab_map_grant_ref);
    case GNTTABOP_unmap_grant_ref:
        return sizeof(struct gnttab_unmap_grant_ref);
    case GNTTABOP_unmap_and_replace:
        return sizeof(struct gnttab_unmap_and_replace);
    case GNTTABOP_setup_table:
        return sizeof(struct gnttab_setup_table);
    case GNTTABOP_copy:
        return sizeof(struct gnttab_copy);
    case GNTTABOP_query_size:
        return sizeof(struct gnttab_query_size);
    case GNTTABOP_swap_grant_ref:
        return sizeof(struct gnttab_swap_grant_ref);
    case GNTTABOP_cache_flush:
        return sizeof(struct gnttab_cache_flush);
    default:
        return 0;
    }
}

long gnttab_privcmd_hypercall(struct gnttab_client *c, uint8_t *payload,
                              uint32_t len)
{
    struct privcmd_gnttab_op hdr;
    size_t size;
    long rc;

    if ( len < sizeof(hdr) )
        return -EINVAL;
    memcpy(&hdr, payload, sizeof(hdr));
    if ( !hdr.count )
        hdr.count = 1;
    size = op_size(hdr.cmd);
    if ( size && (len - sizeof(hdr)) / size < hdr.count )
        return -EINVAL;
    guest_access_set_dom0_buffer(payload + sizeof(hdr), len - sizeof(hdr));
    gnttab_current_client = c;
    rc = do_grant_table_op(hdr.cmd, (uintptr_t)(payload + sizeof(hdr)),
                           hdr.count);
    gnttab_current_client = NULL;
    return rc;
}

/* The granter's RAM file for a backend: read-only ones cannot write. */
static int ram_fd_for(domid_t domid, bool readonly)
{
    struct domain *d = get_domain_by_id(domid);
    char path[64];
    int fd = -1;

    if ( !d )
        return -ESRCH;
    if ( d->ram_fd >= 0 )
    {
        snprintf(path, sizeof(path), "/proc/self/fd/%d", d->ram_fd);
        fd = readonly ? open(path, O_RDONLY | O_CLOEXEC)
                      : fcntl(d->ram_fd, F_DUPFD_CLOEXEC, 0);
    }
    put_domain(d);
    return fd >= 0 ? fd : -errno;
}

static void undo_maps(struct gnttab_map_grant_ref *ops, uint32_t n)
{
    uint32_t i;

    for ( i = 0; i < n; i++ )
        if ( ops[i].status == GNTST_okay )
        {
            struct gnttab_unmap_grant_ref u = { .handle = ops[i].handle };

            gnttab_unmap_grant_ref(&u);
        }
}

long gnttab_privcmd_map(struct gnttab_client *c, uint8_t *payload, uint32_t len,
                        int *pass_fd)
{
    struct privcmd_gnttab_map *req = (struct privcmd_gnttab_map *)payload;
    bool ok = true, readonly;
    uint32_t i;
    long rc = 0;

    if ( len < sizeof(*req) || !req->count ||
         (len - sizeof(*req)) / sizeof(req->ops[0]) != req->count ||
         len != sizeof(*req) + req->count * sizeof(req->ops[0]) )
        return -EINVAL;
    /* One descriptor answers them all: one domain, one access mode. */
    readonly = req->ops[0].flags & GNTMAP_readonly;
    for ( i = 0; i < req->count; i++ )
        if ( req->ops[i].dom != req->ops[0].dom ||
             !(req->ops[i].flags & GNTMAP_host_map) ||
             !(req->ops[i].flags & GNTMAP_readonly) != !readonly )
            return -EINVAL;

    gnttab_current_client = c;
    for ( i = 0; i < req->count; i++ )
    {
        gnttab_map_grant_ref(&req->ops[i]);
        ok = ok && req->ops[i].status == GNTST_okay;
    }
    if ( ok )
    {
        *pass_fd = ram_fd_for(req->ops[0].dom, readonly);
        if ( *pass_fd < 0 )
        {
            rc = *pass_fd;
            *pass_fd = -1;
            ok = false;
        }
    }
    /* All or nothing: a backend gets every page it asked for, or none. */
    if ( !ok )
        undo_maps(req->ops, req->count);
    gnttab_current_client = NULL;
    return rc;
}

long gnttab_privcmd_set_max(struct gnttab_client *c, uint8_t *payload,
                            uint32_t len)
{
    struct privcmd_gnttab_set_max m;

    if ( len != sizeof(m) )
        return -EINVAL;
    memcpy(&m, payload, sizeof(m));
    c->max_grants = m.max_grants;
    return 0;
}
