/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn_private.h: the port table shared by event_channel.c (binding
 * and lifecycle) and event_2l.c (pending/mask delivery). Nothing else
 * includes it.
 */
#ifndef XEN_EVTCHN_PRIVATE_H
#define XEN_EVTCHN_PRIVATE_H

#include <xen/domain.h>
#include <xen/event.h>

enum evtchn_state {
    ECS_FREE = 0,
    ECS_RESERVED, /* port 0 */
    ECS_UNBOUND,
    ECS_INTERDOMAIN,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state; /* enum evtchn_state */
    bool dom0_masked; /* dom0: written to the pipe, not unmasked */
    bool dom0_pending; /* dom0: fired again while masked */
    uint16_t notify_vcpu_id;
    union {
        struct {
            domid_t remote_domid;
        } unbound;
        struct {
            struct domain *remote_dom;
            evtchn_port_t remote_port;
        } interdomain;
        uint32_t virq;
    } u;
    struct dom0_evtchn_endpoint *endpoint; /* dom0 ports only */
};

#define EVTCHNS_PER_BUCKET 64

/* The channel for port, or NULL if beyond the allocated table. */
static inline struct evtchn *evtchn_from_port(struct domain *d,
                                              evtchn_port_t port)
{
    if ( port >= d->valid_evtchns )
        return NULL;
    return &d->evtchn_buckets[port / EVTCHNS_PER_BUCKET]
                             [port % EVTCHNS_PER_BUCKET];
}

/* event_2l.c (caller holds d->event_lock). */
void evtchn_2l_set_pending(struct domain *d, struct evtchn *chn,
                           evtchn_port_t port);
void evtchn_2l_unmask(struct domain *d, evtchn_port_t port);
void evtchn_2l_clear(struct domain *d, evtchn_port_t port);
bool evtchn_2l_is_pending(struct domain *d, evtchn_port_t port);

/* event_channel.c */
void dom0_endpoint_deliver(struct evtchn *chn, evtchn_port_t port);

#endif /* XEN_EVTCHN_PRIVATE_H */
