/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_vcpu.c: vCPU control (domctl wrappers): register contexts, run
 * state and CPU affinity. CPU maps are Xen's: one bit per pCPU, byte 0
 * bit 0 is pCPU 0, xc_get_cpumap_size() bytes long.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xc_private.h"

int xc_get_max_cpus(xc_interface *xch)
{
    struct xen_sysctl_physinfo info;

    if ( xc_physinfo(xch, &info) )
        return -1;
    return info.max_cpu_id + 1;
}

int xc_get_cpumap_size(xc_interface *xch)
{
    int cpus = xc_get_max_cpus(xch);

    return cpus < 0 ? -1 : (cpus + 7) / 8;
}

xc_cpumap_t xc_cpumap_alloc(xc_interface *xch)
{
    int size = xc_get_cpumap_size(xch);

    return size > 0 ? calloc(1, size) : NULL;
}

int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       const struct vcpu_guest_context *ctxt)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_setvcpucontext, domid);

    if ( op )
    {
        op->u.vcpucontext.vcpu = vcpu;
        op->u.vcpucontext.ctxt = *ctxt;
    }
    return xc_domctl_run_free(xch, op);
}

int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       struct vcpu_guest_context *ctxt)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_getvcpucontext, domid);
    int rc, saved;

    if ( !op )
        return -1;
    op->u.vcpucontext.vcpu = vcpu;
    rc = xc_domctl(xch, op);
    saved = errno;
    if ( !rc )
        *ctxt = op->u.vcpucontext.ctxt;
    free(op);
    errno = saved;
    return rc;
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_getvcpuinfo, domid);
    int rc, saved;

    if ( !op )
        return -1;
    op->u.getvcpuinfo.vcpu = vcpu;
    rc = xc_domctl(xch, op);
    saved = errno;
    if ( !rc )
        *info = op->u.getvcpuinfo;
    free(op);
    errno = saved;
    return rc;
}

/* Copy a caller's map (nbytes long) into a domctl's fixed-size one. */
static void map_in(uint8_t *dst, const uint8_t *src, size_t nbytes)
{
    memset(dst, 0, XEN_DOMCTL_CPUMAP_BYTES);
    if ( src )
        memcpy(dst, src,
               nbytes < XEN_DOMCTL_CPUMAP_BYTES ? nbytes
                                                : XEN_DOMCTL_CPUMAP_BYTES);
}

static void map_out(uint8_t *dst, const uint8_t *src, size_t nbytes)
{
    if ( !dst )
        return;
    memset(dst, 0, nbytes);
    memcpy(dst, src,
           nbytes < XEN_DOMCTL_CPUMAP_BYTES ? nbytes : XEN_DOMCTL_CPUMAP_BYTES);
}

int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard_inout,
                        xc_cpumap_t cpumap_soft_inout, uint32_t flags)
{
    struct xen_domctl *op;
    int size = xc_get_cpumap_size(xch), rc, saved;

    if ( size <= 0 )
        return -1;
    if ( vcpu < 0 ||
         !(flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) )
    {
        errno = EINVAL;
        return -1;
    }
    op = xc_domctl_new(XEN_DOMCTL_setvcpuaffinity, domid);
    if ( !op )
        return -1;
    op->u.vcpuaffinity.vcpu = vcpu;
    op->u.vcpuaffinity.flags = flags;
    op->u.vcpuaffinity.nr_bits = size * 8;
    map_in(op->u.vcpuaffinity.cpumap_hard, cpumap_hard_inout, size);
    map_in(op->u.vcpuaffinity.cpumap_soft, cpumap_soft_inout, size);
    rc = xc_domctl(xch, op);
    saved = errno;
    free(op);
    /* Report what is now in force, as Xen's does. */
    if ( !rc )
        rc = xc_vcpu_getaffinity(xch, domid, vcpu, cpumap_hard_inout,
                                 cpumap_soft_inout, flags);
    else
        errno = saved;
    return rc;
}

int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard, xc_cpumap_t cpumap_soft,
                        uint32_t flags)
{
    struct xen_domctl *op;
    int size = xc_get_cpumap_size(xch), rc, saved;

    if ( size <= 0 )
        return -1;
    if ( vcpu < 0 )
    {
        errno = EINVAL;
        return -1;
    }
    op = xc_domctl_new(XEN_DOMCTL_getvcpuaffinity, domid);
    if ( !op )
        return -1;
    op->u.vcpuaffinity.vcpu = vcpu;
    op->u.vcpuaffinity.flags = flags;
    op->u.vcpuaffinity.nr_bits = size * 8;
    rc = xc_domctl(xch, op);
    saved = errno;
    if ( !rc )
    {
        if ( flags & XEN_VCPUAFFINITY_HARD )
            map_out(cpumap_hard, op->u.vcpuaffinity.cpumap_hard, size);
        if ( flags & XEN_VCPUAFFINITY_SOFT )
            map_out(cpumap_soft, op->u.vcpuaffinity.cpumap_soft, size);
    }
    free(op);
    errno = saved;
    return rc;
}
