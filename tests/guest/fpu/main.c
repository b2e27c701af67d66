/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fpu: fpu_taskswitch(1) sets the guest's CR0.TS: its next FPU
 * instruction raises #NM, bounced to its handler with TS cleared (so the
 * instruction then runs); fpu_taskswitch(0) clears TS without a trap.
 * KVM on PVM (software virtualization, as on this project's machines)
 * runs guest code under the host's CR0 and raises no #NM for TS: the
 * test is skipped there, saying so.
 */
#include "xtf.h"

const char test_title[] = "fpu_taskswitch and #NM";

static volatile unsigned int nm_count;

static int on_nm(struct pt_regs *regs)
{
    (void)regs;
    nm_count++;
    return 1; /* handled: the instruction runs again */
}

static void fpu_insn(void)
{
    __asm__ __volatile__("fninit");
}

void test_main(void)
{
    set_trap_hook(7, on_nm);

    fpu_insn();
    CHECK(nm_count == 0, "#NM with TS clear (%u)", nm_count);

    CHECK_RC(HYPERVISOR_fpu_taskswitch(1), 0);
    fpu_insn();
    if ( nm_count == 0 )
    {
        HYPERVISOR_fpu_taskswitch(0);
        xtf_skip("this KVM raises no #NM for CR0.TS (PVM runs guest code "
                 "under the host's CR0)");
        return;
    }
    CHECK(nm_count == 1, "%u #NM after fpu_taskswitch(1), not 1", nm_count);
    fpu_insn();
    CHECK(nm_count == 1, "TS was not cleared when #NM was delivered (%u)",
          nm_count);

    CHECK_RC(HYPERVISOR_fpu_taskswitch(1), 0);
    CHECK_RC(HYPERVISOR_fpu_taskswitch(0), 0);
    fpu_insn();
    CHECK(nm_count == 1, "#NM after fpu_taskswitch(0) (%u)", nm_count);

    /* Any non-zero argument sets TS. */
    CHECK_RC(HYPERVISOR_fpu_taskswitch(42), 0);
    fpu_insn();
    CHECK(nm_count == 2, "%u #NM after fpu_taskswitch(42), not 2", nm_count);
}
