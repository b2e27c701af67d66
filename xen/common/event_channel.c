/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_channel.c: event channel ports and their bindings (unbound,
 * interdomain, VIRQ, IPI), the EVTCHNOP_* hypercall, and the endpoints
 * through which domain 0 programs receive events.
 *
 * Locking: d->event_lock guards d's port table. Operations on two
 * domains take both locks, lower domain id first (double_lock). A
 * binding to another domain is only ever changed with both locks held,
 * so holding one side's lock keeps the peer alive.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <xen/domain.h>
#include <xen/event.h>
#include <xen/evtchn_private.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

struct dom0_evtchn_endpoint {
    int pipe_write;
};

__thread struct dom0_evtchn_endpoint *current_dom0_endpoint;

/* ---- locking ------------------------------------------------------ */

static void double_lock(struct domain *a, struct domain *b)
{
    if ( a == b )
        pthread_mutex_lock(&a->event_lock);
    else if ( a->domain_id < b->domain_id )
    {
        pthread_mutex_lock(&a->event_lock);
        pthread_mutex_lock(&b->event_lock);
    }
    else
    {
        pthread_mutex_lock(&b->event_lock);
        pthread_mutex_lock(&a->event_lock);
    }
}

static void double_unlock(struct domain *a, struct domain *b)
{
    pthread_mutex_unlock(&a->event_lock);
    if ( a != b )
        pthread_mutex_unlock(&b->event_lock);
}

/* ---- the port table ----------------------------------------------- */

int evtchn_init(struct domain *d, unsigned int max_port)
{
    unsigned int nr_buckets = max_port / EVTCHNS_PER_BUCKET + 1;

    if ( max_port >= EVTCHN_2L_NR_CHANNELS )
        return -EINVAL;
    d->evtchn_buckets = calloc(nr_buckets, sizeof(*d->evtchn_buckets));
    if ( !d->evtchn_buckets )
        return -ENOMEM;
    d->max_evtchn_port = max_port;
    d->evtchn_buckets[0] = calloc(EVTCHNS_PER_BUCKET, sizeof(struct evtchn));
    if ( !d->evtchn_buckets[0] )
        return -ENOMEM;
    d->valid_evtchns = EVTCHNS_PER_BUCKET;
    d->evtchn_buckets[0][0].state = ECS_RESERVED;
    return 0;
}

/* Find a free port, growing the table by a bucket if needed. */
static long get_free_port(struct domain *d)
{
    evtchn_port_t port;
    struct evtchn *bucket;

    /* No new ports once destruction has begun (evtchn_destroy). */
    if ( d->is_dying || !d->evtchn_buckets )
        return -ESRCH;
    for ( port = 1; port < d->valid_evtchns; port++ )
        if ( evtchn_from_port(d, port)->state == ECS_FREE )
            return port;
    if ( d->valid_evtchns > d->max_evtchn_port )
        return -ENOSPC;
    bucket = calloc(EVTCHNS_PER_BUCKET, sizeof(*bucket));
    if ( !bucket )
        return -ENOMEM;
    d->evtchn_buckets[d->valid_evtchns / EVTCHNS_PER_BUCKET] = bucket;
    port = d->valid_evtchns;
    d->valid_evtchns += EVTCHNS_PER_BUCKET;
    return port;
}

static struct evtchn *alloc_port(struct domain *d, evtchn_port_t *port)
{
    long p = get_free_port(d);
    struct evtchn *chn;

    if ( p < 0 )
        return NULL;
    chn = evtchn_from_port(d, p);
    memset(chn, 0, sizeof(*chn));
    if ( d->is_privileged )
        chn->endpoint = current_dom0_endpoint;
    evtchn_2l_clear(d, p);
    *port = p;
    return chn;
}

static bool port_is_valid(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_from_port(d, port);

    return chn && chn->state != ECS_FREE && chn->state != ECS_RESERVED;
}

/* ---- delivery ------------------------------------------------------ */

void vcpu_mark_events_pending(struct vcpu *v)
{
    if ( __atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                             __ATOMIC_SEQ_CST) )
        return;
    if ( atomic_load(&v->pause_flags) & VPF_blocked )
        vcpu_unblock(v);
    else if ( v != current )
        vcpu_kick(v);
}

bool local_events_need_delivery(const struct vcpu *v)
{
    return v->vcpu_info && v->vcpu_info->evtchn_upcall_pending &&
           !v->vcpu_info->evtchn_upcall_mask;
}

