/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The demo application: prints a banner and the time, ticks a few timer
 * events from a second thread, then powers off.
 */
#include <mini-os/os.h>

static volatile int ticks;

static void ticker(void *arg)
{
    (void)arg;
    while ( ticks < 3 )
    {
        msleep(100);
        printk("tick %d at %lu ms\n", ++ticks,
               (unsigned long)(monotonic_clock() / 1000000));
    }
}

int app_main(const char *cmdline)
{
    uint64_t sec;
    uint32_t nsec;

    wall_clock(&sec, &nsec);
    printk("Hello from mini-os on a Xen-style PV hypervisor!\n");
    printk("wall clock: %lu.%09u s since the epoch; cmdline '%s'\n",
           (unsigned long)sec, nsec, cmdline);
    create_thread("ticker", ticker, NULL);
    while ( ticks < 3 )
        msleep(50);
    printk("done, powering off\n");
    return 0;
}
