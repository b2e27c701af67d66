/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_run_store.h: the xenstore side of xen-run. A domain gets the home
 * libxl gives it (read-only to the guest except for the nodes a PV guest
 * writes: control/shutdown and control/feature-*, data, device
 * directories), and is asked to power off, reboot or suspend through
 * control/shutdown, as `xl shutdown` / `xl reboot` do:
 *
 *   SIGINT, SIGTERM  poweroff (a second one stops everything at once)
 *   SIGUSR1          reboot
 *   SIGUSR2          suspend
 */
#ifndef XEN_RUN_STORE_H
#define XEN_RUN_STORE_H

#include <stdint.h>
#include <xenstore.h>

#include "xen_launch.h"

/* Write the home of domain domid and introduce its ring to xenstored. */
int run_store_introduce(struct xs_handle *xsh, uint32_t domid, const char *name,
                        unsigned long store_mfn, unsigned int store_evtchn);
/* Forget the domain and remove its home. */
void run_store_release(struct xs_handle *xsh, uint32_t domid);

/* Write what (poweroff, reboot, suspend) into control/shutdown. */
int run_store_request(struct xs_handle *xsh, uint32_t domid, const char *what);

/*
 * Turn the signals above into requests; run_store_pending() returns
 * (once) the request a signal asked for, or NULL.
 */
void run_store_catch_signals(struct launch_env *env);
const char *run_store_pending(void);

#endif /* XEN_RUN_STORE_H */
