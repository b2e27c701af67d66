/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched/core.c: the scheduler core. One worker thread per pCPU picks a
 * vCPU from the policy (credit.c), runs it with arch_vcpu_run() until it
 * blocks, yields, is paused or is preempted, then charges it for the time
 * it ran. Run states (running, runnable, blocked, offline) are tracked
 * per vCPU with the time spent in each. A per-pCPU tick (three per time
 * slice) charges the running vCPU and preempts it for a better-placed
 * waiting one, or at the end of its slice; a global timer runs the
 * policy's accounting once a slice.
 *
 * Locking: sched_lock guards the run queue, v->is_running, runstates and
 * the policy's data. It is taken inside d->lock and d->event_lock, never
 * around them, and is never held across arch_vcpu_run().
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <asm/arch.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/timer.h>

#include "private.h"

#define MAX_PCPUS 64

struct pcpu {
    unsigned int id;
    pthread_t thread;
    struct vcpu *curr;
    s_time_t curr_start; /* when curr started running */
    s_time_t curr_charged; /* curr has been charged up to here */
    struct timer slice_timer; /* the tick: charge, maybe preempt */
};

static const struct scheduler_ops *ops = &sched_credit_ops;
static pthread_mutex_t sched_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cond = PTHREAD_COND_INITIALIZER; /* runq grew */
static unsigned long work_gen; /* bumped with every work_cond broadcast */
static s_time_t idle_poll_ns; /* halt polling, off unless asked: xen(8) */
static pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER; /* a vCPU stopped */
static struct pcpu pcpus[MAX_PCPUS];
static unsigned int nr_pcpus;
static bool sched_stopping;
static struct timer account_timer;

void sched_set_halt_poll(s_time_t ns)
{
    idle_poll_ns = ns;
}

/* New work for idle pCPUs: wake the sleeping ones, tell the polling ones. */
static void signal_work(void)
{
    __atomic_add_fetch(&work_gen, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&work_cond);
}

unsigned int sched_nr_pcpus(void)
{
    return nr_pcpus;
}

unsigned int sched_core_nr_pcpus(void)
{
    return nr_pcpus;
}

int sched_id(void)
{
    return ops->sched_id;
}

bool sched_vcpu_may_run_on(const struct vcpu *v, unsigned int cpu)
{
    return cpu < 64 && (v->cpu_hard_affinity & (1ULL << cpu));
}

void sched_core_collect_running(struct domain **doms, unsigned int *nr,
                                unsigned int max)
{
    unsigned int c, i;

    for ( c = 0; c < nr_pcpus; c++ )
    {
        struct domain *d = pcpus[c].curr ? pcpus[c].curr->domain : NULL;

        if ( !d )
            continue;
        for ( i = 0; i < *nr && doms[i] != d; i++ )
            ;
        if ( i == *nr && *nr < max )
            doms[(*nr)++] = d;
    }
}

/* ---- run states -------------------------------------------------- */

/*
 * The guest's copy (VCPUOP_register_runstate_memory_area), written when
 * its vCPU starts or stops running, as Xen does at context switch. A bad
 * address only means the copy is not written.
 */
static void runstate_publish(struct vcpu *v)
{
    if ( v->runstate_guest )
        (void)copy_to_vcpu(v, v->runstate_guest, &v->runstate,
                           sizeof(v->runstate));
}

static void runstate_change(struct vcpu *v, int new_state)
{
    s_time_t now = NOW();
    struct vcpu_runstate_info *r = &v->runstate;

    if ( r->state == new_state )
        return;
    r->time[r->state] += now - r->state_entry_time;
    r->state = new_state;
    r->state_entry_time = now;
    runstate_publish(v);
}

/* Where a vCPU that is not running belongs. */
static int idle_runstate(const struct vcpu *v)
{
    unsigned long flags = atomic_load(&v->pause_flags);

    if ( flags & VPF_down )
        return RUNSTATE_offline;
    if ( flags & VPF_blocked )
        return RUNSTATE_blocked;
    return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_blocked;
}

uint64_t vcpu_cpu_time(const struct vcpu *v)
{
    uint64_t t;

    pthread_mutex_lock(&sched_lock);
    t = v->runstate.time[RUNSTATE_running];
    if ( v->runstate.state == RUNSTATE_running )
        t += NOW() - v->runstate.state_entry_time;
    pthread_mutex_unlock(&sched_lock);
    return t;
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r)
{
    s_time_t now = NOW();

    pthread_mutex_lock(&sched_lock);
    *r = v->runstate;
    r->time[r->state] += now - r->state_entry_time;
    pthread_mutex_unlock(&sched_lock);
}

/* ---- queueing ------------------------------------------------------ */

/* Preempt a running vCPU if the queue now holds a better one. */
static void maybe_preempt_locked(void)
{
    unsigned int c;

    for ( c = 0; c < nr_pcpus; c++ )
    {
        struct vcpu *cur = pcpus[c].curr;

        if ( !cur )
            return; /* an idle pCPU will take the work */
    }
    for ( c = 0; c < nr_pcpus; c++ )
    {
        struct vcpu *cur = pcpus[c].curr;

        if ( ops->should_preempt(cur, false) &&
             NOW() - pcpus[c].curr_start >= credit_ratelimit() )
        {
            atomic_store(&cur->need_resched, true);
            arch_vcpu_kick(cur);
            return;
        }
    }
}

