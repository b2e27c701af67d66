/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_domain.c: domain control (domctl wrappers): create, destroy, pause,
 * shut down, query, limits, handle; unbound event channels, page-table
 * pins and foreign mappings of guest memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/privcmd.h>

#include "xc_private.h"

struct xen_domctl *xc_domctl_new(uint32_t cmd, uint32_t domid)
{
    struct xen_domctl *op = calloc(1, sizeof(*op));

    if ( op )
    {
        op->cmd = cmd;
        op->domain = domid;
    }
    return op;
}

int xc_domctl_run_free(xc_interface *xch, struct xen_domctl *op)
{
    int rc, saved;

    if ( !op )
        return -1;
    rc = xc_domctl(xch, op);
    saved = errno;
    free(op);
    errno = saved;
    return rc;
}

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_createdomain, *pdomid);
    int rc, saved;

    if ( !op )
        return -1;
    op->u.createdomain = *config;
    rc = xc_domctl(xch, op);
    saved = errno;
    if ( !rc )
        *pdomid = op->domain;
    free(op);
    errno = saved;
    return rc;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
    return xc_domctl_run_free(xch,
                              xc_domctl_new(XEN_DOMCTL_destroydomain, domid));
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
    return xc_domctl_run_free(xch,
                              xc_domctl_new(XEN_DOMCTL_pausedomain, domid));
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
    return xc_domctl_run_free(xch,
                              xc_domctl_new(XEN_DOMCTL_unpausedomain, domid));
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_shutdown, domid);

    if ( op )
        op->u.shutdown.reason = reason;
    return xc_domctl_run_free(xch, op);
}

int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
                             xc_domaininfo_t *info)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_getdomaininfo, domid);
    int rc, saved;

    if ( !op )
        return -1;
    rc = xc_domctl(xch, op);
    saved = errno;
    if ( !rc )
        *info = op->u.getdomaininfo;
    free(op);
    errno = saved;
    return rc;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first, unsigned int max,
                          xc_domaininfo_t *info)
{
    struct xen_sysctl *op = xc_sysctl_new(XEN_SYSCTL_getdomaininfolist);
    unsigned int done = 0;
    int rc = 0, saved;

    if ( !op )
        return -1;
    while ( done < max )
    {
        struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;

        op->cmd = XEN_SYSCTL_getdomaininfolist;
        l->first_domain = first;
        l->max_domains = max - done < XEN_SYSCTL_INFOLIST_MAX
                             ? max - done
                             : XEN_SYSCTL_INFOLIST_MAX;
        rc = xc_sysctl(xch, op);
        if ( rc || !l->num_domains )
            break;
        memcpy(info + done, l->buffer, l->num_domains * sizeof(*info));
        done += l->num_domains;
        first = l->buffer[l->num_domains - 1].domain + 1;
        if ( l->num_domains < l->max_domains || first >= DOMID_FIRST_RESERVED )
            break;
    }
    saved = errno;
    free(op);
    errno = saved;
    return rc ? -1 : (int)done;
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_max_mem, domid);

    if ( op )
        op->u.max_mem.max_memkb = max_memkb;
    return xc_domctl_run_free(xch, op);
}

int xc_domain_set_tot_pages(xc_interface *xch, uint32_t domid,
                            uint64_t tot_pages)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_set_tot_pages, domid);

    if ( op )
        op->u.set_tot_pages.tot_pages = tot_pages;
    return xc_domctl_run_free(xch, op);
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_max_vcpus, domid);

    if ( op )
        op->u.max_vcpus.max = max;
    return xc_domctl_run_free(xch, op);
}

int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        const xen_domain_handle_t handle)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_setdomainhandle, domid);

    if ( op )
        memcpy(op->u.setdomainhandle.handle, handle,
               sizeof(xen_domain_handle_t));
    return xc_domctl_run_free(xch, op);
}

int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, uint64_t gmfn)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_hypercall_init, domid);

    if ( op )
        op->u.hypercall_init.gmfn = gmfn;
    return xc_domctl_run_free(xch, op);
}

int xc_mmuext_op(xc_interface *xch, const struct mmuext_op *ops,
                 unsigned int nr, uint32_t dom)
{
    struct {
        uint32_t dom, pad;
        struct mmuext_op ops[16];
    } req = { .dom = dom };

    if ( nr > 16 )
    {
        errno = E2BIG;
        return -1;
    }
    memcpy(req.ops, ops, nr * sizeof(*ops));
    return xc_privcmd_call(xch, __HYPERVISOR_mmuext_op, &req,
                           8 + nr * sizeof(*ops), NULL)
               ? -1
               : 0;
}

int xc_hypercall_passthrough(xc_interface *xch, uint32_t op, uint32_t cmd,
                             void *arg, uint32_t len)
{
    uint8_t *buf = malloc(8 + len);
    int rc, saved;

    if ( !buf )
        return -1;
    memset(buf, 0, 8);
    memcpy(buf, &cmd, sizeof(cmd));
    if ( len )
        memcpy(buf + 8, arg, len);
    rc = xc_privcmd_call(xch, op, buf, 8 + len, NULL);
    saved = errno;
    if ( rc >= 0 && len )
        memcpy(arg, buf + 8, len);
    free(buf);
    errno = saved;
    return rc;
}

int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t domid,
                            uint32_t remote_domid)
{
    struct evtchn_alloc_unbound op = { .dom = domid,
                                       .remote_dom = remote_domid };

    if ( xc_hypercall_passthrough(xch, __HYPERVISOR_event_channel_op,
                                  EVTCHNOP_alloc_unbound, &op, sizeof(op)) )
        return -1;
    return op.port;
}

void *xc_map_foreign_domain(xc_interface *xch, uint32_t domid, size_t *size)
{
    struct privcmd_map_foreign mf = { .domid = domid };
    void *map;
    int fd;

    if ( xc_privcmd_call(xch, PRIVCMD_OP_MAP_FOREIGN, &mf, sizeof(mf), &fd) )
        return NULL;
    if ( fd < 0 )
    {
        errno = EPROTO;
        return NULL;
    }
    map = mmap(NULL, mf.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if ( map == MAP_FAILED )
        return NULL;
    *size = mf.size;
    return map;
}

void *xc_map_foreign_range(xc_interface *xch, uint32_t domid, int size,
                           int prot, unsigned long mfn)
{
    struct privcmd_map_foreign mf = { .domid = domid };
    uint64_t offset = (uint64_t)mfn << 12;
    void *map;
    int fd;

    if ( size <= 0 || size % 4096 )
    {
        errno = EINVAL;
        return NULL;
    }
    if ( xc_privcmd_call(xch, PRIVCMD_OP_MAP_FOREIGN, &mf, sizeof(mf), &fd) )
        return NULL;
    if ( fd < 0 )
    {
        errno = EPROTO;
        return NULL;
    }
    /* The frame comes from xenstore or a guest: it must be guest RAM. */
    if ( mfn >= (1UL << 40) || offset + size > mf.size )
    {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    map = mmap(NULL, size, prot, MAP_SHARED, fd, offset);
    close(fd);
    return map == MAP_FAILED ? NULL : map;
}
