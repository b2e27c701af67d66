/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench: in-guest timing of the hypervisor's basic paths, printed as
 * "result <name> <ns>" lines for bench/hypervisor.sh:
 *   null_hypercall  one xen_version(XENVER_version) round trip
 *   multicall32     one of 32 calls batched in a multicall
 *   trap_bounce     int3 bounced to the guest's handler and back (iret)
 *   syscall_hypercall  xen_version made with `syscall` (Linux's way)
 *   user_syscall    a guest user process's syscall into the kernel's
 *                   callback and back (HYPERVISOR_iret, VGCF_in_syscall)
 *   priv_op         rdmsr of FS_BASE, emulated
 *   m2p_read_fixed  a load at Xen's hard-coded M2P address, emulated
 *   m2p_read_mapped the same entry where XENMEM_machphys_mapping says
 */
#include <mini-os/os.h>
#include <public/callback.h>

static void report(const char *name, uint64_t t0, uint64_t t1, unsigned int n)
{
    printk("result %s %lu\n", name, (unsigned long)((t1 - t0) / n));
}
#include <public/memory.h>

#include "xtf.h"

/* The kernel's syscall callback: straight back to user mode. */
extern char bench_syscall_entry[], bench_user_loop[];
__asm__(".text\n"
        "bench_syscall_entry:\n"
        "  pop %rcx\n"
        "  pop %r11\n"
        "  pushq $0x100\n" /* VGCF_in_syscall */
        "  jmp hypercall_page + 23 * 32\n"
        /* user mode: bench_syscalls syscalls, then ud2 to come back */
        "bench_user_loop:\n"
        "  mov bench_syscalls(%rip), %rbx\n"
        "2: test %rbx, %rbx\n"
        "  jz 1f\n"
        "  syscall\n"
        "  dec %rbx\n"
        "  jmp 2b\n"
        "1: ud2\n");
unsigned long bench_syscalls;

static int back_from_user(struct pt_regs *regs)
{
    if ( (regs->cs & 3) != 3 )
        return 0;
    xtf_back_to_kernel(regs);
    return 1;
}

static uint8_t user_stack[4096] __attribute__((aligned(16)));

static void bench_user_syscall(unsigned int n)
{
    struct callback_register r = {
        .type = CALLBACKTYPE_syscall,
        .flags = CALLBACKF_mask_events,
        .address = (unsigned long)bench_syscall_entry,
    };
    uint64_t t0;

    HYPERVISOR_callback_op(CALLBACKOP_register, &r);
    set_trap_hook(6, back_from_user);
    t0 = monotonic_clock();
    bench_syscalls = n;
    xtf_enter_user((unsigned long)bench_user_loop,
                   (unsigned long)(user_stack + sizeof(user_stack) - 16));
    report("user_syscall", t0, monotonic_clock(), n);
}

static long syscall_xen_version(void)
{
    long rax = __HYPERVISOR_xen_version;
    unsigned long rdi = 0, rsi = 0;

    __asm__ volatile("syscall"
                     : "+a"(rax), "+D"(rdi), "+S"(rsi)
                     :
                     : "memory", "rcx", "r11", "rdx", "r8", "r9", "r10");
    return rax;
}

static uint64_t rdmsr_fs_base(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000100));
    return ((uint64_t)hi << 32) | lo;
}

static int count_trap(struct pt_regs *regs)
{
    (void)regs;
    return 1;
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

    t0 = monotonic_clock();
    for ( i = 0; i < n; i++ )
        syscall_xen_version();
    report("syscall_hypercall", t0, monotonic_clock(), n);

    bench_user_syscall(n / 4);

    t0 = monotonic_clock();
    for ( i = 0; i < n / 4; i++ )
        rdmsr_fs_base();
    report("priv_op", t0, monotonic_clock(), n / 4);

    {
        struct xen_machphys_mapping mp;
        volatile const uint64_t *fixed = (uint64_t *)MACH2PHYS_VIRT_START;
        volatile const uint64_t *mapped;
        unsigned long mfn = virt_to_mfn(&mp), sum = 0;

        HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mp);
        mapped = (const uint64_t *)mp.v_start;
        t0 = monotonic_clock();
        for ( i = 0; i < n / 4; i++ )
            sum += fixed[mfn];
        report("m2p_read_fixed", t0, monotonic_clock(), n / 4);
        t0 = monotonic_clock();
        for ( i = 0; i < n * 50; i++ )
            sum += mapped[mfn];
        /* Under a nanosecond each: reported per thousand loads. */
        report("m2p_read_mapped_1000", t0, monotonic_clock(), n * 50 / 1000);
        if ( sum != (unsigned long)mfn * (n / 4 + n * 50) )
            printk("m2p reads disagree\n");
    }
    return 0;
}
