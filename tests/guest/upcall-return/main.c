/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * upcall-return: event upcalls that interrupt arbitrary code return to it
 * with every register and the flags intact. Mini-os returns to kernel
 * mode without the iret hypercall when it can (traps.c), so this covers
 * both that path and the hypercall one (taken when an event is pending).
 * A periodic timer interrupts a loop that holds a distinct value in every
 * general-purpose register and the carry flag set.
 */
#include "xtf.h"
#include <public/vcpu.h>

#define NR_GPRS 15 /* all but rsp */
#define X86_EFLAGS_CF 0x1

unsigned long spin_left, regs_out[NR_GPRS], flags_out;

/* Registers in the order sentinel_spin stores them. */
static const char *const names[NR_GPRS] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
    "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

/* Spins spin_left times with sentinel values, then stores what it holds. */
void sentinel_spin(void);
__asm__(".text\n"
        ".globl sentinel_spin\n"
        "sentinel_spin:\n"
        "    push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
        "    mov $0x101, %rax; mov $0x202, %rbx; mov $0x303, %rcx\n"
        "    mov $0x404, %rdx; mov $0x505, %rsi; mov $0x606, %rdi\n"
        "    mov $0x707, %rbp; mov $0x808, %r8;  mov $0x909, %r9\n"
        "    mov $0xa0a, %r10; mov $0xb0b, %r11; mov $0xc0c, %r12\n"
        "    mov $0xd0d, %r13; mov $0xe0e, %r14; mov $0xf0f, %r15\n"
        "    stc\n"
        "1:  decq spin_left(%rip)\n" /* dec leaves CF alone */
        "    jnz 1b\n"
        "    pushfq; popq flags_out(%rip)\n"
        "    mov %rax, regs_out+0(%rip);   mov %rbx, regs_out+8(%rip)\n"
        "    mov %rcx, regs_out+16(%rip);  mov %rdx, regs_out+24(%rip)\n"
        "    mov %rsi, regs_out+32(%rip);  mov %rdi, regs_out+40(%rip)\n"
        "    mov %rbp, regs_out+48(%rip);  mov %r8, regs_out+56(%rip)\n"
        "    mov %r9, regs_out+64(%rip);   mov %r10, regs_out+72(%rip)\n"
        "    mov %r11, regs_out+80(%rip);  mov %r12, regs_out+88(%rip)\n"
        "    mov %r13, regs_out+96(%rip);  mov %r14, regs_out+104(%rip)\n"
        "    mov %r15, regs_out+112(%rip)\n"
        "    pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
        "    ret\n");

void test_main(void)
{
    struct vcpu_set_periodic_timer per = { .period_ns = 1000000 };
    unsigned long start = upcall_count, rounds = 0, bad = 0, i;
    uint64_t deadline = monotonic_clock() + 20000000000ULL; /* generous */

    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0);
    while ( upcall_count - start < 50 && monotonic_clock() < deadline )
    {
        spin_left = 2000000;
        sentinel_spin();
        rounds++;
        for ( i = 0; i < NR_GPRS; i++ )
            if ( regs_out[i] != (i + 1) * 0x101 )
            {
                if ( !bad++ )
                    xtf_failure("%s was %#lx after upcalls, not %#lx", names[i],
                                regs_out[i], (i + 1) * 0x101);
            }
        if ( !(flags_out & X86_EFLAGS_CF) && !bad++ )
            xtf_failure("the carry flag was lost (rflags %#lx)", flags_out);
    }
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    CHECK(upcall_count - start >= 50, "only %lu upcalls in 20 s",
          upcall_count - start);
    printk("%lu upcalls over %lu rounds\n", upcall_count - start, rounds);
}

const char test_title[] = "registers survive event upcalls";
