/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_guest_walk: translation of guest virtual addresses through page
 * tables in a fake domain's memory: 4 KiB, 2 MiB and 1 GiB pages, user
 * and write permission, non-canonical and out-of-domain addresses.
 */
#include <stdlib.h>
#include <string.h>

#include <asm/x86.h>
#include <xen/domain.h>

#include "cunit_main.h"

#define PAGES 64
static struct domain dom;

/* The walker's only dependency: frames of the fake domain. */
bool domain_mfn_is_ram(const struct domain *d, uint64_t mfn)
{
    return mfn < d->max_pages;
}

void *domain_frame_ptr(struct domain *d, uint64_t mfn)
{
    return mfn < d->max_pages ? d->ram + (mfn << 12) : NULL;
}

static uint64_t *frame(unsigned int pfn)
{
    return (uint64_t *)(dom.ram + (pfn << 12));
}

/* L4 at 1, L3 at 2, L2 at 3, L1 at 4. */
static void build(void)
{
    memset(dom.ram, 0, PAGES << 12);
    frame(1)[0] = (2 << 12) | 7;
    frame(2)[0] = (3 << 12) | 7;
    frame(2)[1] = (0x40000000ULL) | 0x87; /* 1 GiB page at 1 GiB */
    frame(3)[0] = (4 << 12) | 7;
    frame(3)[1] = (0x200000ULL) | 0x85; /* 2 MiB read-only */
    frame(4)[5] = (10 << 12) | 7; /* va 0x5000 -> pfn 10 */
    frame(4)[6] = (11 << 12) | 5; /* read-only */
    frame(4)[7] = (12 << 12) | 3; /* supervisor */
    frame(4)[8] = (999ULL << 12) | 7; /* points outside: fine */
    frame(1)[511] = (2 << 12) | 7; /* high half reuses L3 */
}

static void test_walks(void)
{
    uint64_t m;

    dom.max_pages = PAGES;
    dom.ram = calloc(PAGES, 4096);
    build();
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x5123, false, &m), 0);
    CU_ASSERT_EQUAL(m, (10 << 12) | 0x123);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x5123, true, &m), 0);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x6000, false, &m), 0);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x6000, true, &m), -EFAULT);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x7000, false, &m), -EFAULT);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x9000, false, &m), -EFAULT);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x212345, false, &m), 0);
    CU_ASSERT_EQUAL(m, 0x212345);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x212345, true, &m), -EFAULT);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x40001234, true, &m), 0);
    CU_ASSERT_EQUAL(m, 0x40001234);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0xffffff8000005000ULL, false, &m),
                    0);
    CU_ASSERT_EQUAL(m, 10 << 12);
    /* Non-canonical, and a CR3 outside the domain. */
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x0000800000000000ULL, false, &m),
                    -EFAULT);
    CU_ASSERT_EQUAL(pt_walk(&dom, 5000ULL << 12, 0x5000, false, &m), -EFAULT);
    /* A table entry pointing outside the domain. */
    frame(3)[0] = (5000ULL << 12) | 7;
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x5000, false, &m), -EFAULT);
    build();
    CU_ASSERT_EQUAL(pt_find_l1e(&dom, 1 << 12, 0x5000, &m), 0);
    CU_ASSERT_EQUAL(m, (4 << 12) + 5 * 8);
    CU_ASSERT_EQUAL(pt_find_l1e(&dom, 1 << 12, 0x200000, &m), -EFAULT);
    free(dom.ram);
}

/* Entries a guest wrote without _PAGE_USER get it on the way to va. */
static void test_add_user_bits(void)
{
    uint64_t m;

    dom.max_pages = PAGES;
    dom.ram = calloc(PAGES, 4096);
    build();
    /* 0x7000 is supervisor-only in the L1; make its L2 entry so too. */
    frame(3)[0] &= ~4ULL;
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x7000, false, &m), -EFAULT);
    CU_ASSERT_EQUAL(pt_add_user_bits(&dom, 1 << 12, 0x7000), 2);
    CU_ASSERT_EQUAL(pt_walk(&dom, 1 << 12, 0x7000, false, &m), 0);
    CU_ASSERT_EQUAL(m, 12 << 12);
    CU_ASSERT_EQUAL(pt_add_user_bits(&dom, 1 << 12, 0x7000), 0);
    /* Nothing to add on the way to an unmapped page or a user one. */
    CU_ASSERT_EQUAL(pt_add_user_bits(&dom, 1 << 12, 0x9000), 0);
    CU_ASSERT_EQUAL(pt_add_user_bits(&dom, 1 << 12, 0x5000), 0);
    /* Never the hypervisor's range, never outside the domain. */
    CU_ASSERT_EQUAL(pt_add_user_bits(&dom, 1 << 12, 0xffff808000000000ULL), 0);
    CU_ASSERT_EQUAL(pt_add_user_bits(&dom, 5000ULL << 12, 0x7000), 0);
    free(dom.ram);
    dom.ram = NULL;
}

static const struct unit_case cases[] = {
    { "page walks and permissions", test_walks },
    { "adding _PAGE_USER", test_add_user_bits },
};
UNIT_MAIN("guest_walk", cases)
