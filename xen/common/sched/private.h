/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched/private.h: the interface between the scheduler core (pCPU
 * threads, run states, locking) and a scheduling policy. Only files in
 * xen/common/sched/ include it. Every hook runs with sched_lock held.
 */
#ifndef XEN_SCHED_PRIVATE_H
#define XEN_SCHED_PRIVATE_H

#include <public/domctl.h>
#include <public/sysctl.h>
#include <xen/domain.h>

struct scheduler_ops {
    const char *name;
    unsigned int sched_id; /* XEN_SCHEDULER_* */

    int (*init)(unsigned int nr_pcpus);
    int (*init_domain)(struct domain *d);
    void (*destroy_domain)(struct domain *d);
    int (*init_vcpu)(struct vcpu *v);
    void (*destroy_vcpu)(struct vcpu *v);

    /* Queue a runnable vCPU; `woken` if it just left the blocked state. */
    void (*enqueue)(struct vcpu *v, bool woken);
    /* Take v off the queue if it is on it. */
    void (*dequeue)(struct vcpu *v);
    /* The next vCPU for pCPU `cpu` (removed from the queue), or NULL. */
    struct vcpu *(*pick)(unsigned int cpu);
    /* v ran for `ns` on a pCPU. */
    void (*burn)(struct vcpu *v, s_time_t ns);
    /*
     * True if a queued vCPU should take running's place: one of better
     * priority, or (at the end of a time slice) of the same priority.
     */
    bool (*should_preempt)(const struct vcpu *running, bool slice_end);
    /* Periodic accounting (every time slice); returns the period in ns. */
    s_time_t (*account)(void);
    s_time_t (*slice)(void);

    long (*adjust)(struct domain *d, struct xen_domctl_scheduler_op *op);
    long (*adjust_global)(struct xen_sysctl_scheduler_op *op);
};

extern const struct scheduler_ops sched_credit_ops;

/* Core helpers for policies. */
unsigned int sched_core_nr_pcpus(void);
bool sched_vcpu_may_run_on(const struct vcpu *v, unsigned int cpu);
/* Add the domains of running vCPUs to doms[] (no duplicates). */
void sched_core_collect_running(struct domain **doms, unsigned int *nr,
                                unsigned int max);
/* Shortest run before a vCPU may be preempted (credit.c). */
s_time_t credit_ratelimit(void);

#endif /* XEN_SCHED_PRIVATE_H */
