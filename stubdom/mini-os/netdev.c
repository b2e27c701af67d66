/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netdev.c: a network stack instance on a netfront device and the
 * thread that drives it.
 *
 * The thread polls the device (frames into net_input, one net_flush a
 * batch), runs the stack's timers when they are due, pushes what the
 * batch made the stack send, and sleeps until the device's event or
 * the next timer. Whether to sleep is decided with events masked: an
 * event after the check still makes the thread runnable again, so none
 * is lost between the check and the sleep.
 *
 * Threads waiting on sockets sleep on a small list; any wake-up from
 * the stack wakes them all to look again (there are few of them).
 */
#include <mini-os/netdev.h>
#include <mini-os/os.h>

#define MAX_WAITERS 32

struct netdev {
    struct netfront *nf;
    struct net_stack *st;
    struct thread *thread;
    volatile bool kicked;
    bool up, closing;
    unsigned int batch;
    uint64_t rng;
    struct thread *waiters[MAX_WAITERS];
};

static void wake_waiters(struct netdev *nd)
{
    unsigned int i;

    for ( i = 0; i < MAX_WAITERS; i++ )
        if ( nd->waiters[i] )
            wake(nd->waiters[i]);
}

static void on_rx(void *ctx, const void *frame, size_t len, bool csum_ok)
{
    struct netdev *nd = ctx;

    net_input(nd->st, frame, len, csum_ok ? NET_RX_CSUM_VALID : 0);
}

/* Upcall context: only note it and make the thread runnable. */
static void on_notify(void *ctx)
{
    struct netdev *nd = ctx;

    nd->kicked = true;
    if ( nd->thread )
        wake(nd->thread);
}

static void op_transmit(void *ctx, const void *frame, size_t len,
                        unsigned int gso_size)
{
    struct netdev *nd = ctx;

    if ( !nd->nf )
        return;
    netfront_xmit(nd->nf, frame, len, gso_size);
    if ( !nd->batch )
        netfront_push(nd->nf);
}

static uint64_t op_now(void *ctx)
{
    (void)ctx;
    return monotonic_clock();
}

static uint32_t op_random(void *ctx)
{
    struct netdev *nd = ctx;

    /* xorshift64*, seeded from the clock: ports and sequence numbers. */
    nd->rng ^= nd->rng >> 12;
    nd->rng ^= nd->rng << 25;
    nd->rng ^= nd->rng >> 27;
    return (uint32_t)((nd->rng * 0x2545f4914f6cdd1dULL) >> 32);
}

static void op_wakeup(void *ctx, struct net_sock *s)
{
    (void)s;
    wake_waiters(ctx);
}

static void net_thread(void *arg)
{
    struct netdev *nd = arg;

    for ( ;; )
    {
        uint64_t deadline;
        int n;

        nd->kicked = false;
        nd->batch++;
        n = netfront_poll(nd->nf);
        if ( n > 0 )
            net_flush(nd->st);
        deadline = net_next_deadline(nd->st);
        if ( deadline && monotonic_clock() >= deadline )
            net_timers(nd->st);
        nd->batch--;
        if ( n < 0 || nd->closing )
            break;
        netfront_push(nd->nf);
        local_irq_disable();
        if ( nd->kicked || netfront_work_pending(nd->nf) )
        {
            local_irq_enable();
            continue;
        }
        deadline = net_next_deadline(nd->st);
        block_until(deadline);
        local_irq_enable();
    }
    nd->up = false;
    wake_waiters(nd);
    nd->thread = NULL;
}

struct netdev *netdev_open(const char *node, const struct net_config *cfg)
{
    struct netdev *nd = calloc(1, sizeof(*nd));
    struct net_ops ops = {
        .transmit = op_transmit,
        .now = op_now,
        .random = op_random,
        .wakeup = op_wakeup,
    };
    struct net_config c = *cfg;

    if ( !nd )
        return NULL;
    nd->rng = monotonic_clock() | 1;
    ops.ctx = nd;
    nd->nf = netfront_init(node, on_rx, on_notify, nd);
    if ( !nd->nf )
    {
        free(nd);
        return NULL;
    }
    memcpy(c.mac, netfront_mac(nd->nf), 6);
    if ( netfront_can_gso(nd->nf) && c.tso_max < 32768 )
        c.tso_max = 32768;
    nd->st = net_create(&ops, &c);
    if ( !nd->st )
    {
        netfront_close(nd->nf);
        free(nd);
        return NULL;
    }
    nd->up = true;
    nd->thread = create_thread("net", net_thread, nd);
    return nd;
}

struct net_stack *netdev_stack(struct netdev *nd)
{
    return nd->st;
}

struct netfront *netdev_netfront(struct netdev *nd)
{
    return nd->nf;
}

bool netdev_up(const struct netdev *nd)
{
    return nd->up;
}

static int add_waiter(struct netdev *nd)
{
    unsigned int i;

    for ( i = 0; i < MAX_WAITERS; i++ )
        if ( !nd->waiters[i] )
        {
            nd->waiters[i] = current_thread();
            return (int)i;
        }
    return -1;
}

void netdev_sleep(struct netdev *nd, uint64_t timeout_ns)
{
    int slot = add_waiter(nd);

    if ( slot < 0 )
    {
        msleep(1);
        return;
    }
    block_until(timeout_ns ? monotonic_clock() + timeout_ns : 0);
    nd->waiters[slot] = NULL;
}

unsigned int netdev_wait(struct netdev *nd, struct net_sock *s,
                         unsigned int mask, uint64_t timeout_ns)
{
    uint64_t deadline = timeout_ns ? monotonic_clock() + timeout_ns : 0;
    unsigned int ev;

    while ( !(ev = net_events(s) & mask) )
    {
        uint64_t now = monotonic_clock();

        if ( !nd->up || (deadline && now >= deadline) )
            return 0;
        netdev_sleep(nd, deadline ? deadline - now : 0);
    }
    return ev;
}

void netdev_batch_begin(struct netdev *nd)
{
    nd->batch++;
}

void netdev_batch_end(struct netdev *nd)
{
    if ( nd->batch && !--nd->batch && nd->nf )
        netfront_push(nd->nf);
}

void netdev_close(struct netdev *nd)
{
    if ( !nd )
        return;
    nd->closing = true;
    while ( nd->thread )
    {
        wake(nd->thread);
        msleep(1);
    }
    net_destroy(nd->st);
    netfront_close(nd->nf);
    free(nd);
}
