/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl.c: host-wide control operations for the toolstack (domain 0
 * only, over privcmd): console ring, physical host information, domain
 * lists and scheduler-wide parameters.
 */
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <asm/arch.h>
#include <public/sysctl.h>
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

static long sysctl_physinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_physinfo *pi = &op->u.physinfo;
    struct sysinfo si;
    unsigned int cpus = sched_nr_pcpus();

    memset(pi, 0, sizeof(*pi));
    if ( sysinfo(&si) )
        return -errno;
    pi->threads_per_core = 1;
    pi->cores_per_socket = cpus;
    pi->nr_cpus = cpus;
    pi->max_cpu_id = cpus - 1;
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    pi->cpu_khz = arch_tsc_khz();
    arch_hw_caps(pi->hw_cap);
    pi->total_pages = (uint64_t)si.totalram * si.mem_unit >> PAGE_SHIFT;
    pi->free_pages = (uint64_t)si.freeram * si.mem_unit >> PAGE_SHIFT;
    pi->max_mfn = pi->total_pages;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv; /* PV guests only */
    return 0;
}

struct infolist_walk {
    struct xen_sysctl_getdomaininfolist *op;
    uint32_t max;
};

static int infolist_add(struct domain *d, void *arg)
{
    struct infolist_walk *w = arg;

    if ( w->op->num_domains >= w->max )
        return 1;
    domain_get_info(d, &w->op->buffer[w->op->num_domains++]);
    return 0;
}

static long sysctl_getdomaininfolist(struct xen_sysctl *op)
{
    struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
    struct infolist_walk w = {
        .op = l,
        .max = min(l->max_domains, (uint32_t)ARRAY_SIZE(l->buffer)),
    };

    l->num_domains = 0;
    for_each_domain_from(l->first_domain, infolist_add, &w);
    return 0;
}

long do_sysctl(struct xen_sysctl *op)
{
    if ( op->interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;

    switch ( op->cmd )
    {
    case XEN_SYSCTL_readconsole:
        return console_ring_read(&op->u.readconsole);
    case XEN_SYSCTL_physinfo:
        return sysctl_physinfo(op);
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = sched_id();
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return sysctl_getdomaininfolist(op);
    case XEN_SYSCTL_scheduler_op:
        return sched_adjust_global(&op->u.scheduler_op);
    default:
        return -ENOSYS;
    }
}
