/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lifecycle: the guest the toolstack tests boot. It prints a banner and
 * then idles (no timer armed) until the toolstack asks it to shut down
 * through control/shutdown, which the kernel honours. Command-line keys:
 *   lines=N           print N numbered lines first (console tests)
 *   ticks=N           then print "lifecycle: tick K" every tick_ms
 *   tick_ms=N         (default 100)
 *   badring=1         write nonsense indexes into its console ring
 *   crash_after=N, poweroff_after=N, reboot_after=N
 *                     end on its own after N ms
 */
#include <mini-os/os.h>
#include <public/io/console.h>

static unsigned int key_ms(const char *key)
{
    char buf[16];

    return cmdline_get(key, buf, sizeof(buf)) ? strtoul(buf, NULL, 10) : 0;
}

/* A hostile console: its producer index far beyond what the ring holds. */
static void spoil_ring(void)
{
    struct xencons_interface *intf =
        (struct xencons_interface *)(VIRT_BASE +
                                     (start_info.console.domU.mfn << 12));

    intf->out_prod = intf->out_cons + 0x7fff0000;
    notify_remote_via_evtchn(start_info.console.domU.evtchn);
    msleep(50);
    intf->out_prod = intf->out_cons; /* and back to sense */
}

int app_main(const char *cmdline)
{
    unsigned int ms, lines = key_ms("lines"), ticks = key_ms("ticks"), i;
    unsigned int tick_ms = key_ms("tick_ms") ? key_ms("tick_ms") : 100;

    printk("lifecycle: up, cmdline '%s'\n", cmdline);
    if ( key_ms("badring") )
    {
        spoil_ring();
        printk("lifecycle: ring spoiled and restored\n");
    }
    for ( i = 1; i <= lines; i++ )
        printk("lifecycle: line %u\n", i);
    for ( i = 1; i <= ticks; i++ )
    {
        msleep(tick_ms);
        printk("lifecycle: tick %u\n", i);
    }
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
