/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu: page-table hypercalls: update_va_mapping remaps a page,
 * mmu_update writes a PTE with the done count reported, mmuext_op pins,
 * flushes and reloads the base pointer; descriptors, segment bases and
 * user GS selectors; the vCPU time area.
 */
#include <public/vcpu.h>

#include "xtf.h"

const char test_title[] = "mmu_update, update_va_mapping, mmuext_op";

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/*
 * SEGBASE_GS_USER_SEL succeeds for any selector, as on Xen, which loads
 * null for one that cannot be loaded (Linux BUG()s on an error): a flat
 * ring-3 data or code selector, one beyond the guest's (empty) table,
 * an LDT one. (What %gs then reads is the host's business: PVM shows
 * null.)
 */
static void check_user_gs_selectors(void)
{
    static const unsigned long sels[] = { 0xe028, 0xe02b, 0xe033, 0x2b,
                                          0xe02f, 0x10,   0xffff };

    for ( unsigned int i = 0; i < sizeof(sels) / sizeof(sels[0]); i++ )
        CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, sels[i]), 0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
}

/* VCPUOP_register_vcpu_time_memory_area: a second pvclock, kept current. */
static struct vcpu_time_info time_area;

static void check_time_area(void)
{
    struct vcpu_register_time_memory_area area = { .addr.v = &time_area };
    uint64_t first;

    CHECK_RC(
        HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0);
    if ( !time_area.version || (time_area.version & 1) ||
         !time_area.tsc_to_system_mul || !time_area.system_time )
    {
        xtf_failure("time area not filled (version %u)", time_area.version);
        return;
    }
    first = time_area.system_time;
    CHECK_RC(
        HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0);
    if ( time_area.system_time <= first )
        xtf_failure("time area not updated");
    area.addr.v = NULL;
    CHECK_RC(
        HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0);
}

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
    check_user_gs_selectors();
    check_time_area();
    CHECK_RC(HYPERVISOR_stack_switch(FLAT_KERNEL_SS64, 0xffffffff80100000UL),
             0);
    CHECK_RC(HYPERVISOR_fpu_taskswitch(1), 0);
    CHECK_RC(HYPERVISOR_fpu_taskswitch(0), 0);
    CHECK_RC(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables),
             0);
}
