/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_sched.c: the scheduler: which one runs, a domain's credit weight
 * and cap, and the credit scheduler's time slice and rate limit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libxl_internal.h"

int libxl_get_scheduler(libxl_ctx *ctx)
{
    xc_interface *xch = libxl__xch(ctx);
    int sched;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( xc_sched_id(xch, &sched) )
    {
        LOGE(ctx, ERROR, "cannot read the scheduler");
        return ERROR_FAIL;
    }
    return sched;
}

const char *libxl_scheduler_to_string(int sched)
{
    switch ( sched )
    {
    case XEN_SCHEDULER_SEDF:
        return "sedf";
    case XEN_SCHEDULER_CREDIT:
        return "credit";
    case XEN_SCHEDULER_CREDIT2:
        return "credit2";
    case XEN_SCHEDULER_ARINC653:
        return "arinc653";
    case XEN_SCHEDULER_RTDS:
        return "rtds";
    case XEN_SCHEDULER_NULL:
        return "null";
    default:
        return "unknown";
    }
}

int libxl_domain_sched_params_get(libxl_ctx *ctx, uint32_t domid, int *weight,
                                  int *cap)
{
    xc_interface *xch = libxl__xch(ctx);
    struct xen_domctl_sched_credit sc = { 0 };

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( xc_sched_credit_domain_get(xch, domid, &sc) )
        return libxl__rc_of_errno(errno);
    *weight = sc.weight;
    *cap = sc.cap;
    return 0;
}

int libxl_domain_sched_params_set(libxl_ctx *ctx, uint32_t domid, int weight,
                                  int cap)
{
    xc_interface *xch = libxl__xch(ctx);
    struct xen_domctl_sched_credit sc;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( weight == LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT &&
         cap == LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT )
        return 0;
    if ( (weight != LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT &&
          (weight < 1 || weight > 65535)) ||
         (cap != LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT &&
          (cap < 0 || cap > 65535)) )
    {
        LOG(ctx, ERROR, "weight must be 1 to 65535 and cap 0 to 65535");
        return ERROR_INVAL;
    }
    if ( xc_sched_credit_domain_get(xch, domid, &sc) )
        return libxl__rc_of_errno(errno);
    if ( weight != LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT )
        sc.weight = weight;
    if ( cap != LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT )
        sc.cap = cap;
    if ( xc_sched_credit_domain_set(xch, domid, &sc) )
    {
        LOGE(ctx, ERROR, "cannot set the credit parameters of domain %u",
             domid);
        return libxl__rc_of_errno(errno);
    }
    return 0;
}

int libxl_sched_credit_params_get(libxl_ctx *ctx, uint32_t poolid,
                                  struct libxl_sched_credit_params *p)
{
    xc_interface *xch = libxl__xch(ctx);
    struct xen_sysctl_credit_schedule s = { 0 };

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( xc_sched_credit_params_get(xch, poolid, &s) )
        return libxl__rc_of_errno(errno);
    p->tslice_ms = s.tslice_ms;
    p->ratelimit_us = s.ratelimit_us;
    p->vcpu_migr_delay_us = 0; /* the hypervisor has no such delay */
    return 0;
}

int libxl_sched_credit_params_set(libxl_ctx *ctx, uint32_t poolid,
                                  const struct libxl_sched_credit_params *p)
{
    xc_interface *xch = libxl__xch(ctx);
    struct xen_sysctl_credit_schedule s = {
        .tslice_ms = p->tslice_ms,
        .ratelimit_us = p->ratelimit_us,
    };

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( p->vcpu_migr_delay_us )
    {
        LOG(ctx, ERROR, "this scheduler has no migration delay to set");
        return ERROR_NI;
    }
    if ( p->tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN ||
         p->tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX ||
         p->ratelimit_us < XEN_SYSCTL_SCHED_RATELIMIT_MIN ||
         p->ratelimit_us > XEN_SYSCTL_SCHED_RATELIMIT_MAX ||
         p->ratelimit_us > p->tslice_ms * 1000 )
    {
        LOG(ctx, ERROR,
            "tslice_ms must be %d to %d and ratelimit_us %d to %d, and "
            "no more than the time slice",
            XEN_SYSCTL_CSCHED_TSLICE_MIN, XEN_SYSCTL_CSCHED_TSLICE_MAX,
            XEN_SYSCTL_SCHED_RATELIMIT_MIN, XEN_SYSCTL_SCHED_RATELIMIT_MAX);
        return ERROR_INVAL;
    }
    if ( xc_sched_credit_params_set(xch, poolid, &s) )
    {
        LOGE(ctx, ERROR, "cannot set the credit scheduler's parameters");
        return libxl__rc_of_errno(errno);
    }
    return 0;
}
