/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port-io: hypercalls only from guest kernel mode and the hypercall page;
 * all other port I/O emulated under the virtual IOPL as Xen does. From
 * guest user mode, the hypercall page's own `out` (with a hypercall
 * number in eax) raises #GP(0) at that instruction and makes no call, as
 * do `in`/`out` on other ports; from guest kernel mode, an `out` to the
 * hypercall port outside the page is port I/O too. With IOPL 0 every
 * access is #GP(0); with PHYSDEVOP_set_iopl(1) the kernel's reads give
 * all ones and its writes are dropped (string forms too), user mode still
 * faults; with IOPL 3 user mode may do port I/O as well.
 */
#include "xtf.h"

const char test_title[] = "port I/O and hypercalls under the virtual IOPL";

#define PHYSDEVOP_set_iopl 6
#define __HYPERVISOR_physdev_op 33

static long set_iopl(unsigned int iopl)
{
    uint32_t arg = iopl;

    return HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &arg, 0, 0, 0);
}

/* Code run in guest user mode and in guest kernel mode (see below). */
extern char snippet_ret[];
extern char u_out_hc[], u_out_hc_insn[], u_in_hc[], u_in_hc_insn[];
extern char u_out70[], u_out70_insn[], u_in70[], u_in70_insn[];
extern char k_out_hc[], k_out_hc_insn[], k_in70[], k_in70_insn[];
extern char k_out70[], k_inl_dx[], k_rep_insb[], k_rep_outsw[];

/* Each user snippet ends in ud2, so one that does not fault still traps. */
__asm__(".text\n"
        "snippet_ret: ret\n"
        /* user mode */
        "u_out_hc: mov $17, %eax\n"
        "u_out_hc_insn: out %al, $0x80\n"
        "  ud2\n"
        "u_in_hc: xor %eax, %eax\n"
        "u_in_hc_insn: in $0x80, %al\n"
        "  ud2\n"
        "u_out70: mov $0x8f, %eax\n"
        "u_out70_insn: out %al, $0x70\n"
        "  ud2\n"
        "u_in70: xor %eax, %eax\n"
        "u_in70_insn: in $0x70, %al\n"
        "  ud2\n"
        /* kernel mode, called as functions */
        "k_out_hc: mov $17, %eax\n"
        "k_out_hc_insn: out %al, $0x80\n"
        "  ret\n"
        "k_in70:\n"
        "k_in70_insn: in $0x70, %al\n"
        "  ret\n"
        "k_out70: out %al, $0x70\n"
        "  ret\n"
        "k_inl_dx: in (%dx), %eax\n"
        "  ret\n"
        "k_rep_insb: rep insb\n"
        "  ret\n"
        "k_rep_outsw: rep outsw\n"
        "  ret\n");

/* What the last trap was. */
static volatile struct {
    unsigned int count;
    uint64_t vector, error_code, rip, rax;
    bool from_user;
} trap;

static int trap_hook(struct pt_regs *regs)
{
    trap.count++;
    trap.vector = regs->vector;
    trap.error_code = regs->error_code;
    trap.rip = regs->rip;
    trap.rax = regs->rax;
    trap.from_user = (regs->cs & 3) == 3;
    if ( trap.from_user )
        xtf_back_to_kernel(regs);
    else
        regs->rip = (unsigned long)snippet_ret; /* return from the snippet */
    return 1;
}

static uint8_t user_stack[4096] __attribute__((aligned(16)));

static void run_user(char *rip)
{
    trap.count = 0;
    xtf_enter_user((unsigned long)rip, (unsigned long)(user_stack + 4096 - 16));
}

/* Run a kernel snippet with these registers; returns rax. */
static unsigned long kcall(void *fn, unsigned long rax, unsigned long rcx,
                           unsigned long rdx, unsigned long *rdi,
                           unsigned long *rsi)
{
    unsigned long di = rdi ? *rdi : 0, si = rsi ? *rsi : 0;

    trap.count = 0;
    __asm__ volatile("call *%[fn]"
                     : "+a"(rax), "+c"(rcx), "+d"(rdx), "+D"(di), "+S"(si)
                     : [fn] "r"(fn)
                     : "memory", "cc", "r8", "r9", "r10", "r11");
    if ( rdi )
        *rdi = di;
    if ( rsi )
        *rsi = si;
    return rax;
}

#define CHECK_GP_AT(insn, user)                                                \
    CHECK(trap.count == 1 && trap.vector == 13 && trap.error_code == 0 &&      \
              trap.rip == (unsigned long)(insn) && trap.from_user == (user),   \
          "expected #GP(0) at %p: %u traps, vector %lu, error %lu, rip %#lx",  \
          (void *)(insn), trap.count, (unsigned long)trap.vector,              \
          (unsigned long)trap.error_code, (unsigned long)trap.rip)

#define CHECK_NO_FAULT_USER(what)                                              \
    CHECK(trap.count == 1 && trap.vector == 6 && trap.from_user,               \
          "%s: expected to run on to the ud2: vector %lu", what,               \
          (unsigned long)trap.vector)

