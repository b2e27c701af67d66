/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp: a second vCPU brought up with VCPUOP_initialise and VCPUOP_up
 * runs (with the IOPL its context gives), then takes itself down; event channels re-targeted to it; and
 * the remaining calls a PV kernel makes once: set_gdt, set_callbacks,
 * shutdown_code, reset.
 */
#include "xtf.h"
#include <public/vcpu.h>

const char test_title[] = "second vCPU, bind_vcpu, set_gdt, set_callbacks";

static volatile unsigned int ap_ran, ap_port_value;
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static struct vcpu_guest_context ap_ctxt;
static uint8_t gdt_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
extern char hypervisor_callback[];

static void __attribute__((noreturn)) ap_main(void)
{
    uint8_t v;

    /* IOPL 1 from its context's rflags, as Linux starts its vCPUs: port
     * I/O is emulated (a read gives all-ones), not a #GP it has no
     * handler for. */
    asm volatile("inb $0x80, %0" : "=a"(v));
    ap_port_value = v;
    __atomic_add_fetch(&ap_ran, 1, __ATOMIC_SEQ_CST);
    HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
    for ( ;; )
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static void test_second_vcpu(void)
{
    unsigned int i;

    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), XEN_ERR(XEN_EINVAL));
    ap_ctxt.flags = VGCF_in_kernel;
    ap_ctxt.user_regs.rip = (unsigned long)ap_main;
    ap_ctxt.user_regs.rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
    ap_ctxt.user_regs.cs = FLAT_KERNEL_CS64;
    ap_ctxt.user_regs.ss = FLAT_KERNEL_SS64;
    ap_ctxt.user_regs.rflags = 0x1000; /* IOPL 1 */
    ap_ctxt.kernel_ss = FLAT_KERNEL_SS64;
    ap_ctxt.kernel_sp = ap_ctxt.user_regs.rsp;
    ap_ctxt.ctrlreg[3] = virt_to_mfn((void *)start_info.pt_base) << 12;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ap_ctxt), 0);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ap_ctxt),
             XEN_ERR(XEN_EEXIST));
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
    for ( i = 0; i < 500 && !ap_ran; i++ )
        msleep(2);
    CHECK(ap_ran == 1, "second vCPU ran %u times", ap_ran);
    CHECK(ap_port_value == 0xff, "second vCPU read %#x from port 0x80",
          ap_port_value);
    for ( i = 0; i < 500 && HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL); i++ )
        msleep(2);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static void test_bind_vcpu(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_vcpu bv;
    struct evtchn_status st = { .dom = DOMID_SELF };
    struct evtchn_bind_ipi ipi = { .vcpu = 1 };

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    bv.port = au.port;
    bv.vcpu = 1;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), 0);
    st.port = au.port;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK(st.vcpu == 1, "port notifies vCPU %u", st.vcpu);
    bv.vcpu = 7;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv),
             XEN_ERR(XEN_ENOENT));
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0);
    bv.port = ipi.port;
    bv.vcpu = 0;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv),
             XEN_ERR(XEN_EINVAL));
}

static void test_descriptor_and_callbacks(void)
{
    unsigned long frames[1] = { virt_to_mfn(gdt_page) };
    unsigned long outside[1] = { start_info.nr_pages + 100 };
    struct evtchn_reset reset = { .dom = 0 };
    struct sched_shutdown code = { .reason = SHUTDOWN_poweroff };

    CHECK_RC(HYPERVISOR_set_gdt(frames, 16), 0);
    CHECK_RC(HYPERVISOR_set_gdt(frames, 100000), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_gdt(outside, 16), XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_gdt(0x1000, 16), XEN_ERR(XEN_EFAULT));
    CHECK_RC(HYPERVISOR_set_callbacks((unsigned long)hypervisor_callback, 0, 0),
             0);
    CHECK_RC(HYPERVISOR_set_callbacks(0x0000900000000000UL, 0, 0),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_set_callbacks((unsigned long)hypervisor_callback, 0, 0),
             0);
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &code), 0);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset),
             XEN_ERR(XEN_EPERM));
}

void test_main(void)
{
    test_second_vcpu();
    test_bind_vcpu();
    test_descriptor_and_callbacks();
}
