/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pv-features: what Linux checks for before it boots as a Xen PV guest.
 * The feature bits Xen gives every PV guest (XENVER_get_features), an
 * mmu_update that keeps the accessed/dirty bits (MMU_PT_UPDATE_PRESERVE_AD),
 * a new base pointer that flushes as Xen's does (Linux defers the flush
 * of an mm that is not loaded to its next CR3 load), and Xen's PV CPUID
 * policy through the forced-emulation prefix (no PSE, PGE, VMX, 1 GiB
 * pages...: a kernel that saw PSE built its direct map of 2 MiB pages).
 */
#include <public/features.h>
#include <public/version.h>

#include "xtf.h"

const char test_title[] = "PV feature bits, preserve-AD, base pointer flush, CPUID";

#define PTE_AD 0x60UL

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void xen_cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("ud2; .ascii \"xen\"; cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

static void test_feature_bits(void)
{
    xen_feature_info_t fi = { .submap_idx = 0 };
    static const struct {
        unsigned int bit;
        const char *name;
    } wanted[] = {
        { XENFEAT_writable_page_tables, "writable_page_tables" },
        { XENFEAT_mmu_pt_update_preserve_ad, "mmu_pt_update_preserve_ad" },
        { XENFEAT_highmem_assist, "highmem_assist" },
        { XENFEAT_gnttab_map_avail_bits, "gnttab_map_avail_bits" },
    };
    unsigned int i;

    CHECK_RC(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    for ( i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++ )
        CHECK(fi.submap & (1U << wanted[i].bit), "XENFEAT_%s not offered",
              wanted[i].name);
    CHECK(!(fi.submap & (1U << XENFEAT_dom0)), "a domU is told it is dom0");
}

/* The builder maps all of the boot tables at VIRT_BASE + maddr. */
static volatile uint64_t *pte_of(unsigned long va)
{
    return (volatile uint64_t *)(VIRT_BASE + xtf_l1e_maddr(va));
}

static void test_preserve_ad(uint8_t *a, uint8_t *b)
{
    unsigned long wva = (unsigned long)window;
    struct mmu_update u;

    CHECK_RC(HYPERVISOR_update_va_mapping(
                 wva, (virt_to_mfn(a) << 12) | 7 | PTE_AD, UVMF_INVLPG),
             0);
    u.ptr = xtf_l1e_maddr(wva) | MMU_PT_UPDATE_PRESERVE_AD;
    u.val = (virt_to_mfn(b) << 12) | 7;
    CHECK_RC(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), 0);
    CHECK((*pte_of(wva) & PTE_AD) == PTE_AD,
          "accessed/dirty lost: pte %#lx", (unsigned long)*pte_of(wva));
    CHECK((*pte_of(wva) >> 12 & 0xffffffffffUL) == virt_to_mfn(b),
          "the frame was not changed");
    u.ptr = xtf_l1e_maddr(wva) | MMU_NORMAL_PT_UPDATE;
    CHECK_RC(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), 0);
    CHECK(!(*pte_of(wva) & PTE_AD), "a normal update kept A/D: pte %#lx",
          (unsigned long)*pte_of(wva));
}

/*
 * The entry is used (so that it is cached), rewritten by the hypervisor
 * with no flush, then the same base pointer is loaded again: from then
 * on the new frame must show, as after a CR3 write on Xen.
 */
static void test_baseptr_flushes(uint8_t *a, uint8_t *b)
{
    unsigned long wva = (unsigned long)window;
    struct mmu_update u;
    struct mmuext_op op;

    CHECK_RC(HYPERVISOR_update_va_mapping(wva, (virt_to_mfn(a) << 12) | 7,
                                          UVMF_INVLPG),
             0);
    CHECK(window[0] == 'A', "window shows %#x", window[0]);
    u.ptr = xtf_l1e_maddr(wva) | MMU_NORMAL_PT_UPDATE;
    u.val = (virt_to_mfn(b) << 12) | 7;
    CHECK_RC(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), 0);
    op.cmd = MMUEXT_NEW_BASEPTR;
    op.arg1.mfn = virt_to_mfn((void *)start_info.pt_base);
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK(window[0] == 'B', "a new base pointer did not flush: window %#x",
          window[0]);
}

static void test_cpuid_policy(void)
{
    uint32_t r[4];

    xen_cpuid(1, r);
    CHECK(!(r[3] & (1U << 3)), "PSE offered to a PV guest");
    CHECK(!(r[3] & (1U << 13)), "PGE offered to a PV guest");
    CHECK(!(r[3] & (1U << 9)), "an APIC offered to a PV guest");
    CHECK(!(r[2] & (1U << 5)), "VMX offered to a PV guest");
    CHECK(!(r[2] & (1U << 21)), "x2APIC offered to a PV guest");
    CHECK(r[2] & (1U << 31), "no hypervisor bit");
    CHECK(r[3] & 1, "no FPU: the host's features are gone too");
    xen_cpuid(7, r);
    CHECK(!(r[1] & ((1U << 7) | (1U << 20))), "SMEP/SMAP offered: ebx %#x",
          r[1]);
    xen_cpuid(0x80000001, r);
    CHECK(!(r[3] & (1U << 26)), "1 GiB pages offered to a PV guest");
    CHECK(r[3] & (1U << 29), "long mode not offered");
}

void test_main(void)
{
    uint8_t *a = alloc_page(), *b = alloc_page();

    if ( !a || !b )
    {
        xtf_error("no pages");
        return;
    }
    a[0] = 'A';
    b[0] = 'B';
    test_feature_bits();
    test_preserve_ad(a, b);
    test_baseptr_flushes(a, b);
    test_cpuid_policy();
}
