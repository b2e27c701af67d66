/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/x86.h: helpers shared by the x86 files: register access, control
 * register bits, CPUID policy lookup, the trap and upcall delivery entry
 * points.
 */
#ifndef X86_X86_H
#define X86_X86_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct domain;

#define X86_CR0_PE 0x00000001UL
#define X86_CR0_MP 0x00000002UL
#define X86_CR0_TS 0x00000008UL
#define X86_CR0_ET 0x00000010UL
#define X86_CR0_NE 0x00000020UL
#define X86_CR0_WP 0x00010000UL
#define X86_CR0_PG 0x80000000UL
#define X86_CR4_PAE 0x00000020UL
#define X86_CR4_OSFXSR 0x00000200UL
#define X86_CR4_OSXMMEXCPT 0x00000400UL
#define EFER_SCE 0x001UL
#define EFER_LME 0x100UL
#define EFER_LMA 0x400UL
#define EFER_NX 0x800UL
#define MSR_IA32_TSC 0x10
#define MSR_IA32_PLATFORM_ID 0x17
#define MSR_IA32_UCODE_REV 0x8b
#define MSR_SPEC_CTRL 0x48
#define MSR_PRED_CMD 0x49
#define MSR_ARCH_CAPABILITIES 0x10a
#define MSR_FLUSH_CMD 0x10b
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_IA32_PAT 0x277
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define X86_CR4_DE 0x00000008UL

#define X86_EFLAGS_IF 0x200UL
#define X86_EFLAGS_IOPL 0x3000UL
/* Flags always set while a guest runs (IOPL stays 0: see kvm.c's TSS). */
#define GUEST_RFLAGS_FIXED (X86_EFLAGS_IF | X86_EFLAGS_RSVD)
#define X86_EFLAGS_VM 0x20000UL
#define X86_EFLAGS_RSVD 0x2UL

/* Exception vectors. */
#define TRAP_divide_error 0
#define TRAP_debug 1
#define TRAP_nmi 2
#define TRAP_int3 3
#define TRAP_overflow 4
#define TRAP_bounds 5
#define TRAP_invalid_op 6
#define TRAP_no_device 7
#define TRAP_double_fault 8
#define TRAP_invalid_tss 10
#define TRAP_no_segment 11
#define TRAP_stack_error 12
#define TRAP_gp_fault 13
#define TRAP_page_fault 14
#define TRAP_copro_error 16
#define TRAP_alignment_check 17
#define TRAP_machine_check 18
#define TRAP_simd_error 19

/* The guest's registers as of the last exit (synced by KVM). */
static inline struct kvm_regs *guest_regs(struct vcpu *v);

const struct kvm_cpuid_entry2 *arch_cpuid_lookup(uint32_t leaf,
                                                 uint32_t subleaf);
int arch_load_sregs(struct vcpu *v);
int arch_set_cr3(struct vcpu *v, uint64_t maddr);
/* Make KVM forget every mapping it derived from d's page tables. */
int arch_zap_guest_mappings(struct domain *d);
/*
 * A present page-table entry (old) was replaced by the hypervisor: the
 * guest's next TLB flush must make KVM drop what it shadows of it.
 */
void pt_entry_replaced(struct domain *d, uint64_t old);
/* The guest's TLB flush: make KVM see every entry replaced since. */
void pt_refresh_replaced(struct domain *d);
/* pin.c: is mfn part of a table the domain has pinned? */
bool pt_frame_pinned(const struct domain *d, uint64_t mfn);
/* pit2.c: PIT channel 2 and its gate, emulated as Xen does for PV. */
bool pit2_port(unsigned int port);
uint8_t pit2_read(struct domain *d, unsigned int port);
void pit2_write(struct domain *d, unsigned int port, uint8_t val);
/* zap.c: KVM_RUN, counted in the domain's zap gate; -1 with errno. */
int kvm_run_gated(struct vcpu *v);
struct zap_gate;
void zap_gate_init(struct zap_gate *g);

/* traps.c */
/* Handle an exception exit; returns false if the domain crashed. */
bool arch_handle_exception(struct vcpu *v, unsigned int vector, bool has_error,
                           uint32_t error_code, uint64_t cr2);
