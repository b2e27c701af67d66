/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * msr.c: rdmsr/wrmsr from a PV guest kernel, answered as Xen answers a
 * 64-bit PV guest: the segment bases (FS, GS and the inactive GS, which
 * the hypervisor swaps between guest kernel and user mode), EFER and PAT
 * as Xen sets them (writable only to the same value), the TSC for reads,
 * TSC_AUX, the speculation controls (SPEC_CTRL, PRED_CMD, FLUSH_CMD,
 * ARCH_CAPABILITIES: KVM's, as far as the CPUID the guest sees offers
 * them), and the few identification MSRs Linux reads at boot. Every
 * other MSR raises #GP, as it does under Xen for a PV domU.
 */
#include <sys/ioctl.h>
#include <x86intrin.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/lib.h>

#include "msr.h"

/* The PAT Xen programs and shows to PV guests. */
#define XEN_MSR_PAT 0x0000050100070406ULL
/* MISC_ENABLE: fast strings on; BTS and PEBS unavailable. */
#define GUEST_MISC_ENABLE ((1ULL << 0) | (1ULL << 11) | (1ULL << 12))

static uint64_t guest_efer(const struct vcpu *v)
{
    return v->arch.sregs.efer;
}

static uint64_t *active_gs(struct vcpu *v)
{
    return (uint64_t *)&v->arch.sregs.gs.base;
}

/* The vCPU's own copy of an MSR KVM virtualises for it. */
static bool kvm_msr(struct vcpu *v, uint32_t msr, uint64_t *val, bool write)
{
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e;
    } msrs = { .hdr.nmsrs = 1, .e.index = msr, .e.data = write ? *val : 0 };

    if ( ioctl(v->arch.vcpu_fd, write ? KVM_SET_MSRS : KVM_GET_MSRS, &msrs) !=
         1 )
        return false; /* not offered: #GP */
    *val = msrs.e.data;
    return true;
}

bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    struct arch_vcpu *a = &v->arch;

    switch ( msr )
    {
    case MSR_FS_BASE:
        *val = a->sregs.fs.base;
        return true;
    case MSR_GS_BASE:
        *val = *active_gs(v);
        return true;
    case MSR_SHADOW_GS_BASE:
        *val = a->gs_base_user;
        return true;
    case MSR_EFER:
        *val = guest_efer(v);
        return true;
    case MSR_IA32_PAT:
        *val = XEN_MSR_PAT;
        return true;
    case MSR_IA32_TSC:
        *val = __rdtsc() + a->tsc_offset;
        return true;
    case MSR_TSC_AUX:
        *val = a->tsc_aux;
        return true;
    case MSR_IA32_MISC_ENABLE:
        *val = GUEST_MISC_ENABLE;
        return true;
    case MSR_IA32_PLATFORM_ID:
    case MSR_IA32_UCODE_REV:
        *val = 0;
        return true;
    case MSR_SPEC_CTRL:
    case MSR_ARCH_CAPABILITIES:
        return kvm_msr(v, msr, val, false);
    default:
        return false;
    }
}

/* rdtscp and rdpid run natively: the vCPU's TSC_AUX is KVM's. */
static bool set_tsc_aux(struct vcpu *v, uint64_t val)
{
    if ( val >> 32 || !kvm_msr(v, MSR_TSC_AUX, &val, true) )
        return false;
    v->arch.tsc_aux = val;
    return true;
}

bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    struct arch_vcpu *a = &v->arch;

    switch ( msr )
    {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        if ( !guest_va_ok(val) )
            return false; /* non-canonical, or the hypervisor's */
        if ( msr == MSR_FS_BASE )
            a->sregs.fs.base = val;
        else if ( msr == MSR_GS_BASE )
            *active_gs(v) = val;
        else
            a->gs_base_user = val;
        a->sregs_dirty = true;
        return true;
    case MSR_EFER:
        return val == guest_efer(v);
    case MSR_IA32_PAT:
        return val == XEN_MSR_PAT;
    case MSR_TSC_AUX:
        return set_tsc_aux(v, val);
    case MSR_SPEC_CTRL:
    case MSR_PRED_CMD:
    case MSR_FLUSH_CMD:
        return kvm_msr(v, msr, &val, true);
    default:
        return false;
    }
}
