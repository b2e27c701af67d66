/* SPDX-License-Identifier: MIT */
/*
 * domctl.h: domain control operations of the toolstack (domain 0 only,
 * over the privcmd channel). Command numbers and field names follow
 * Xen's; the layout is this project's own (Xen keeps it internal and
 * versioned too): every argument is carried by value inside the union,
 * with no guest handles, because the privcmd channel copies the whole
 * structure in both directions.
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include "xen.h"
#include "sched.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x18

#define XEN_DOMCTL_createdomain      1
#define XEN_DOMCTL_destroydomain     2
#define XEN_DOMCTL_pausedomain       3
#define XEN_DOMCTL_unpausedomain     4
#define XEN_DOMCTL_getdomaininfo     5
#define XEN_DOMCTL_setvcpuaffinity   9
#define XEN_DOMCTL_shadow_op        10
#define XEN_DOMCTL_max_mem          11
#define XEN_DOMCTL_setvcpucontext   12
#define XEN_DOMCTL_getvcpucontext   13
#define XEN_DOMCTL_getvcpuinfo      14
#define XEN_DOMCTL_max_vcpus        15
#define XEN_DOMCTL_scheduler_op     16
#define XEN_DOMCTL_setdomainhandle  17
#define XEN_DOMCTL_hypercall_init   22
#define XEN_DOMCTL_settimeoffset    24
#define XEN_DOMCTL_getvcpuaffinity  25
/* This project's: make a domain shut down with a reason (xl shutdown). */
#define XEN_DOMCTL_shutdown       2000
/*
 * This project's: how many of its pages a built domain holds. Xen's
 * builder populates memory= worth of pages with memory_op; here guest
 * RAM is one lazily backed mapping of maxmem=, so the toolstack states
 * the count instead (at most max_mem): the rest is a balloon the guest
 * may grow into, as when Xen builds with memory below maxmem.
 */
#define XEN_DOMCTL_set_tot_pages  2001

/* XEN_DOMCTL_createdomain flags. */
#define _XEN_DOMCTL_CDF_hvm         0
#define XEN_DOMCTL_CDF_hvm          (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap         1
#define XEN_DOMCTL_CDF_hap          (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off     3
#define XEN_DOMCTL_CDF_oos_off      (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain   4
#define XEN_DOMCTL_CDF_xs_domain    (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu       5
#define XEN_DOMCTL_CDF_iommu        (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt 6
#define XEN_DOMCTL_CDF_nested_virt  (1U << _XEN_DOMCTL_CDF_nested_virt)
#define _XEN_DOMCTL_CDF_vpmu        7
#define XEN_DOMCTL_CDF_vpmu         (1U << _XEN_DOMCTL_CDF_vpmu)

struct xen_domctl_createdomain {
    uint32_t ssidref;
    xen_domain_handle_t handle;     /* UUID */
    uint32_t flags;                 /* XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts;
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;       /* 0: default (1023) */
    int32_t max_grant_frames;
    int32_t max_maptrack_frames;
    uint32_t grant_opts;
    uint32_t altp2m_opts;
    uint32_t vmtrace_size;
    uint32_t cpupool_id;
    /* This project's: pages of guest RAM (the mapping is sized once). */
    uint64_t max_pages;
};

/* XEN_DOMCTL_getdomaininfo: exact domain id (not the next one). */
#define _XEN_DOMINF_dying     0
#define XEN_DOMINF_dying      (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest  (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown  2
#define XEN_DOMINF_shutdown   (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused    3
#define XEN_DOMINF_paused     (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked   4
#define XEN_DOMINF_blocked    (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running   5
#define XEN_DOMINF_running    (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged  6
#define XEN_DOMINF_debugged   (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain  (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap       8
#define XEN_DOMINF_hap        (1U << _XEN_DOMINF_hap)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16

struct xen_domctl_getdomaininfo {
    domid_t domain;
    uint16_t pad0;
    uint32_t flags;                 /* XEN_DOMINF_* */
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame;     /* machine frame of shared_info */
    uint64_t cpu_time;              /* ns */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad1[7];
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;

struct xen_domctl_max_mem {
    uint64_t max_memkb;
};

/* setvcpucontext / getvcpucontext: the context travels by value. */
struct xen_domctl_vcpucontext {
    uint32_t vcpu;
    uint32_t pad;
    struct vcpu_guest_context ctxt;
};

struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;                  /* IN */
    uint8_t online;                 /* OUT */
    uint8_t blocked;
    uint8_t running;
    uint8_t pad;
    uint64_t cpu_time;              /* OUT: ns */
    uint32_t cpu;                   /* OUT: pCPU */
    uint32_t pad2;
};

struct xen_domctl_max_vcpus {
    uint32_t max;
};

#define XEN_VCPUAFFINITY_HARD  (1U << 0)
#define XEN_VCPUAFFINITY_SOFT  (1U << 1)
#define XEN_VCPUAFFINITY_FORCE (1U << 2)
#define XEN_DOMCTL_CPUMAP_BYTES 32
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;
    uint32_t flags;                 /* XEN_VCPUAFFINITY_* */
    uint32_t nr_bits;               /* bits valid in the maps */
    uint32_t pad;
    uint8_t cpumap_hard[XEN_DOMCTL_CPUMAP_BYTES];
    uint8_t cpumap_soft[XEN_DOMCTL_CPUMAP_BYTES];
};

#define XEN_SCHEDULER_SEDF     4
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1

struct xen_domctl_sched_credit {
    uint16_t weight;                /* 1..65535, default 256 */
    uint16_t cap;                   /* % of one pCPU, 0 = no cap */
};

struct xen_domctl_scheduler_op {
    uint32_t sched_id;              /* XEN_SCHEDULER_* */
    uint32_t cmd;                   /* XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_credit credit;
    } u;
};

struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle;
};

struct xen_domctl_hypercall_init {
    uint64_t gmfn;                  /* frame to fill with the stubs */
};

struct xen_domctl_settimeoffset {
    int64_t time_offset_seconds;
};

struct xen_domctl_shutdown {
    uint32_t reason;                /* SHUTDOWN_* */
};

struct xen_domctl_set_tot_pages {
    uint64_t tot_pages;
};

struct xen_domctl {
    uint32_t cmd;
    uint32_t interface_version;     /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;
    uint16_t pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_hypercall_init hypercall_init;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_shutdown shutdown;
        struct xen_domctl_set_tot_pages set_tot_pages;
        uint8_t pad[8192];
    } u;
};
typedef struct xen_domctl xen_domctl_t;

#endif /* __XEN_PUBLIC_DOMCTL_H__ */
