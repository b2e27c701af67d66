/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_run_store.h: xen-run's requests to its domains. With --xenstore a
 * domain has the home libxl gives every domain (libxl_domain_create_finish),
 * and signals ask it to power off, reboot or suspend through
 * control/shutdown (libxl_domain_control_request), as `xl shutdown` /
 * `xl reboot` do:
 *
 *   SIGINT, SIGTERM  poweroff (a second one stops everything at once)
 *   SIGUSR1          reboot
 *   SIGUSR2          suspend
 */
#ifndef XEN_RUN_STORE_H
#define XEN_RUN_STORE_H

#include "xen_launch.h"

/*
 * Turn the signals above into requests; run_store_pending() returns
 * (once) the request a signal asked for, or NULL.
 */
void run_store_catch_signals(struct launch_env *env);
const char *run_store_pending(void);

#endif /* XEN_RUN_STORE_H */