static void test_user_mode(unsigned int iopl)
{
    CHECK_RC(set_iopl(iopl), 0);

    /* The hypercall page's instruction, with a hypercall number in eax. */
    run_user(u_out_hc);
    if ( iopl == 3 )
    {
        CHECK_NO_FAULT_USER("out to the hypercall port");
        CHECK(trap.rax == 17, "user out made a hypercall: rax %#lx",
              (unsigned long)trap.rax);
    }
    else
        CHECK_GP_AT(u_out_hc_insn, true);

    run_user(u_in_hc);
    if ( iopl == 3 )
    {
        CHECK_NO_FAULT_USER("in from the hypercall port");
        CHECK((trap.rax & 0xff) == 0xff, "user in read %#lx",
              (unsigned long)trap.rax);
    }
    else
        CHECK_GP_AT(u_in_hc_insn, true);

    run_user(u_out70);
    if ( iopl == 3 )
        CHECK_NO_FAULT_USER("out to port 0x70");
    else
        CHECK_GP_AT(u_out70_insn, true);

    run_user(u_in70);
    if ( iopl == 3 )
        CHECK((trap.rax & 0xff) == 0xff, "user in read %#lx",
              (unsigned long)trap.rax);
    else
        CHECK_GP_AT(u_in70_insn, true);
}

static void test_kernel_iopl0(void)
{
    unsigned long rax;

    CHECK_RC(set_iopl(0), 0);
    rax = kcall(k_out_hc, 0, 0, 0, NULL, NULL);
    CHECK_GP_AT(k_out_hc_insn, false);
    CHECK(rax == 17, "kernel out outside the page made a hypercall: %#lx", rax);
    kcall(k_in70, 0, 0, 0, NULL, NULL);
    CHECK_GP_AT(k_in70_insn, false);
    kcall(k_out70, 0, 0, 0, NULL, NULL);
    CHECK_GP_AT(k_out70, false);
}

static void test_kernel_iopl1(void)
{
    static uint8_t buf[64];
    unsigned long rax, rdi, rsi;
    unsigned int i;

    CHECK_RC(set_iopl(1), 0);
    rax = kcall(k_out_hc, 0, 0, 0, NULL, NULL);
    CHECK(trap.count == 0 && rax == 17,
          "kernel out to the hypercall port outside the page: %u traps, "
          "rax %#lx",
          trap.count, rax);
    rax = kcall(k_in70, 0x1234, 0, 0, NULL, NULL);
    CHECK(trap.count == 0 && rax == 0x12ff, "in $0x70,%%al gave %#lx", rax);
    kcall(k_out70, 0, 0, 0, NULL, NULL);
    CHECK(trap.count == 0, "out $0x70 trapped");
    rax = kcall(k_inl_dx, ~0UL << 40, 0, 0x3f8, NULL, NULL);
    CHECK(trap.count == 0 && rax == 0xffffffffUL, "in (%%dx),%%eax gave %#lx",
          rax);

    memset(buf, 0, sizeof(buf));
    rdi = (unsigned long)buf;
    rax = kcall(k_rep_insb, 0, 40, 0x70, &rdi, NULL);
    CHECK(trap.count == 0 && rdi == (unsigned long)buf + 40,
          "rep insb: %u traps, rdi advanced %ld", trap.count,
          (long)(rdi - (unsigned long)buf));
    for ( i = 0; i < sizeof(buf); i++ )
        CHECK(buf[i] == (i < 40 ? 0xff : 0), "rep insb byte %u is %#x", i,
              buf[i]);
    rsi = (unsigned long)buf;
    kcall(k_rep_outsw, 0, 8, 0x70, NULL, &rsi);
    CHECK(trap.count == 0 && rsi == (unsigned long)buf + 16,
          "rep outsw: rsi advanced %ld", (long)(rsi - (unsigned long)buf));
}

static void outb_port(uint8_t v, uint16_t port)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb_port(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* Channel 2's count, latched, LSB then MSB. */
static unsigned int pit2_count(void)
{
    unsigned int lo;

    outb_port(0x80, 0x43); /* channel 2, latch */
    lo = inb_port(0x42);
    return lo | inb_port(0x42) << 8;
}

/*
 * PIT channel 2 and its gate in port 0x61, which Xen emulates for PV
 * guests (Linux calibrates its TSC against it): the count runs down
 * once loaded, and OUT2 (0x61 bit 5) rises when it has run out.
 */
static void test_pit2(void)
{
    unsigned int a, b;

    CHECK_RC(set_iopl(1), 0);
    outb_port(0x01, 0x61); /* gate high, speaker off */
    CHECK((inb_port(0x61) & 0x23) == 0x01, "port 0x61 reads %#x after gate on",
          inb_port(0x61));
    outb_port(0xb0, 0x43); /* channel 2, LSB then MSB, mode 0 */
    CHECK(!(inb_port(0x61) & 0x20), "OUT2 high before a count was loaded");
    outb_port(0xff, 0x42);
    outb_port(0xff, 0x42);
    a = pit2_count();
    msleep(3);
    b = pit2_count();
    CHECK(a != b && a <= 0xffff && b <= 0xffff,
          "channel 2 does not count: %#x then %#x", a, b);
    msleep(60); /* 0xffff ticks at 1.19 MHz: 55 ms */
    CHECK(inb_port(0x61) & 0x20, "OUT2 did not rise after the count ran out");
    outb_port(0x00, 0x61);
    CHECK((inb_port(0x61) & 0x3) == 0, "port 0x61 reads %#x after gate off",
          inb_port(0x61));
    /* Other timer ports are not emulated: all ones. */
    CHECK(inb_port(0x40) == 0xff, "port 0x40 reads %#x", inb_port(0x40));
}

void test_main(void)
{
    set_trap_hook(13, trap_hook);
    set_trap_hook(6, trap_hook);
    CHECK_RC(set_iopl(4), XEN_ERR(XEN_EINVAL));
    test_user_mode(0);
    test_user_mode(1);
    test_user_mode(3);
    test_kernel_iopl0();
    test_kernel_iopl1();
    test_pit2();
    CHECK_RC(set_iopl(0), 0);
}
