/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dump.c: the state of every domain and vCPU, written to the log on
 * SIGUSR2 (like Xen's debug keys): run state, pause flags, event
 * delivery bits and timers. For diagnosing a guest that stopped moving.
 */
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/privcmd.h>
#include <xen/timer.h>

static void dump_vcpu(struct vcpu *v)
{
    vcpu_info_t *vi = v->vcpu_info;
    evtchn_port_t tp = v->virq_to_evtchn[VIRQ_TIMER];
    shared_info_t *s = v->domain->shared_info;

    printk("  d%uv%u: flags %#lx pause %d running %d need_resched %d "
           "cpu %d timer %s at %lld (now %lld)",
           v->domain->domain_id, v->vcpu_id,
           (unsigned long)atomic_load(&v->pause_flags),
           atomic_load(&v->pause_count), v->is_running,
           atomic_load(&v->need_resched), v->processor,
           timer_is_active(&v->singleshot_timer) ? "armed" : "idle",
           (long long)v->singleshot_timer.expires, (long long)NOW());
    if ( vi )
        printk("    upcall pending %u mask %u sel %#lx; timer port %u "
               "pending %d masked %d",
               vi->evtchn_upcall_pending, vi->evtchn_upcall_mask,
               (unsigned long)vi->evtchn_pending_sel, tp,
               s ? !!(s->evtchn_pending[tp / 64] & (1UL << (tp % 64))) : -1,
               s ? !!(s->evtchn_mask[tp / 64] & (1UL << (tp % 64))) : -1);
}

static int dump_domain(struct domain *d, void *arg)
{
    unsigned int i;

    (void)arg;
    printk("domain %u: dying %d shut down %d paused %d/%d", d->domain_id,
           d->is_dying, d->is_shut_down, d->pause_count, d->controller_paused);
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            dump_vcpu(d->vcpu[i]);
    return 0;
}

void dump_all_domains(void)
{
    for_each_domain_from(0, dump_domain, NULL);
}
