/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * continuation.c: hypercall preemption and continuations. A guest may ask
 * for any amount of work in one call (2^31 page-table updates, a
 * multicall of such calls); the handlers stop at preemption points when
 * the vCPU should give up its pCPU, when it has an event to take, when it
 * is paused or its domain is dying, or when the call has used its time
 * budget, and the guest re-enters the call where it stopped (the exit
 * handler rewinds it into the hypercall stub with the new arguments).
 */
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/time.h>

void hypercall_begin(struct vcpu *v)
{
    v->hcall.pending = false;
    v->hcall.deadline = 0;
}

bool hypercall_preempt_check(void)
{
    struct vcpu *v = current;
    s_time_t now;

    if ( !v || v->domain->is_privileged )
        return false;
    if ( atomic_load(&v->need_resched) || !vcpu_runnable(v) ||
         local_events_need_delivery(v) )
        return true;
    now = NOW();
    if ( !v->hcall.deadline )
        v->hcall.deadline = now + HYPERCALL_BUDGET_NS;
    return now >= v->hcall.deadline;
}

long hypercall_create_continuation(unsigned int nr, uint64_t a0, uint64_t a1,
                                   uint64_t a2, uint64_t a3)
{
    struct vcpu *v = current;

    BUG_ON(v->domain->is_privileged);
    v->hcall.pending = true;
    v->hcall.nr = nr;
    v->hcall.args[0] = a0;
    v->hcall.args[1] = a1;
    v->hcall.args[2] = a2;
    v->hcall.args[3] = a3;
    v->hcall.args[4] = 0;
    v->hcall.args[5] = 0;
    return 0;
}

bool hypercall_preempted(void)
{
    return current && current->hcall.pending;
}
