/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp-race: two vCPUs doing at the same time what makes the hypervisor
 * refresh KVM's view of the page tables (set_gdt with alternating frames,
 * update_va_mapping rewriting a present PTE with UVMF_INVLPG as Linux's
 * SMP path does, mmu_update then an MMUEXT flush), which used to freeze
 * the whole hypervisor: each vCPU waited for the other to leave its pCPU
 * while the other waited for it. Then both release the same frames at
 * once: each frame is released exactly once and the reservation counts
 * each once. And VCPUOP_initialise refuses what set_callbacks and
 * set_segment_base refuse.
 */
#include "xtf.h"
#include <public/memory.h>
#include <public/vcpu.h>

const char test_title[] = "two vCPUs racing on hypervisor-written tables";

#define ROUNDS 300

enum race { RACE_NONE, RACE_GDT, RACE_UVM, RACE_FLUSH, RACE_RELEASE, RACE_END };

static volatile int race; /* what the second vCPU does next */
static volatile unsigned int ap_done; /* races it has finished */
static volatile unsigned int ap_go;
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static struct vcpu_guest_context ap_ctxt;

static uint8_t *gdt_a, *gdt_b, *page_a, *page_b;
static uint64_t pte_maddr; /* the L1 entry that maps page_a */

#define NR_RELEASE 64
static xen_pfn_t release_list[NR_RELEASE];
static volatile long released[2];

static void race_gdt(void)
{
    unsigned long fa[1] = { virt_to_mfn(gdt_a) },
                  fb[1] = { virt_to_mfn(gdt_b) };
    unsigned int i;

    for ( i = 0; i < ROUNDS; i++ )
        HYPERVISOR_set_gdt(i & 1 ? fa : fb, 512);
}

static void race_uvm(void)
{
    uint64_t a = ((uint64_t)virt_to_mfn(page_a) << 12) | 7;
    uint64_t b = ((uint64_t)virt_to_mfn(page_b) << 12) | 7;
    unsigned int i;

    for ( i = 0; i < ROUNDS; i++ )
        HYPERVISOR_update_va_mapping((unsigned long)page_a, i & 1 ? a : b,
                                     UVMF_INVLPG);
    HYPERVISOR_update_va_mapping((unsigned long)page_a, a, UVMF_INVLPG);
}

static void race_flush(void)
{
    struct mmu_update u = { .ptr = pte_maddr };
    struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_ALL };
    uint64_t a = ((uint64_t)virt_to_mfn(page_a) << 12) | 7;
    uint64_t b = ((uint64_t)virt_to_mfn(page_b) << 12) | 7;
    unsigned int i;

    for ( i = 0; i < ROUNDS; i++ )
    {
        u.val = i & 1 ? a : b;
        HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
        flush.cmd = i & 2 ? MMUEXT_TLB_FLUSH_ALL : MMUEXT_INVLPG_MULTI;
        flush.arg1.linear_addr = (unsigned long)page_a;
        HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
    }
    u.val = a;
    HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
    flush.cmd = MMUEXT_TLB_FLUSH_ALL;
    HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
}

/* Release every frame of the list, one call each; count the successes. */
static long race_release(void)
{
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
    unsigned int i;
    long n = 0;

    for ( i = 0; i < NR_RELEASE; i++ )
    {
        set_xen_guest_handle(r.extent_start, &release_list[i]);
        n += HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
    }
    return n;
}

static void run_race(int which, unsigned int cpu)
{
    switch ( which )
    {
    case RACE_GDT:
        race_gdt();
        break;
    case RACE_UVM:
        race_uvm();
        break;
    case RACE_FLUSH:
        race_flush();
        break;
    case RACE_RELEASE:
        released[cpu] = race_release();
        break;
    default:
        break;
    }
}

static void __attribute__((noreturn)) ap_main(void)
{
    unsigned int seen = 0;

    for ( ;; )
    {
        while ( ap_go == seen )
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        seen = ap_go;
        if ( race == RACE_END )
            break;
        run_race(race, 1);
        __atomic_add_fetch(&ap_done, 1, __ATOMIC_SEQ_CST);
    }
    HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
    for ( ;; )
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* Both vCPUs run `which`; wait for the second to finish it. */
static void both(int which)
{
    unsigned int want = ap_done + 1, i;

    race = which;
    __atomic_add_fetch(&ap_go, 1, __ATOMIC_SEQ_CST);
    run_race(which, 0);
    for ( i = 0; i < 10000 && ap_done != want; i++ )
        msleep(2);
    CHECK(ap_done == want, "the second vCPU did not finish race %d", which);
}

static void fill_ctxt(struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel;
    c->user_regs.rip = (unsigned long)ap_main;
    c->user_regs.rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
    c->user_regs.cs = FLAT_KERNEL_CS64;
    c->user_regs.ss = FLAT_KERNEL_SS64;
    c->kernel_ss = FLAT_KERNEL_SS64;
    c->kernel_sp = c->user_regs.rsp;
    c->ctrlreg[3] = virt_to_mfn((void *)start_info.pt_base) << 12;
}

/* VCPUOP_initialise applies the checks of the hypercalls it stands for. */
static void test_initialise_checks(void)
{
    static const unsigned long bad[] = {
        0xffff800000000000UL, /* the hypervisor's range */
        0x0000800000000000UL, /* non-canonical */
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        unsigned int field;

        for ( field = 0; field < 6; field++ )
        {
            unsigned long *fields[6] = {
                &ap_ctxt.event_callback_eip,   &ap_ctxt.failsafe_callback_eip,
                &ap_ctxt.syscall_callback_eip, &ap_ctxt.fs_base,
                &ap_ctxt.gs_base_kernel,       &ap_ctxt.gs_base_user,
            };

            fill_ctxt(&ap_ctxt);
            *fields[field] = bad[i];
            CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ap_ctxt),
                     XEN_ERR(XEN_EINVAL));
        }
    }
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static void test_release_race(void)
{
    domid_t self = DOMID_SELF;
    long before = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    unsigned int i;

    for ( i = 0; i < NR_RELEASE; i++ )
        release_list[i] = virt_to_mfn(alloc_page());
    both(RACE_RELEASE);
    CHECK(released[0] + released[1] == NR_RELEASE,
          "%ld + %ld frames released of %u", released[0], released[1],
          NR_RELEASE);
    CHECK_RC(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
             before - NR_RELEASE);
    /* Released frames are no longer the guest's to release. */
    CHECK_RC(race_release(), 0);
}

void test_main(void)
{
    gdt_a = alloc_page();
    gdt_b = alloc_page();
    page_a = alloc_page();
    page_b = alloc_page();
    pte_maddr = xtf_l1e_maddr((unsigned long)page_a);

    test_initialise_checks();
    fill_ctxt(&ap_ctxt);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ap_ctxt), 0);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);

    both(RACE_GDT);
    both(RACE_UVM);
    both(RACE_FLUSH);
    test_release_race();
    race = RACE_END;
    __atomic_add_fetch(&ap_go, 1, __ATOMIC_SEQ_CST);
}
