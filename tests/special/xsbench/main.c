/* SPDX-License-Identifier: GPL-2.0-only */
/* xsbench: a guest's xenstore read and write latency over its ring. */
#include <mini-os/os.h>
#include <mini-os/xenbus.h>

int app_main(const char *cmdline)
{
    unsigned int i, n = 2000;
    uint64_t t0;
    int err;

    (void)cmdline;
    xenbus_init();
    xenbus_write(0, "data/bench", "value");
    t0 = monotonic_clock();
    for ( i = 0; i < n; i++ )
        free(xenbus_read(0, "data/bench", &err));
    printk("result guest_read %lu\n",
           (unsigned long)((monotonic_clock() - t0) / n));
    t0 = monotonic_clock();
    for ( i = 0; i < n; i++ )
        xenbus_write(0, "data/bench", "value");
    printk("result guest_write %lu\n",
           (unsigned long)((monotonic_clock() - t0) / n));
    return 0;
}
