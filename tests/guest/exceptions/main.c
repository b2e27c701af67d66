/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exceptions: exception details as Xen reports them to a 64-bit PV
 * guest. A page fault's user bit says which guest mode faulted (both run
 * in ring 3 here); `int n` is allowed through a gate with DPL >= 1 from
 * the kernel and DPL 3 from user mode, else #GP(n * 8 + 2); a far call or
 * jump is done as in long mode (a gate gives #GP(selector), a null
 * selector #GP(0)); an access through a non-stack segment that faults as
 * non-canonical is #GP(0), through SS #SS(0).
 */
#include "xtf.h"

const char test_title[] = "exception details as Xen gives them";

extern char snippet_ret[], trap_128[];
extern char k_read_low[], u_read_low[], k_int80[], u_int80[], k_lcall[],
    k_ljmp[], far_target[], k_ds_rbp[], k_rbp[];

__asm__(".text\n"
        "snippet_ret: ret\n"
        "k_read_low: mov 0x1000, %rax; ret\n"
        "u_read_low: mov 0x1000, %rax; ud2\n"
        "k_int80: int $0x80; ret\n"
        "u_int80: int $0x80; ud2\n"
        "k_lcall: rex.w lcall *(%rdi); ret\n"
        "k_ljmp: rex.w ljmp *(%rdi)\n"
        "far_target: mov $0x5a, %eax; lretq\n"
        /* These keep rbp in r11 for the hook to put back. */
        "k_ds_rbp: mov %rbp, %r11; movabs $0x8000000000000000, %rbp;"
        "  mov %ds:(%rbp), %rax; mov %r11, %rbp; ret\n"
        "k_rbp: mov %rbp, %r11; movabs $0x8000000000000000, %rbp;"
        "  mov (%rbp), %rax; mov %r11, %rbp; ret\n");

static volatile bool rbp_in_r11;

static volatile struct {
    unsigned int count;
    uint64_t vector, error_code, rip;
} trap;

static int trap_hook(struct pt_regs *regs)
{
    trap.count++;
    trap.vector = regs->vector;
    trap.error_code = regs->error_code;
    trap.rip = regs->rip;
    if ( (regs->cs & 3) == 3 )
        xtf_back_to_kernel(regs);
    else if ( regs->vector != 128 ) /* int $0x80 returns after itself */
    {
        if ( rbp_in_r11 )
            regs->rbp = regs->r11;
        regs->rip = (unsigned long)snippet_ret;
    }
    return 1;
}

static unsigned long kcall(void *fn, unsigned long rdi)
{
    unsigned long rax = 0;

    trap.count = 0;
    __asm__ volatile("call *%[fn]"
                     : "+a"(rax), "+D"(rdi)
                     : [fn] "r"(fn)
                     : "memory", "cc", "rcx", "rdx", "rsi", "r8", "r9", "r10",
                       "r11");
    return rax;
}

static uint8_t user_stack[4096] __attribute__((aligned(16)));

static void ucall(char *fn)
{
    trap.count = 0;
    xtf_enter_user((unsigned long)fn,
                   (unsigned long)(user_stack + sizeof(user_stack) - 16));
}

#define CHECK_TRAP(what, vec, err)                                             \
    CHECK(trap.count == 1 && trap.vector == (vec) && trap.error_code == (err), \
          "%s: expected vector %u error %#x, got %u traps, vector %lu, "       \
          "error %#lx",                                                        \
          what, (vec), (err), trap.count, (unsigned long)trap.vector,          \
          (unsigned long)trap.error_code)

static void test_page_fault_user_bit(void)
{
    kcall(k_read_low, 0);
    CHECK_TRAP("kernel read of an unmapped page", 14, 0);
    ucall(u_read_low);
    CHECK_TRAP("user read of an unmapped page", 14, 4);
}

static void set_int80_dpl(unsigned int dpl)
{
    trap_info_t t[2] = {
        { .vector = 0x80,
          .flags = dpl,
          .cs = FLAT_KERNEL_CS64,
          .address = (unsigned long)trap_128 },
        { 0 },
    };

    CHECK_RC(HYPERVISOR_set_trap_table(t), 0);
}

static void test_soft_int(void)
{
    const uint32_t gp80 = 0x80 * 8 + 2;

    set_int80_dpl(3);
    kcall(k_int80, 0);
    CHECK(trap.count == 1 && trap.vector == 128 &&
              trap.rip == (unsigned long)k_int80 + 2,
          "kernel int $0x80 with DPL 3: vector %lu at %#lx",
          (unsigned long)trap.vector, (unsigned long)trap.rip);
    ucall(u_int80);
    CHECK(trap.count == 1 && trap.vector == 128, "user int $0x80 with DPL 3");

    set_int80_dpl(1);
    kcall(k_int80, 0);
    CHECK(trap.count == 1 && trap.vector == 128, "kernel int $0x80 with DPL 1");
    ucall(u_int80);
    CHECK_TRAP("user int $0x80 with DPL 1", 13, gp80);

    set_int80_dpl(0);
    kcall(k_int80, 0);
    CHECK_TRAP("kernel int $0x80 with DPL 0", 13, gp80);
    ucall(u_int80);
    CHECK_TRAP("user int $0x80 with DPL 0", 13, gp80);
}

static uint8_t gdt[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct {
    uint64_t offset;
    uint16_t sel;
} __attribute__((packed)) far_ptr;

static void test_far_transfers(void)
{
    uint64_t target = (unsigned long)snippet_ret, *g = (uint64_t *)gdt;
    unsigned long frames[1] = { virt_to_mfn(gdt) }, rax;

    /* GDT entry 2: a 64-bit call gate, DPL 3, to FLAT_RING3_CS64. */
    g[2] = (target & 0xffff) | (0xe033ULL << 16) | (0xecULL << 40) |
           (((target >> 16) & 0xffff) << 48);
    g[3] = target >> 32;
    CHECK_RC(HYPERVISOR_set_gdt(frames, 512), 0);

    far_ptr.offset = target;
    far_ptr.sel = 0x13;
    kcall(k_lcall, (unsigned long)&far_ptr);
    CHECK_TRAP("lcall through a call gate", 13, 0x10);
    kcall(k_ljmp, (unsigned long)&far_ptr);
    CHECK_TRAP("ljmp through a call gate", 13, 0x10);
    far_ptr.sel = 0;
    kcall(k_lcall, (unsigned long)&far_ptr);
    CHECK_TRAP("lcall to the null selector", 13, 0);

    far_ptr.offset = (unsigned long)far_target;
    far_ptr.sel = FLAT_RING3_CS64;
    rax = kcall(k_lcall, (unsigned long)&far_ptr);
    CHECK(trap.count == 0 && rax == 0x5a,
          "lcall to FLAT_RING3_CS64 and lretq back: %u traps, rax %#lx",
          trap.count, rax);
    CHECK_RC(HYPERVISOR_set_gdt(frames, 0), 0);
}

static void test_stack_segment(void)
{
    rbp_in_r11 = true;
    kcall(k_ds_rbp, 0);
    CHECK_TRAP("non-canonical %ds:(%rbp)", 13, 0);
    kcall(k_rbp, 0);
    CHECK_TRAP("non-canonical (%rbp)", 12, 0);
    rbp_in_r11 = false;
}

void test_main(void)
{
    static const unsigned int vectors[] = { 6, 12, 13, 14, 128 };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(vectors); i++ )
        set_trap_hook(vectors[i], trap_hook);
    test_page_fault_user_bit();
    test_soft_int();
    test_far_transfers();
    test_stack_segment();
}
