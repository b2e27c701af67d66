/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench: in-guest timing of the hypervisor's basic paths, printed as
 * "result <name> <ns>" lines for bench/hypervisor.sh:
 *   null_hypercall  one xen_version(XENVER_version) round trip
 *   multicall32     one of 32 calls batched in a multicall
 *   trap_bounce     int3 bounced to the guest's handler and back (iret)
 */
#include <mini-os/os.h>

static int count_trap(struct pt_regs *regs)
{
    (void)regs;
    return 1;
}

static void report(const char *name, uint64_t t0, uint64_t t1, unsigned int n)
{
    printk("result %s %lu\n", name, (unsigned long)((t1 - t0) / n));
}

int app_main(const char *cmdline)
{
    static multicall_entry_t calls[32];
    unsigned int i, n = 20000;
    char buf[16];
    uint64_t t0;

    (void)cmdline;
    if ( cmdline_get("n", buf, sizeof(buf)) )
        n = strtoul(buf, NULL, 10);

    t0 = monotonic_clock();
    for ( i = 0; i < n; i++ )
        HYPERVISOR_xen_version(0, 0);
    report("null_hypercall", t0, monotonic_clock(), n);

    for ( i = 0; i < 32; i++ )
        calls[i].op = __HYPERVISOR_xen_version;
    t0 = monotonic_clock();
    for ( i = 0; i < n / 32; i++ )
        HYPERVISOR_multicall(calls, 32);
    report("multicall32", t0, monotonic_clock(), (n / 32) * 32);

    set_trap_hook(3, count_trap);
    t0 = monotonic_clock();
    for ( i = 0; i < n / 4; i++ )
        __asm__ volatile("int3" ::: "memory");
    report("trap_bounce", t0, monotonic_clock(), n / 4);
    return 0;
}
