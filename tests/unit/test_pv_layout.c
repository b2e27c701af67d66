/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_pv_layout: the initial layout of a PV domain: order and
 * alignment of its parts, page-table counts, domains too small for
 * their kernel, and the moves two notes ask for: INIT_P2M (the p2m list
 * at the kernel's address, with tables of its own) and MOD_START_PFN
 * (the ramdisk left unmapped).
 */
#include <string.h>

#include <xenguest.h>

#include "cunit_main.h"

#define BASE 0xffffffff80000000ULL
#define MIB (1ULL << 20)

static struct xc_elf_image image(uint64_t virt_base, uint64_t kstart,
                                 uint64_t kend)
{
    struct xc_elf_image img = {
        .virt_base = virt_base,
        .kstart = kstart,
        .kend = kend,
        .entry = kstart,
        .hypercall_page = XC_UNSET_ADDR,
        .p2m_base = XC_UNSET_ADDR,
    };

    return img;
}

/* A layout for an image that has no INIT_P2M or MOD_START_PFN note. */
static int layout(uint64_t virt_base, uint64_t kstart, uint64_t kend,
                  uint64_t ramdisk_len, uint64_t nr_pages,
                  struct xc_pv_layout *l, char *err, size_t errlen)
{
    struct xc_elf_image img = image(virt_base, kstart, kend);

    return xc_pv_layout(&img, ramdisk_len, nr_pages, l, err, errlen);
}

static void test_order(void)
{
    struct xc_pv_layout l;
    char err[128];

    CU_ASSERT_EQUAL(
        layout(BASE, BASE, BASE + 70000, 5000, 1024, &l, err, sizeof(err)), 0);
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
        layout(BASE, BASE, BASE + 3788800, 0, 1024, &l, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "too small"));
    CU_ASSERT_EQUAL(
        layout(BASE, BASE, BASE + 3788800, 0, 2048, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(
        layout(BASE, BASE, BASE + 4096, 1ULL << 40, 1024, &l, err, sizeof(err)),
        -1);
}

static void test_bad_ranges(void)
{
    struct xc_pv_layout l;
    char err[128];

    CU_ASSERT_EQUAL(
        layout(BASE, BASE + 4096, BASE, 0, 4096, &l, err, sizeof(err)), -1);
    CU_ASSERT_EQUAL(
        layout(BASE, BASE - 4096, BASE + 4096, 0, 4096, &l, err, sizeof(err)),
        -1);
    CU_ASSERT_EQUAL(layout(BASE + 1, BASE + 4096, BASE + 8192, 0, 4096, &l, err,
                           sizeof(err)),
                    -1);
}

static void test_large(void)
{
    struct xc_pv_layout l;
    char err[128];

    /* 1 GiB domain: the p2m is 2 MiB and the map still fits. */
    CU_ASSERT_EQUAL(
        layout(BASE, BASE, BASE + 4 * MIB, 0, 262144, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_pages, 512);
    CU_ASSERT(l.virt_end - BASE <= 262144ULL * 4096);
}

static void test_order_frames(void)
{
    struct xc_pv_layout l;
    char err[128];

    CU_ASSERT_EQUAL(
        layout(BASE, BASE, BASE + 70000, 5000, 1024, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.ramdisk_pfn, 18);
    CU_ASSERT_FALSE(l.ramdisk_unmapped);
    CU_ASSERT_EQUAL(l.p2m_pfn, (l.p2m_start - BASE) >> 12);
    CU_ASSERT_EQUAL(l.p2m_pt_frames, 0);
    CU_ASSERT_EQUAL(l.nr_pfns, (l.virt_end - BASE) >> 12);
}

/* Linux's INIT_P2M: the list at 0x8000000000, past the boot frames. */
static void test_init_p2m(void)
{
    struct xc_elf_image img = image(BASE, BASE + 16 * MIB, BASE + 62 * MIB);
    struct xc_pv_layout l, plain;
    char err[128];

    img.p2m_base = 0x8000000000ULL;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 65536, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_start, 0x8000000000ULL);
    CU_ASSERT_EQUAL(l.p2m_pages, 128); /* 256 MiB, 8 bytes a page */
    CU_ASSERT_EQUAL(l.p2m_pfn, (l.virt_end - BASE) >> 12);
    /* A new L3, L2 and L1 (128 pages fit one L1); the L4 is shared. */
    CU_ASSERT_EQUAL(l.p2m_pt_frames, 3);
    CU_ASSERT_EQUAL(l.nr_pfns, l.p2m_pfn + 128 + 3);
    /* Not in the boot mapping: start_info follows the kernel directly. */
    CU_ASSERT_EQUAL(l.start_info, BASE + 62 * MIB);
    CU_ASSERT(l.virt_end >= l.stack_start + 4096 + 512 * 1024);
    CU_ASSERT_EQUAL(l.virt_end, BASE + 64 * MIB);

    /* Above VIRT_BASE or unaligned, Xen ignores the note: in the map. */
    img.p2m_base = BASE + 1024 * MIB;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 65536, &l, err, sizeof(err)), 0);
    img.p2m_base = XC_UNSET_ADDR;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 65536, &plain, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_start, plain.p2m_start);
    CU_ASSERT_EQUAL(l.p2m_start, BASE + 62 * MIB);
    img.p2m_base = 0x8000000123ULL;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 65536, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_start, plain.p2m_start);
}

