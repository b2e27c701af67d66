/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * preempt: long hypercalls are preempted and continued, as on Xen. A
 * 512 GiB window of the address space maps one page over and over, so a
 * list of any length costs the guest one page; mmu_update, mmuext_op,
 * multicall (with long calls inside), memory_op reservations and grant
 * table batches over such lists must each do all their work and report it
 * as Xen's ABI says, and an event that comes due during one must be
 * delivered in the middle of it, with the vCPU about to re-enter the
 * call at its stub (a continuation), not after the call has returned.
 *
 * With attack=mmu or attack=multicall on its command line it is instead
 * the hostile guest of tests/integration/security-guest.sh: it makes
 * such calls for ever (2^31-1 updates each; a multicall of 1,024 of
 * them), which without preemption held a pCPU for minutes and made the
 * domain impossible to destroy.
 */
#include "xtf.h"
#include <public/grant_table.h>
#include <public/memory.h>

const char test_title[] = "hypercall preemption and continuations";

#define ALIAS_SLOT 300UL
#define ALIAS_VA (0xffff000000000000UL | (ALIAS_SLOT << 39))

static uint8_t *data_page;

/*
 * L4 slot ALIAS_SLOT -> one L3 whose entries all point at one L2, whose
 * entries all point at one L1, whose entries all map data_page.
 */
static void build_alias_window(void)
{
    uint64_t *l3 = alloc_page(), *l2 = alloc_page(), *l1 = alloc_page();
    uint64_t l4_maddr = virt_to_mfn((void *)start_info.pt_base) << 12;
    struct mmu_update link;
    unsigned int i;

    data_page = alloc_page();
    for ( i = 0; i < 512; i++ )
    {
        l1[i] = ((uint64_t)virt_to_mfn(data_page) << 12) | 7;
        l2[i] = ((uint64_t)virt_to_mfn(l1) << 12) | 7;
        l3[i] = ((uint64_t)virt_to_mfn(l2) << 12) | 7;
    }
    link.ptr = l4_maddr + ALIAS_SLOT * 8;
    link.val = ((uint64_t)virt_to_mfn(l3) << 12) | 7;
    CHECK_RC(HYPERVISOR_mmu_update(&link, 1, NULL, DOMID_SELF), 0);
}

/* Fill the data page with copies of one item of `size` bytes. */
static void fill_items(const void *item, unsigned int size)
{
    unsigned int off;

    for ( off = 0; off + size <= PAGE_SIZE; off += size )
        memcpy(data_page + off, item, size);
}

/* Upcalls that interrupted the vCPU at the start of a hypercall stub. */
static volatile unsigned long upcalls_in_stub;

static void note_upcall(const struct pt_regs *regs)
{
    unsigned long page = (unsigned long)hypercall_page;

    if ( regs->rip >= page && regs->rip < page + PAGE_SIZE &&
         (regs->rip - page) % 32 == 0 )
        upcalls_in_stub++;
}

/* An event due 1 ms from now, to land in the middle of a long call. */
static void arm_timer_soon(void)
{
    HYPERVISOR_set_timer_op(monotonic_clock() + 1000000);
}

#define LONG_COUNT (1U << 21)

static void test_mmu_update(void)
{
    struct mmu_update req = {
        .ptr = ((uint64_t)virt_to_mfn(data_page) << 12) | MMU_MACHPHYS_UPDATE,
        .val = virt_to_mfn(data_page),
    };
    unsigned int done = 0;
    unsigned long before = upcalls_in_stub;

    fill_items(&req, sizeof(req));
    arm_timer_soon();
    CHECK_RC(HYPERVISOR_mmu_update(ALIAS_VA, LONG_COUNT, &done, DOMID_SELF), 0);
    CHECK(done == LONG_COUNT, "mmu_update did %u of %u", done, LONG_COUNT);
    CHECK(upcalls_in_stub > before,
          "no event was delivered in the middle of a long mmu_update");
}

static void test_mmuext_op(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    static struct mmuext_op ops[20000];
    unsigned int done = 0, i;

    for ( i = 0; i < ARRAY_SIZE(ops); i++ )
        ops[i] = op;
    ops[ARRAY_SIZE(ops) - 1].cmd = 99; /* the last one fails */
    CHECK_RC(HYPERVISOR_mmuext_op(ops, ARRAY_SIZE(ops), &done, DOMID_SELF),
             XEN_ERR(XEN_ENOSYS));
    CHECK(done == ARRAY_SIZE(ops) - 1, "mmuext_op did %u", done);
}

