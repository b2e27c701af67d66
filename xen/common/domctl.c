/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl.c: domain control operations for the toolstack (domain 0 only,
 * reached through the privcmd channel). One handler per command, looked
 * up in a table; the domain is looked up once, before the handler runs.
 */
#include <string.h>

#include <asm/arch.h>
#include <public/domctl.h>
#include <xen/domain.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* Domain ids the toolstack may create: 1 .. DOMID_FIRST_RESERVED-1. */
static domid_t next_free_domid = 1;

static domid_t pick_domid(domid_t requested)
{
    struct domain *d;
    unsigned int tries;

    if ( requested && requested < DOMID_FIRST_RESERVED )
    {
        d = get_domain_by_id(requested);
        if ( d )
        {
            put_domain(d);
            return DOMID_INVALID;
        }
        return requested;
    }
    for ( tries = 1; tries < DOMID_FIRST_RESERVED; tries++ )
    {
        domid_t id = next_free_domid;

        next_free_domid++;
        if ( next_free_domid >= DOMID_FIRST_RESERVED )
            next_free_domid = 1;
        d = get_domain_by_id(id);
        if ( !d )
            return id;
        put_domain(d);
    }
    return DOMID_INVALID;
}

static long domctl_createdomain(struct xen_domctl *op)
{
    struct xen_domctl_createdomain *cfg = &op->u.createdomain;
    domid_t domid;
    int err = 0;

    if ( cfg->flags & XEN_DOMCTL_CDF_hvm )
        return -EOPNOTSUPP; /* PV guests only */
    if ( cfg->max_vcpus > MAX_VIRT_CPUS )
        return -EINVAL;
    if ( cfg->max_pages > (1ULL << 32) ) /* 16 TiB of guest RAM */
        return -EINVAL;
    domid = pick_domid(op->domain);
    if ( domid == DOMID_INVALID )
        return op->domain ? -EEXIST : -ENOSPC;
    if ( !domain_create(domid, cfg, &err) )
        return err;
    op->domain = domid;
    return 0;
}

static long domctl_destroydomain(struct domain *d, struct xen_domctl *op)
{
    (void)op;
    return domain_kill(d);
}

static long domctl_pausedomain(struct domain *d, struct xen_domctl *op)
{
    (void)op;
    return domain_pause_by_controller(d);
}

static long domctl_unpausedomain(struct domain *d, struct xen_domctl *op)
{
    (void)op;
    return domain_unpause_by_controller(d);
}

static long domctl_getdomaininfo(struct domain *d, struct xen_domctl *op)
{
    domain_get_info(d, &op->u.getdomaininfo);
    return 0;
}

static long domctl_max_mem(struct domain *d, struct xen_domctl *op)
{
    uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

    /* Guest RAM is one mapping sized at creation; it cannot grow later. */
    if ( pages > d->max_pages )
        return -ENOMEM;
    d->max_pages_limit = pages;
    return 0;
}

static long domctl_setvcpucontext(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v = domain_vcpu(d, op->u.vcpucontext.vcpu);
    struct vcpu_guest_context *c = &op->u.vcpucontext.ctxt;
    long rc;

    if ( !v || d->is_privileged )
        return -ESRCH;
    vcpu_pause(v);
    rc = arch_set_info_guest(v, c);
    if ( !rc )
    {
        v->is_initialised = true;
        if ( c->flags & VGCF_online )
            atomic_fetch_and(&v->pause_flags, ~VPF_down);
        else
            atomic_fetch_or(&v->pause_flags, VPF_down);
    }
    vcpu_unpause(v);
    return rc;
}

static long domctl_getvcpucontext(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v = domain_vcpu(d, op->u.vcpucontext.vcpu);
    long rc;

    if ( !v || d->is_privileged )
        return -ESRCH;
    vcpu_pause(v);
    rc = arch_get_info_guest(v, &op->u.vcpucontext.ctxt);
    vcpu_unpause(v);
    return rc;
}

static long domctl_getvcpuinfo(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_getvcpuinfo *info = &op->u.getvcpuinfo;
    struct vcpu *v = domain_vcpu(d, info->vcpu);
    unsigned long flags;

    if ( !v )
        return -ESRCH;
    flags = atomic_load(&v->pause_flags);
    info->online = !(flags & VPF_down);
    info->blocked = !!(flags & VPF_blocked);
    info->running = v->is_running;
    info->cpu_time = vcpu_cpu_time(v);
    info->cpu = v->processor;
    return 0;
}

static long domctl_max_vcpus(struct domain *d, struct xen_domctl *op)
{
    if ( d->is_privileged )
        return -EINVAL;
    return domain_set_max_vcpus(d, op->u.max_vcpus.max);
}

static uint64_t bitmap_to_mask(const uint8_t *bitmap, uint32_t nr_bits)
{
    uint64_t mask = 0;
    uint32_t i;

    for ( i = 0; i < min(nr_bits, 64u); i++ )
        if ( bitmap[i / 8] & (1u << (i % 8)) )
            mask |= 1ULL << i;
    return mask;
}