static void wake_locked(struct vcpu *v, bool woken)
{
    if ( !v->sched_priv || v->is_running || !vcpu_runnable(v) ||
         v->domain->is_privileged )
        return;
    ops->enqueue(v, woken);
    runstate_change(v, RUNSTATE_runnable);
    signal_work();
    maybe_preempt_locked();
}

void vcpu_wake(struct vcpu *v)
{
    pthread_mutex_lock(&sched_lock);
    wake_locked(v, false);
    pthread_mutex_unlock(&sched_lock);
}

void vcpu_kick(struct vcpu *v)
{
    atomic_store(&v->need_resched, true);
    arch_vcpu_kick(v);
}

void vcpu_sleep_sync(struct vcpu *v)
{
    pthread_mutex_lock(&sched_lock);
    if ( !vcpu_runnable(v) && v->sched_priv )
    {
        ops->dequeue(v);
        runstate_change(v, idle_runstate(v));
    }
    while ( v->is_running )
    {
        arch_vcpu_kick(v);
        pthread_cond_wait(&idle_cond, &sched_lock);
    }
    pthread_mutex_unlock(&sched_lock);
}

void vcpu_block(struct vcpu *v)
{
    atomic_fetch_or(&v->pause_flags, VPF_blocked);
    if ( v->vcpu_info )
        __atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0,
                         __ATOMIC_SEQ_CST);
    /* An event that raced with blocking must not be lost. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ( local_events_need_delivery(v) )
        atomic_fetch_and(&v->pause_flags, ~VPF_blocked);
}

void vcpu_unblock(struct vcpu *v)
{
    if ( !(atomic_fetch_and(&v->pause_flags, ~VPF_blocked) & VPF_blocked) )
        return;
    pthread_mutex_lock(&sched_lock);
    wake_locked(v, true);
    pthread_mutex_unlock(&sched_lock);
}

void vcpu_yield(struct vcpu *v)
{
    atomic_store(&v->need_resched, true);
}

/* ---- the pCPU loop ------------------------------------------------- */

/* Ticks per time slice: the running vCPU is charged at every tick. */
#define TICKS_PER_SLICE 3

/* Charge p's running vCPU for the time since it was last charged. */
static void charge_running(struct pcpu *p, s_time_t now)
{
    if ( !p->curr )
        return;
    ops->burn(p->curr, now - p->curr_charged);
    p->curr_charged = now;
}

/*
 * The tick: charge the running vCPU, then preempt it if a waiting vCPU
 * now has a better priority, or has an equal one and the slice is over.
 */
static void sched_tick(void *data)
{
    struct pcpu *p = data;
    struct vcpu *cur;
    s_time_t now = NOW();

    pthread_mutex_lock(&sched_lock);
    cur = p->curr;
    if ( cur )
    {
        bool slice_over = now - p->curr_start >= ops->slice();

        charge_running(p, now);
        if ( ops->should_preempt(cur, slice_over) )
        {
            atomic_store(&cur->need_resched, true);
            arch_vcpu_kick(cur);
        }
        else
            set_timer(&p->slice_timer, now + ops->slice() / TICKS_PER_SLICE);
    }
    pthread_mutex_unlock(&sched_lock);
}

static void account_tick(void *data)
{
    s_time_t period;

    (void)data;
    pthread_mutex_lock(&sched_lock);
    period = ops->account();
    signal_work(); /* parked vCPUs may run again */
    maybe_preempt_locked();
    pthread_mutex_unlock(&sched_lock);
    set_timer(&account_timer, NOW() + period);
}

static void start_running(struct pcpu *p, struct vcpu *v)
{
    v->is_running = true;
    v->processor = p->id;
    atomic_store(&v->need_resched, false);
    p->curr = v;
    p->curr_start = p->curr_charged = NOW();
    runstate_change(v, RUNSTATE_running);
    set_timer(&p->slice_timer, p->curr_start + ops->slice() / TICKS_PER_SLICE);
}

static void stop_running(struct pcpu *p, struct vcpu *v)
{
    stop_timer(&p->slice_timer);
    charge_running(p, NOW());
    v->is_running = false;
    p->curr = NULL;
    atomic_store(&v->need_resched, false);
    runstate_change(v, idle_runstate(v));
    if ( vcpu_runnable(v) )
        ops->enqueue(v, false);
    pthread_cond_broadcast(&idle_cond);
}

/*
 * Before a pCPU with nothing to run sleeps, it watches for new work for a
 * short while (as KVM's halt polling does): a vCPU woken within that time,
 * typically by an event from a domain on another pCPU, starts at once
 * instead of after a futex wake-up of this thread (tens of us here).
 * Called and returns with the lock held; true if work may have come.
 */
