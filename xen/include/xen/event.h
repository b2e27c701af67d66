/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event.h: event channels (2-level ABI) as the rest of the hypervisor uses
 * them. The hypercall side is do_event_channel_op() in hypercall.h.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <public/event_channel.h>
#include <xen/domain.h>

/* Per-domain setup and teardown (closes every port). */
int evtchn_init(struct domain *d, unsigned int max_port);
void evtchn_destroy(struct domain *d);

/* Raise a VIRQ: per-vCPU (e.g. VIRQ_TIMER), per-domain, or global (to the
 * domain that bound it, e.g. VIRQ_DOM_EXC to domain 0). */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);
void send_global_virq(unsigned int virq);

/* Set a port pending in domain d (as a send from its peer would). */
void evtchn_port_set_pending(struct domain *d, evtchn_port_t port);

/* Allocate an unbound port in d for remote_dom (builder, toolstack). */
long evtchn_alloc_unbound_port(struct domain *d, domid_t remote_dom,
                               evtchn_port_t *port);

/* Mark the vCPU's upcall pending and wake or kick it. */
void vcpu_mark_events_pending(struct vcpu *v);

/* True when the guest has an upcall pending and not masked. */
bool local_events_need_delivery(const struct vcpu *v);

/*
 * Domain 0 event endpoints (privcmd EVTCHN_OPEN connections): dom0 ports
 * bound through an endpoint are delivered by writing the port number to
 * the endpoint's pipe (once until unmasked).
 */
struct dom0_evtchn_endpoint;
struct dom0_evtchn_endpoint *dom0_evtchn_endpoint_open(int *pipe_read_fd);
void dom0_evtchn_endpoint_close(struct dom0_evtchn_endpoint *ep);
/* The endpoint that dom0 event-channel ops issued on this thread bind
 * ports to (set by the privcmd server around each request). */
extern __thread struct dom0_evtchn_endpoint *current_dom0_endpoint;

#endif /* XEN_EVENT_H */
