/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traps.c: the virtual trap table and the C side of every exception and
 * event upcall. An exception nobody handles prints the registers and
 * crashes the domain; tests may install a hook per vector.
 */
#include <mini-os/os.h>

#define NR_VECTORS 20
#define VECTOR_EVENT ((uint64_t)-1)

extern char trap_0[], trap_1[], trap_2[], trap_3[], trap_4[], trap_5[],
    trap_6[], trap_7[], trap_8[], trap_9[], trap_10[], trap_11[], trap_12[],
    trap_13[], trap_14[], trap_15[], trap_16[], trap_17[], trap_18[], trap_19[];

static trap_hook_t hooks[NR_VECTORS];

static const char *const names[NR_VECTORS] = {
    "divide error",
    "debug",
    "nmi",
    "int3",
    "overflow",
    "bounds",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection",
    "page fault",
    "reserved",
    "x87 error",
    "alignment check",
    "machine check",
    "SIMD error",
};

void set_trap_hook(unsigned int vector, trap_hook_t hook)
{
    if ( vector < NR_VECTORS )
        hooks[vector] = hook;
}

void dump_regs(const struct pt_regs *r)
{
    printk("rip %016lx rsp %016lx rflags %016lx cs %lx\n", r->rip, r->rsp,
           r->rflags, r->cs);
    printk("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax, r->rbx,
           r->rcx, r->rdx);
    printk("rsi %016lx rdi %016lx rbp %016lx err %lx\n", r->rsi, r->rdi, r->rbp,
           r->error_code);
}

void do_trap(struct pt_regs *regs)
{
    uint64_t v = regs->vector;

    if ( v == VECTOR_EVENT )
    {
        do_hypervisor_callback();
        return;
    }
    if ( v < NR_VECTORS && hooks[v] && hooks[v](regs) )
        return;
    printk("mini-os: unhandled %s (vector %lu)",
           v < NR_VECTORS ? names[v] : "trap", v);
    if ( v == 14 )
        printk(" at %016lx", HYPERVISOR_shared_info
                                 ? HYPERVISOR_shared_info->vcpu_info[0].arch.cr2
                                 : 0UL);
    printk("\n");
    dump_regs(regs);
    crash("unhandled exception");
}

void traps_init(void)
{
    static trap_info_t table[NR_VECTORS + 1];
    char *const entries[NR_VECTORS] = {
        trap_0,  trap_1,  trap_2,  trap_3,  trap_4,  trap_5,  trap_6,
        trap_7,  trap_8,  trap_9,  trap_10, trap_11, trap_12, trap_13,
        trap_14, trap_15, trap_16, trap_17, trap_18, trap_19,
    };
    unsigned int i;

    for ( i = 0; i < NR_VECTORS; i++ )
    {
        table[i].vector = i;
        /* int3 and into may be raised by the kernel itself. */
        table[i].flags = (i == 3 || i == 4) ? 3 : 0;
        table[i].cs = FLAT_KERNEL_CS64;
        table[i].address = (unsigned long)entries[i];
    }
    table[NR_VECTORS].address = 0;
    batch_hypercall("cannot set the trap table", NULL,
                    __HYPERVISOR_set_trap_table, (unsigned long)table, 0, 0);
}
