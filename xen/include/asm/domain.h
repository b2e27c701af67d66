/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/domain.h: the x86/KVM parts of a domain and a vCPU. Owned by the
 * arch code (xen/arch/x86/); common code treats them as opaque.
 */
#ifndef X86_DOMAIN_H
#define X86_DOMAIN_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <asm/exit_stats.h>
#include <asm/vm_pool.h>
#include <public/xen.h>

/*
 * Refreshing KVM's shadow page tables removes the RAM memslot for a
 * moment, so no vCPU of the domain may be inside KVM_RUN then. vCPUs
 * count themselves in and out around KVM_RUN; a refresh waits until none
 * is in, and holds new ones back meanwhile. Nothing waits for a vCPU to
 * leave a hypercall, so two vCPUs refreshing at once cannot deadlock.
 */
struct zap_gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned int in_guest; /* vCPUs between entering and leaving KVM_RUN */
    unsigned int waiting; /* refreshes waiting for in_guest == 0 */
    unsigned long done; /* refreshes completed */
};

/*
 * Frames that present page-table entries written by the hypervisor used
 * to map, whose shadows KVM must drop at the guest's next TLB flush
 * (zap.c); all: drop every shadow instead (a table was replaced, or too
 * many frames to list).
 */
#define REPLACED_MAX 64
struct replaced_entries {
    pthread_mutex_t lock;
    bool any;
    bool all;
    unsigned int nr;
    uint64_t gfn[REPLACED_MAX];
};

/* PIT channel 2 as Xen emulates it for PV guests (pit2.c). */
struct pit2 {
    pthread_mutex_t lock;
    uint16_t reload, latch;
    uint8_t access; /* 1 LSB, 2 MSB, 3 LSB then MSB */
    bool read_msb_next, write_msb_next, latched, loaded, gate, speaker;
    uint64_t load_ns; /* when counting (re)started */
    uint64_t ticks_at_gate_low; /* ticks counted before the gate fell */
};

struct arch_domain {
    int vm_fd; /* KVM VM, -1 for domain 0 */
    struct prepared_vcpu vcpu0; /* came with a warm VM, if vcpu0_ready */
    bool vcpu0_ready;
    unsigned long vm_assist; /* VMASST_TYPE_* bits enabled */
    uint64_t *pinned; /* pinned page-table frames, a bit each (pin.c) */
    struct replaced_entries replaced; /* for the next flush (zap.c) */
    uint64_t hypercall_mfn; /* the hypercall page's frame */
    bool hypercall_page_set;
    struct zap_gate zap; /* KVM_RUN vs shadow refreshes (kvm.c) */
    struct exit_stats stats; /* exits by kind (exit_stats.c) */
    struct pit2 pit2; /* ports 0x42, 0x43, 0x61 (pit2.c) */
};

/* An instruction stepped over against the mapped M2P (m2p.c). */
struct m2p_step {
    bool active;
    bool restore; /* move the register back after the step */
    bool guest_tf; /* the guest had TF set itself */
    unsigned int reg;
    uint64_t delta;
};

struct arch_vcpu {
    int vcpu_fd; /* KVM vCPU, -1 when none */
    struct kvm_run *run; /* mmap of the vCPU's kvm_run */
    size_t run_size;
    pthread_t thread; /* pCPU thread while in arch_vcpu_run */
    bool thread_valid;

    /*
     * Segment and control state is only ever changed by the hypervisor
     * (guests cannot load CR3 or bases themselves), so this copy is
     * authoritative and restored after every trap exit.
     */
    struct kvm_sregs sregs;
    bool sregs_dirty; /* push sregs before the next entry */
    bool regs_dirty; /* run->s.regs.regs was modified */
    bool skip_result; /* hypercall set all registers (iret) */
    bool in_kernel; /* guest kernel mode (vs guest user mode) */
    bool exception_queued; /* a kick stopped it with an exception due */
    unsigned int iopl; /* virtual IOPL (PHYSDEVOP_set_iopl) */
    uint64_t cr4_guest; /* CR4 as the guest reads and writes it */
    uint64_t debugreg[8]; /* DR0-DR7 as set_debugreg keeps them */
    uint64_t tsc_aux; /* MSR_TSC_AUX */
    struct m2p_step m2p_step;

    /* Registered with set_trap_table / set_callbacks / stack_switch. */
    struct trap_info trap_ctxt[256];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t nmi_callback_eip;
    uint64_t syscall32_callback_eip; /* stored: no 32-bit code runs here */
    uint64_t sysenter_callback_eip;
    unsigned int callback_masks; /* CALLBACKTYPE_* bits: mask events */
    uint64_t kernel_ss, kernel_sp;
    bool fpu_ts; /* fpu_taskswitch(1) pending */

    uint64_t guest_table; /* kernel page-table base (machine addr) */
    uint64_t guest_table_user; /* user page-table base, 0 if none */
    uint64_t gs_base_user; /* inactive GS base while in kernel */
    uint64_t gdt_frames[16];
    unsigned int gdt_ents;

    /* Detects a handler that faults on entry, over and over. */
    uint64_t last_fault_rip;
    unsigned int fault_repeat;

    int64_t tsc_offset; /* guest TSC - host TSC */
};

#endif /* X86_DOMAIN_H */