static void test_multicall(void)
{
    multicall_entry_t call = { .op = __HYPERVISOR_xen_version, .args = { 0 } };
    static multicall_entry_t calls[4];
    unsigned int dones[4] = { 0 }, i;
    struct mmu_update req = {
        .ptr = ((uint64_t)virt_to_mfn(data_page) << 12) | MMU_MACHPHYS_UPDATE,
    };
    unsigned long before = upcalls_in_stub;

    /* 2^20 entries (the alias window): every one runs. */
    fill_items(&call, sizeof(call));
    ((multicall_entry_t *)data_page)[0].result = -1;
    CHECK_RC(HYPERVISOR_multicall(ALIAS_VA, 1U << 20), 0);
    CHECK(((multicall_entry_t *)data_page)[5].result ==
              HYPERVISOR_xen_version(0, NULL),
          "multicall entry result %ld",
          (long)((multicall_entry_t *)data_page)[5].result);

    /* Long calls inside a multicall continue inside it. */
    fill_items(&req, sizeof(req));
    for ( i = 0; i < 4; i++ )
    {
        calls[i].op = __HYPERVISOR_mmu_update;
        calls[i].result = -1;
        calls[i].args[0] = ALIAS_VA;
        calls[i].args[1] = LONG_COUNT / 4;
        calls[i].args[2] = (unsigned long)&dones[i];
        calls[i].args[3] = DOMID_SELF;
    }
    arm_timer_soon();
    CHECK_RC(HYPERVISOR_multicall(calls, 4), 0);
    for ( i = 0; i < 4; i++ )
    {
        CHECK(calls[i].result == 0, "entry %u result %ld", i,
              (long)calls[i].result);
        CHECK(dones[i] == LONG_COUNT / 4, "entry %u did %u", i, dones[i]);
    }
    CHECK(upcalls_in_stub > before,
          "no event was delivered in the middle of a long multicall");
}

static void test_reservation(void)
{
    xen_pfn_t pfn = virt_to_mfn(data_page);
    struct xen_memory_reservation r = {
        .nr_extents = 1U << 20,
        .extent_order = 0,
        .domid = DOMID_SELF,
    };
    domid_t self = DOMID_SELF;
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    static xen_pfn_t list[2];

    /* One populated frame a million times over: each is already there. */
    fill_items(&pfn, sizeof(pfn));
    set_xen_guest_handle(r.extent_start, (xen_pfn_t *)ALIAS_VA);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1L << 20);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur);

    /* Releasing it twice in one list: the second stops the list. */
    list[0] = list[1] = virt_to_mfn(alloc_page());
    r.nr_extents = 2;
    set_xen_guest_handle(r.extent_start, list);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur - 1);
    r.nr_extents = 1;
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur);
}

static void test_grant_batch(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .nr_frames = 12345 };

    fill_items(&q, sizeof(q));
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_query_size, ALIAS_VA, 1U << 20),
             0);
    q = *(struct gnttab_query_size *)(data_page + 16 * 7);
    CHECK(q.status == GNTST_okay && q.nr_frames != 12345,
          "query_size in a long batch: status %d, %u frames", q.status,
          q.nr_frames);
}

static void __attribute__((noreturn)) attack(bool multicall)
{
    static multicall_entry_t calls[1024];
    struct mmu_update req = {
        .ptr = ((uint64_t)virt_to_mfn(data_page) << 12) | MMU_MACHPHYS_UPDATE,
    };
    unsigned int i;

    fill_items(&req, sizeof(req));
    for ( i = 0; i < ARRAY_SIZE(calls); i++ )
    {
        calls[i].op = __HYPERVISOR_mmu_update;
        calls[i].args[0] = ALIAS_VA;
        calls[i].args[1] = 0x7fffffff;
        calls[i].args[3] = DOMID_SELF;
    }
    printk("attack: %s\n", multicall ? "multicall" : "mmu_update");
    for ( ;; )
    {
        if ( multicall )
            HYPERVISOR_multicall(calls, ARRAY_SIZE(calls));
        else
            HYPERVISOR_mmu_update(ALIAS_VA, 0x7fffffff, NULL, DOMID_SELF);
    }
}

void test_main(void)
{
    char mode[16];

    build_alias_window();
    if ( cmdline_get("attack", mode, sizeof(mode)) )
        attack(!strcmp(mode, "multicall"));
    upcall_hook = note_upcall;
    test_mmu_update();
    test_mmuext_op();
    test_multicall();
    test_reservation();
    test_grant_batch();
    upcall_hook = NULL;
}
