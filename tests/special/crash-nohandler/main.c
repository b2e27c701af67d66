/* SPDX-License-Identifier: GPL-2.0-only */
/* crash-nohandler: clear the trap table, then fault: the domain crashes. */
#include <mini-os/os.h>

int app_main(const char *cmdline)
{
    (void)cmdline;
    printk("crash-nohandler: clearing the trap table and faulting\n");
    HYPERVISOR_set_trap_table(NULL);
    {
        /* Launder the address so the compiler cannot see it is bogus. */
        volatile uintptr_t addr = 0x10;

        *(volatile int *)addr = 1;
    }
    printk("crash-nohandler: still alive?!\n");
    return 1;
}
