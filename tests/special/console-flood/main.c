/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console-flood: 1000 lines through console_io as fast as it can, then,
 * after a pause, "flood: done". The hypervisor logs a guest's lines at a
 * limited rate, so most of the flood must not reach its log.
 */
#include <mini-os/os.h>

int app_main(const char *cmdline)
{
    char line[64];
    unsigned int i;
    int n;

    (void)cmdline;
    for ( i = 0; i < 1000; i++ )
    {
        n = snprintf(line, sizeof(line), "flood line %u\n", i);
        HYPERVISOR_console_io(CONSOLEIO_write, n, line);
    }
    msleep(200);
    printk("flood: done\n");
    return 0;
}
