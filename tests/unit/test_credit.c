/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_credit: the credit policy (sched/credit.c) driven by a simulated
 * pCPU: proportional shares by weight, caps, boost on wake, and hard
 * affinity in picking.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/domain.h>

#include "../../xen/common/sched/private.h"
#include "cunit_main.h"

__thread struct vcpu *current;
static struct vcpu *running; /* the simulated pCPU's current vCPU */

bool sched_vcpu_may_run_on(const struct vcpu *v, unsigned int cpu)
{
    return v->cpu_hard_affinity & (1ULL << cpu);
}

void sched_core_collect_running(struct domain **doms, unsigned int *nr,
                                unsigned int max)
{
    if ( running && *nr < max )
        doms[(*nr)++] = running->domain;
}

unsigned int sched_core_nr_pcpus(void)
{
    return 1;
}

static const struct scheduler_ops *ops = &sched_credit_ops;

static struct domain *make_domain(domid_t id, uint16_t weight, uint16_t cap)
{
    struct domain *d = calloc(1, sizeof(*d));
    struct vcpu *v = calloc(1, sizeof(*v));
    struct xen_domctl_scheduler_op op = {
        .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
        .u.credit = { .weight = weight, .cap = cap },
    };

    d->domain_id = id;
    d->max_vcpus = 1;
    d->vcpu = calloc(1, sizeof(*d->vcpu));
    d->vcpu[0] = v;
    v->domain = d;
    v->cpu_hard_affinity = ~0ULL;
    ops->init_domain(d);
    ops->init_vcpu(v);
    CU_ASSERT_EQUAL(ops->adjust(d, &op), 0);
    return d;
}

static void free_domain(struct domain *d)
{
    ops->destroy_vcpu(d->vcpu[0]);
    ops->destroy_domain(d);
    free(d->vcpu[0]);
    free(d->vcpu);
    free(d);
}

/*
 * Run `slices` slices of 1 ms on one pCPU with all vCPUs always busy,
 * accounting every 30 ms; return how many ns each domain got.
 */
static void simulate(struct domain **doms, unsigned int n, unsigned int slices,
                     uint64_t *got)
{
    unsigned int s, i;

    memset(got, 0, n * sizeof(*got));
    for ( i = 0; i < n; i++ )
        ops->enqueue(doms[i]->vcpu[0], false);
    for ( s = 0; s < slices; s++ )
    {
        struct vcpu *v;

        if ( s % 30 == 0 )
            ops->account();
        v = ops->pick(0);
        if ( !v )
            continue; /* everyone parked: idle slice */
        running = v;
        ops->burn(v, MILLISECS(1));
        for ( i = 0; i < n; i++ )
            if ( doms[i] == v->domain )
                got[i] += MILLISECS(1);
        running = NULL;
        ops->enqueue(v, false);
    }
    for ( i = 0; i < n; i++ )
        ops->dequeue(doms[i]->vcpu[0]);
}

typedef void (*simulator_t)(struct domain **doms, unsigned int n,
                            unsigned int steps, uint64_t *got);

/* Weights 256 and 512 under a simulator: CPU time within 1% of 1:2. */
static void check_weights(simulator_t sim, const char *how)
{
    struct domain *doms[2];
    uint64_t got[2];
    double ratio;

    ops->init(1);
    doms[0] = make_domain(1, 256, 0);
    doms[1] = make_domain(2, 512, 0);
    sim(doms, 2, 30000, got);
    ratio = (double)got[1] / (double)got[0];
    printf("\n  weights 256:512, %s -> %.4f\n", how, ratio);
    CU_ASSERT(ratio > 1.98 && ratio < 2.02);
    free_domain(doms[0]);
    free_domain(doms[1]);
}

static void test_weights(void)
{
    check_weights(simulate, "1 ms slices");
}

/*
 * Closer to core.c: a vCPU keeps the pCPU for whole 10 ms ticks until
 * should_preempt says otherwise (a slice is 3 ticks), accounting comes
 * every 3 ticks, and every tick runs a little long (10.1 ms), as timers
 * do on a busy host: the time handed out as credit each period is not
 * the time the vCPUs used.
 */
static void simulate_ticks(struct domain **doms, unsigned int n,
                           unsigned int ticks, uint64_t *got)
{
    struct vcpu *cur = NULL;
    unsigned int t, i, in_slice = 0;
    const s_time_t tick = MICROSECS(10100);

    memset(got, 0, n * sizeof(*got));
    for ( i = 0; i < n; i++ )
        ops->enqueue(doms[i]->vcpu[0], false);
    for ( t = 0; t < ticks; t++ )
    {
        if ( t % 3 == 0 )
            ops->account();
        if ( !cur )
        {
            cur = running = ops->pick(0);
            cur->is_running = true;
            in_slice = 0;
        }
        ops->burn(cur, tick);
        for ( i = 0; i < n; i++ )
            if ( doms[i] == cur->domain )
                got[i] += tick;
        if ( ops->should_preempt(cur, ++in_slice >= 3) )
        {
            cur->is_running = false;
            ops->enqueue(cur, false);
            cur = running = NULL;
        }
        else if ( in_slice >= 3 )
            in_slice = 0;
    }
    if ( cur )
        cur->is_running = false;
    running = NULL;
    for ( i = 0; i < n; i++ )
        ops->dequeue(doms[i]->vcpu[0]);
}

