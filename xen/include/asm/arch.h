/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/arch.h: what common code asks of the x86/KVM layer.
 */
#ifndef X86_ARCH_H
#define X86_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include <public/xen.h>

struct domain;
struct vcpu;
struct vcpu_guest_context;

/* Once at start: open /dev/kvm, check capabilities. Returns 0 or -errno
 * with the reason logged. */
int arch_init(void);
/* At shutdown, after every domain is gone. */
void arch_fini(void);

/* VM for a domU (memslots over d->ram and d->special). */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);

/* KVM vCPU in 64-bit ring-3 PV state. */
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/*
 * Run v on the calling pCPU thread until it is no longer runnable, it
 * yields, or v->need_resched is set. Handles exits (hypercalls, traps)
 * and delivers pending event upcalls before each entry.
 */
void arch_vcpu_run(struct vcpu *v);

/* Force v out of KVM_RUN if it is in it (any thread). */
void arch_vcpu_kick(struct vcpu *v);

/* Set/get the guest context (XEN_DOMCTL_setvcpucontext,
 * VCPUOP_initialise). */
int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c);
int arch_get_info_guest(struct vcpu *v, struct vcpu_guest_context *c);

/* Write the hypercall page into guest frame mfn. */
int arch_hypercall_page_init(struct domain *d, uint64_t mfn);

/* Refresh the pvclock in v's vcpu_info (after (re)registration, on
 * timer upcalls). */
void arch_update_vcpu_time(struct vcpu *v);

/* Log v's registers (domain crash). */
void arch_vcpu_dump(struct vcpu *v);

/* Translate a guest virtual address of v; 0 or -EFAULT. */
int arch_guest_translate(struct vcpu *v, uint64_t va, bool write,
                         uint64_t *maddr);

/* Where the guest finds the read-only M2P (XENMEM_machphys_mapping). */
void arch_machphys_mapping(const struct domain *d, uint64_t *v_start,
                           uint64_t *v_end, uint64_t *max_mfn);

/* Host TSC frequency in kHz (for pvclock scaling). */
uint64_t arch_tsc_khz(void);
/* The host's CPU features as Xen's physinfo hw_cap words (xl info hw_caps). */
void arch_hw_caps(uint32_t cap[8]);

#endif /* X86_ARCH_H */
