/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_host.c: the host and the hypervisor: physical information, the
 * hypervisor's console ring (sysctl wrappers) and its version queries
 * (the xen_version hypercall passed through privcmd).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <public/version.h>

#include "xc_private.h"

struct xen_sysctl *xc_sysctl_new(uint32_t cmd)
{
    struct xen_sysctl *op = calloc(1, sizeof(*op));

    if ( op )
        op->cmd = cmd;
    return op;
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
    struct xen_sysctl *op = xc_sysctl_new(XEN_SYSCTL_readconsole);
    struct xen_sysctl_readconsole *rc_op;
    int rc, saved;

    if ( !op )
        return -1;
    rc_op = &op->u.readconsole;
    rc_op->clear = !!clear;
    rc_op->incremental = !!incremental;
    rc_op->index = index ? *index : 0;
    rc_op->count =
        *size < sizeof(rc_op->buffer) ? *size : sizeof(rc_op->buffer);
    rc = xc_sysctl(xch, op);
    saved = errno;
    if ( !rc )
    {
        memcpy(buf, rc_op->buffer, rc_op->count);
        *size = rc_op->count;
        if ( index )
            *index = rc_op->index;
    }
    free(op);
    errno = saved;
    return rc;
}

/* Size of the argument each XENVER_* query writes back (0: none). */
static int version_arg_size(int cmd)
{
    switch ( cmd )
    {
    case XENVER_version:
    case XENVER_pagesize:
        return 0;
    case XENVER_extraversion:
        return sizeof(xen_extraversion_t);
    case XENVER_compile_info:
        return sizeof(xen_compile_info_t);
    case XENVER_capabilities:
        return sizeof(xen_capabilities_info_t);
    case XENVER_changeset:
        return sizeof(xen_changeset_info_t);
    case XENVER_platform_parameters:
        return sizeof(xen_platform_parameters_t);
    case XENVER_get_features:
        return sizeof(xen_feature_info_t);
    case XENVER_commandline:
        return sizeof(xen_commandline_t);
    default:
        return -1;
    }
}

int xc_version(xc_interface *xch, int cmd, void *arg)
{
    int size = version_arg_size(cmd);

    if ( size < 0 || (size && !arg) )
    {
        errno = EINVAL;
        return -1;
    }
    return xc_hypercall_passthrough(xch, __HYPERVISOR_xen_version, cmd, arg,
                                    size);
}
