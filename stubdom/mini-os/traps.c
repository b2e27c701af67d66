/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traps.c: the virtual trap table and the C side of every exception and
 * event upcall. An exception nobody handles prints the registers and
 * crashes the domain; tests may install a hook per vector.
 */
#include <mini-os/os.h>

#define NR_VECTORS 20
#define VECTOR_EVENT ((uint64_t)-1)
#define X86_EFLAGS_IF 0x200

extern char trap_0[], trap_1[], trap_2[], trap_3[], trap_4[], trap_5[],
    trap_6[], trap_7[], trap_8[], trap_9[], trap_10[], trap_11[], trap_12[],
    trap_13[], trap_14[], trap_15[], trap_16[], trap_17[], trap_18[], trap_19[];

/* Any vector may have a hook: tests register gates of their own (0x80). */
static trap_hook_t hooks[256];

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
    if ( vector < ARRAY_SIZE(hooks) )
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

void (*upcall_hook)(const struct pt_regs *regs);

void do_trap(struct pt_regs *regs)
{
    uint64_t v = regs->vector;

    if ( v == VECTOR_EVENT )
    {
        if ( upcall_hook )
            upcall_hook(regs);
        do_hypervisor_callback();
        return;
    }
    if ( v < ARRAY_SIZE(hooks) && hooks[v] && hooks[v](regs) )
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

/*
 * Return from a trap or upcall without the iret hypercall where that is
 * safe, saving an exit: to kernel mode (no page tables or GS to switch;
 * both modes run in ring 3 here), with the event mask restored from the
 * saved IF, and no event pending that the hypercall would deliver. The
 * interrupted rflags and rip are stored just below its stack pointer and
 * that address in regs->vector, for head.S to switch to, popfq and ret.
 * Those two slots lie above the slots of regs still to be read (the
 * hypervisor put the frame below the interrupted stack pointer), and a
 * nested upcall always pushes below the current stack pointer.
 */
int trap_return_direct(struct pt_regs *regs)
{
    uint64_t rip = regs->rip, rflags = regs->rflags, *slots;
    vcpu_info_t *vi;

    if ( (regs->cs & 3) || !HYPERVISOR_shared_info )
        return 0;
    vi = &HYPERVISOR_shared_info->vcpu_info[0];
    if ( rflags & X86_EFLAGS_IF )
    {
        __atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
        if ( __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST) )
            return 0; /* the hypercall delivers it */
    }
    else
        vi->evtchn_upcall_mask = 1;
    slots = (uint64_t *)regs->rsp - 2;
    slots[1] = rip;
    slots[0] = rflags;
    regs->vector = (uint64_t)slots;
    return 1;
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
