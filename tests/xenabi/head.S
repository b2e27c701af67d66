/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * head.S of xenabi-guest: a PV kernel written to Xen's public interface
 * alone, as Xen's own small guests are. Its notes live only in a
 * SHT_NOTE section (kernel.lds has no PT_NOTE header), and it makes its
 * hypercalls through the hypercall page whose address its notes give.
 */
#include <public/elfnote.h>
#include <public/xen.h>

#define VIRT_BASE 0xffffffff80000000

#define NOTE(type, desc...)                                     \
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

NOTE(XEN_ELFNOTE_GUEST_OS, .asciz "Mini-OS")
NOTE(XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
NOTE(XEN_ELFNOTE_LOADER, .asciz "generic")
NOTE(XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE)
NOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad VIRT_BASE)
NOTE(XEN_ELFNOTE_ENTRY, .quad _start)
NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

    .section .text.head, "ax"
    .globl _start
_start:
    lea     stack_top(%rip), %rsp
    mov     %rsi, %rdi              /* start_info */
    call    xenabi_main
1:  jmp     1b

    .section .text.hypercall, "ax"
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

/* long hypercall5(nr, a1..a5): Xen's x86_64 convention, via the page. */
    .text
    .globl hypercall5
hypercall5:
    mov     %rdi, %rax
    shl     $5, %rax
    lea     hypercall_page(%rip), %r11
    add     %rax, %r11
    mov     %rsi, %rdi
    mov     %rdx, %rsi
    mov     %rcx, %rdx
    mov     %r8, %r10
    mov     %r9, %r8
    jmp     *%r11

    .bss
    .p2align 4
    .space  16384
stack_top:
    .section .note.GNU-stack, "", @progbits
