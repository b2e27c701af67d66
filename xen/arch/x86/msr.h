/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * msr.h: the MSRs a PV guest kernel may read and write (msr.c). Private
 * to xen/arch/x86/.
 */
#ifndef X86_MSR_H
#define X86_MSR_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* false: the access gets #GP, as from Xen. */
bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

/* Debug registers (emul_priv_op.c), also set_debugreg/get_debugreg. */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, uint64_t val);
long pv_get_debugreg(struct vcpu *v, unsigned int reg, uint64_t *val);

#endif /* X86_MSR_H */