void dom0_endpoint_deliver(struct evtchn *chn, evtchn_port_t port)
{
    uint32_t p = port;

    if ( !chn->endpoint )
        return;
    if ( chn->dom0_masked )
    {
        chn->dom0_pending = true;
        return;
    }
    chn->dom0_masked = true;
    chn->dom0_pending = false;
    if ( write(chn->endpoint->pipe_write, &p, sizeof(p)) != sizeof(p) )
        chn->dom0_pending = true; /* pipe full: retried on unmask */
}

/* Caller holds d->event_lock. */
void evtchn_port_set_pending(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_from_port(d, port);

    if ( chn && chn->state != ECS_FREE )
        evtchn_2l_set_pending(d, chn, port);
}

static void send_virq_locked(struct domain *d, struct vcpu *v,
                             unsigned int virq)
{
    evtchn_port_t port;

    pthread_mutex_lock(&d->event_lock);
    port = v->virq_to_evtchn[virq];
    if ( port )
        evtchn_port_set_pending(d, port);
    pthread_mutex_unlock(&d->event_lock);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    if ( virq < NR_VIRQS )
        send_virq_locked(v->domain, v, virq);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    if ( virq < NR_VIRQS && d->max_vcpus && d->vcpu[0] )
        send_virq_locked(d, d->vcpu[0], virq);
}

void send_global_virq(unsigned int virq)
{
    if ( hardware_domain )
        send_guest_global_virq(hardware_domain, virq);
}

/* ---- operations ------------------------------------------------------ */

long evtchn_alloc_unbound_port(struct domain *d, domid_t remote_dom,
                               evtchn_port_t *port)
{
    struct evtchn *chn;
    long rc = 0;

    pthread_mutex_lock(&d->event_lock);
    chn = alloc_port(d, port);
    if ( !chn )
        rc = d->valid_evtchns > d->max_evtchn_port ? -ENOSPC : -ENOMEM;
    else
    {
        chn->state = ECS_UNBOUND;
        chn->u.unbound.remote_domid =
            remote_dom == DOMID_SELF ? current->domain->domain_id : remote_dom;
    }
    pthread_mutex_unlock(&d->event_lock);
    return rc;
}

static long evtchn_alloc_unbound(struct evtchn_alloc_unbound *op)
{
    struct domain *d;
    long rc = 0;

    d = get_target_domain(op->dom, &rc);
    if ( !d )
        return rc;
    rc = evtchn_alloc_unbound_port(d, op->remote_dom, &op->port);
    put_domain(d);
    return rc;
}

static long evtchn_bind_interdomain(struct evtchn_bind_interdomain *op)
{
    struct domain *ld = current->domain, *rd;
    struct evtchn *lchn, *rchn;
    evtchn_port_t lport;
    long rc = 0;

    if ( op->remote_dom == DOMID_SELF || op->remote_dom == ld->domain_id )
    {
        rd = ld;
        get_domain(rd);
    }
    else if ( !(rd = get_domain_by_id(op->remote_dom)) )
        return -ESRCH;

    double_lock(ld, rd);
    /* A dying peer's ports are being closed: none may be bound now. */
    if ( rd->is_dying || ld->is_dying )
    {
        rc = -ESRCH;
        goto out;
    }
    rchn = evtchn_from_port(rd, op->remote_port);
    if ( !rchn || rchn->state != ECS_UNBOUND ||
         rchn->u.unbound.remote_domid != ld->domain_id )
    {
        rc = -EINVAL;
        goto out;
    }
    lchn = alloc_port(ld, &lport);
    if ( !lchn )
    {
        rc = -ENOSPC;
        goto out;
    }
    /* alloc_port may have grown the table: look the remote up again. */
    rchn = evtchn_from_port(rd, op->remote_port);
    lchn->state = ECS_INTERDOMAIN;
    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = op->remote_port;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = lport;
    op->local_port = lport;
    /* Anything sent while the remote end was unbound arrives now. */
    evtchn_2l_set_pending(ld, lchn, lport);
out:
    double_unlock(ld, rd);
    put_domain(rd);
    return rc;
}

static bool virq_is_per_vcpu(unsigned int virq)
{
    return virq == VIRQ_TIMER || virq == VIRQ_DEBUG || virq == VIRQ_XENOPROF ||
           virq == VIRQ_XENPMU;
}

