/* SPDX-License-Identifier: GPL-2.0-only */
/* multicall: a batch of calls in one exit, each with its own result. */
#include "xtf.h"
#include <public/version.h>

const char test_title[] = "multicall batches";

void test_main(void)
{
    static multicall_entry_t calls[32];
    unsigned int i;

    for ( i = 0; i < 32; i++ )
    {
        calls[i].op = __HYPERVISOR_xen_version;
        calls[i].args[0] = i % 2 ? XENVER_pagesize : XENVER_version;
        calls[i].result = 12345;
    }
    calls[31].op = __HYPERVISOR_vcpu_op;
    calls[31].args[0] = 3; /* VCPUOP_is_up */
    calls[31].args[1] = 0;
    CHECK_RC(HYPERVISOR_multicall(calls, 32), 0);
    for ( i = 0; i < 31; i++ )
        CHECK(calls[i].result == (i % 2 ? 4096 : ((4 << 16) | 19)),
              "entry %u result %ld", i, (long)calls[i].result);
    CHECK(calls[31].result == 1, "is_up result %ld", (long)calls[31].result);
    CHECK_RC(HYPERVISOR_multicall(calls, 0), 0);
}
