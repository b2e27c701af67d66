/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * m2p: the read-only machine-to-physical table. XENMEM_machphys_mapping
 * reports where it is mapped (L4 slot 258 here) and every entry of the
 * domain reads as its frame number there (frames are the identity here);
 * it cannot be written. Reads at Xen's hard-coded MACH2PHYS_VIRT_START
 * (slot 256, which this host keeps) are emulated: 64- and 32-bit loads
 * give the same entries, entries past the domain's frames read as
 * INVALID_M2P_ENTRY, and writes there fault.
 */
#include "xtf.h"
#include <public/memory.h>

const char test_title[] = "the M2P table, where asked and where hard-coded";

static volatile unsigned int faults;
static volatile uint64_t fault_error;
extern char snippet_ret[], write_at[];

__asm__(".text\nsnippet_ret: ret\n"
        "write_at: movq $1, (%rdi); ret\n");

static int pf_hook(struct pt_regs *regs)
{
    faults++;
    fault_error = regs->error_code;
    regs->rip = (unsigned long)snippet_ret;
    return 1;
}

static void try_write(unsigned long va)
{
    faults = 0;
    __asm__ volatile("call *%[fn]"
                     : "+D"(va)
                     : [fn] "r"(write_at)
                     : "memory", "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10",
                       "r11");
}

void test_main(void)
{
    struct xen_machphys_mapping mp;
    volatile const uint64_t *m2p, *fixed = (uint64_t *)MACH2PHYS_VIRT_START;
    volatile const uint32_t *fixed32 = (uint32_t *)MACH2PHYS_VIRT_START;
    unsigned long mfns[4], i, last = start_info.nr_pages - 1;

    CHECK_RC(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mp), 0);
    CHECK(mp.v_start == 0xffff810000000000UL && mp.max_mfn == last &&
              mp.v_end == mp.v_start + start_info.nr_pages * 8,
          "machphys_mapping %#lx-%#lx max %lu", mp.v_start, mp.v_end,
          mp.max_mfn);
    m2p = (const uint64_t *)mp.v_start;
    mfns[0] = 0;
    mfns[1] = virt_to_mfn(&mp);
    mfns[2] = virt_to_mfn((void *)start_info.pt_base);
    mfns[3] = last;
    for ( i = 0; i < ARRAY_SIZE(mfns); i++ )
    {
        CHECK(m2p[mfns[i]] == mfns[i], "m2p[%lu] = %#lx", mfns[i],
              (unsigned long)m2p[mfns[i]]);
        CHECK(fixed[mfns[i]] == mfns[i], "fixed m2p[%lu] = %#lx", mfns[i],
              (unsigned long)fixed[mfns[i]]);
        CHECK(fixed32[2 * mfns[i]] == (uint32_t)mfns[i] &&
                  fixed32[2 * mfns[i] + 1] == 0,
              "fixed m2p[%lu] in halves", mfns[i]);
    }
    CHECK(fixed[last + 1] == ~0UL, "past the domain: %#lx",
          (unsigned long)fixed[last + 1]);

    set_trap_hook(14, pf_hook);
    try_write((unsigned long)&m2p[mfns[1]]);
    CHECK(faults == 1 && (fault_error & 3) == 3,
          "writing the M2P: %u faults, error %#lx", faults,
          (unsigned long)fault_error);
    CHECK(m2p[mfns[1]] == mfns[1], "the M2P was written");
    try_write((unsigned long)&fixed[mfns[1]]);
    CHECK(faults == 1 && (fault_error & 2), "writing at MACH2PHYS_VIRT_START");
}
