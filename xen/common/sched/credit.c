/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * credit.c: a proportional-share credit scheduler. Every accounting
 * period (one time slice) the CPU time the vCPUs were charged in the last
 * period is shared out as credit to the active domains in proportion to
 * their weights, limited by their caps; running vCPUs spend credit for
 * exactly the time they ran. vCPUs with credit left run before those in
 * debt (UNDER before OVER), and within a priority the one with the most
 * credit runs first; a vCPU waking from a block with credit left is
 * BOOSTed ahead of both so that I/O is served quickly. A capped domain
 * that has spent its cap is parked until the next period. One run queue
 * serves all pCPUs; hard affinity is checked when picking.
 *
 * All hooks run under sched_lock (core.c).
 */
#include <string.h>

#include <xen/lib.h>
#include <xen/time.h>

#include "private.h"

#define CSCHED_DEFAULT_WEIGHT 256
#define CSCHED_DEFAULT_TSLICE_MS 30
#define CSCHED_DEFAULT_RATELIMIT_US 1000
#define CREDIT_MAX_DEBT_PERIODS 4

enum csched_pri { PRI_BOOST = 0, PRI_UNDER = 1, PRI_OVER = 2, NR_PRI = 3 };

struct csched_vcpu {
    struct vcpu *vcpu;
    struct csched_vcpu *next, *prev; /* run-queue links */
    bool queued;
    bool boost;
    int64_t credit; /* ns of CPU time it may still use */
};

struct csched_dom {
    uint16_t weight;
    uint16_t cap; /* % of one pCPU, 0 = none */
    bool parked; /* capped and out of credit */
    int64_t burned; /* ns used in the current period */
};

static struct csched_vcpu runq[NR_PRI]; /* list heads, one per priority */
static unsigned int nr_pcpus;
static int64_t burned_in_period; /* ns charged to all vCPUs since accounting */
static s_time_t tslice = MILLISECS(CSCHED_DEFAULT_TSLICE_MS);
static s_time_t ratelimit = MICROSECS(CSCHED_DEFAULT_RATELIMIT_US);

static struct csched_vcpu *CV(const struct vcpu *v)
{
    return v->sched_priv;
}

static struct csched_dom *CD(const struct domain *d)
{
    return d->sched_priv;
}

static int credit_init(unsigned int pcpus)
{
    unsigned int i;

    nr_pcpus = pcpus;
    for ( i = 0; i < NR_PRI; i++ )
        runq[i].next = runq[i].prev = &runq[i];
    return 0;
}

static int credit_init_domain(struct domain *d)
{
    struct csched_dom *sd = calloc(1, sizeof(*sd));

    if ( !sd )
        return -ENOMEM;
    sd->weight = CSCHED_DEFAULT_WEIGHT;
    d->sched_priv = sd;
    return 0;
}

static void credit_destroy_domain(struct domain *d)
{
    free(d->sched_priv);
    d->sched_priv = NULL;
}

static int credit_init_vcpu(struct vcpu *v)
{
    struct csched_vcpu *sv = calloc(1, sizeof(*sv));

    if ( !sv )
        return -ENOMEM;
    sv->vcpu = v;
    v->sched_priv = sv;
    return 0;
}

static void list_remove(struct csched_vcpu *sv)
{
    sv->prev->next = sv->next;
    sv->next->prev = sv->prev;
    sv->next = sv->prev = NULL;
    sv->queued = false;
}

static void credit_dequeue(struct vcpu *v)
{
    struct csched_vcpu *sv = CV(v);

    if ( sv && sv->queued )
        list_remove(sv);
}

static void credit_destroy_vcpu(struct vcpu *v)
{
    credit_dequeue(v);
    free(v->sched_priv);
    v->sched_priv = NULL;
}

static enum csched_pri priority(const struct csched_vcpu *sv)
{
    if ( sv->boost && sv->credit > 0 )
        return PRI_BOOST;
    return sv->credit > 0 ? PRI_UNDER : PRI_OVER;
}

