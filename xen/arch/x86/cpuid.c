/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpuid.c: the CPUID a PV guest sees through Xen's forced-emulation
 * prefix: the host leaves KVM supports, plus the hypervisor leaves at
 * 0x40000000 that identify Xen and its hypercall interface.
 */
#include <string.h>

#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/version.h>

#define XEN_CPUID_BASE 0x40000000U

static void xen_leaves(uint32_t leaf, uint32_t res[4])
{
    switch ( leaf - XEN_CPUID_BASE )
    {
    case 0:
        res[0] = XEN_CPUID_BASE + 2;
        memcpy(&res[1], "XenV", 4);
        memcpy(&res[2], "MMXe", 4);
        memcpy(&res[3], "nVMM", 4);
        break;
    case 1:
        res[0] = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
        break;
    case 2:
        res[0] = 1; /* hypercall pages */
        res[1] = XEN_CPUID_BASE; /* MSR to set up the page */
        break;
    default:
        break;
    }
}

void pv_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t res[4])
{
    const struct kvm_cpuid_entry2 *e;

    (void)v;
    memset(res, 0, 4 * sizeof(uint32_t));
    if ( leaf >= XEN_CPUID_BASE && leaf < XEN_CPUID_BASE + 0x100 )
    {
        xen_leaves(leaf, res);
        return;
    }
    e = arch_cpuid_lookup(leaf, subleaf);
    if ( !e )
        return;
    res[0] = e->eax;
    res[1] = e->ebx;
    res[2] = e->ecx;
    res[3] = e->edx;
    if ( leaf == 1 )
        res[2] |= 1U << 31; /* "running on a hypervisor" */
}
