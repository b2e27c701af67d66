/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lifecycle: the guest the toolstack tests boot. It prints a banner and
 * then idles (no timer armed) until the toolstack asks it to shut down
 * through control/shutdown, which the kernel honours. Command-line keys
 * make it end on its own instead, after N ms: crash_after=N,
 * poweroff_after=N, reboot_after=N; lines=N prints N numbered lines
 * first (console tests).
 */
#include <mini-os/os.h>

static unsigned int key_ms(const char *key)
{
    char buf[16];

    return cmdline_get(key, buf, sizeof(buf)) ? strtoul(buf, NULL, 10) : 0;
}

int app_main(const char *cmdline)
{
    unsigned int ms, lines = key_ms("lines"), i;

    printk("lifecycle: up, cmdline '%s'\n", cmdline);
    for ( i = 1; i <= lines; i++ )
        printk("lifecycle: line %u\n", i);
    if ( (ms = key_ms("crash_after")) )
    {
        msleep(ms);
        crash("asked to by crash_after");
    }
    if ( (ms = key_ms("poweroff_after")) )
    {
        msleep(ms);
        printk("lifecycle: powering off\n");
        poweroff();
    }
    if ( (ms = key_ms("reboot_after")) )
    {
        msleep(ms);
        printk("lifecycle: rebooting\n");
        shutdown_with(SHUTDOWN_reboot);
    }
    for ( ;; )
        block_current();
}
