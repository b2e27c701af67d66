/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_private.h: helpers shared by libxenctrl's wrappers. A domctl is
 * large (its union carries whole contexts), so each call allocates one
 * zeroed request rather than putting it on the stack.
 */
#ifndef XC_PRIVATE_H
#define XC_PRIVATE_H

#include <xenctrl.h>

/* A zeroed domctl for cmd on domid, or NULL (errno ENOMEM). */
struct xen_domctl *xc_domctl_new(uint32_t cmd, uint32_t domid);
/* Run op, free it, return xc_domctl's result with errno kept. */
int xc_domctl_run_free(xc_interface *xch, struct xen_domctl *op);
/* A zeroed sysctl for cmd, or NULL. */
struct xen_sysctl *xc_sysctl_new(uint32_t cmd);
/* A hypercall passed through with payload {cmd, pad, arg[len]}. */
int xc_hypercall_passthrough(xc_interface *xch, uint32_t op, uint32_t cmd,
                             void *arg, uint32_t len);

#endif /* XC_PRIVATE_H */
