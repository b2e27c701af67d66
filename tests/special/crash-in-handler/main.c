/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crash-in-handler: register a page-fault handler that itself lies on an
 * unmapped page, then fault: the handler faults on entry and the domain
 * crashes.
 */
#include <mini-os/os.h>

int app_main(const char *cmdline)
{
    static trap_info_t table[2] = {
        { .vector = 14, .flags = 0, .cs = FLAT_KERNEL_CS64, .address = 0x2000 },
        { 0 },
    };

    (void)cmdline;
    printk("crash-in-handler: faulting into a handler that faults\n");
    HYPERVISOR_set_trap_table(table);
    {
        /* Launder the address so the compiler cannot see it is bogus. */
        volatile uintptr_t addr = 0x10;

        *(volatile int *)addr = 1;
    }
    printk("crash-in-handler: still alive?!\n");
    return 1;
}
