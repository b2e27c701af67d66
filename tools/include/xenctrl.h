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
/* One bit per pCPU (byte 0 bit 0 is pCPU 0), xc_get_cpumap_size() bytes. */
typedef uint8_t *xc_cpumap_t;

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
/* Pages the built domain holds (memory= when below maxmem=). */
int xc_domain_set_tot_pages(xc_interface *xch, uint32_t domid,
                            uint64_t tot_pages);
/* The domain's handle (its UUID, as the toolstack sees it). */
int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        const xen_domain_handle_t handle);
int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, uint64_t gmfn);
int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       const struct vcpu_guest_context *ctxt);
int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       struct vcpu_guest_context *ctxt);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    struct xen_domctl_getvcpuinfo *info);
/* pCPUs of the host (max_cpu_id + 1) and the bytes of a CPU map. */
int xc_get_max_cpus(xc_interface *xch);
int xc_get_cpumap_size(xc_interface *xch);
/* A zeroed CPU map (free() it), or NULL. */
xc_cpumap_t xc_cpumap_alloc(xc_interface *xch);
/*
 * Hard and/or soft affinity (flags: XEN_VCPUAFFINITY_HARD, _SOFT); the
 * maps are set and then filled with what is in force, as in Xen.
 */
int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard_inout,
                        xc_cpumap_t cpumap_soft_inout, uint32_t flags);
int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, int vcpu,
                        xc_cpumap_t cpumap_hard, xc_cpumap_t cpumap_soft,
                        uint32_t flags);

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                               const struct xen_domctl_sched_credit *sdom);
int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                               struct xen_domctl_sched_credit *sdom);
int xc_sched_id(xc_interface *xch, int *sched_id);
/* The credit scheduler's time slice and rate limit (one pool: 0). */
int xc_sched_credit_params_set(xc_interface *xch, uint32_t cpupool,
                               struct xen_sysctl_credit_schedule *schedule);
int xc_sched_credit_params_get(xc_interface *xch, uint32_t cpupool,
                               struct xen_sysctl_credit_schedule *schedule);
int xc_physinfo(xc_interface *xch, struct xen_sysctl_physinfo *info);
/* Read the hypervisor console ring into buf (*size in: room, out: bytes). */
int xc_readconsolering(xc_interface *xch, char *buf, unsigned int *size,
                       int clear, int incremental, uint64_t *index);
/*
 * A XENVER_* query (public/version.h): returns the hypercall's result
 * (XENVER_version: major << 16 | minor) and fills arg, whose type is the
 * query's; -1 with errno on failure.
 */
int xc_version(xc_interface *xch, int cmd, void *arg);

/* A port in domid that remote_domid may bind; returns the port or -1. */
int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t domid,
                            uint32_t remote_domid);

/* Map all of a domain's RAM (shared); munmap(ptr, *size) when done. */
void *xc_map_foreign_domain(xc_interface *xch, uint32_t domid, size_t *size);
/*
 * Map size bytes of a domain's RAM from frame mfn (shared, prot as for
 * mmap), e.g. one console ring page; munmap(ptr, size) when done. NULL
 * with errno (EINVAL: the range is not the domain's RAM).
 */
void *xc_map_foreign_range(xc_interface *xch, uint32_t domid, int size,
                           int prot, unsigned long mfn);

#endif /* XENCTRL_H */
