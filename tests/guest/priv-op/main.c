/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * priv-op: privileged instructions of a PV guest kernel emulated as
 * Xen's privileged-op emulator does: control registers (CR0 only TS may
 * change, CR3 loads a new base pointer), clts, debug registers (also via
 * set_debugreg/get_debugreg), the MSRs Xen answers for a PV guest (FS,
 * GS and the inactive GS base, EFER, PAT, TSC, TSC_AUX, the speculation
 * controls where offered) and #GP for the
 * rest and for non-canonical bases, wbinvd/invd, hlt (blocks until an
 * event), cli/sti under the virtual IOPL. The same instructions in guest
 * user mode get #GP(0).
 */
#include "xtf.h"

const char test_title[] = "privileged instructions in guest kernel mode";

#define __HYPERVISOR_physdev_op 33
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_EFER 0xc0000080
#define MSR_PAT 0x277
#define MSR_TSC 0x10
#define MSR_TSC_AUX 0xc0000103
#define MSR_SPEC_CTRL 0x48
#define MSR_PRED_CMD 0x49

extern char snippet_ret[];
extern char k_rd_cr0[], k_rd_cr2[], k_rd_cr3[], k_rd_cr4[], k_wr_cr0[],
    k_wr_cr3[], k_clts[], k_rd_dr7[], k_wr_dr0[], k_wr_dr7[], k_rdmsr[],
    k_wrmsr[], k_wbinvd[], k_invd[], k_hlt[], k_cli[], k_sti[], k_rd_cr8[];
extern char u_rd_cr0[], u_rdmsr[], u_hlt[];

__asm__(".text\n"
        "snippet_ret: ret\n"
        "k_rd_cr0: mov %cr0, %rax; ret\n"
        "k_rd_cr2: mov %cr2, %rax; ret\n"
        "k_rd_cr3: mov %cr3, %rax; ret\n"
        "k_rd_cr4: mov %cr4, %rax; ret\n"
        "k_rd_cr8: mov %cr8, %rax; ret\n"
        "k_wr_cr0: mov %rdi, %cr0; ret\n"
        "k_wr_cr3: mov %rdi, %cr3; ret\n"
        "k_clts: clts; ret\n"
        "k_rd_dr7: mov %dr7, %rax; ret\n"
        "k_wr_dr0: mov %rdi, %dr0; ret\n"
        "k_wr_dr7: mov %rdi, %dr7; ret\n"
        "k_rdmsr: mov %edi, %ecx; rdmsr; shl $32, %rdx; or %rdx, %rax; ret\n"
        "k_wrmsr: mov %edi, %ecx; mov %rsi, %rax; mov %rsi, %rdx;"
        "  shr $32, %rdx; wrmsr; ret\n"
        "k_wbinvd: wbinvd; ret\n"
        "k_invd: invd; ret\n"
        "k_hlt: hlt; ret\n"
        "k_cli: cli; ret\n"
        "k_sti: sti; ret\n"
        "u_rd_cr0: mov %cr0, %rax; ud2\n"
        "u_rdmsr: mov $0xc0000101, %ecx; rdmsr; ud2\n"
        "u_hlt: hlt; ud2\n");

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
    else
        regs->rip = (unsigned long)snippet_ret;
    return 1;
}

static unsigned long kcall(void *fn, unsigned long rdi, unsigned long rsi)
{
    unsigned long rax;

    trap.count = 0;
    __asm__ volatile("call *%[fn]"
                     : "=a"(rax), "+D"(rdi), "+S"(rsi)
                     : [fn] "r"(fn)
                     : "memory", "cc", "rcx", "rdx", "r8", "r9", "r10", "r11");
    return rax;
}

#define CHECK_NO_TRAP(what) CHECK(trap.count == 0, "%s trapped", what)
#define CHECK_GP(what)                                                         \
    CHECK(trap.count == 1 && trap.vector == 13 && trap.error_code == 0,        \
          "%s: expected #GP(0), got %u traps, vector %lu", what, trap.count,   \
          (unsigned long)trap.vector)

static unsigned long rdmsr(uint32_t msr)
{
    return kcall(k_rdmsr, msr, 0);
}