static long evtchn_bind_virq(struct evtchn_bind_virq *op)
{
    struct domain *d = current->domain;
    struct evtchn *chn;
    struct vcpu *v;
    long rc = 0;

    if ( op->virq >= NR_VIRQS )
        return -EINVAL;
    if ( !virq_is_per_vcpu(op->virq) && op->vcpu != 0 )
        return -EINVAL;
    if ( !(v = domain_vcpu(d, op->vcpu)) )
        return -ENOENT;

    pthread_mutex_lock(&d->event_lock);
    if ( v->virq_to_evtchn[op->virq] )
    {
        rc = -EEXIST;
        goto out;
    }
    chn = alloc_port(d, &op->port);
    if ( !chn )
    {
        rc = -ENOSPC;
        goto out;
    }
    chn->state = ECS_VIRQ;
    chn->notify_vcpu_id = op->vcpu;
    chn->u.virq = op->virq;
    v->virq_to_evtchn[op->virq] = op->port;
out:
    pthread_mutex_unlock(&d->event_lock);
    return rc;
}

static long evtchn_bind_ipi(struct evtchn_bind_ipi *op)
{
    struct domain *d = current->domain;
    struct evtchn *chn;
    long rc = 0;

    if ( !domain_vcpu(d, op->vcpu) )
        return -ENOENT;
    pthread_mutex_lock(&d->event_lock);
    chn = alloc_port(d, &op->port);
    if ( !chn )
        rc = -ENOSPC;
    else
    {
        chn->state = ECS_IPI;
        chn->notify_vcpu_id = op->vcpu;
    }
    pthread_mutex_unlock(&d->event_lock);
    return rc;
}

/* Free a port; caller holds d's lock (and the peer's, if interdomain). */
static void free_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_from_port(d, port);

    if ( chn->state == ECS_VIRQ )
    {
        struct vcpu *v = chn->notify_vcpu_id < d->max_vcpus
                             ? d->vcpu[chn->notify_vcpu_id]
                             : NULL;

        if ( !virq_is_per_vcpu(chn->u.virq) && d->max_vcpus )
            v = d->vcpu[0];
        if ( v && v->virq_to_evtchn[chn->u.virq] == port )
            v->virq_to_evtchn[chn->u.virq] = 0;
    }
    evtchn_2l_clear(d, port);
    memset(chn, 0, sizeof(*chn));
}

long evtchn_close_port(struct domain *d, evtchn_port_t port)
{
    struct domain *rd = NULL;
    struct evtchn *chn;
    long rc = 0;

    pthread_mutex_lock(&d->event_lock);
    if ( !port_is_valid(d, port) )
    {
        pthread_mutex_unlock(&d->event_lock);
        return -EINVAL;
    }
    chn = evtchn_from_port(d, port);
    if ( chn->state == ECS_INTERDOMAIN && chn->u.interdomain.remote_dom != d )
    {
        /*
         * Retake the locks in order. The binding holds the peer: it is
         * only undone with both locks held, before the peer is freed.
         */
        rd = chn->u.interdomain.remote_dom;
        if ( !get_domain(rd) )
        {
            pthread_mutex_unlock(&d->event_lock);
            return -ESRCH;
        }
        pthread_mutex_unlock(&d->event_lock);
        double_lock(d, rd);
        chn = evtchn_from_port(d, port);
        if ( chn->state != ECS_INTERDOMAIN ||
             chn->u.interdomain.remote_dom != rd )
        {
            double_unlock(d, rd);
            put_domain(rd);
            return evtchn_close_port(d, port); /* it changed: start over */
        }
    }
    if ( chn->state == ECS_INTERDOMAIN )
    {
        struct domain *peer = chn->u.interdomain.remote_dom;
        struct evtchn *rchn =
            evtchn_from_port(peer, chn->u.interdomain.remote_port);

        /* The peer's end goes back to waiting for us. */
        rchn->state = ECS_UNBOUND;
        rchn->u.unbound.remote_domid = d->domain_id;
    }
    free_port(d, port);
    if ( rd )
    {
        double_unlock(d, rd);
        put_domain(rd);
    }
    else
        pthread_mutex_unlock(&d->event_lock);
    return rc;
}

