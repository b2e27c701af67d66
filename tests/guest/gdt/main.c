/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gdt: the descriptor table behind segment loads at ring 3. Xen's flat
 * selectors load and a direct `iretq` on them returns (as PV kernels do
 * from their own handlers); set_gdt installs the guest's own pages,
 * whose descriptors then load too; bad set_gdt arguments are refused.
 */
#include "xtf.h"

const char test_title[] = "GDT: Xen's flat selectors, set_gdt, iretq";

static volatile unsigned int faults;

/*
 * #GP or #NP from a refused segment load: count it and step over the
 * `mov %ax, %es` (8e c0, perhaps after a 66 prefix). Reading the
 * selector back proves nothing here: PVM does not show the loaded value.
 */
static int on_load_fault(struct pt_regs *regs)
{
    const uint8_t *ip = (const uint8_t *)regs->rip;
    unsigned int len = ip[0] == 0x66 ? 3 : 2;

    if ( ip[len - 2] != 0x8e )
        return 0;
    faults++;
    regs->rip += len;
    return 1;
}

/* Does sel load into ES (true), or is it refused? */
static bool loads(uint16_t sel)
{
    unsigned int before = faults;
    uint16_t old;

    __asm__ __volatile__("mov %%es, %0\n\t"
                         "mov %1, %%es\n\t"
                         "mov %0, %%es"
                         : "=&r"(old)
                         : "r"(sel)
                         : "memory");
    return faults == before;
}

/* An iretq to the next instruction, on Xen's flat selectors. */
static int iretq_to_self(void)
{
    unsigned long landed = 0;

    __asm__ __volatile__("mov %%rsp, %%rax\n\t"
                         "push %[ss]\n\t"
                         "push %%rax\n\t"
                         "pushfq\n\t"
                         "push %[cs]\n\t"
                         "lea 1f(%%rip), %%rax\n\t"
                         "push %%rax\n\t"
                         "iretq\n"
                         "1:\n\t"
                         "mov $1, %[landed]"
                         : [landed] "+r"(landed)
                         : [ss] "i"(FLAT_RING3_SS64), [cs] "i"(FLAT_RING3_CS64)
                         : "rax", "memory");
    return landed == 1;
}

void test_main(void)
{
    uint64_t *page = alloc_page();
    unsigned long mfn = virt_to_mfn(page), bad = 0x7fffffff;
    /* Entry 3, selector 0x1b: flat ring-3 data, through update_descriptor. */
    uint64_t desc = 0x00cff2000000ffffULL;

    set_trap_hook(13, on_load_fault);
    set_trap_hook(11, on_load_fault);

    CHECK(loads(FLAT_RING3_DS32), "Xen's data selector 0xe02b was refused");
    CHECK(!loads(0x1b), "an empty entry loaded before set_gdt");
    CHECK(iretq_to_self(), "iretq on Xen's flat selectors did not return");

    CHECK_RC(HYPERVISOR_update_descriptor((mfn << 12) + 3 * 8, desc), 0);
    CHECK_RC(HYPERVISOR_set_gdt(&mfn, 512), 0);
    CHECK(loads(0x1b), "the guest's own descriptor was refused");
    CHECK(!loads(0x23), "an empty entry of the guest's page loaded");
    CHECK(loads(FLAT_RING3_DS32), "Xen's selector refused after set_gdt");
    CHECK(iretq_to_self(), "iretq after set_gdt did not return");

    CHECK_RC(HYPERVISOR_set_gdt(&mfn, 14 * 512 + 1), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_gdt(&bad, 512), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_gdt(0x1000UL, 512), XEN_ERR(XEN_EFAULT));
    CHECK(loads(0x1b), "a refused set_gdt changed the table");
    CHECK_RC(HYPERVISOR_set_gdt(NULL, 0), 0);
    CHECK(!loads(0x1b), "the guest's entry still loads after set_gdt(0)");
    CHECK(loads(FLAT_RING3_DS32), "Xen's selector gone after set_gdt(0)");
    printk("gdt: %u refused loads, as expected\n", faults);
}
