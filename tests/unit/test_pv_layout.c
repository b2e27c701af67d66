/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_pv_layout: the initial layout of a PV domain: order and
 * alignment of its parts, page-table counts, and domains too small for
 * their kernel.
 */
#include <string.h>

#include <xenguest.h>

#include "cunit_main.h"

#define BASE 0xffffffff80000000ULL
#define MIB (1ULL << 20)

static void test_order(void)
{
    struct xc_pv_layout l;
    char err[128];

    CU_ASSERT_EQUAL(xc_pv_layout(BASE, BASE, BASE + 70000, 5000, 1024, &l, err,
                                 sizeof(err)),
                    0);
    CU_ASSERT_EQUAL(l.kernel_end, BASE + 73728); /* page aligned */
    CU_ASSERT_EQUAL(l.ramdisk_start, l.kernel_end);
    CU_ASSERT_EQUAL(l.p2m_start, l.ramdisk_start + 8192);
    CU_ASSERT_EQUAL(l.p2m_pages, 2); /* 1024 * 8 bytes */
    CU_ASSERT_EQUAL(l.start_info, l.p2m_start + 2 * 4096);
    CU_ASSERT_EQUAL(l.xenstore, l.start_info + 4096);
    CU_ASSERT_EQUAL(l.console, l.xenstore + 4096);
    CU_ASSERT_EQUAL(l.pt_start, l.console + 4096);
    CU_ASSERT_EQUAL(l.stack_start, l.pt_start + l.nr_pt_frames * 4096);
    CU_ASSERT_EQUAL(l.virt_end % (4 * MIB), 0);
    CU_ASSERT(l.virt_end >= l.stack_start + 4096 + 512 * 1024);
    CU_ASSERT_EQUAL(l.nr_pt_frames, 1 + 1 + 1 + 2); /* 4 MiB: two L1s */
}

static void test_pt_count(void)
{
    CU_ASSERT_EQUAL(xc_pv_count_pt_frames(BASE, BASE + 4096), 4);
    CU_ASSERT_EQUAL(xc_pv_count_pt_frames(BASE, BASE + 2 * MIB), 4);
    CU_ASSERT_EQUAL(xc_pv_count_pt_frames(BASE, BASE + 2 * MIB + 1), 5);
    CU_ASSERT_EQUAL(xc_pv_count_pt_frames(BASE, BASE + 1024 * MIB), 515);
    CU_ASSERT_EQUAL(xc_pv_count_pt_frames(0, 1ULL << 30), 1 + 1 + 1 + 512);
    CU_ASSERT_EQUAL(xc_pv_count_pt_frames(BASE, BASE), 0);
}

static void test_too_small(void)
{
    struct xc_pv_layout l;
    char err[128] = "";

    /* 3.7 MiB of kernel plus the boot pages and slack exceed 4 MiB. */
    CU_ASSERT_EQUAL(
        xc_pv_layout(BASE, BASE, BASE + 3788800, 0, 1024, &l, err, sizeof(err)),
        -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "too small"));
    CU_ASSERT_EQUAL(
        xc_pv_layout(BASE, BASE, BASE + 3788800, 0, 2048, &l, err, sizeof(err)),
        0);
    CU_ASSERT_EQUAL(xc_pv_layout(BASE, BASE, BASE + 4096, 1ULL << 40, 1024, &l,
                                 err, sizeof(err)),
                    -1);
}

static void test_bad_ranges(void)
{
    struct xc_pv_layout l;
    char err[128];

    CU_ASSERT_EQUAL(
        xc_pv_layout(BASE, BASE + 4096, BASE, 0, 4096, &l, err, sizeof(err)),
        -1);
    CU_ASSERT_EQUAL(xc_pv_layout(BASE, BASE - 4096, BASE + 4096, 0, 4096, &l,
                                 err, sizeof(err)),
                    -1);
    CU_ASSERT_EQUAL(xc_pv_layout(BASE + 1, BASE + 4096, BASE + 8192, 0, 4096,
                                 &l, err, sizeof(err)),
                    -1);
}

static void test_large(void)
{
    struct xc_pv_layout l;
    char err[128];

    /* 1 GiB domain: the p2m is 2 MiB and the map still fits. */
    CU_ASSERT_EQUAL(xc_pv_layout(BASE, BASE, BASE + 4 * MIB, 0, 262144, &l, err,
                                 sizeof(err)),
                    0);
    CU_ASSERT_EQUAL(l.p2m_pages, 512);
    CU_ASSERT(l.virt_end - BASE <= 262144ULL * 4096);
}

static const struct unit_case cases[] = {
    { "layout order and alignment", test_order },
    { "page-table frame counts", test_pt_count },
    { "memory too small", test_too_small },
    { "bad kernel ranges", test_bad_ranges },
    { "large domain", test_large },
};
UNIT_MAIN("pv_layout", cases)
