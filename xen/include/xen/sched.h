/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched.h: the scheduler as the rest of the hypervisor sees it. vCPUs run
 * on pCPU worker threads; the policy (credit) sits behind struct
 * scheduler_ops in sched/private.h.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <stdbool.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xen/domain.h>

/* Start `nr_pcpus` worker threads (0 = one per host core). */
int scheduler_init(unsigned int nr_pcpus);
/* How long an idle pCPU polls for work before sleeping (0: not at all). */
void sched_set_halt_poll(s_time_t ns);
void scheduler_stop(void);
unsigned int sched_nr_pcpus(void);
int sched_id(void); /* XEN_SCHEDULER_CREDIT */

int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);
int sched_init_vcpu(struct vcpu *v);
void sched_destroy_vcpu(struct vcpu *v);

/*
 * A vCPU's runnability may have changed (unpaused, unblocked, flags
 * cleared): queue it if it is runnable now.
 */
void vcpu_wake(struct vcpu *v);
/* Make v leave its run loop soon (it stays runnable). */
void vcpu_kick(struct vcpu *v);
/* Wait until v is not running on any pCPU (after making it unrunnable). */
void vcpu_sleep_sync(struct vcpu *v);

/* Called from hypercalls on v's own pCPU thread. */
void vcpu_block(struct vcpu *v); /* SCHEDOP_block semantics */
void vcpu_unblock(struct vcpu *v); /* clear VPF_blocked and wake */
void vcpu_yield(struct vcpu *v);

/* Set up v's singleshot, periodic and poll timers (schedop.c). */
void vcpu_timers_init(struct vcpu *v);

/* Time v has run, in ns (including the current stint). */
uint64_t vcpu_cpu_time(const struct vcpu *v);
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r);

/* Toolstack: domctl scheduler_op, sysctl scheduler_op, affinity. */
long sched_adjust(struct domain *d, struct xen_domctl_scheduler_op *op);
long sched_adjust_global(struct xen_sysctl_scheduler_op *op);
int vcpu_set_hard_affinity(struct vcpu *v, uint64_t mask);

#endif /* XEN_SCHED_H */