static bool idle_poll(pthread_mutex_t *lock)
{
    unsigned long gen = __atomic_load_n(&work_gen, __ATOMIC_ACQUIRE);
    s_time_t until;

    if ( idle_poll_ns <= 0 )
        return false;
    until = NOW() + idle_poll_ns;
    pthread_mutex_unlock(lock);
    while ( __atomic_load_n(&work_gen, __ATOMIC_ACQUIRE) == gen &&
            NOW() < until && !sched_stopping )
        __builtin_ia32_pause();
    pthread_mutex_lock(lock);
    return __atomic_load_n(&work_gen, __ATOMIC_ACQUIRE) != gen;
}

static void *pcpu_main(void *arg)
{
    struct pcpu *p = arg;

    /* Only the kick signal may interrupt this thread, inside KVM_RUN. */
    block_process_signals();

    pthread_mutex_lock(&sched_lock);
    while ( !sched_stopping )
    {
        struct vcpu *v = ops->pick(p->id);

        if ( !v )
        {
            if ( !idle_poll(&sched_lock) )
                pthread_cond_wait(&work_cond, &sched_lock);
            continue;
        }
        if ( !vcpu_runnable(v) )
        {
            runstate_change(v, idle_runstate(v));
            continue;
        }
        start_running(p, v);
        pthread_mutex_unlock(&sched_lock);

        arch_vcpu_run(v);

        pthread_mutex_lock(&sched_lock);
        stop_running(p, v);
    }
    pthread_mutex_unlock(&sched_lock);
    return NULL;
}

int scheduler_init(unsigned int n)
{
    unsigned int i;
    long host = sysconf(_SC_NPROCESSORS_ONLN);

    if ( !n )
        n = host > 0 ? host : 1;
    if ( n > MAX_PCPUS )
        n = MAX_PCPUS;
    nr_pcpus = n;
    ops->init(n);
    for ( i = 0; i < n; i++ )
    {
        char name[16];

        pcpus[i].id = i;
        init_timer(&pcpus[i].slice_timer, sched_tick, &pcpus[i]);
        if ( pthread_create(&pcpus[i].thread, NULL, pcpu_main, &pcpus[i]) )
            return -errno;
        snprintf(name, sizeof(name), "pcpu%u", i);
        pthread_setname_np(pcpus[i].thread, name);
    }
    init_timer(&account_timer, account_tick, NULL);
    set_timer(&account_timer, NOW() + ops->slice());
    printk("scheduler: %s on %u pCPUs", ops->name, n);
    return 0;
}

void scheduler_stop(void)
{
    unsigned int i;

    kill_timer(&account_timer);
    pthread_mutex_lock(&sched_lock);
    sched_stopping = true;
    pthread_cond_broadcast(&work_cond);
    pthread_mutex_unlock(&sched_lock);
    for ( i = 0; i < nr_pcpus; i++ )
    {
        pthread_join(pcpus[i].thread, NULL);
        kill_timer(&pcpus[i].slice_timer);
    }
}

/* ---- domains and vCPUs ---------------------------------------------- */

int sched_init_domain(struct domain *d)
{
    int rc;

    pthread_mutex_lock(&sched_lock);
    rc = ops->init_domain(d);
    pthread_mutex_unlock(&sched_lock);
    return rc;
}

void sched_destroy_domain(struct domain *d)
{
    pthread_mutex_lock(&sched_lock);
    ops->destroy_domain(d);
    pthread_mutex_unlock(&sched_lock);
}

int sched_init_vcpu(struct vcpu *v)
{
    int rc;

    pthread_mutex_lock(&sched_lock);
    rc = ops->init_vcpu(v);
    pthread_mutex_unlock(&sched_lock);
    return rc;
}

void sched_destroy_vcpu(struct vcpu *v)
{
    pthread_mutex_lock(&sched_lock);
    ops->destroy_vcpu(v);
    pthread_mutex_unlock(&sched_lock);
}

long sched_adjust(struct domain *d, struct xen_domctl_scheduler_op *op)
{
    long rc;

    pthread_mutex_lock(&sched_lock);
    rc = ops->adjust(d, op);
    pthread_mutex_unlock(&sched_lock);
    return rc;
}

long sched_adjust_global(struct xen_sysctl_scheduler_op *op)
{
    long rc;

    if ( op->sched_id != ops->sched_id )
        return -EINVAL;
    pthread_mutex_lock(&sched_lock);
    rc = ops->adjust_global(op);
    pthread_mutex_unlock(&sched_lock);
    return rc;
}

int vcpu_set_hard_affinity(struct vcpu *v, uint64_t mask)
{
    uint64_t online = nr_pcpus >= 64 ? ~0ULL : (1ULL << nr_pcpus) - 1;

    if ( !(mask & online) )
        return -EINVAL;
    pthread_mutex_lock(&sched_lock);
    v->cpu_hard_affinity = mask;
    pthread_mutex_unlock(&sched_lock);
    /* Move it if it runs where it may no longer run. */
    if ( v->is_running && !(mask & (1ULL << v->processor)) )
        vcpu_kick(v);
    return 0;
}
