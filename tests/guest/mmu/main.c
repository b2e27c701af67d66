/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu: page-table hypercalls: update_va_mapping remaps a page,
 * mmu_update writes a PTE with the done count reported, mmuext_op pins,
 * flushes and reloads the base pointer; descriptors and segment bases.
 */
#include "xtf.h"

const char test_title[] = "mmu_update, update_va_mapping, mmuext_op";

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

void test_main(void)
{
    uint8_t *a = alloc_page(), *b = alloc_page();
    unsigned long wva = (unsigned long)window;
    struct mmu_update u;
    struct mmuext_op op;
    unsigned int done = 0;

    if ( !a || !b )
    {
        xtf_error("no pages");
        return;
    }
    a[0] = 'A';
    b[0] = 'B';
    CHECK_RC(HYPERVISOR_update_va_mapping(wva, (virt_to_mfn(a) << 12) | 7,
                                          UVMF_INVLPG),
             0);
    CHECK(window[0] == 'A', "window shows %#x", window[0]);

    u.ptr = xtf_l1e_maddr(wva) | MMU_NORMAL_PT_UPDATE;
    u.val = (virt_to_mfn(b) << 12) | 3; /* the user bit is added */
    CHECK_RC(HYPERVISOR_mmu_update(&u, 1, &done, DOMID_SELF), 0);
    CHECK(done == 1, "done %u", done);
    op.cmd = MMUEXT_INVLPG_LOCAL;
    op.arg1.linear_addr = wva;
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK(window[0] == 'B', "window shows %#x after mmu_update", window[0]);

    /* The builder pinned the initial L4, as Xen's does; unpin it once. */
    op.cmd = MMUEXT_UNPIN_TABLE;
    op.arg1.mfn = virt_to_mfn((void *)start_info.pt_base);
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF),
             XEN_ERR(XEN_EINVAL));
    op.cmd = MMUEXT_PIN_L4_TABLE;
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF),
             XEN_ERR(XEN_EINVAL)); /* pinned already */
    op.cmd = MMUEXT_NEW_BASEPTR;
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    op.cmd = MMUEXT_TLB_FLUSH_LOCAL;
    CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK(window[0] == 'B', "lost the mapping after a base reload");

    /* An L1 pins if its entries map the domain's frames, and not else. */
    {
        uint64_t *l1 = alloc_page();

        l1[0] = (virt_to_mfn(a) << 12) | 7;
        op.cmd = MMUEXT_PIN_L1_TABLE;
        op.arg1.mfn = virt_to_mfn(l1);
        CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
        op.cmd = MMUEXT_UNPIN_TABLE;
        CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
        l1[1] = (0x7fffffffUL << 12) | 7; /* not this domain's */
        op.cmd = MMUEXT_PIN_L1_TABLE;
        CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF),
                 XEN_ERR(XEN_EINVAL));
        op.cmd = MMUEXT_UNPIN_TABLE;
        CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF),
                 XEN_ERR(XEN_EINVAL)); /* never pinned */
        /* Another domain's tables are not this one's to pin. */
        op.cmd = MMUEXT_PIN_L4_TABLE;
        op.arg1.mfn = virt_to_mfn((void *)start_info.pt_base);
        CHECK_RC(HYPERVISOR_mmuext_op(&op, 1, NULL, 0), XEN_ERR(XEN_EPERM));
    }

    /* A ring-0 code descriptor is refused; a ring-3 data one accepted. */
    CHECK_RC(HYPERVISOR_update_descriptor(virt_to_mfn(a) << 12,
                                          0x00af9a000000ffffULL),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_update_descriptor(virt_to_mfn(a) << 12,
                                          0x00cff2000000ffffULL),
             0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_FS, 0x1234000), 0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
    CHECK_RC(HYPERVISOR_stack_switch(FLAT_KERNEL_SS64, 0xffffffff80100000UL),
             0);
    CHECK_RC(HYPERVISOR_fpu_taskswitch(1), 0);
    CHECK_RC(HYPERVISOR_fpu_taskswitch(0), 0);
    CHECK_RC(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables),
             0);
}
