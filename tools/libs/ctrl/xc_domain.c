/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_domain.c: domain and vCPU control (domctl wrappers), scheduler
 * parameters, host information and the console ring (sysctl wrappers),
 * unbound event channels and foreign mappings of guest memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/privcmd.h>
#include <xenctrl.h>

/* A zeroed domctl for cmd on domid (large: heap, not stack). */
static struct xen_domctl *domctl_new(uint32_t cmd, uint32_t domid)
{
    struct xen_domctl *op = calloc(1, sizeof(*op));

    if ( op )
    {
        op->cmd = cmd;
        op->domain = domid;
    }
    return op;
}

static int domctl_simple(xc_interface *xch, uint32_t cmd, uint32_t domid)
{
    struct xen_domctl *op = domctl_new(cmd, domid);
    int rc;

    if ( !op )
        return -1;
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_createdomain, *pdomid);
    int rc;

    if ( !op )
        return -1;
    op->u.createdomain = *config;
    rc = xc_domctl(xch, op);
    if ( !rc )
        *pdomid = op->domain;
    free(op);
    return rc;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
    return domctl_simple(xch, XEN_DOMCTL_destroydomain, domid);
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
    return domctl_simple(xch, XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
    return domctl_simple(xch, XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_shutdown, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.shutdown.reason = reason;
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
                             xc_domaininfo_t *info)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_getdomaininfo, domid);
    int rc;

    if ( !op )
        return -1;
    rc = xc_domctl(xch, op);
    if ( !rc )
        *info = op->u.getdomaininfo;
    free(op);
    return rc;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first, unsigned int max,
                          xc_domaininfo_t *info)
{
    struct xen_sysctl *op = calloc(1, sizeof(*op));
    unsigned int done = 0;
    int rc = 0;

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
        if ( l->num_domains < l->max_domains )
            break;
    }
    free(op);
    return rc ? -1 : (int)done;
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_max_mem, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.max_mem.max_memkb = max_memkb;
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_max_vcpus, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.max_vcpus.max = max;
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, uint64_t gmfn)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_hypercall_init, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.hypercall_init.gmfn = gmfn;
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       const struct vcpu_guest_context *ctxt)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_setvcpucontext, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.vcpucontext.vcpu = vcpu;
    op->u.vcpucontext.ctxt = *ctxt;
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       struct vcpu_guest_context *ctxt)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_getvcpucontext, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.vcpucontext.vcpu = vcpu;
    rc = xc_domctl(xch, op);
    if ( !rc )
        *ctxt = op->u.vcpucontext.ctxt;
    free(op);
    return rc;
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_getvcpuinfo, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.getvcpuinfo.vcpu = vcpu;
    rc = xc_domctl(xch, op);
    if ( !rc )
        *info = op->u.getvcpuinfo;
    free(op);
    return rc;
}

int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                        uint64_t hard_mask)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_setvcpuaffinity, domid);
    unsigned int i;
    int rc;

    if ( !op )
        return -1;
    op->u.vcpuaffinity.vcpu = vcpu;
    op->u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    op->u.vcpuaffinity.nr_bits = 64;
    for ( i = 0; i < 64; i++ )
        if ( hard_mask & (1ULL << i) )
            op->u.vcpuaffinity.cpumap_hard[i / 8] |= 1u << (i % 8);
    rc = xc_domctl(xch, op);
    free(op);
    return rc;
}

static int sched_credit_op(xc_interface *xch, uint32_t domid, uint32_t cmd,
                           struct xen_domctl_sched_credit *sdom)
{
    struct xen_domctl *op = domctl_new(XEN_DOMCTL_scheduler_op, domid);
    int rc;

    if ( !op )
        return -1;
    op->u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op->u.scheduler_op.cmd = cmd;
    op->u.scheduler_op.u.credit = *sdom;
    rc = xc_domctl(xch, op);
    if ( !rc )
        *sdom = op->u.scheduler_op.u.credit;
    free(op);
    return rc;
}

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                               const struct xen_domctl_sched_credit *sdom)
{
    struct xen_domctl_sched_credit c = *sdom;

    return sched_credit_op(xch, domid, XEN_DOMCTL_SCHEDOP_putinfo, &c);
}

int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom)
{
    return sched_credit_op(xch, domid, XEN_DOMCTL_SCHEDOP_getinfo, sdom);
}

int xc_sched_id(xc_interface *xch, int *sched_id)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_sched_id };
    int rc = xc_sysctl(xch, &op);

    if ( !rc )
        *sched_id = op.u.sched_id.sched_id;
    return rc;
}

int xc_physinfo(xc_interface *xch, struct xen_sysctl_physinfo *info)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };
    int rc = xc_sysctl(xch, &op);

    if ( !rc )
        *info = op.u.physinfo;
    return rc;
}

int xc_readconsolering(xc_interface *xch, char *buf, unsigned int *size,
                       int clear, int incremental, uint64_t *index)
{
    struct xen_sysctl *op = calloc(1, sizeof(*op));
    struct xen_sysctl_readconsole *rc_op;
    int rc;

    if ( !op )
        return -1;
    op->cmd = XEN_SYSCTL_readconsole;
    rc_op = &op->u.readconsole;
    rc_op->clear = !!clear;
    rc_op->incremental = !!incremental;
    rc_op->index = index ? *index : 0;
    rc_op->count =
        *size < sizeof(rc_op->buffer) ? *size : sizeof(rc_op->buffer);
    rc = xc_sysctl(xch, op);
    if ( !rc )
    {
        memcpy(buf, rc_op->buffer, rc_op->count);
        *size = rc_op->count;
        if ( index )
            *index = rc_op->index;
    }
    free(op);
    return rc;
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

int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t domid,
                            uint32_t remote_domid)
{
    struct {
        uint32_t cmd, pad;
        struct evtchn_alloc_unbound op;
    } req = {
        .cmd = EVTCHNOP_alloc_unbound,
        .op = { .dom = domid, .remote_dom = remote_domid },
    };

    if ( xc_privcmd_call(xch, __HYPERVISOR_event_channel_op, &req, sizeof(req),
                         NULL) )
        return -1;
    return req.op.port;
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