static void mask_to_bitmap(uint64_t mask, uint8_t *bitmap, size_t bytes)
{
    size_t i;

    memset(bitmap, 0, bytes);
    for ( i = 0; i < min(bytes * 8, (size_t)64); i++ )
        if ( mask & (1ULL << i) )
            bitmap[i / 8] |= 1u << (i % 8);
}

static long domctl_setvcpuaffinity(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpuaffinity *aff = &op->u.vcpuaffinity;
    struct vcpu *v = domain_vcpu(d, aff->vcpu);
    uint32_t nr_bits =
        min(aff->nr_bits, (uint32_t)(8 * sizeof(aff->cpumap_hard)));
    long rc = 0;

    if ( !v || d->is_privileged )
        return -ESRCH;
    if ( aff->flags & XEN_VCPUAFFINITY_HARD )
        rc = vcpu_set_hard_affinity(v,
                                    bitmap_to_mask(aff->cpumap_hard, nr_bits));
    if ( !rc && (aff->flags & XEN_VCPUAFFINITY_SOFT) )
        v->cpu_soft_affinity = bitmap_to_mask(aff->cpumap_soft, nr_bits);
    return rc;
}

static long domctl_getvcpuaffinity(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpuaffinity *aff = &op->u.vcpuaffinity;
    struct vcpu *v = domain_vcpu(d, aff->vcpu);
    uint64_t online =
        sched_nr_pcpus() >= 64 ? ~0ULL : (1ULL << sched_nr_pcpus()) - 1;

    if ( !v )
        return -ESRCH;
    mask_to_bitmap(v->cpu_hard_affinity & online, aff->cpumap_hard,
                   sizeof(aff->cpumap_hard));
    mask_to_bitmap(v->cpu_soft_affinity & online, aff->cpumap_soft,
                   sizeof(aff->cpumap_soft));
    aff->nr_bits = sched_nr_pcpus();
    return 0;
}

static long domctl_scheduler_op(struct domain *d, struct xen_domctl *op)
{
    if ( op->u.scheduler_op.sched_id != (uint32_t)sched_id() )
        return -EINVAL;
    return sched_adjust(d, &op->u.scheduler_op);
}

static long domctl_setdomainhandle(struct domain *d, struct xen_domctl *op)
{
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    return 0;
}

static long domctl_hypercall_init(struct domain *d, struct xen_domctl *op)
{
    if ( d->is_privileged )
        return -EINVAL;
    return arch_hypercall_page_init(d, op->u.hypercall_init.gmfn);
}

static long domctl_shutdown(struct domain *d, struct xen_domctl *op)
{
    if ( d->is_privileged || op->u.shutdown.reason > SHUTDOWN_MAX )
        return -EINVAL;
    domain_shutdown(d, op->u.shutdown.reason);
    return 0;
}

static long domctl_set_tot_pages(struct domain *d, struct xen_domctl *op)
{
    uint64_t pages = op->u.set_tot_pages.tot_pages;

    if ( d->is_privileged || pages > d->max_pages_limit )
        return -EINVAL;
    __atomic_store_n(&d->tot_pages, pages, __ATOMIC_RELAXED);
    return 0;
}

typedef long domctl_fn_t(struct domain *d, struct xen_domctl *op);

static const struct domctl_handler {
    uint32_t cmd;
    domctl_fn_t *fn;
} domctl_handlers[] = {
    { XEN_DOMCTL_destroydomain, domctl_destroydomain },
    { XEN_DOMCTL_pausedomain, domctl_pausedomain },
    { XEN_DOMCTL_unpausedomain, domctl_unpausedomain },
    { XEN_DOMCTL_getdomaininfo, domctl_getdomaininfo },
    { XEN_DOMCTL_max_mem, domctl_max_mem },
    { XEN_DOMCTL_setvcpucontext, domctl_setvcpucontext },
    { XEN_DOMCTL_getvcpucontext, domctl_getvcpucontext },
    { XEN_DOMCTL_getvcpuinfo, domctl_getvcpuinfo },
    { XEN_DOMCTL_max_vcpus, domctl_max_vcpus },
    { XEN_DOMCTL_setvcpuaffinity, domctl_setvcpuaffinity },
    { XEN_DOMCTL_getvcpuaffinity, domctl_getvcpuaffinity },
    { XEN_DOMCTL_scheduler_op, domctl_scheduler_op },
    { XEN_DOMCTL_setdomainhandle, domctl_setdomainhandle },
    { XEN_DOMCTL_hypercall_init, domctl_hypercall_init },
    { XEN_DOMCTL_shutdown, domctl_shutdown },
    { XEN_DOMCTL_set_tot_pages, domctl_set_tot_pages },
};

long do_domctl(struct xen_domctl *op)
{
    struct domain *d;
    unsigned int i;
    long rc;

    if ( op->interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( op->cmd == XEN_DOMCTL_createdomain )
        return domctl_createdomain(op);

    for ( i = 0; i < ARRAY_SIZE(domctl_handlers); i++ )
        if ( domctl_handlers[i].cmd == op->cmd )
            break;
    if ( i == ARRAY_SIZE(domctl_handlers) )
        return -ENOSYS;

    d = get_domain_by_id(op->domain);
    if ( !d )
        return -ESRCH;
    rc = domctl_handlers[i].fn(d, op);
    put_domain(d);
    return rc;
}