/* Bounce vector to the guest's handler (no checks on `int` DPL). */
/* pin.c: MMUEXT pins, one bit per RAM frame of the domain. */
int pt_pins_init(struct domain *d);
void pt_pins_free(struct domain *d);
int pt_pin(struct domain *d, uint64_t mfn, unsigned int level);
int pt_unpin(struct domain *d, uint64_t mfn);
/* callback.c: whether CALLBACKF_mask_events was given for the type. */
bool pv_callback_masks_events(const struct vcpu *v, unsigned int type);
/* callback.c: the guest's CR0.TS (fpu_taskswitch). */
void pv_set_fpu_ts(struct vcpu *v, bool set);
int pv_inject_trap(struct vcpu *v, unsigned int vector, bool has_error,
                   uint32_t error_code);
/* Enter a callback (syscall, ...) with a trap frame and no error code. */
void pv_bounce_to_callback(struct vcpu *v, uint64_t handler, bool mask_events);
/* Enter the event callback if an upcall is pending and unmasked. */
void pv_deliver_upcall(struct vcpu *v);
/* Guest-visible virtual address range check. */
bool guest_va_ok(uint64_t va);
/* General-purpose register n (0-15, in instruction encoding order). */
__u64 *pv_gpr(struct kvm_regs *r, unsigned int n);
/* m2p.c: a load from Xen's hard-coded M2P address (slot 256); true if
 * emulated. */
bool pv_emulate_m2p_read(struct vcpu *v, uint64_t cr2, uint32_t error_code);
/* ptwr.c: a kernel write to a pinned page table, done for it. */
bool pv_emulate_pt_write(struct vcpu *v, uint64_t cr2, uint32_t error_code);
/* The stepped instruction is done (or faulted): undo the step's changes. */
void pv_m2p_step_done(struct vcpu *v);
/* Read up to 15 instruction bytes at rip; returns how many were readable. */
unsigned int pv_fetch_insn(struct vcpu *v, uint64_t rip, uint8_t *buf);

/* emul_ioport.c: port I/O under the vCPU's virtual IOPL. */
struct x86_insn;
/* #GP(0) from insn: emulate it if it is in/out/ins/outs (true). */
bool pv_emulate_port_io(struct vcpu *v, const struct x86_insn *insn);
/* Whether the vCPU's virtual IOPL allows port I/O (and cli/sti) now. */
bool pv_iopl_ok(const struct vcpu *v);
/* emul_priv_op.c: #GP(0) from privileged instructions; true if handled. */
bool pv_emulate_gp0(struct vcpu *v);
/* vcpu_run.c: the hypercall in the vCPU's registers (see there). */
void pv_hypercall(struct vcpu *v, uint64_t restart_rip);
/* syscall.c: `syscall` from the guest, which faults at the guard. */
#define SYSCALL_GUARD_VA 0xffff820000000000ULL /* L4 slot 260, never mapped */
void pv_syscall_entry(struct vcpu *v);
int pv_syscall_msrs_init(int vcpu_fd);
/* emul_far.c: a far call/jmp through memory at rip; true if handled. */
bool pv_emulate_far_transfer(struct vcpu *v);
/* mm.c */
void pv_flush_guest_tlb(struct vcpu *v);
long pv_new_baseptr(struct vcpu *v, uint64_t mfn, bool user);
/* An I/O exit that is not a hypercall. */
void pv_emulate_port_io_exit(struct vcpu *v);

/* guest_walk.c: page-table walks in a domain's memory. */
struct domain;
int pt_walk(struct domain *d, uint64_t cr3, uint64_t va, bool write,
            uint64_t *maddr);
int pt_find_l1e(struct domain *d, uint64_t cr3, uint64_t va, uint64_t *maddr);
unsigned int pt_add_user_bits(struct domain *d, uint64_t cr3, uint64_t va);

/* time.c */
void pv_time_scale(uint64_t tsc_khz, uint32_t *mul, int8_t *shift);

/* cpuid.c */
void pv_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t res[4]);

#include <xen/domain.h>

static inline struct kvm_regs *guest_regs(struct vcpu *v)
{
    return &v->arch.run->s.regs.regs;
}

#endif /* X86_X86_H */