long evtchn_send(struct domain *ld, evtchn_port_t lport)
{
    struct evtchn *lchn;
    struct domain *rd;
    evtchn_port_t rport;
    long rc = 0;

    pthread_mutex_lock(&ld->event_lock);
    if ( !port_is_valid(ld, lport) )
    {
        pthread_mutex_unlock(&ld->event_lock);
        return -EINVAL;
    }
    lchn = evtchn_from_port(ld, lport);
    switch ( lchn->state )
    {
    case ECS_INTERDOMAIN:
        rd = lchn->u.interdomain.remote_dom;
        rport = lchn->u.interdomain.remote_port;
        if ( rd == ld )
        {
            evtchn_port_set_pending(ld, rport);
            break;
        }
        /* Lock the peer in order; recheck the binding after. */
        if ( !get_domain(rd) )
            break; /* the peer is gone: nobody to notify */
        pthread_mutex_unlock(&ld->event_lock);
        double_lock(ld, rd);
        lchn = evtchn_from_port(ld, lport);
        if ( lchn->state == ECS_INTERDOMAIN &&
             lchn->u.interdomain.remote_dom == rd )
            evtchn_port_set_pending(rd, lchn->u.interdomain.remote_port);
        double_unlock(ld, rd);
        put_domain(rd);
        return 0;
    case ECS_IPI:
        evtchn_port_set_pending(ld, lport);
        break;
    case ECS_UNBOUND:
        break; /* nobody listens yet: dropped, as on Xen */
    default:
        rc = -EINVAL;
        break;
    }
    pthread_mutex_unlock(&ld->event_lock);
    return rc;
}

static long evtchn_status(struct evtchn_status *op)
{
    struct domain *d;
    struct evtchn *chn;
    long rc = 0;

    d = get_target_domain(op->dom, &rc);
    if ( !d )
        return rc;
    pthread_mutex_lock(&d->event_lock);
    chn = evtchn_from_port(d, op->port);
    if ( !chn || op->port == 0 )
    {
        rc = -EINVAL;
        goto out;
    }
    memset(&op->u, 0, sizeof(op->u));
    op->vcpu = chn->notify_vcpu_id;
    switch ( chn->state )
    {
    case ECS_FREE:
    case ECS_RESERVED:
        op->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        op->status = EVTCHNSTAT_unbound;
        op->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        op->status = EVTCHNSTAT_interdomain;
        op->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        op->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_VIRQ:
        op->status = EVTCHNSTAT_virq;
        op->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        op->status = EVTCHNSTAT_ipi;
        break;
    }
out:
    pthread_mutex_unlock(&d->event_lock);
    put_domain(d);
    return rc;
}

static long evtchn_bind_vcpu(struct evtchn_bind_vcpu *op)
{
    struct domain *d = current->domain;
    struct evtchn *chn;
    long rc = 0;

    if ( !domain_vcpu(d, op->vcpu) )
        return -ENOENT;
    pthread_mutex_lock(&d->event_lock);
    if ( !port_is_valid(d, op->port) )
    {
        rc = -EINVAL;
        goto out;
    }
    chn = evtchn_from_port(d, op->port);
    switch ( chn->state )
    {
    case ECS_VIRQ:
        if ( virq_is_per_vcpu(chn->u.virq) )
        {
            rc = -EINVAL;
            break;
        }
        /* fall through */
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        chn->notify_vcpu_id = op->vcpu;
        break;
    default:
        rc = -EINVAL;
        break;
    }
out:
    pthread_mutex_unlock(&d->event_lock);
    return rc;
}

static long evtchn_unmask(evtchn_port_t port)
{
    struct domain *d = current->domain;
    struct evtchn *chn;
    long rc = 0;

    pthread_mutex_lock(&d->event_lock);
    if ( !port_is_valid(d, port) )
        rc = -EINVAL;
    else if ( d->shared_info )
        evtchn_2l_unmask(d, port);
    else
    {
        chn = evtchn_from_port(d, port);
        chn->dom0_masked = false;
        if ( chn->dom0_pending )
            dom0_endpoint_deliver(chn, port);
    }
    pthread_mutex_unlock(&d->event_lock);
    return rc;
}

static void close_all_ports(struct domain *d)
{
    evtchn_port_t port;

    for ( port = 1; port < d->valid_evtchns; port++ )
    {
        bool used;

        pthread_mutex_lock(&d->event_lock);
        used = port_is_valid(d, port);
        pthread_mutex_unlock(&d->event_lock);
        if ( used )
            evtchn_close_port(d, port);
    }
}

static long evtchn_reset(struct evtchn_reset *op)
{
    struct domain *d;
    long rc = 0;

    d = get_target_domain(op->dom, &rc);
    if ( !d )
        return rc;
    close_all_ports(d);
    put_domain(d);
    return 0;
}

/*
 * Called once d is dying, so no new port can be allocated or bound to it
 * (get_free_port, evtchn_bind_interdomain). Closing every port undoes
 * every binding a peer holds; the table itself is freed under the lock,
 * so a peer that looks d's ports up at the same time finds none.
 */
