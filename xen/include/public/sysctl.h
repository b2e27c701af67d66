/* SPDX-License-Identifier: MIT */
/*
 * sysctl.h: host-wide control operations of the toolstack (domain 0
 * only, over privcmd). Command numbers and names follow Xen's; the
 * layout is this project's own, with every buffer inline (see domctl.h
 * for why). The whole structure stays within one privcmd payload.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include "xen.h"
#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x16

#define XEN_SYSCTL_readconsole       1
#define XEN_SYSCTL_physinfo          3
#define XEN_SYSCTL_sched_id          4
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_scheduler_op     19

/* Read (and optionally clear) the hypervisor console ring. */
struct xen_sysctl_readconsole {
    uint8_t clear;          /* IN: clear the ring after reading */
    uint8_t incremental;    /* IN: start at index (else the oldest byte) */
    uint8_t pad0[2];
    uint32_t count;         /* IN: room in buffer; OUT: bytes read */
    uint64_t index;         /* IN: start; OUT: next index to read */
    char buffer[16384];
};

#define XEN_SYSCTL_PHYSCAP_hvm (1U << 0)
#define XEN_SYSCTL_PHYSCAP_pv  (1U << 1)
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;  /* XEN_SYSCTL_PHYSCAP_* */
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
    uint32_t hw_cap[8];
};

struct xen_sysctl_sched_id {
    uint32_t sched_id;      /* OUT: XEN_SCHEDULER_* */
};

#define XEN_SYSCTL_INFOLIST_MAX 64
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;   /* IN */
    uint16_t pad;
    uint32_t max_domains;   /* IN: at most XEN_SYSCTL_INFOLIST_MAX */
    uint32_t num_domains;   /* OUT */
    uint32_t pad2;
    struct xen_domctl_getdomaininfo buffer[XEN_SYSCTL_INFOLIST_MAX];
};

#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX 500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN 100
#define XEN_SYSCTL_CSCHED_TSLICE_MAX 1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN 1
struct xen_sysctl_credit_schedule {
    uint32_t tslice_ms;
    uint32_t ratelimit_us;
};

struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id;
    uint32_t sched_id;
    uint32_t cmd;           /* XEN_SYSCTL_SCHEDOP_* */
    uint32_t pad;
    union {
        struct xen_sysctl_credit_schedule sched_credit;
    } u;
};

struct xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;     /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_scheduler_op scheduler_op;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;

#endif /* __XEN_PUBLIC_SYSCTL_H__ */
