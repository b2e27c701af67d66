/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * syscall: the `syscall` instruction on Xen's 64-bit PV ABI. From guest
 * user mode it enters the kernel's syscall callback with rcx, r11 on top
 * of an iret frame returning after the syscall, events masked or not as
 * CALLBACKF_mask_events says, and HYPERVISOR_iret with VGCF_in_syscall
 * returns to user mode (rcx = rip, r11 = rflags); with no callback it is
 * #UD. From guest kernel mode it is a hypercall (number in eax, as Linux
 * after XSA-466 makes them), iret included, and a long one is continued
 * by re-executing the syscall. Also: CALLBACKOP_register's types, an iret
 * ending a multicall, the FIFO event channel answers.
 */
#include "xtf.h"
#include <public/callback.h>

const char test_title[] = "syscall, callbacks, multicall iret";

extern char syscall_entry[], u_syscall[], u_syscall_ret[], u_after[],
    snippet_ret[];
static volatile uint64_t entry_rcx, entry_r11, entry_frame[5], entry_mask;
static volatile unsigned int entries;

/*
 * The kernel's syscall callback: note what it was given, then return to
 * user mode with rax = 42 through HYPERVISOR_iret with VGCF_in_syscall.
 */
__asm__(".text\n"
        "syscall_entry:\n"
        "  pop %rcx\n"
        "  pop %r11\n"
        "  mov %rcx, entry_rcx(%rip)\n"
        "  mov %r11, entry_r11(%rip)\n"
        "  lea entry_frame(%rip), %rax\n"
        "  mov 0(%rsp), %rdx; mov %rdx, 0(%rax)\n"
        "  mov 8(%rsp), %rdx; mov %rdx, 8(%rax)\n"
        "  mov 16(%rsp), %rdx; mov %rdx, 16(%rax)\n"
        "  mov 24(%rsp), %rdx; mov %rdx, 24(%rax)\n"
        "  mov 32(%rsp), %rdx; mov %rdx, 32(%rax)\n"
        "  mov HYPERVISOR_shared_info(%rip), %rax\n"
        "  movzbq 1(%rax), %rax\n" /* vcpu_info[0].evtchn_upcall_mask */
        "  mov %rax, entry_mask(%rip)\n"
        "  incl entries(%rip)\n"
        "  mov $42, %eax\n"
        "  pushq $0x100\n" /* VGCF_in_syscall */
        "  jmp hypercall_page + 23 * 32\n"
        "snippet_ret: ret\n"
        /* user mode: a syscall, then ud2 shows rax and rcx to the hook */
        "u_syscall: mov $1, %eax\n"
        "  syscall\n"
        "u_syscall_ret: ud2\n");

static volatile struct {
    unsigned int count;
    uint64_t vector, rip, rax, rcx;
} trap;

static int trap_hook(struct pt_regs *regs)
{
    trap.count++;
    trap.vector = regs->vector;
    trap.rip = regs->rip;
    trap.rax = regs->rax;
    trap.rcx = regs->rcx;
    if ( (regs->cs & 3) == 3 )
        xtf_back_to_kernel(regs);
    else
        regs->rip = (unsigned long)snippet_ret;
    return 1;
}

static uint8_t user_stack[4096] __attribute__((aligned(16)));
#define USER_SP ((unsigned long)(user_stack + sizeof(user_stack) - 16))

static long register_callback(unsigned int type, void *addr, unsigned int f)
{
    struct callback_register r = { .type = type,
                                   .flags = f,
                                   .address = (unsigned long)addr };

    return HYPERVISOR_callback_op(CALLBACKOP_register, &r);
}

