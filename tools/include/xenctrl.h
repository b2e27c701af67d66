/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenctrl.h: libxenctrl, the toolstack's thin layer over the hypervisor's
 * domctl, sysctl and event-channel operations, reached through the
 * privcmd channel. Functions return 0 (or a count) on success and -1 with
 * errno set on failure, as Xen's libxenctrl does.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/sysctl.h>
#include <public/xen.h>

typedef struct xc_interface_core xc_interface;
typedef struct xen_domctl_getdomaininfo xc_domaininfo_t;

/*
 * Connect to the hypervisor in $XEN_RUNDIR (default /run/xen). A server
 * that does not run as root (or as this program's own user) is not
 * talked to: NULL with errno EPERM, the reason on stderr.
 */
xc_interface *xc_interface_open(void *logger, void *dombuild_logger,
                                unsigned int open_flags);
int xc_interface_close(xc_interface *xch);
/*
 * Send sig to the hypervisor process behind xch (e.g. SIGUSR2: log every
 * domain's state), found from the connection itself, never from a pid
 * file. 0, or -1 with errno (ESRCH if it has gone).
 */
int xc_hypervisor_signal(xc_interface *xch, int sig);
/* The run directory in use ($XEN_RUNDIR or the default). */
const char *xc_rundir(void);

/* One privcmd request: op, in/out payload; *fd_out gets a passed fd. */
int xc_privcmd_call(xc_interface *xch, uint32_t op, void *buf, uint32_t len,
                    int *fd_out);
/* The same without waiting for (or getting) a reply: 0 once sent. */
int xc_privcmd_send(xc_interface *xch, uint32_t op, const void *buf,
                    uint32_t len);

int xc_domctl(xc_interface *xch, struct xen_domctl *op);
/* MMUEXT ops on domain dom's behalf (pinning its page tables). */
struct mmuext_op;
int xc_mmuext_op(xc_interface *xch, const struct mmuext_op *ops,
                 unsigned int nr, uint32_t dom);
int xc_sysctl(xc_interface *xch, struct xen_sysctl *op);

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config);
int xc_domain_destroy(xc_interface *xch, uint32_t domid);
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason);
int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
                             xc_domaininfo_t *info);
/* Up to max domains with id >= first; returns how many. */
int xc_domain_getinfolist(xc_interface *xch, uint32_t first, unsigned int max,
                          xc_domaininfo_t *info);
int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb);
int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max);
int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, uint64_t gmfn);
int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       const struct vcpu_guest_context *ctxt);
int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       struct vcpu_guest_context *ctxt);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    struct xen_domctl_getvcpuinfo *info);
int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                        uint64_t hard_mask);

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                               const struct xen_domctl_sched_credit *sdom);
int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom);
int xc_sched_id(xc_interface *xch, int *sched_id);
int xc_physinfo(xc_interface *xch, struct xen_sysctl_physinfo *info);
/* Read the hypervisor console ring into buf (*size in: room, out: bytes). */
int xc_readconsolering(xc_interface *xch, char *buf, unsigned int *size,
                       int clear, int incremental, uint64_t *index);

/* A port in domid that remote_domid may bind; returns the port or -1. */
int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t domid,
                            uint32_t remote_domid);

/* Map all of a domain's RAM (shared); munmap(ptr, *size) when done. */
void *xc_map_foreign_domain(xc_interface *xch, uint32_t domid, size_t *size);

#endif /* XENCTRL_H */
