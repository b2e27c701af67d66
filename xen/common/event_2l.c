/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_2l.c: the 2-level event delivery ABI. A pending bit and a mask
 * bit per port in shared_info, a selector bit per word in the target
 * vcpu_info, and one upcall-pending flag. The guest changes these bits
 * concurrently with locked instructions, so every update here is atomic.
 */
#include <xen/evtchn_private.h>
#include <xen/lib.h>
#include <xen/sched.h>

#define BITS_PER_WORD (8 * sizeof(xen_ulong_t))

static bool test_and_set(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

static bool test(xen_ulong_t *word, unsigned int bit)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST) & ((xen_ulong_t)1 << bit);
}

static struct vcpu *notify_vcpu(struct domain *d, const struct evtchn *chn)
{
    unsigned int id = chn->notify_vcpu_id;

    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* Tell v about the word of `port` if the port is pending and unmasked. */
static void raise_selector(struct vcpu *v, evtchn_port_t port)
{
    unsigned int word = port / BITS_PER_WORD;

    if ( !v || !v->vcpu_info )
        return;
    if ( !test_and_set(&v->vcpu_info->evtchn_pending_sel, word) )
        vcpu_mark_events_pending(v);
}

void evtchn_2l_set_pending(struct domain *d, struct evtchn *chn,
                           evtchn_port_t port)
{
    shared_info_t *s = d->shared_info;
    unsigned int word = port / BITS_PER_WORD, bit = port % BITS_PER_WORD;
    struct vcpu *v = notify_vcpu(d, chn);

    if ( !s )
    {
        dom0_endpoint_deliver(chn, port);
        return;
    }
    if ( test_and_set(&s->evtchn_pending[word], bit) )
        return; /* already pending: edges merge */
    if ( !test(&s->evtchn_mask[word], bit) )
        raise_selector(v, port);
    /* A vCPU polling on ports wakes for any of them, masked or not. */
    if ( v && v->poll_nr )
        vcpu_unblock(v);
}

void evtchn_2l_unmask(struct domain *d, evtchn_port_t port)
{
    shared_info_t *s = d->shared_info;
    struct evtchn *chn = evtchn_from_port(d, port);
    unsigned int word = port / BITS_PER_WORD, bit = port % BITS_PER_WORD;
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    if ( !s || !chn )
        return;
    /* An event that arrived while masked is delivered now. */
    __atomic_fetch_and(&s->evtchn_mask[word], ~m, __ATOMIC_SEQ_CST);
    if ( test(&s->evtchn_pending[word], bit) )
        raise_selector(notify_vcpu(d, chn), port);
}

void evtchn_2l_clear(struct domain *d, evtchn_port_t port)
{
    shared_info_t *s = d->shared_info;

    if ( s )
        __atomic_fetch_and(&s->evtchn_pending[port / BITS_PER_WORD],
                           ~((xen_ulong_t)1 << (port % BITS_PER_WORD)),
                           __ATOMIC_SEQ_CST);
}

bool evtchn_2l_is_pending(struct domain *d, evtchn_port_t port)
{
    shared_info_t *s = d->shared_info;

    return s &&
           test(&s->evtchn_pending[port / BITS_PER_WORD], port % BITS_PER_WORD);
}