static void user_syscall_round_trip(bool mask)
{
    entries = 0;
    trap.count = 0;
    CHECK_RC(register_callback(CALLBACKTYPE_syscall, syscall_entry,
                               mask ? CALLBACKF_mask_events : 0),
             0);
    xtf_enter_user((unsigned long)u_syscall, USER_SP);
    CHECK(entries == 1, "syscall callback entered %u times", entries);
    CHECK(entry_rcx == (unsigned long)u_syscall_ret &&
              entry_frame[0] == (unsigned long)u_syscall_ret,
          "frame: rcx %#lx rip %#lx, expected %p", (unsigned long)entry_rcx,
          (unsigned long)entry_frame[0], u_syscall_ret);
    CHECK((entry_frame[1] & 3) == 3, "frame cs %#lx",
          (unsigned long)entry_frame[1]);
    CHECK((entry_r11 & 0x200) && entry_frame[2] == entry_r11,
          "frame rflags %#lx, r11 %#lx", (unsigned long)entry_frame[2],
          (unsigned long)entry_r11);
    CHECK(entry_frame[3] == USER_SP, "frame rsp %#lx",
          (unsigned long)entry_frame[3]);
    CHECK(entry_mask == mask, "events %smasked in the callback",
          entry_mask ? "" : "not ");
    CHECK(trap.count == 1 && trap.vector == 6 &&
              trap.rip == (unsigned long)u_syscall_ret && trap.rax == 42 &&
              trap.rcx == (unsigned long)u_syscall_ret,
          "back in user mode: %u traps, vector %lu, rip %#lx, rax %lu",
          trap.count, (unsigned long)trap.vector, (unsigned long)trap.rip,
          (unsigned long)trap.rax);
}

static void test_user_syscall(void)
{
    user_syscall_round_trip(true);
    user_syscall_round_trip(false);

    /* No callback: #UD at the syscall. */
    CHECK_RC(register_callback(CALLBACKTYPE_syscall, NULL, 0), 0);
    trap.count = 0;
    xtf_enter_user((unsigned long)u_syscall, USER_SP);
    CHECK(trap.count == 1 && trap.vector == 6 &&
              trap.rip == (unsigned long)u_syscall_ret - 2,
          "syscall with no callback: vector %lu at %#lx",
          (unsigned long)trap.vector, (unsigned long)trap.rip);
}

/* A hypercall made with `syscall`, as Linux makes them. */
static long syscall_hypercall(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4)
{
    register unsigned long r10 __asm__("r10") = a4;
    long rax = nr;

    __asm__ volatile("syscall"
                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
                     :
                     : "memory", "rcx", "r11", "r8", "r9");
    return rax;
}

static volatile uint64_t upcall_rip;

static void note_upcall(const struct pt_regs *regs)
{
    upcall_rip = regs->rip;
}

static struct mmuext_op ops[20000];

static void test_kernel_syscall(void)
{
    unsigned int done = 0, i;
    long rc;

    CHECK_RC(syscall_hypercall(__HYPERVISOR_xen_version, 0, 0, 0, 0),
             HYPERVISOR_xen_version(0, NULL));
    CHECK_RC(syscall_hypercall(63, 0, 0, 0, 0), XEN_ERR(XEN_ENOSYS));

    /*
     * A long call with an event due at once: continued, event taken. The
     * timer fires from another thread, which a loaded host may run only
     * after the call is over: a few tries, then it must have happened.
     */
    for ( i = 0; i < ARRAY_SIZE(ops); i++ )
        ops[i].cmd = MMUEXT_TLB_FLUSH_LOCAL;
    upcall_rip = 0;
    for ( unsigned int tries = 0; tries < 10 && !upcall_rip; tries++ )
    {
        done = 0;
        upcall_hook = note_upcall;
        HYPERVISOR_set_timer_op(monotonic_clock());
        rc = syscall_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)ops,
                               ARRAY_SIZE(ops), (unsigned long)&done,
                               DOMID_SELF);
        upcall_hook = NULL;
        CHECK(rc == 0 && done == ARRAY_SIZE(ops),
              "mmuext_op by syscall: %ld, %u", rc, done);
    }
    CHECK(upcall_rip, "no event was taken during the long call");
}

