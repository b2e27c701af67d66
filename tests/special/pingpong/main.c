/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pingpong: two domains bounce an event back and forth over an
 * interdomain channel set up by xen-run (first domain: "port=P", second:
 * "remote_port=P"); "rounds=N" sets the count. Each prints the mean
 * round-trip time and "pingpong: done" when all rounds completed.
 */
#include <mini-os/os.h>

static struct thread *waiter;
static volatile unsigned int received;

static void on_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    received++;
    if ( waiter )
        wake(waiter);
}

/* Events stay off between the check and blocking, or a wake-up is lost. */
static void wait_for(unsigned int n)
{
    local_irq_disable();
    while ( received < n )
    {
        waiter = current_thread();
        block_current();
        local_irq_disable();
    }
    waiter = NULL;
    local_irq_enable();
}

int app_main(const char *cmdline)
{
    char buf[32];
    unsigned int rounds = 1000, i;
    evtchn_port_t port;
    bool first;
    uint64_t t0, t1;

    (void)cmdline;
    if ( cmdline_get("rounds", buf, sizeof(buf)) )
        rounds = strtoul(buf, NULL, 10);
    first = cmdline_get("port", buf, sizeof(buf));
    if ( first )
        port = strtoul(buf, NULL, 10);
    else if ( cmdline_get("remote_port", buf, sizeof(buf)) )
    {
        struct evtchn_bind_interdomain bi;
        char peer[16];

        if ( !cmdline_get("peer", peer, sizeof(peer)) )
            crash("no peer= on the command line");
        bi.remote_dom = strtoul(peer, NULL, 10);
        bi.remote_port = strtoul(buf, NULL, 10);
        if ( HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi) )
            crash("bind_interdomain failed");
        port = bi.local_port;
    }
    else
    {
        printk("pingpong: no channel given, waiting for ever\n");
        for ( ;; )
            msleep(1000);
    }
    /*
     * Binding marks the binder's new port pending, as on Xen: the
     * second domain drops that event. (The first must not clear: the
     * second's first ping may already be pending.)
     */
    if ( !first )
        clear_evtchn(port);
    bind_evtchn(port, on_event, NULL);
    printk("pingpong: %s on port %u, %u rounds\n", first ? "ping" : "pong",
           port, rounds);

    /* The second domain starts once bound; the first waits for it. */
    t0 = monotonic_clock();
    for ( i = 0; i < rounds; i++ )
    {
        if ( first )
        {
            wait_for(i + 1);
            notify_remote_via_evtchn(port);
        }
        else
        {
            notify_remote_via_evtchn(port);
            wait_for(i + 1);
        }
    }
    t1 = monotonic_clock();
    if ( !first )
        printk("pingpong: rtt_ns %lu\n", (unsigned long)((t1 - t0) / rounds));
    printk("pingpong: done\n");
    return 0;
}