static void wrmsr(uint32_t msr, uint64_t val)
{
    kcall(k_wrmsr, msr, val);
}

static void test_control_registers(void)
{
    unsigned long cr0, cr3;

    cr0 = kcall(k_rd_cr0, 0, 0);
    CHECK_NO_TRAP("mov %cr0");
    CHECK((cr0 & 0x80000001) == 0x80000001, "cr0 %#lx: PE and PG", cr0);
    kcall(k_wr_cr0, cr0 | 8, 0); /* set TS */
    CHECK_NO_TRAP("mov to %cr0 setting TS");
    CHECK(kcall(k_rd_cr0, 0, 0) & 8, "TS not set");
    kcall(k_clts, 0, 0);
    CHECK_NO_TRAP("clts");
    CHECK(!(kcall(k_rd_cr0, 0, 0) & 8), "clts left TS set");
    kcall(k_wr_cr0, cr0 & ~0x10000UL, 0); /* clear WP: not allowed */
    CHECK_GP("mov to %cr0 clearing WP");

    cr3 = kcall(k_rd_cr3, 0, 0);
    CHECK_NO_TRAP("mov %cr3");
    CHECK(cr3 == virt_to_mfn((void *)start_info.pt_base) << 12,
          "cr3 %#lx is not the boot L4", cr3);
    kcall(k_wr_cr3, cr3, 0);
    CHECK_NO_TRAP("mov to %cr3 (the same L4)");
    kcall(k_wr_cr3, (start_info.nr_pages + 10) << 12, 0);
    CHECK_GP("mov to %cr3 outside the domain");
    CHECK(kcall(k_rd_cr4, 0, 0) & 0x20, "cr4 without PAE");
    CHECK_NO_TRAP("mov %cr4");
    kcall(k_rd_cr2, 0, 0);
    CHECK_NO_TRAP("mov %cr2");
    kcall(k_rd_cr8, 0, 0);
    CHECK_GP("mov %cr8");
}

static void test_debug_registers(void)
{
    CHECK(kcall(k_rd_dr7, 0, 0) == 0x400, "dr7 reset value");
    kcall(k_wr_dr0, 0x1000, 0);
    CHECK_NO_TRAP("mov to %dr0");
    CHECK_RC(HC(__HYPERVISOR_get_debugreg, 0, 0, 0, 0, 0), 0x1000);
    kcall(k_wr_dr0, 0xffff800000000000UL, 0);
    CHECK_GP("mov to %dr0 of a hypervisor address");
    CHECK_RC(HC(__HYPERVISOR_set_debugreg, 0, 0xffff800000000000UL, 0, 0, 0),
             XEN_ERR(XEN_EPERM));
    CHECK_RC(HC(__HYPERVISOR_set_debugreg, 7, 0x1, 0, 0, 0), 0);
    CHECK(kcall(k_rd_dr7, 0, 0) == 0x401, "dr7 after set_debugreg");
    kcall(k_wr_dr7, 1UL << 40, 0);
    CHECK_GP("mov to %dr7 with high bits");
    CHECK_RC(HC(__HYPERVISOR_get_debugreg, 9, 0, 0, 0, 0), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HC(__HYPERVISOR_set_debugreg, 7, 0x400, 0, 0, 0), 0);
}

