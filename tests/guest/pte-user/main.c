/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pte-user: page-table entries a guest kernel writes itself without
 * _PAGE_USER work for it, as on Xen, which adds the bit to the entries
 * it validates (the kernel runs in ring 3, where only user mappings can
 * be used). Tables written directly are fixed up on the kernel's first
 * fault through them; a table pinned with MMUEXT_PIN_L1_TABLE has the bit
 * added at once.
 */
#include "xtf.h"

const char test_title[] = "guest-written entries without _PAGE_USER";

#define WINDOW_VA 0x0000004000000000UL /* L4 slot 0, L3 slot 256 */
#define P_RW 0x3UL
#define USER 0x4UL

void test_main(void)
{
    uint64_t *l3 = alloc_page(), *l2 = alloc_page(), *l1 = alloc_page();
    uint64_t *data = alloc_page(), *l1b = alloc_page();
    uint64_t l4_maddr = virt_to_mfn((void *)start_info.pt_base) << 12;
    struct mmu_update link = { .ptr = l4_maddr + 0 * 8 };
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE };
    volatile uint64_t *window = (uint64_t *)WINDOW_VA;
    unsigned int i;

    data[0] = 0x1234abcd;
    /* Supervisor-only entries at every level below the L4. */
    l1[0] = ((uint64_t)virt_to_mfn(data) << 12) | P_RW;
    l2[0] = ((uint64_t)virt_to_mfn(l1) << 12) | P_RW;
    l3[256] = ((uint64_t)virt_to_mfn(l2) << 12) | P_RW;
    link.val = ((uint64_t)virt_to_mfn(l3) << 12) | P_RW;
    CHECK_RC(HYPERVISOR_mmu_update(&link, 1, NULL, DOMID_SELF), 0);

    CHECK(window[0] == 0x1234abcd, "read through the window: %#lx",
          (unsigned long)window[0]);
    window[1] = 77;
    CHECK(data[1] == 77, "write through the window");
    CHECK((l1[0] & USER) && (l2[0] & USER) && (l3[256] & USER),
          "entries without _PAGE_USER: %#lx %#lx %#lx", (unsigned long)l1[0],
          (unsigned long)l2[0], (unsigned long)l3[256]);

    /* Pinning a table adds the bit to its present entries. */
    for ( i = 0; i < 8; i++ )
        l1b[i] = ((uint64_t)virt_to_mfn(data) << 12) | P_RW;
    pin.arg1.mfn = virt_to_mfn(l1b);
    CHECK_RC(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), 0);
    for ( i = 0; i < 8; i++ )
        CHECK(l1b[i] & USER, "pinned entry %u: %#lx", i, (unsigned long)l1b[i]);
    CHECK(!l1b[8], "an empty entry was changed");
    pin.cmd = MMUEXT_UNPIN_TABLE;
    CHECK_RC(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), 0);

    link.val = 0;
    CHECK_RC(HYPERVISOR_mmu_update(&link, 1, NULL, DOMID_SELF), 0);
}