void evtchn_destroy(struct domain *d)
{
    struct evtchn **buckets;
    unsigned int i, nr;

    if ( !d->evtchn_buckets )
        return;
    close_all_ports(d);
    pthread_mutex_lock(&d->event_lock);
    buckets = d->evtchn_buckets;
    nr = d->valid_evtchns / EVTCHNS_PER_BUCKET;
    d->evtchn_buckets = NULL;
    d->valid_evtchns = 0;
    pthread_mutex_unlock(&d->event_lock);
    for ( i = 0; i < nr; i++ )
        free(buckets[i]);
    free(buckets);
}

/* ---- domain 0 endpoints ---------------------------------------------- */

struct dom0_evtchn_endpoint *dom0_evtchn_endpoint_open(int *pipe_read_fd)
{
    struct dom0_evtchn_endpoint *ep = calloc(1, sizeof(*ep));
    int fds[2];

    if ( !ep )
        return NULL;
    if ( pipe2(fds, O_CLOEXEC | O_NONBLOCK) )
    {
        free(ep);
        return NULL;
    }
    /* The reader side blocks or not as the client chooses. */
    fcntl(fds[0], F_SETFL, 0);
    ep->pipe_write = fds[1];
    *pipe_read_fd = fds[0];
    return ep;
}

void dom0_evtchn_endpoint_close(struct dom0_evtchn_endpoint *ep)
{
    struct domain *d = hardware_domain;
    evtchn_port_t port;

    for ( port = 1; port < d->valid_evtchns; port++ )
    {
        bool mine;

        pthread_mutex_lock(&d->event_lock);
        mine =
            port_is_valid(d, port) && evtchn_from_port(d, port)->endpoint == ep;
        pthread_mutex_unlock(&d->event_lock);
        if ( mine )
            evtchn_close_port(d, port);
    }
    close(ep->pipe_write);
    free(ep);
}

/* ---- the hypercall --------------------------------------------------- */

/*
 * The FIFO event channel ABI is not offered: only the 2-level one. A
 * control block Xen would refuse (not the guest's RAM, misaligned, past
 * the page, a vCPU it does not have) gets -EINVAL as from Xen; a good one
 * gets -ENOSYS, and guests (Linux) fall back to 2-level events.
 */
#define FIFO_CONTROL_BLOCK_SIZE 64

static long fifo_init_control(uint64_t arg)
{
    struct domain *d = current->domain;
    struct evtchn_init_control op;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( !domain_mfn_is_ram(d, op.control_gfn) || (op.offset & 7) ||
         op.offset > PAGE_SIZE - FIFO_CONTROL_BLOCK_SIZE ||
         !domain_vcpu(d, op.vcpu) )
        return -EINVAL;
    return -ENOSYS;
}

#define EVTCHN_OP(type, fn)                                                    \
    do                                                                         \
    {                                                                          \
        type op;                                                               \
        long rc;                                                               \
                                                                               \
        if ( copy_from_guest(&op, arg, sizeof(op)) )                           \
            return -EFAULT;                                                    \
        rc = fn(&op);                                                          \
        if ( !rc && copy_to_guest(arg, &op, sizeof(op)) )                      \
            return -EFAULT;                                                    \
        return rc;                                                             \
    } while ( 0 )

long do_event_channel_op(int cmd, uint64_t arg)
{
    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(struct evtchn_alloc_unbound, evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain:
        EVTCHN_OP(struct evtchn_bind_interdomain, evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(struct evtchn_bind_virq, evtchn_bind_virq);
    case EVTCHNOP_bind_ipi:
        EVTCHN_OP(struct evtchn_bind_ipi, evtchn_bind_ipi);
    case EVTCHNOP_bind_vcpu:
        EVTCHN_OP(struct evtchn_bind_vcpu, evtchn_bind_vcpu);
    case EVTCHNOP_status:
        EVTCHN_OP(struct evtchn_status, evtchn_status);
    case EVTCHNOP_reset:
        EVTCHN_OP(struct evtchn_reset, evtchn_reset);
    case EVTCHNOP_close:
    {
        struct evtchn_close op;

        if ( copy_from_guest(&op, arg, sizeof(op)) )
            return -EFAULT;
        return evtchn_close_port(current->domain, op.port);
    }
    case EVTCHNOP_send:
    {
        struct evtchn_send op;

        if ( copy_from_guest(&op, arg, sizeof(op)) )
            return -EFAULT;
        return evtchn_send(current->domain, op.port);
    }
    case EVTCHNOP_unmask:
    {
        struct evtchn_unmask op;

        if ( copy_from_guest(&op, arg, sizeof(op)) )
            return -EFAULT;
        return evtchn_unmask(op.port);
    }
    case EVTCHNOP_init_control:
        return fifo_init_control(arg);
    default:
        return -ENOSYS; /* expand_array, set_priority: FIFO, not offered */
    }
}