static void test_msrs(void)
{
    uint64_t t0, t1;

    wrmsr(MSR_GS_BASE, 0x123000);
    CHECK_NO_TRAP("wrmsr GS_BASE");
    CHECK(rdmsr(MSR_GS_BASE) == 0x123000, "GS_BASE read back");
    wrmsr(MSR_SHADOW_GS_BASE, 0x456000);
    CHECK(rdmsr(MSR_SHADOW_GS_BASE) == 0x456000, "SHADOW_GS_BASE");
    wrmsr(MSR_FS_BASE, 0x789000);
    CHECK(rdmsr(MSR_FS_BASE) == 0x789000, "FS_BASE");
    wrmsr(MSR_GS_BASE, 0x0000800000000000UL);
    CHECK_GP("wrmsr GS_BASE non-canonical");
    wrmsr(MSR_FS_BASE, 0);
    wrmsr(MSR_GS_BASE, 0);
    wrmsr(MSR_SHADOW_GS_BASE, 0);

    CHECK(rdmsr(MSR_EFER) & 0x400, "EFER without LMA");
    CHECK_NO_TRAP("rdmsr EFER");
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~0x800UL); /* clear NX */
    CHECK_GP("wrmsr EFER changing it");
    CHECK(rdmsr(MSR_PAT) == 0x0000050100070406UL, "PAT is not Xen's");
    t0 = rdmsr(MSR_TSC);
    t1 = rdmsr(MSR_TSC);
    CHECK(t1 > t0, "TSC does not move");
    wrmsr(MSR_TSC_AUX, 7);
    CHECK_NO_TRAP("wrmsr TSC_AUX");
    CHECK(rdmsr(MSR_TSC_AUX) == 7, "TSC_AUX");
    /*
     * The speculation controls, where the CPUID the guest sees offers
     * them (IBRS/IBPB: leaf 7 EDX bit 26), as Linux's IBPB at each
     * context switch needs.
     */
    {
        uint32_t a, b, c, d;

        __asm__ volatile("ud2; .ascii \"xen\"; cpuid"
                         : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                         : "a"(7), "c"(0));
        if ( d & (1U << 26) )
        {
            wrmsr(MSR_PRED_CMD, 1);
            CHECK_NO_TRAP("wrmsr PRED_CMD (IBPB)");
            rdmsr(MSR_SPEC_CTRL);
            CHECK_NO_TRAP("rdmsr SPEC_CTRL");
            wrmsr(MSR_SPEC_CTRL, 0);
            CHECK_NO_TRAP("wrmsr SPEC_CTRL");
        }
        else
            printk("IBRS/IBPB not offered here: speculation MSRs untried\n");
    }
    rdmsr(0x1b); /* APIC_BASE: not for PV guests */
    CHECK_GP("rdmsr APIC_BASE");
    wrmsr(0x3a, 0); /* FEATURE_CONTROL */
    CHECK_GP("wrmsr FEATURE_CONTROL");
}

static void test_misc(void)
{
    unsigned long before;

    kcall(k_wbinvd, 0, 0);
    CHECK_NO_TRAP("wbinvd");
    kcall(k_invd, 0, 0);
    CHECK_NO_TRAP("invd");

    /* hlt blocks until an event: the timer's. */
    local_irq_disable();
    HYPERVISOR_set_timer_op(monotonic_clock() + 2000000);
    before = upcall_count;
    kcall(k_hlt, 0, 0);
    local_irq_enable();
    CHECK_NO_TRAP("hlt");
    CHECK(upcall_count != before, "hlt returned without an event");

    kcall(k_cli, 0, 0);
    CHECK_GP("cli with IOPL 0");
    CHECK_RC(HC(__HYPERVISOR_physdev_op, 6, &(uint32_t){ 1 }, 0, 0, 0), 0);
    kcall(k_cli, 0, 0);
    CHECK_NO_TRAP("cli with IOPL 1");
    kcall(k_sti, 0, 0);
    CHECK_NO_TRAP("sti with IOPL 1");
    CHECK_RC(HC(__HYPERVISOR_physdev_op, 6, &(uint32_t){ 0 }, 0, 0, 0), 0);
}

static uint8_t user_stack[4096] __attribute__((aligned(16)));

static void test_user_mode(void)
{
    char *const snippets[] = { u_rd_cr0, u_rdmsr, u_hlt };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(snippets); i++ )
    {
        trap.count = 0;
        xtf_enter_user((unsigned long)snippets[i],
                       (unsigned long)(user_stack + sizeof(user_stack) - 16));
        CHECK(trap.count == 1 && trap.vector == 13 && trap.error_code == 0,
              "user snippet %u: vector %lu", i, (unsigned long)trap.vector);
    }
}

void test_main(void)
{
    set_trap_hook(13, trap_hook);
    set_trap_hook(6, trap_hook);
    test_control_registers();
    test_debug_registers();
    test_msrs();
    test_misc();
    test_user_mode();
}