/* iret by syscall, as Linux's hypercall_iret: back to `resume` here. */
static void test_syscall_iret(void)
{
    unsigned long out;

    __asm__ volatile("mov %%rsp, %%rdx\n"
                     "pushq $0xe02b\n" /* ss */
                     "pushq %%rdx\n" /* rsp */
                     "pushfq\n"
                     "pushq $0xe030\n" /* cs: kernel */
                     "lea 1f(%%rip), %%rax\n"
                     "pushq %%rax\n" /* rip */
                     "pushq $0\n" /* flags */
                     "pushq %%rcx\n"
                     "pushq %%r11\n"
                     "pushq $77\n" /* rax */
                     "mov $23, %%eax\n"
                     "syscall\n"
                     "ud2\n"
                     "1:\n"
                     : "=a"(out)
                     :
                     : "rdx", "rcx", "r11", "memory");
    CHECK(out == 77, "iret by syscall came back with rax %lu", out);
}

static void test_callback_types(void)
{
    struct callback_unregister u = { .type = CALLBACKTYPE_event };

    CHECK_RC(register_callback(CALLBACKTYPE_syscall32, snippet_ret,
                               CALLBACKF_mask_events),
             0);
    CHECK_RC(register_callback(CALLBACKTYPE_sysenter, snippet_ret, 0), 0);
    CHECK_RC(register_callback(99, snippet_ret, 0), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(register_callback(CALLBACKTYPE_syscall32,
                               (void *)0x0000800000000000UL, 0),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_unregister, &u),
             XEN_ERR(XEN_EINVAL));
    u.type = CALLBACKTYPE_sysenter;
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_unregister, &u), 0);
}

/*
 * A multicall holding an iret ends there: the vCPU returns as the frame
 * says (to label 1 with rax from the frame) and the entry after the iret
 * never runs.
 */
static multicall_entry_t mc[3];

static void test_multicall_iret(void)
{
    unsigned long rax;

    mc[0].op = __HYPERVISOR_xen_version;
    mc[0].result = -1;
    mc[1].op = __HYPERVISOR_iret;
    mc[2].op = __HYPERVISOR_xen_version;
    mc[2].result = -1;
    /* The frame must sit where rsp points inside the call: below the
     * return address the call pushes, which stands for rax. */
    __asm__ volatile("mov %%rsp, %%rdx\n"
                     "pushq $0xe02b\n"
                     "pushq %%rdx\n"
                     "pushfq\n"
                     "pushq $0xe030\n"
                     "lea 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "pushq $0\n"
                     "pushq %%rcx\n"
                     "pushq %%r11\n"
                     "lea mc(%%rip), %%rdi\n"
                     "mov $3, %%esi\n"
                     "call hypercall_page + 13 * 32\n"
                     "ud2\n"
                     "1:\n"
                     : "=a"(rax)
                     :
                     : "rdx", "rcx", "rdi", "rsi", "r11", "memory");
    CHECK(mc[0].result == HYPERVISOR_xen_version(0, NULL),
          "the entry before the iret: %ld", (long)mc[0].result);
    CHECK(mc[2].result == -1, "the entry after the iret ran: %ld",
          (long)mc[2].result);
    (void)rax;
}

static void test_fifo_answers(void)
{
    struct evtchn_init_control ic = { .control_gfn = start_info.nr_pages + 9 };
    struct evtchn_expand_array ea = { 0 };

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic),
             XEN_ERR(XEN_EINVAL));
    ic.control_gfn = virt_to_mfn(alloc_page());
    ic.offset = 3;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic),
             XEN_ERR(XEN_EINVAL));
    ic.offset = 0;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic),
             XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea),
             XEN_ERR(XEN_ENOSYS));
}

void test_main(void)
{
    set_trap_hook(6, trap_hook);
    set_trap_hook(13, trap_hook);
    test_user_syscall();
    test_kernel_syscall();
    test_syscall_iret();
    test_callback_types();
    test_multicall_iret();
    test_fifo_answers();
}
