/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spin: burn CPU for "seconds=N" (default 2) then power off; prints a
 * heartbeat every 250 ms. Used by crash-isolation and scheduler tests.
 */
#include <mini-os/os.h>

int app_main(const char *cmdline)
{
    char buf[16];
    uint64_t seconds = 2, end, next;
    unsigned int beats = 0;

    (void)cmdline;
    if ( cmdline_get("seconds", buf, sizeof(buf)) )
        seconds = strtoul(buf, NULL, 10);
    end = monotonic_clock() + seconds * 1000000000ULL;
    next = monotonic_clock();
    while ( monotonic_clock() < end )
    {
        if ( monotonic_clock() >= next )
        {
            printk("spin: heartbeat %u\n", beats++);
            next += 250000000ULL;
        }
    }
    printk("spin: done after %u heartbeats\n", beats);
    return 0;
}
