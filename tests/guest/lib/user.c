/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user.c: running test code in guest user mode. xtf_enter_user() irets
 * to user mode at a given rip; a trap hook that sees a trap from user
 * mode calls xtf_back_to_kernel(), and xtf_enter_user() then returns.
 * Traps from user mode are taken on a stack of this file's
 * (stack_switch), never on the test's own.
 */
#include "xtf.h"

uint64_t xtf_saved_ksp;
extern char xtf_user_return[];
static uint8_t trap_stack[8192] __attribute__((aligned(16)));

void xtf_enter_user_asm(unsigned long rip, unsigned long rsp);
__asm__(".text\n"
        "xtf_enter_user_asm:\n"
        "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
        "  mov %rsp, xtf_saved_ksp(%rip)\n"
        "  pushq $0xe02b\n" /* ss */
        "  pushq %rsi\n" /* rsp */
        "  pushq $0x202\n" /* rflags */
        "  pushq $0xe033\n" /* cs, RPL 3: guest user mode */
        "  pushq %rdi\n" /* rip */
        "  pushq $0\n" /* iret flags */
        "  jmp hypercall_page + 23 * 32\n"
        "xtf_user_return:\n"
        "  mov xtf_saved_ksp(%rip), %rsp\n"
        "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
        "  ret\n");

void xtf_enter_user(unsigned long rip, unsigned long rsp)
{
    static bool stack_set;

    if ( !stack_set )
    {
        HYPERVISOR_stack_switch(
            FLAT_KERNEL_SS64, (unsigned long)(trap_stack + sizeof(trap_stack)));
        stack_set = true;
    }
    xtf_enter_user_asm(rip, rsp);
}

void xtf_back_to_kernel(struct pt_regs *regs)
{
    regs->rip = (unsigned long)xtf_user_return;
    regs->cs = FLAT_KERNEL_CS64 & ~3UL;
    regs->rsp = xtf_saved_ksp;
    regs->ss = FLAT_KERNEL_SS64;
}