static void test_weights_with_long_ticks(void)
{
    check_weights(simulate_ticks, "10 ms ticks running long");
}

/*
 * Debt is bounded: a vCPU that ran 10 s beyond its share (as it may while
 * other pCPUs are free) is back on a shared pCPU within a few periods,
 * not after 10 s.
 */
static void test_debt_is_bounded(void)
{
    struct domain *doms[2];
    uint64_t got[2];

    ops->init(1);
    doms[0] = make_domain(1, 256, 0);
    doms[1] = make_domain(2, 256, 0);
    ops->enqueue(doms[0]->vcpu[0], false);
    ops->burn(doms[0]->vcpu[0], SECONDS(10));
    ops->dequeue(doms[0]->vcpu[0]);
    simulate(doms, 2, 600, got); /* 20 periods */
    CU_ASSERT(got[0] > 0);
    free_domain(doms[0]);
    free_domain(doms[1]);
}

static void test_cap(void)
{
    struct domain *doms[2];
    uint64_t got[2];
    double share;

    ops->init(1);
    doms[0] = make_domain(1, 256, 25);
    doms[1] = make_domain(2, 256, 0);
    simulate(doms, 2, 30000, got);
    share = (double)got[0] / (30000.0 * MILLISECS(1));
    printf("\n  cap 25%% -> %.4f of the pCPU\n", share);
    CU_ASSERT(share > 0.23 && share < 0.27);
    free_domain(doms[0]);
    free_domain(doms[1]);
}

static void test_boost_and_affinity(void)
{
    struct domain *a, *b;
    struct vcpu *v;

    ops->init(2);
    a = make_domain(1, 256, 0);
    b = make_domain(2, 256, 0);
    /* Give both credit, then queue a normally and b as just woken. */
    ops->enqueue(a->vcpu[0], false);
    ops->enqueue(b->vcpu[0], false);
    ops->account();
    ops->dequeue(a->vcpu[0]);
    ops->dequeue(b->vcpu[0]);
    ops->enqueue(a->vcpu[0], false);
    ops->enqueue(b->vcpu[0], true);
    v = ops->pick(0);
    CU_ASSERT_PTR_EQUAL(v, b->vcpu[0]); /* boosted goes first */
    CU_ASSERT_TRUE(ops->should_preempt(v, false) == false);
    ops->enqueue(b->vcpu[0], false);
    ops->dequeue(a->vcpu[0]);
    ops->dequeue(b->vcpu[0]);

    /* a may only run on pCPU 1. */
    a->vcpu[0]->cpu_hard_affinity = 1ULL << 1;
    ops->enqueue(a->vcpu[0], false);
    CU_ASSERT_PTR_NULL(ops->pick(0));
    CU_ASSERT_PTR_EQUAL(ops->pick(1), a->vcpu[0]);
    free_domain(a);
    free_domain(b);
}

static void test_parameters(void)
{
    struct domain *d;
    struct xen_domctl_scheduler_op op = { .cmd = XEN_DOMCTL_SCHEDOP_getinfo };
    struct xen_sysctl_scheduler_op g = { .cmd = XEN_SYSCTL_SCHEDOP_getinfo };

    ops->init(1);
    d = make_domain(1, 256, 0);
    CU_ASSERT_EQUAL(ops->adjust(d, &op), 0);
    CU_ASSERT_EQUAL(op.u.credit.weight, 256);
    op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    op.u.credit.cap = 500; /* > 100% per vCPU */
    CU_ASSERT_EQUAL(ops->adjust(d, &op), -EINVAL);
    CU_ASSERT_EQUAL(ops->adjust_global(&g), 0);
    CU_ASSERT_EQUAL(g.u.sched_credit.tslice_ms, 30);
    CU_ASSERT_EQUAL(g.u.sched_credit.ratelimit_us, 1000);
    g.cmd = XEN_SYSCTL_SCHEDOP_putinfo;
    g.u.sched_credit.tslice_ms = 1;
    g.u.sched_credit.ratelimit_us = 5000; /* not below the slice */
    CU_ASSERT_EQUAL(ops->adjust_global(&g), -EINVAL);
    g.u.sched_credit.tslice_ms = 5000;
    CU_ASSERT_EQUAL(ops->adjust_global(&g), -EINVAL);
    g.u.sched_credit.tslice_ms = 30;
    g.u.sched_credit.ratelimit_us = 1000;
    CU_ASSERT_EQUAL(ops->adjust_global(&g), 0);
    free_domain(d);
}

static const struct unit_case cases[] = {
    { "shares follow weights (256:512 -> 1:2)", test_weights },
    { "and with whole ticks that run long", test_weights_with_long_ticks },
    { "debt is bounded", test_debt_is_bounded },
    { "a cap limits the share", test_cap },
    { "boost on wake, hard affinity", test_boost_and_affinity },
    { "parameter checks", test_parameters },
};
UNIT_MAIN("credit", cases)
