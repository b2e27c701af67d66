/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op.c: the vcpu_op hypercall: a guest brings its own vCPUs up and
 * down, sets their timers, reads their run state and moves vcpu_info.
 */
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/timer.h>
#include <asm/arch.h>
#include <public/vcpu.h>

#define MIN_PERIODIC_NS MILLISECS(1)

/*
 * Neither call waits for the target vCPU: a vCPU that is not yet
 * initialised has never run (VCPUOP_up needs a context), and a vCPU taken
 * down leaves its pCPU at its next exit. Waiting would let two vCPUs
 * acting on each other wait for each other for ever.
 */
static long vcpu_initialise(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    struct vcpu_guest_context *ctxt;
    long rc;

    ctxt = malloc(sizeof(*ctxt));
    if ( !ctxt )
        return -ENOMEM;
    if ( copy_from_guest(ctxt, arg, sizeof(*ctxt)) )
    {
        rc = -EFAULT;
        goto out;
    }
    pthread_mutex_lock(&d->lock);
    if ( v->is_initialised )
        rc = -EEXIST;
    else
    {
        rc = arch_set_info_guest(v, ctxt);
        if ( !rc )
            v->is_initialised = true;
    }
    pthread_mutex_unlock(&d->lock);
out:
    free(ctxt);
    return rc;
}

/* As on Xen, the last vCPU to go down powers the domain off. */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    bool others_up = false;
    unsigned int i;

    pthread_mutex_lock(&d->lock);
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] && d->vcpu[i] != v &&
             !(atomic_load(&d->vcpu[i]->pause_flags) & VPF_down) )
            others_up = true;
    if ( others_up )
        atomic_fetch_or(&v->pause_flags, VPF_down);
    pthread_mutex_unlock(&d->lock);

    if ( !others_up )
    {
        domain_shutdown(d, SHUTDOWN_poweroff);
        return 0;
    }
    if ( v == current )
        vcpu_yield(v);
    else
        vcpu_kick(v);
    return 0;
}

static long vcpu_up(struct vcpu *v)
{
    struct domain *d = v->domain;
    long rc = 0;

    pthread_mutex_lock(&d->lock);
    if ( !v->is_initialised )
        rc = -EINVAL;
    else
        atomic_fetch_and(&v->pause_flags, ~VPF_down);
    pthread_mutex_unlock(&d->lock);
    if ( !rc )
        vcpu_wake(v);
    return rc;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if ( !(v = domain_vcpu(d, vcpuid)) )
        return -ENOENT;

    switch ( cmd )
    {
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);

    case VCPUOP_up:
        return vcpu_up(v);

    case VCPUOP_down:
        return vcpu_down(v);

    case VCPUOP_is_up:
        return !(atomic_load(&v->pause_flags) & VPF_down);

    case VCPUOP_get_runstate_info:
    {
        struct vcpu_runstate_info r;

        vcpu_runstate_get(v, &r);
        return copy_to_guest(arg, &r, sizeof(r)) ? -EFAULT : 0;
    }

    case VCPUOP_set_periodic_timer:
    {
        struct vcpu_set_periodic_timer set;

        if ( copy_from_guest(&set, arg, sizeof(set)) )
            return -EFAULT;
        if ( set.period_ns < MIN_PERIODIC_NS ||
             set.period_ns > (uint64_t)SECONDS(3600) )
            return -EINVAL;
        v->periodic_period = set.period_ns;
        set_timer(&v->periodic_timer, NOW() + v->periodic_period);
        return 0;
    }

    case VCPUOP_stop_periodic_timer:
        v->periodic_period = 0;
        stop_timer(&v->periodic_timer);
        return 0;

    case VCPUOP_set_singleshot_timer:
    {
        struct vcpu_set_singleshot_timer set;

        if ( v != current )
            return -EINVAL;
        if ( copy_from_guest(&set, arg, sizeof(set)) )
            return -EFAULT;
        if ( (set.flags & VCPU_SSHOTTMR_future) &&
             (s_time_t)set.timeout_abs_ns < NOW() )
            return -ETIME;
        set_timer(&v->singleshot_timer,
                  (s_time_t)min(set.timeout_abs_ns, (uint64_t)STIME_MAX));
        return 0;
    }

    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;

    case VCPUOP_register_vcpu_info:
    {
        struct vcpu_register_vcpu_info info;
        long rc;

        if ( copy_from_guest(&info, arg, sizeof(info)) )
            return -EFAULT;
        if ( info.rsvd )
            return -EINVAL;
        rc = vcpu_register_info(v, info.mfn, info.offset);
        if ( !rc )
            arch_update_vcpu_time(v);
        return rc;
    }

    case VCPUOP_register_runstate_memory_area:
    {
        struct vcpu_register_runstate_memory_area area;
        struct vcpu_runstate_info now;

        if ( copy_from_guest(&area, arg, sizeof(area)) )
            return -EFAULT;
        v->runstate_guest = area.addr.p;
        /* Filled in at once with what is known now, as on Xen. */
        vcpu_runstate_get(v, &now);
        if ( area.addr.p )
            (void)copy_to_vcpu(v, area.addr.p, &now, sizeof(now));
        return 0;
    }

    case VCPUOP_register_vcpu_time_memory_area:
    {
        struct vcpu_register_time_memory_area area;

        if ( copy_from_guest(&area, arg, sizeof(area)) )
            return -EFAULT;
        v->time_area_guest = area.addr.p;
        if ( area.addr.p )
            arch_update_vcpu_time(v);
        return 0;
    }

    default:
        return -ENOSYS;
    }
}