static void credit_enqueue(struct vcpu *v, bool woken)
{
    struct csched_vcpu *sv = CV(v), *head, *pos;

    if ( sv->queued )
        return;
    sv->boost = woken && sv->credit > 0;
    /* Within a priority, the vCPU with the most credit left goes first. */
    head = &runq[priority(sv)];
    for ( pos = head->next; pos != head && pos->credit >= sv->credit;
          pos = pos->next )
        ;
    sv->prev = pos->prev;
    sv->next = pos;
    pos->prev->next = sv;
    pos->prev = sv;
    sv->queued = true;
}

static struct vcpu *credit_pick(unsigned int cpu)
{
    unsigned int p;

    for ( p = 0; p < NR_PRI; p++ )
    {
        struct csched_vcpu *sv;

        for ( sv = runq[p].next; sv != &runq[p]; sv = sv->next )
        {
            if ( CD(sv->vcpu->domain)->parked )
                continue;
            if ( !sched_vcpu_may_run_on(sv->vcpu, cpu) )
                continue;
            list_remove(sv);
            return sv->vcpu;
        }
    }
    return NULL;
}

static void credit_burn(struct vcpu *v, s_time_t ns)
{
    struct csched_vcpu *sv = CV(v);
    struct csched_dom *sd = CD(v->domain);

    sv->credit -= ns;
    sv->boost = false;
    sd->burned += ns;
    burned_in_period += ns;
    if ( sd->cap && sd->burned >= tslice * sd->cap / 100 )
        sd->parked = true;
}

/*
 * A waiting vCPU of better priority than `running`'s, or, once its slice
 * is over, of the same priority with more credit left? (Taking turns by
 * credit rather than in a fixed order keeps shares exact when vCPUs of
 * different weights are all in debt: the one less in debt runs first.)
 */
static bool credit_should_preempt(const struct vcpu *running, bool slice_end)
{
    const struct csched_vcpu *me = CV(running);
    enum csched_pri mine = priority(me);
    unsigned int p;

    for ( p = 0; p < NR_PRI; p++ )
    {
        struct csched_vcpu *sv;

        for ( sv = runq[p].next; sv != &runq[p]; sv = sv->next )
            if ( !CD(sv->vcpu->domain)->parked &&
                 sched_vcpu_may_run_on(sv->vcpu, running->processor) )
                return p < mine ||
                       (slice_end && p == mine && sv->credit >= me->credit);
    }
    return false;
}

/*
 * Per-vCPU credit share of a domain, in ns per period. What is shared out
 * is the CPU time the vCPUs were actually charged in the last period, not
 * the period's nominal length: switching, the hypervisor's own work and
 * the host take some of every period, and credit handed out for time no
 * one could use would pile up until every vCPU sat at the cap, where they
 * take turns equally whatever their weights.
 */
static int64_t vcpu_share(struct domain *d, uint64_t total_weight,
                          unsigned int active, int64_t to_share)
{
    struct csched_dom *sd = CD(d);
    int64_t dom_share = to_share * sd->weight / (int64_t)total_weight;

    if ( sd->cap )
        dom_share = min(dom_share, tslice * sd->cap / 100);
    return dom_share / (active ? active : 1);
}

static unsigned int active_vcpus(struct domain *d)
{
    unsigned int i, n = 0;

    for ( i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = d->vcpu[i];

        if ( v && v->sched_priv && (CV(v)->queued || v->is_running) )
            n++;
    }
    return n;
}

/*
 * The accounting walks the run queues and running vCPUs only: idle
 * domains earn nothing, so they cannot hoard credit.
 */
