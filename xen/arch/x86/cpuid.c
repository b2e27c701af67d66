/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpuid.c: the CPUID a PV guest sees through Xen's forced-emulation
 * prefix: the host leaves KVM supports, less what Xen hides from a PV
 * guest (features only a guest with its own paging, APIC or ring 0
 * could use: PSE, PGE, SMEP/SMAP, PCID, x2APIC, VMX...), plus the
 * hypervisor leaves at 0x40000000 that identify Xen and its hypercall
 * interface.
 */
#include <string.h>

#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/version.h>

#define XEN_CPUID_BASE 0x40000000U
#define BIT(n) (1U << (n))

/* Feature bits a 64-bit PV guest never sees, by leaf and register. */
struct pv_hidden {
    uint32_t leaf, subleaf;
    uint32_t reg; /* 0 eax, 1 ebx, 2 ecx, 3 edx */
    uint32_t bits;
};

static const struct pv_hidden pv_hidden[] = {
    /* VME PSE APIC MTRR PGE PSE36 DS TM1 PBE: paging and ring 0 state. */
    { 1, 0, 3,
      BIT(1) | BIT(3) | BIT(9) | BIT(12) | BIT(13) | BIT(17) | BIT(21) |
          BIT(29) | BIT(31) },
    /* DTES64 MONITOR DS-CPL VMX SMX EST TM2 xTPR PDCM PCID DCA x2APIC
     * TSC-deadline. */
    { 1, 0, 2,
      BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(14) |
          BIT(15) | BIT(17) | BIT(18) | BIT(21) | BIT(24) },
    /* TSC_ADJUST SMEP INVPCID PQM MPX PQE SMAP PT. */
    { 7, 0, 1,
      BIT(1) | BIT(7) | BIT(10) | BIT(12) | BIT(14) | BIT(15) | BIT(20) |
          BIT(25) },
    /* UMIP PKU OSPKE CET-SS LA57. */
    { 7, 0, 2, BIT(2) | BIT(3) | BIT(4) | BIT(7) | BIT(16) },
    /* CET-IBT. */
    { 7, 0, 3, BIT(20) },
    /* SVM MONITORX. */
    { 0x80000001, 0, 2, BIT(2) | BIT(29) },
    /* 1 GiB pages. */
    { 0x80000001, 0, 3, BIT(26) },
};

static void hide_from_pv(uint32_t leaf, uint32_t subleaf, uint32_t res[4])
{
    unsigned int i;

    for ( i = 0; i < sizeof(pv_hidden) / sizeof(pv_hidden[0]); i++ )
        if ( pv_hidden[i].leaf == leaf && pv_hidden[i].subleaf == subleaf )
            res[pv_hidden[i].reg] &= ~pv_hidden[i].bits;
}

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
    hide_from_pv(leaf, subleaf, res);
    if ( leaf == 1 )
        res[2] |= 1U << 31; /* "running on a hypervisor" */
}
