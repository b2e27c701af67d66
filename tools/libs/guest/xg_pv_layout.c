/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_pv_layout.c: where everything of a new PV domain goes, as Xen's
 * builder places it. The boot mapping starts at VIRT_BASE and holds, in
 * order: the kernel image, the ramdisk, the p2m list, start_info, the
 * xenstore and console rings, the boot page tables and the boot stack;
 * it is mapped by those tables up to 512 KiB past the stack at least,
 * rounded up to 4 MiB. Two notes move things out of it, into frames past
 * the boot mapping: MOD_START_PFN (the ramdisk is left unmapped; the
 * kernel is told its frame) and INIT_P2M (the p2m list is mapped at the
 * kernel's chosen address, by page tables of its own).
 */
#include <stdio.h>
#include <string.h>

#include <xenguest.h>

#include "xg_private.h"

#define SLACK (512ULL << 10)
#define MAP_ALIGN (4ULL << 20)

/* Index range [*first, *last] of the 2^shift regions [start, end) touches. */
static void region_span(uint64_t start, uint64_t end, unsigned int shift,
                        uint64_t *first, uint64_t *last)
{
    *first = start >> shift;
    *last = (end - 1) >> shift;
}

static uint64_t regions(uint64_t start, uint64_t end, unsigned int shift)
{
    uint64_t first, last;

    region_span(start, end, shift, &first, &last);
    return last - first + 1;
}

uint64_t xc_pv_count_pt_frames(uint64_t start, uint64_t end)
{
    if ( end <= start )
        return 0;
    return regions(start, end, 39) + regions(start, end, 30) +
           regions(start, end, 21) + 1;
}

/*
 * Tables (L3..L1; the L4 is shared) a second mapping [start, end) needs
 * beyond those of the boot mapping [bstart, bend), which it may share.
 */
static uint64_t count_extra_pt_frames(uint64_t start, uint64_t end,
                                      uint64_t bstart, uint64_t bend)
{
    static const unsigned int shifts[] = { 39, 30, 21 };
    uint64_t n = 0, a1, b1, a2, b2, lo, hi;
    unsigned int i;

    for ( i = 0; i < 3; i++ )
    {
        region_span(start, end, shifts[i], &a1, &b1);
        region_span(bstart, bend, shifts[i], &a2, &b2);
        lo = a1 > a2 ? a1 : a2;
        hi = b1 < b2 ? b1 : b2;
        n += b1 - a1 + 1 - (lo <= hi ? hi - lo + 1 : 0);
    }
    return n;
}

/* As Xen: INIT_P2M is used when below VIRT_BASE and page aligned. */
static int use_init_p2m(const struct xc_elf_image *img)
{
    return img->p2m_base != XC_UNSET_ADDR && img->p2m_base < img->virt_base &&
           !(img->p2m_base & (XG_PAGE_SIZE - 1));
}

/* The boot mapping: kernel to stack, its tables and its end. */
static void boot_mapping(const struct xc_elf_image *img, int mapped_p2m,
                         struct xc_pv_layout *l)
{
    uint64_t v, nr_pt = 0, prev;

    l->virt_base = img->virt_base;
    l->kernel_end = v = XG_ROUNDUP(img->kend, XG_PAGE_SIZE);
    if ( l->ramdisk_len && !l->ramdisk_unmapped )
    {
        l->ramdisk_start = v;
        l->ramdisk_pfn = (v - l->virt_base) >> XG_PAGE_SHIFT;
        v += XG_ROUNDUP(l->ramdisk_len, XG_PAGE_SIZE);
    }
    if ( mapped_p2m )
    {
        l->p2m_start = v;
        l->p2m_pfn = (v - l->virt_base) >> XG_PAGE_SHIFT;
        v += l->p2m_pages * XG_PAGE_SIZE;
    }
    l->start_info = v;
    v += XG_PAGE_SIZE;
    l->xenstore = v;
    v += XG_PAGE_SIZE;
    l->console = v;
    v += XG_PAGE_SIZE;
    l->pt_start = v;

    /* The tables map themselves too: iterate until the count settles. */
    do
    {
        prev = nr_pt;
        l->stack_start = l->pt_start + nr_pt * XG_PAGE_SIZE;
        l->virt_end =
            XG_ROUNDUP(l->stack_start + XG_PAGE_SIZE + SLACK, MAP_ALIGN);
        nr_pt = xc_pv_count_pt_frames(l->virt_base, l->virt_end);
    } while ( nr_pt != prev );
    l->nr_pt_frames = nr_pt;
    l->nr_pfns = (l->virt_end - l->virt_base) >> XG_PAGE_SHIFT;
}

/* INIT_P2M: the list in frames past the rest, at the kernel's address. */
static int place_init_p2m(const struct xc_elf_image *img,
                          struct xc_pv_layout *l, char *err, size_t errlen)
{
    uint64_t end = img->p2m_base + l->p2m_pages * XG_PAGE_SIZE;

    if ( xg_check_guest_range("the INIT_P2M mapping", img->p2m_base, end, err,
                              errlen) )
        return -1;
    if ( end > l->virt_base )
        return xg_fail(err, errlen,
                       "the INIT_P2M mapping [%#llx, %#llx) overlaps the "
                       "boot mapping at %#llx",
                       (unsigned long long)img->p2m_base,
                       (unsigned long long)end,
                       (unsigned long long)l->virt_base);
    l->p2m_start = img->p2m_base;
    l->p2m_pfn = l->nr_pfns;
    l->p2m_pt_frames =
        count_extra_pt_frames(img->p2m_base, end, l->virt_base, l->virt_end);
    l->nr_pfns += l->p2m_pages + l->p2m_pt_frames;
    return 0;
}

int xc_pv_layout(const struct xc_elf_image *img, uint64_t ramdisk_len,
                 uint64_t nr_pages, struct xc_pv_layout *l, char *err,
                 size_t errlen)
{
    int init_p2m = use_init_p2m(img);

    memset(l, 0, sizeof(*l));
    if ( img->kend <= img->kstart || img->kstart < img->virt_base ||
         img->virt_base & (XG_PAGE_SIZE - 1) )
        return xg_fail(err, errlen, "bad kernel range");
    if ( ramdisk_len > (1ULL << 36) )
        return xg_fail(err, errlen, "ramdisk too large");
    if ( nr_pages > (1ULL << 36) )
        return xg_fail(err, errlen, "too many pages");
    l->ramdisk_len = ramdisk_len;
    l->ramdisk_unmapped = ramdisk_len && img->unmapped_ramdisk;
    l->p2m_pages = XG_ROUNDUP(nr_pages * 8, XG_PAGE_SIZE) / XG_PAGE_SIZE;
    boot_mapping(img, !init_p2m, l);
    if ( xg_check_guest_range("the boot mapping", l->virt_base, l->virt_end,
                              err, errlen) )
        return -1;
    if ( l->ramdisk_unmapped )
    {
        l->ramdisk_pfn = l->nr_pfns;
        l->nr_pfns += XG_ROUNDUP(ramdisk_len, XG_PAGE_SIZE) / XG_PAGE_SIZE;
    }
    if ( init_p2m && place_init_p2m(img, l, err, errlen) )
        return -1;
    if ( l->nr_pfns > nr_pages )
        return xg_fail(err, errlen,
                       "%llu KiB of memory is too small for this "
                       "kernel: the boot layout needs %llu KiB",
                       (unsigned long long)(nr_pages * 4),
                       (unsigned long long)(l->nr_pfns * 4));
    return 0;
}
