/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenevtchn.h: event channels for domain 0 programs. A handle owns its
 * own privcmd connection; events on ports bound through it are read
 * from xenevtchn_fd() and must be unmasked to fire again.
 */
#ifndef XENEVTCHN_H
#define XENEVTCHN_H

#include <stdint.h>

typedef struct xenevtchn_handle xenevtchn_handle;
typedef int xenevtchn_port_or_error_t;

xenevtchn_handle *xenevtchn_open(void *logger, unsigned int open_flags);
int xenevtchn_close(xenevtchn_handle *xce);
int xenevtchn_fd(xenevtchn_handle *xce);
int xenevtchn_notify(xenevtchn_handle *xce, uint32_t port);
xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
                                                      uint32_t domid);
xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
                                                     uint32_t domid,
                                                     uint32_t remote_port);
xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
                                              unsigned int virq);
int xenevtchn_unbind(xenevtchn_handle *xce, uint32_t port);
/* The next port with an event (blocks unless the fd is non-blocking). */
xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce);
int xenevtchn_unmask(xenevtchn_handle *xce, uint32_t port);

#endif /* XENEVTCHN_H */
