/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * emul_far.c: far `call` and `jmp` through a memory operand (FF /3, /5)
 * from a PV guest. This host's KVM mis-emulates them in ring 3 (a #PF at
 * a bogus stack address, whatever the selector), so the hypervisor does
 * them as the CPU would in long mode: the selector's descriptor comes from
 * the vCPU's GDT (the guest's pages and Xen's flat descriptors); a null
 * selector is #GP(0); a gate or any system descriptor is #GP(selector),
 * as on hardware for a PV guest, which may have no gates; a present
 * 64-bit ring-3 code segment is a plain transfer (the far call pushes the
 * return CS and RIP). Other code segments (32-bit, which would switch to
 * compatibility mode) are refused with #GP(selector).
 */
#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/x86_decode.h>
#include <asm/xen_map.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

#define DESC_PRESENT (1ULL << 47)
#define DESC_CODE_OR_DATA (1ULL << 44) /* S: not a system descriptor */
#define DESC_CODE (1ULL << 43)
#define DESC_LONG (1ULL << 53)
#define DESC_DPL(d) (((d) >> 45) & 3)

/* The linear address of insn's memory operand (insn at rip). */
static uint64_t effective_address(struct vcpu *v, const struct x86_insn *insn,
                                  uint64_t rip)
{
    struct kvm_regs *r = guest_regs(v);
    uint64_t ea = (int64_t)insn->disp;

    if ( insn->rip_relative )
        ea += rip + insn->len;
    else if ( insn->has_sib )
    {
        unsigned int base = (insn->sib & 7) | (insn->rex & 1 ? 8 : 0);
        unsigned int index = ((insn->sib >> 3) & 7) | (insn->rex & 2 ? 8 : 0);

        if ( !((insn->sib & 7) == 5 && insn->modrm_mod == 0) )
            ea += *pv_gpr(r, base);
        if ( index != 4 )
            ea += *pv_gpr(r, index) << (insn->sib >> 6);
    }
    else
        ea += *pv_gpr(r, insn->modrm_rm);
    if ( insn->addrsize_32 )
        ea = (uint32_t)ea;
    if ( insn->seg_override == X86_SEG_FS )
        ea += v->arch.sregs.fs.base;
    else if ( insn->seg_override == X86_SEG_GS )
        ea += v->arch.sregs.gs.base;
    return ea;
}

static void inject_pf(struct vcpu *v, uint64_t addr, bool write)
{
    if ( v->vcpu_info )
        v->vcpu_info->arch.cr2 = addr;
    pv_inject_trap(v, TRAP_page_fault, true,
                   (write ? 2 : 0) | (v->arch.in_kernel ? 0 : 4));
}

/* Push the return address of a far call: CS then RIP, of `size` bytes. */
static bool push_far_return(struct vcpu *v, uint64_t ret_rip, unsigned int size)
{
    struct kvm_regs *r = guest_regs(v);
    uint64_t frame[2] = { ret_rip, v->arch.in_kernel ? FLAT_KERNEL_CS64 & ~3
                                                     : FLAT_USER_CS64 };
    uint32_t frame32[2] = { (uint32_t)frame[0], (uint32_t)frame[1] };
    uint64_t sp = r->rsp - 2 * size;

    if ( copy_to_vcpu(v, sp, size == 8 ? (void *)frame : (void *)frame32,
                      2 * size) )
    {
        inject_pf(v, sp, true);
        return false;
    }
    r->rsp = sp;
    return true;
}

bool pv_emulate_far_transfer(struct vcpu *v)
{
    struct kvm_regs *r = guest_regs(v);
    uint8_t bytes[X86_MAX_INSN_LEN], ptr[10];
    unsigned int n = pv_fetch_insn(v, r->rip, bytes), group, size;
    struct x86_insn insn;
    uint64_t ea, offset, desc;
    uint16_t sel;

    if ( x86_decode(bytes, n, &insn) || !x86_insn_is(&insn, 1, 0xff) ||
         insn.modrm_mod == 3 )
        return false;
    group = insn.modrm_reg & 7;
    if ( group != 3 && group != 5 )
        return false;

    /* m16:64 with REX.W, else m16:32 (m16:16 with 0x66 is refused). */
    size = insn.rex & 8 ? 8 : 4;
    ea = effective_address(v, &insn, r->rip);
    if ( insn.opsize_16 && !(insn.rex & 8) )
        return false;
    if ( copy_from_vcpu(v, ptr, ea, size + 2) )
    {
        inject_pf(v, ea, false);
        return true;
    }
    offset = size == 8 ? *(uint64_t *)ptr : *(uint32_t *)ptr;
    sel = *(uint16_t *)(ptr + size);
    v->arch.regs_dirty = true;

    if ( !(sel & ~3) )
        return pv_inject_trap(v, TRAP_gp_fault, true, 0), true;
    if ( (sel & 4) || !gdt_read_entry(v, sel, &desc) ||
         !(desc & DESC_CODE_OR_DATA) || !(desc & DESC_CODE) ||
         !(desc & DESC_LONG) || DESC_DPL(desc) != 3 || (sel & 3) != 3 )
        return pv_inject_trap(v, TRAP_gp_fault, true, sel & ~3), true;
    if ( !(desc & DESC_PRESENT) )
        return pv_inject_trap(v, TRAP_no_segment, true, sel & ~3), true;
    if ( !guest_va_ok(offset) )
        return pv_inject_trap(v, TRAP_gp_fault, true, 0), true;

    if ( group == 3 && !push_far_return(v, r->rip + insn.len, size) )
        return true;
    r->rip = offset;
    return true;
}
