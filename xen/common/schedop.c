/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedop.c: the sched_op and set_timer_op hypercalls, and the per-vCPU
 * timers behind them (singleshot, periodic, poll timeout), all of which
 * end in VIRQ_TIMER or a wake-up.
 */
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/evtchn_private.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/timer.h>
#include <public/sched.h>

#define SCHED_POLL_MAX_PORTS 128

static void singleshot_fn(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void periodic_fn(void *data)
{
    struct vcpu *v = data;

    send_guest_vcpu_virq(v, VIRQ_TIMER);
    if ( v->periodic_period )
        set_timer(&v->periodic_timer, NOW() + v->periodic_period);
}

/* The poll timed out: wake the vCPU, unless the poll ended already. */
static void poll_timeout_fn(void *data)
{
    struct vcpu *v = data;

    if ( __atomic_exchange_n(&v->poll_nr, 0, __ATOMIC_ACQ_REL) )
        vcpu_unblock(v);
}

/*
 * A poll that an event ended leaves its ports and timer behind: clear
 * both before the vCPU blocks or polls again, so that the stale timer
 * cannot wake a later SCHEDOP_block.
 */
static void poll_end(struct vcpu *v)
{
    if ( !__atomic_exchange_n(&v->poll_nr, 0, __ATOMIC_ACQ_REL) )
        return;
    stop_timer(&v->poll_timer);
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_fn, v);
    init_timer(&v->periodic_timer, periodic_fn, v);
    init_timer(&v->poll_timer, poll_timeout_fn, v);
}

long do_set_timer_op(uint64_t timeout)
{
    struct vcpu *v = current;

    if ( !timeout )
        stop_timer(&v->singleshot_timer);
    else
        set_timer(&v->singleshot_timer,
                  (s_time_t)min(timeout, (uint64_t)STIME_MAX));
    return 0;
}

/* True if any of ports[] is pending for d. */
static bool any_port_pending(struct domain *d, const evtchn_port_t *ports,
                             unsigned int nr)
{
    unsigned int i;

    for ( i = 0; i < nr; i++ )
        if ( evtchn_2l_is_pending(d, ports[i]) )
            return true;
    return false;
}

static long sched_poll(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    evtchn_port_t ports[SCHED_POLL_MAX_PORTS];
    struct sched_poll poll;
    unsigned int i;

    if ( copy_from_guest(&poll, arg, sizeof(poll)) )
        return -EFAULT;
    if ( poll.nr_ports > SCHED_POLL_MAX_PORTS )
        return -EINVAL;
    if ( copy_from_guest(ports, (uint64_t)(uintptr_t)poll.ports.p,
                         poll.nr_ports * sizeof(ports[0])) )
        return -EFAULT;
    for ( i = 0; i < poll.nr_ports; i++ )
        if ( ports[i] >= d->valid_evtchns )
            return -EINVAL;

    v->poll_nr = poll.nr_ports;
    atomic_fetch_or(&v->pause_flags, VPF_blocked);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ( any_port_pending(d, ports, poll.nr_ports) ||
         (poll.timeout && (s_time_t)poll.timeout <= NOW()) )
    {
        atomic_fetch_and(&v->pause_flags, ~VPF_blocked);
        __atomic_store_n(&v->poll_nr, 0, __ATOMIC_RELEASE);
        return 0;
    }
    if ( poll.timeout )
        set_timer(&v->poll_timer,
                  (s_time_t)min(poll.timeout, (uint64_t)STIME_MAX));
    return 0;
}

long do_sched_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        vcpu_yield(v);
        return 0;

    case SCHEDOP_block:
        if ( d->is_privileged )
            return -EINVAL;
        poll_end(v);
        vcpu_block(v);
        return 0;

    case SCHEDOP_shutdown:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        if ( s.reason > SHUTDOWN_MAX || d->is_privileged )
            return -EINVAL;
        if ( s.reason == SHUTDOWN_crash )
            printk("domain %u reported a crash", d->domain_id);
        domain_shutdown(d, s.reason);
        return 0;
    }

    case SCHEDOP_shutdown_code:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        if ( s.reason > SHUTDOWN_MAX )
            return -EINVAL;
        d->shutdown_code = s.reason;
        return 0;
    }

    case SCHEDOP_poll:
        if ( d->is_privileged )
            return -EINVAL;
        poll_end(v);
        return sched_poll(v, arg);

    case SCHEDOP_remote_shutdown:
    {
        struct sched_remote_shutdown rs;
        struct domain *target;

        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&rs, arg, sizeof(rs)) )
            return -EFAULT;
        if ( rs.reason > SHUTDOWN_MAX )
            return -EINVAL;
        target = get_domain_by_id(rs.domain_id);
        if ( !target )
            return -ESRCH;
        if ( !target->is_privileged )
            domain_shutdown(target, rs.reason);
        put_domain(target);
        return 0;
    }

    default:
        return -ENOSYS;
    }
}