/* Sharing tables with the boot mapping: only the missing ones count. */
static void test_init_p2m_shared_tables(void)
{
    struct xc_elf_image img = image(BASE, BASE, BASE + MIB);
    struct xc_pv_layout l;
    char err[128];

    /* Same L3 (the top 1 GiB's L2 is another): one L2 and one L1. */
    img.p2m_base = BASE - (1ULL << 30);
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 4096, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_pt_frames, 2);
    /* Same L2 too (the image 4 MiB into its 1 GiB): one L1. */
    img = image(BASE + 4 * MIB, BASE + 4 * MIB, BASE + 5 * MIB);
    img.p2m_base = BASE + 2 * MIB;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 4096, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_pt_frames, 1);
}

static void test_init_p2m_refused(void)
{
    struct xc_elf_image img = image(BASE, BASE, BASE + MIB);
    struct xc_pv_layout l;
    char err[160] = "";

    /* Runs into the boot mapping. */
    img.p2m_base = BASE - 4096;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 4096, &l, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "overlaps the boot mapping"));
    /* In the hypervisor's range, or in the non-canonical hole. */
    img.p2m_base = 0xffff800000000000ULL;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 4096, &l, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "hypervisor"));
    img.p2m_base = 0x0000800000000000ULL;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 4096, &l, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "canonical"));
    /* The list's frames must fit in the domain too. */
    img.p2m_base = 0x8000000000ULL;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 1536, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 1024, &l, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "too small"));
}

/* MOD_START_PFN: the ramdisk's frames follow the boot mapping, unmapped. */
static void test_unmapped_ramdisk(void)
{
    struct xc_elf_image img = image(BASE, BASE, BASE + MIB);
    struct xc_pv_layout l, mapped;
    char err[128];

    CU_ASSERT_EQUAL(
        xc_pv_layout(&img, 3 * MIB, 8192, &mapped, err, sizeof(err)), 0);
    img.unmapped_ramdisk = 1;
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 3 * MIB, 8192, &l, err, sizeof(err)), 0);
    CU_ASSERT(l.ramdisk_unmapped);
    CU_ASSERT_EQUAL(l.ramdisk_start, 0);
    CU_ASSERT_EQUAL(l.ramdisk_pfn, (l.virt_end - BASE) >> 12);
    CU_ASSERT_EQUAL(l.nr_pfns, l.ramdisk_pfn + 768);
    CU_ASSERT(l.virt_end < mapped.virt_end); /* a smaller boot mapping */
    CU_ASSERT_EQUAL(l.p2m_start, BASE + MIB);
    /* No ramdisk: nothing moves. */
    CU_ASSERT_EQUAL(xc_pv_layout(&img, 0, 8192, &l, err, sizeof(err)), 0);
    CU_ASSERT_FALSE(l.ramdisk_unmapped);
}

static const struct unit_case cases[] = {
    { "frames of the parts", test_order_frames },
    { "INIT_P2M mapping", test_init_p2m },
    { "INIT_P2M sharing tables", test_init_p2m_shared_tables },
    { "INIT_P2M refused", test_init_p2m_refused },
    { "MOD_START_PFN ramdisk", test_unmapped_ramdisk },
    { "layout order and alignment", test_order },
    { "page-table frame counts", test_pt_count },
    { "memory too small", test_too_small },
    { "bad kernel ranges", test_bad_ranges },
    { "large domain", test_large },
};
UNIT_MAIN("pv_layout", cases)
