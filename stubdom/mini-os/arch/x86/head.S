/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * head.S: the kernel's entry point, its Xen ELF notes, the hypercall
 * page, the exception and event-upcall entry stubs, and the context
 * switch between threads.
 *
 * On a trap or upcall the hypervisor has pushed ss, rsp, rflags, cs,
 * rip, [error code], r11, rcx, and rsp points at the saved rcx.
 */
#include <public/elfnote.h>
#include <public/xen.h>

#define VIRT_BASE 0xffffffff80000000

#define ELFNOTE(type, desc...)                                  \
    .pushsection .note.Xen, "a";                                \
    .p2align 2;                                                 \
    .long 4;                                                    \
    .long 2f - 1f;                                              \
    .long type;                                                 \
    .asciz "Xen";                                               \
    .p2align 2;                                                 \
1:  desc;                                                       \
2:  .p2align 2;                                                 \
    .popsection

ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz "mini-os")
ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz "1.0")
ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
ELFNOTE(XEN_ELFNOTE_LOADER, .asciz "generic")
ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE)
/* Linked with p_paddr == p_vaddr: Xen loads at p_paddr - PADDR_OFFSET + VIRT_BASE. */
ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad VIRT_BASE)
ELFNOTE(XEN_ELFNOTE_ENTRY, .quad _start)
ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

    .section .text.head, "ax"
    .globl _start
_start:
    /* rsi = start_info; run on our own stack from here on. */
    lea     boot_stack_top(%rip), %rsp
    mov     %rsi, %rdi
    call    start_kernel
1:  jmp     1b

    .section .text.hypercall, "ax"
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .text
/* long hypercall(nr, a1, a2, a3, a4, a5): into the Xen argument registers. */
    .globl hypercall
hypercall:
    mov     %rdi, %rax
    shl     $5, %rax
    lea     hypercall_page(%rip), %r11
    add     %r11, %rax
    mov     %rsi, %rdi
    mov     %rdx, %rsi
    mov     %rcx, %rdx
    mov     %r8, %r10
    mov     %r9, %r8
    jmp     *%rax

/* Entry stubs: restore rcx/r11, leave (error, vector) on the stack. */
#define TRAP_NOERR(n)                                           \
    .globl trap_##n;                                            \
trap_##n:                                                       \
    pop     %rcx;                                               \
    pop     %r11;                                               \
    push    $0;                                                 \
    push    $n;                                                 \
    jmp     trap_common

#define TRAP_ERR(n)                                             \
    .globl trap_##n;                                            \
trap_##n:                                                       \
    pop     %rcx;                                               \
    pop     %r11;                                               \
    push    $n;                                                 \
    jmp     trap_common

TRAP_NOERR(0)
TRAP_NOERR(1)
TRAP_NOERR(2)
TRAP_NOERR(3)
TRAP_NOERR(4)
TRAP_NOERR(5)
TRAP_NOERR(6)
TRAP_NOERR(7)
TRAP_ERR(8)
TRAP_NOERR(9)
TRAP_ERR(10)
TRAP_ERR(11)
TRAP_ERR(12)
TRAP_ERR(13)
TRAP_ERR(14)
TRAP_NOERR(15)
TRAP_NOERR(16)
TRAP_ERR(17)
TRAP_NOERR(18)
TRAP_NOERR(19)
TRAP_NOERR(128)

    .globl hypervisor_callback
hypervisor_callback:
    pop     %rcx
    pop     %r11
    push    $0
    push    $-1
    jmp     trap_common

/* The general-purpose registers of a struct pt_regs, in reverse. */
.macro POP_GPRS
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rax
    pop     %rcx
    pop     %rdx
    pop     %rsi
    pop     %rdi
.endm

trap_common:
    push    %rdi
    push    %rsi
    push    %rdx
    push    %rcx
    push    %rax
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, %rdi
    call    do_trap
    mov     %rsp, %rdi
    call    trap_return_direct
    test    %eax, %eax
    jnz     return_direct
    POP_GPRS
    add     $16, %rsp                   /* vector, error code */
    push    $0                          /* iret flags */
    jmp     hypercall_page + __HYPERVISOR_iret * 32

/* See trap_return_direct(): the vector slot holds where rflags, rip are. */
return_direct:
    POP_GPRS
    mov     (%rsp), %rsp
    popfq
    ret

/* void switch_stack(uint64_t *save_sp, uint64_t new_sp) */
    .globl switch_stack
switch_stack:
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, (%rdi)
    mov     %rsi, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret

    .bss
    .p2align 12
boot_stack:
    .fill 16384, 1, 0
boot_stack_top:
    .section .note.GNU-stack, "", @progbits
