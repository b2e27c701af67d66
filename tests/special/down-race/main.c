/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * down-race: two vCPUs take each other down with VCPUOP_down at the same
 * moment. That used to deadlock the hypervisor: each call waited for the
 * other vCPU to leave its pCPU while that one waited in the same call.
 * Now either one vCPU goes down and the other powers the domain off, or
 * both calls go through and the domain is powered off as Xen does when
 * its last vCPU goes down. Either way xen-run exits 0; the test boots it
 * many times (tests/integration/security-guest.sh).
 */
#include <mini-os/os.h>
#include <public/vcpu.h>

static volatile unsigned int arrived;
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static struct vcpu_guest_context ap_ctxt;

static void race_down(unsigned int other)
{
    __atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
    while ( arrived < 2 )
        ;
    HYPERVISOR_vcpu_op(VCPUOP_down, other, NULL);
}

static void __attribute__((noreturn)) ap_main(void)
{
    race_down(0);
    printk("down-race: vCPU 1 is the one left\n");
    shutdown_with(SHUTDOWN_poweroff);
}

int app_main(const char *cmdline)
{
    (void)cmdline;
    ap_ctxt.flags = VGCF_in_kernel;
    ap_ctxt.user_regs.rip = (unsigned long)ap_main;
    ap_ctxt.user_regs.rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
    ap_ctxt.user_regs.cs = FLAT_KERNEL_CS64;
    ap_ctxt.user_regs.ss = FLAT_KERNEL_SS64;
    ap_ctxt.kernel_ss = FLAT_KERNEL_SS64;
    ap_ctxt.kernel_sp = ap_ctxt.user_regs.rsp;
    ap_ctxt.ctrlreg[3] = virt_to_mfn((void *)start_info.pt_base) << 12;
    if ( HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ap_ctxt) ||
         HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL) )
        crash("cannot start vCPU 1");
    race_down(1);
    printk("down-race: vCPU 0 is the one left\n");
    return 0;
}
