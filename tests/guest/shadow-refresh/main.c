/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shadow-refresh: a mapping the hypervisor replaces is what the guest
 * sees after its TLB flush, every time. One window page is switched
 * between two frames (and made read-only and writable again) many times
 * with update_va_mapping, through KVM's shadow of the window's entry:
 * each read and write after the flush must reach the new frame, never
 * the old one (zap.c drops the old frame's shadows one frame at a time).
 */
#include "xtf.h"

const char test_title[] = "shadow refresh after hypervisor-written PTEs";

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static int remap(void *frame, unsigned long flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)window,
                                        (virt_to_mfn(frame) << 12) | 7, flags);
}

void test_main(void)
{
    volatile uint8_t *w = window;
    uint8_t *a = alloc_page(), *b = alloc_page();
    unsigned int i, bad = 0;

    if ( !a || !b )
    {
        xtf_error("no pages");
        return;
    }
    a[1] = b[1] = 0xee;
    for ( i = 1; i <= 300 && bad < 5; i++ )
    {
        uint8_t *now = i & 1 ? b : a, *other = i & 1 ? a : b;
        unsigned long flags = i % 3 == 0   ? UVMF_INVLPG
                              : i % 3 == 1 ? UVMF_TLB_FLUSH
                                           : UVMF_INVLPG | UVMF_ALL;

        now[0] = 'A' + (i & 1);
        other[0] = '?';
        CHECK_RC(remap(now, flags), 0);
        if ( w[0] != now[0] )
        {
            xtf_failure("round %u: read %c through the window, want %c", i,
                        w[0], now[0]);
            bad++;
        }
        w[1] = (uint8_t)i; /* a write through the window lands in now */
        if ( now[1] != (uint8_t)i || other[1] == (uint8_t)i )
        {
            xtf_failure("round %u: a write reached the wrong frame", i);
            bad++;
        }
        other[1] = 0xee;
    }
}
