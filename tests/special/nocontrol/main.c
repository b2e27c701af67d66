/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nocontrol: a guest without the PV control interface (it does not watch
 * control/shutdown), as a PV kernel without Xen drivers would be. It
 * prints a banner and idles; the toolstack must fall back or say why.
 */
#include <mini-os/os.h>

const bool minios_no_shutdown_watch = true;

int app_main(const char *cmdline)
{
    printk("nocontrol: up, cmdline '%s'\n", cmdline);
    for ( ;; )
        block_current();
}
