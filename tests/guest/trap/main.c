/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trap: exceptions reach the handlers registered with set_trap_table,
 * with the right vector, error code, cr2 and return address; software
 * interrupts obey the gate's privilege; Xen's forced-emulation CPUID
 * works.
 */
#include "xtf.h"

const char test_title[] = "trap delivery and emulation";

static volatile uint64_t seen_vector, seen_error, seen_rip, seen_cr2;
static volatile unsigned int seen_count;
static uint64_t resume_at; /* continue here, or 0 to return as is */

static int hook(struct pt_regs *regs)
{
    seen_vector = regs->vector;
    seen_error = regs->error_code;
    seen_rip = regs->rip;
    seen_cr2 = HYPERVISOR_shared_info->vcpu_info[0].arch.cr2;
    seen_count++;
    if ( resume_at )
        regs->rip = resume_at;
    return 1;
}

static void expect(unsigned int vector, uint64_t error, const char *what)
{
    CHECK(seen_count == 1, "%s: %u traps", what, seen_count);
    CHECK(seen_vector == vector, "%s: vector %lu", what,
          (unsigned long)seen_vector);
    CHECK(seen_error == error, "%s: error code %#lx", what,
          (unsigned long)seen_error);
    seen_count = 0;
}

extern char ud2_insn[], ud2_done[], int3_insn[], pf_done[], int80_done[],
    div_done[];

void test_main(void)
{
    uint32_t eax, ebx, ecx, edx;
    unsigned int v;

    for ( v = 0; v < 20; v++ )
        set_trap_hook(v, hook);

    resume_at = (uint64_t)ud2_done;
    __asm__ volatile("ud2_insn: ud2; ud2_done:" ::: "memory");
    expect(6, 0, "ud2");
    CHECK(seen_rip == (uint64_t)ud2_insn, "ud2 rip %#lx",
          (unsigned long)seen_rip);

    resume_at = 0;
    __asm__ volatile("int3_insn: int3" ::: "memory");
    expect(3, 0, "int3");
    CHECK(seen_rip == (uint64_t)int3_insn + 1, "int3 returns after it: %#lx",
          (unsigned long)seen_rip);

    /* A read of an unmapped user address: #PF, not present, user. */
    resume_at = (uint64_t)pf_done;
    __asm__ volatile("mov 0x1000, %%eax; pf_done:" ::: "rax", "memory");
    CHECK(seen_count == 1 && seen_vector == 14, "no #PF (vector %lu)",
          (unsigned long)seen_vector);
    CHECK(seen_cr2 == 0x1000, "cr2 %#lx", (unsigned long)seen_cr2);
    CHECK((seen_error & 1) == 0 && (seen_error & 2) == 0, "pf error %#lx",
          (unsigned long)seen_error);
    seen_count = 0;

    /* int $0x80 without a ring-3 gate: #GP with the IDT-vector error. */
    resume_at = (uint64_t)int80_done;
    __asm__ volatile("int $0x80; int80_done:" ::: "memory");
    expect(13, (0x80 << 3) | 2, "int $0x80");

    /* Divide error. */
    resume_at = (uint64_t)div_done;
    __asm__ volatile("xor %%ecx, %%ecx; mov $1, %%eax; xor %%edx, %%edx;"
                     "div %%ecx; div_done:" ::
                         : "rax", "rcx", "rdx", "memory");
    expect(0, 0, "divide by zero");

    /* Forced emulation: ud2; .ascii "xen"; cpuid. */
    __asm__ volatile("ud2; .ascii \"xen\"; cpuid"
                     : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
                     : "a"(0x40000000), "c"(0));
    CHECK(seen_count == 0, "forced CPUID reached the guest handler");
    CHECK(ebx == 0x566e6558 && ecx == 0x65584d4d && edx == 0x4d4d566e,
          "hypervisor signature %08x %08x %08x", ebx, ecx, edx);
    CHECK(eax >= 0x40000002, "max hypervisor leaf %#x", eax);
    __asm__ volatile("ud2; .ascii \"xen\"; cpuid"
                     : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
                     : "a"(0x40000001), "c"(0));
    CHECK(eax == ((4 << 16) | 19), "version leaf %#x", eax);

    for ( v = 0; v < 20; v++ )
        set_trap_hook(v, NULL);
}