#define MAX_TRACKED 4096
static s_time_t credit_account(void)
{
    struct domain *doms[MAX_TRACKED];
    unsigned int nd = 0, i, p;
    uint64_t total_weight = 0;
    int64_t to_share;
    struct csched_vcpu *sv;

    /* Collect active domains (queued vCPUs; running ones via burn). */
    for ( p = 0; p < NR_PRI; p++ )
        for ( sv = runq[p].next; sv != &runq[p]; sv = sv->next )
        {
            struct domain *d = sv->vcpu->domain;

            for ( i = 0; i < nd && doms[i] != d; i++ )
                ;
            if ( i == nd && nd < MAX_TRACKED )
                doms[nd++] = d;
        }
    sched_core_collect_running(doms, &nd, MAX_TRACKED);

    for ( i = 0; i < nd; i++ )
        total_weight += CD(doms[i])->weight;
    to_share = burned_in_period;
    if ( to_share <= 0 )
        to_share = tslice * nr_pcpus; /* nothing ran: a fresh start */
    burned_in_period = 0;
    for ( i = 0; i < nd; i++ )
    {
        struct domain *d = doms[i];
        unsigned int n = active_vcpus(d), k;
        int64_t share =
            vcpu_share(d, total_weight ? total_weight : 1, n, to_share);

        for ( k = 0; k < d->max_vcpus; k++ )
        {
            struct vcpu *v = d->vcpu[k];

            if ( !v || !v->sched_priv )
                continue;
            sv = CV(v);
            if ( !sv->queued && !v->is_running )
                continue;
            /*
             * Never carry more than one period's worth forward, nor more
             * than a few periods' debt: a vCPU that ran beyond its share
             * while the other pCPUs were free must not be starved for as
             * long once they are not.
             */
            sv->credit = max(min(sv->credit + share, tslice),
                             -CREDIT_MAX_DEBT_PERIODS * tslice);
            if ( sv->queued )
            {
                credit_dequeue(v);
                credit_enqueue(v, false);
            }
        }
        CD(d)->burned = 0;
        CD(d)->parked = false;
    }
    return tslice;
}

static s_time_t credit_slice(void)
{
    return tslice;
}

static long credit_adjust(struct domain *d, struct xen_domctl_scheduler_op *op)
{
    struct csched_dom *sd = CD(d);
    struct xen_domctl_sched_credit *c = &op->u.credit;

    switch ( op->cmd )
    {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        c->weight = sd->weight;
        c->cap = sd->cap;
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        if ( c->cap > 100 * max(d->max_vcpus, 1u) )
            return -EINVAL;
        if ( c->weight )
            sd->weight = c->weight;
        sd->cap = c->cap;
        return 0;
    default:
        return -EINVAL;
    }
}

static long credit_adjust_global(struct xen_sysctl_scheduler_op *op)
{
    struct xen_sysctl_credit_schedule *c = &op->u.sched_credit;

    switch ( op->cmd )
    {
    case XEN_SYSCTL_SCHEDOP_getinfo:
        c->tslice_ms = tslice / MILLISECS(1);
        c->ratelimit_us = ratelimit / MICROSECS(1);
        return 0;
    case XEN_SYSCTL_SCHEDOP_putinfo:
        if ( c->tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN ||
             c->tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX ||
             c->ratelimit_us < XEN_SYSCTL_SCHED_RATELIMIT_MIN ||
             c->ratelimit_us > XEN_SYSCTL_SCHED_RATELIMIT_MAX ||
             MICROSECS(c->ratelimit_us) >= MILLISECS(c->tslice_ms) )
            return -EINVAL;
        tslice = MILLISECS(c->tslice_ms);
        ratelimit = MICROSECS(c->ratelimit_us);
        return 0;
    default:
        return -EINVAL;
    }
}

s_time_t credit_ratelimit(void)
{
    return ratelimit;
}

const struct scheduler_ops sched_credit_ops = {
    .name = "credit",
    .sched_id = XEN_SCHEDULER_CREDIT,
    .init = credit_init,
    .init_domain = credit_init_domain,
    .destroy_domain = credit_destroy_domain,
    .init_vcpu = credit_init_vcpu,
    .destroy_vcpu = credit_destroy_vcpu,
    .enqueue = credit_enqueue,
    .dequeue = credit_dequeue,
    .pick = credit_pick,
    .burn = credit_burn,
    .should_preempt = credit_should_preempt,
    .account = credit_account,
    .slice = credit_slice,
    .adjust = credit_adjust,
    .adjust_global = credit_adjust_global,
};
