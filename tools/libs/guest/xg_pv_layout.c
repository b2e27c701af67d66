/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_pv_layout.c: where everything of a new PV domain goes. After the
 * kernel image, in order: ramdisk, p2m list, start_info, xenstore ring,
 * console ring, boot page tables, boot stack; the whole region (plus
 * 512 KiB of slack, rounded up to 4 MiB) is mapped by those tables.
 */
#include <stdio.h>
#include <string.h>

#include <xenguest.h>

#include "xg_private.h"

#define PAGE_SIZE 4096ULL
#define ROUNDUP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define SLACK (512ULL << 10)
#define MAP_ALIGN (4ULL << 20)

/* Distinct regions of size 2^shift touched by [start, end). */
static uint64_t regions(uint64_t start, uint64_t end, unsigned int shift)
{
    return ((end - 1) >> shift) - (start >> shift) + 1;
}

uint64_t xc_pv_count_pt_frames(uint64_t start, uint64_t end)
{
    if ( end <= start )
        return 0;
    return regions(start, end, 39) + regions(start, end, 30) +
           regions(start, end, 21) + 1;
}

int xc_pv_layout(uint64_t virt_base, uint64_t kstart, uint64_t kend,
                 uint64_t ramdisk_len, uint64_t nr_pages,
                 struct xc_pv_layout *l, char *err, size_t errlen)
{
    uint64_t v, nr_pt = 0, prev;

    memset(l, 0, sizeof(*l));
    if ( kend <= kstart || kstart < virt_base || virt_base & (PAGE_SIZE - 1) )
        return xg_fail(err, errlen, "bad kernel range");
    if ( ramdisk_len > (1ULL << 36) )
        return xg_fail(err, errlen, "ramdisk too large");
    l->virt_base = virt_base;
    l->kernel_end = v = ROUNDUP(kend, PAGE_SIZE);
    if ( ramdisk_len )
    {
        l->ramdisk_start = v;
        l->ramdisk_len = ramdisk_len;
        v += ROUNDUP(ramdisk_len, PAGE_SIZE);
    }
    l->p2m_start = v;
    l->p2m_pages = ROUNDUP(nr_pages * 8, PAGE_SIZE) / PAGE_SIZE;
    v += l->p2m_pages * PAGE_SIZE;
    l->start_info = v;
    v += PAGE_SIZE;
    l->xenstore = v;
    v += PAGE_SIZE;
    l->console = v;
    v += PAGE_SIZE;
    l->pt_start = v;

    /* The tables map themselves too: iterate until the count settles. */
    do
    {
        prev = nr_pt;
        l->stack_start = l->pt_start + nr_pt * PAGE_SIZE;
        l->virt_end = ROUNDUP(l->stack_start + PAGE_SIZE + SLACK, MAP_ALIGN);
        nr_pt = xc_pv_count_pt_frames(virt_base, l->virt_end);
    } while ( nr_pt != prev );
    l->nr_pt_frames = nr_pt;

    if ( (l->virt_end - virt_base) / PAGE_SIZE > nr_pages )
        return xg_fail(err, errlen,
                       "%lu KiB of memory is too small for this "
                       "kernel: the boot layout needs %lu KiB",
                       (unsigned long)(nr_pages * 4),
                       (unsigned long)((l->virt_end - virt_base) / 1024));
    return 0;
}
