/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_sched.c: the scheduler: which one runs (sysctl sched_id), a
 * domain's credit parameters (domctl scheduler_op) and the credit
 * scheduler's pool-wide time slice and rate limit (sysctl scheduler_op).
 */
#include <errno.h>
#include <stdlib.h>

#include "xc_private.h"

static int sched_credit_op(xc_interface *xch, uint32_t domid, uint32_t cmd,
                           struct xen_domctl_sched_credit *sdom)
{
    struct xen_domctl *op = xc_domctl_new(XEN_DOMCTL_scheduler_op, domid);
    int rc, saved;

    if ( !op )
        return -1;
    op->u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op->u.scheduler_op.cmd = cmd;
    op->u.scheduler_op.u.credit = *sdom;
    rc = xc_domctl(xch, op);
    saved = errno;
    if ( !rc )
        *sdom = op->u.scheduler_op.u.credit;
    free(op);
    errno = saved;
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

static int credit_params_op(xc_interface *xch, uint32_t cpupool, uint32_t cmd,
                            struct xen_sysctl_credit_schedule *schedule)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_scheduler_op };
    int rc;

    op.u.scheduler_op.cpupool_id = cpupool;
    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.sched_credit = *schedule;
    rc = xc_sysctl(xch, &op);
    if ( !rc )
        *schedule = op.u.scheduler_op.u.sched_credit;
    return rc;
}

int xc_sched_credit_params_set(xc_interface *xch, uint32_t cpupool,
                               struct xen_sysctl_credit_schedule *schedule)
{
    return credit_params_op(xch, cpupool, XEN_SYSCTL_SCHEDOP_putinfo, schedule);
}

int xc_sched_credit_params_get(xc_interface *xch, uint32_t cpupool,
                               struct xen_sysctl_credit_schedule *schedule)
{
    return credit_params_op(xch, cpupool, XEN_SYSCTL_SCHEDOP_getinfo, schedule);
}
