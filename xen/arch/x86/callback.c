/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * callback.c: how a PV guest describes its entry points and execution
 * environment to the hypervisor: the virtual trap table, event/failsafe/
 * syscall callbacks, the kernel stack, segment bases, descriptor tables,
 * FPU lazy switching and VM assists.
 */
#include <string.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/xen_map.h>
#include <public/callback.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

long do_set_trap_table(uint64_t traps)
{
    struct vcpu *v = current;
    unsigned int i;

    /* A null pointer clears the table. */
    if ( !traps )
    {
        memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
        return 0;
    }
    for ( i = 0; i < 256; i++ )
    {
        struct trap_info ti;

        if ( copy_from_guest_offset(&ti, traps, i, struct trap_info) )
            return -EFAULT;
        if ( !ti.address )
            break; /* terminator */
        if ( !guest_va_ok(ti.address) )
            return -EINVAL;
        v->arch.trap_ctxt[ti.vector] = ti;
    }
    return 0;
}

/*
 * Register (address 0: remove) the callback of `type`. With
 * CALLBACKF_mask_events, events are masked when it is entered, as Xen
 * does for the failsafe, syscall, syscall32 and sysenter callbacks (the
 * event callback always masks them). 32-bit entry points are stored for
 * the guest's sake; nothing here runs 32-bit code to use them.
 */
static long set_callback(struct vcpu *v, unsigned int type, uint64_t address,
                         unsigned int flags)
{
    struct arch_vcpu *a = &v->arch;
    uint64_t *slot;

    if ( address && !guest_va_ok(address) )
        return -EINVAL;
    switch ( type )
    {
    case CALLBACKTYPE_event:
        slot = &a->event_callback_eip;
        break;
    case CALLBACKTYPE_failsafe:
        slot = &a->failsafe_callback_eip;
        break;
    case CALLBACKTYPE_syscall:
        slot = &a->syscall_callback_eip;
        break;
    case CALLBACKTYPE_nmi:
        slot = &a->nmi_callback_eip;
        break;
    case CALLBACKTYPE_syscall32:
        slot = &a->syscall32_callback_eip;
        break;
    case CALLBACKTYPE_sysenter:
        slot = &a->sysenter_callback_eip;
        break;
    default:
        return -ENOSYS;
    }
    *slot = address;
    if ( flags & CALLBACKF_mask_events )
        a->callback_masks |= 1u << type;
    else
        a->callback_masks &= ~(1u << type);
    return 0;
}

bool pv_callback_masks_events(const struct vcpu *v, unsigned int type)
{
    return v->arch.callback_masks & (1u << type);
}

long do_set_callbacks(unsigned long event_address,
                      unsigned long failsafe_address,
                      unsigned long syscall_address)
{
    struct vcpu *v = current;
    long rc;

    /* As on Xen, these leave events unmasked on entry (but the upcall). */
    rc = set_callback(v, CALLBACKTYPE_event, event_address, 0);
    if ( !rc )
        rc = set_callback(v, CALLBACKTYPE_failsafe, failsafe_address, 0);
    if ( !rc )
        rc = set_callback(v, CALLBACKTYPE_syscall, syscall_address, 0);
    return rc;
}

long do_callback_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case CALLBACKOP_register:
    {
        struct callback_register reg;

        if ( copy_from_guest(&reg, arg, sizeof(reg)) )
            return -EFAULT;
        return set_callback(v, reg.type, reg.address, reg.flags);
    }
    case CALLBACKOP_unregister:
    {
        struct callback_unregister unreg;

        if ( copy_from_guest(&unreg, arg, sizeof(unreg)) )
            return -EFAULT;
        if ( unreg.type == CALLBACKTYPE_event )
            return -EINVAL; /* as Xen: the event callback stays */
        return set_callback(v, unreg.type, 0, 0);
    }
    default:
        return -ENOSYS;
    }
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;
    /* The assists Xen accepts from a 64-bit PV guest. */
    unsigned long allowed = (1UL << VMASST_TYPE_4gb_segments) |
                            (1UL << VMASST_TYPE_4gb_segments_notify) |
                            (1UL << VMASST_TYPE_writable_pagetables) |
                            (1UL << VMASST_TYPE_pae_extended_cr3) |
                            (1UL << VMASST_TYPE_architectural_iopl) |
                            (1UL << VMASST_TYPE_runstate_update_flag) |
                            (1UL << VMASST_TYPE_m2p_strict);

    if ( type >= 8 * sizeof(unsigned long) || !(allowed & (1UL << type)) )
        return -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->arch.vm_assist, 1UL << type, __ATOMIC_RELAXED);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->arch.vm_assist, ~(1UL << type),
                           __ATOMIC_RELAXED);
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_stack_switch(unsigned long ss, unsigned long esp)
{
    struct vcpu *v = current;

    if ( (ss & 3) != 3 && (ss & 3) != 0 )
        return -EINVAL;
    v->arch.kernel_ss = ss;
    v->arch.kernel_sp = esp;
    return 0;
}

/*
 * The guest's CR0.TS, for lazy FPU switching: while set, its next FPU or
 * SSE instruction raises #NM, which is bounced to its handler (traps.c
 * clears TS then, as Xen does). The vCPU's real CR0 carries the bit:
 * guest code runs in ring 3, where the CPU checks it itself.
 */
void pv_set_fpu_ts(struct vcpu *v, bool set)
{
    struct arch_vcpu *a = &v->arch;
    uint64_t cr0 = set ? a->sregs.cr0 | X86_CR0_TS : a->sregs.cr0 & ~X86_CR0_TS;

    a->fpu_ts = set;
    if ( cr0 != a->sregs.cr0 )
    {
        a->sregs.cr0 = cr0;
        a->sregs_dirty = true;
    }
}

long do_fpu_taskswitch(int set)
{
    pv_set_fpu_ts(current, set != 0);
    return 0;
}

/* Present, not a system descriptor, DPL 3, data or readable code. */
static bool descriptor_loads_as_data(uint64_t desc)
{
    bool code = desc & (1ULL << 43), readable = desc & (1ULL << 41);

    return (desc & (1ULL << 47)) && (desc & (1ULL << 44)) &&
           ((desc >> 45) & 3) == 3 && (!code || readable);
}

/*
 * SEGBASE_GS_USER_SEL: what `swapgs; mov sel, %gs; swapgs` does on Xen.
 * A non-null selector gets RPL 3, so it can name only ring-3 data (or
 * readable code) of the guest's GDT; one that cannot be loaded leaves
 * null in %gs, as Xen's fixup does, and the call still succeeds (Linux
 * BUG()s on an error). The selector register is shared by both guest
 * modes; a loaded descriptor's base becomes the user GS base. (This
 * host's KVM, PVM, shows guest code a null %gs whatever the selector:
 * 64-bit code only uses the bases.)
 */
static void load_user_gs(struct vcpu *v, unsigned long sel)
{
    struct arch_vcpu *a = &v->arch;
    uint64_t desc;

    sel &= 0xffff;
    if ( sel & ~3UL )
        sel |= 3;
    if ( !(sel & ~3UL) || (sel & 4) || !gdt_read_entry(v, sel, &desc) ||
         !descriptor_loads_as_data(desc) )
    {
        a->sregs.gs.selector = 0;
        return;
    }
    a->sregs.gs.selector = sel;
    a->sregs.gs.type = (desc >> 40) & 0xf;
    a->gs_base_user = ((desc >> 16) & 0xffffff) | ((desc >> 32) & 0xff000000);
}

long do_set_segment_base(unsigned int which, unsigned long base)
{
    struct arch_vcpu *a = &current->arch;

    if ( which != SEGBASE_GS_USER_SEL && !guest_va_ok(base) )
        return -EINVAL;
    switch ( which )
    {
    case SEGBASE_FS:
        a->sregs.fs.base = base;
        break;
    case SEGBASE_GS_USER:
        if ( a->in_kernel )
            a->gs_base_user = base;
        else
            a->sregs.gs.base = base;
        break;
    case SEGBASE_GS_KERNEL:
        if ( a->in_kernel )
            a->sregs.gs.base = base;
        else
            a->gs_base_user = base;
        break;
    case SEGBASE_GS_USER_SEL:
        load_user_gs(current, base);
        break;
    default:
        return -EINVAL;
    }
    a->sregs_dirty = true;
    return 0;
}

/*
 * The guest's pages of this vCPU's GDT (gdt.c checks and installs them).
 * As KVM isolates the domain, its descriptors are its own business
 * (update_descriptor still checks the ones written through it, as Xen's
 * ABI says).
 */
long do_set_gdt(uint64_t frame_list, unsigned int entries)
{
    uint64_t frames[GDT_GUEST_PAGES] = { 0 };
    unsigned int nr = (entries + 511) / 512;

    if ( entries > GDT_GUEST_PAGES * 512 ) /* before the copy it sizes */
        return -EINVAL;
    if ( nr && copy_from_guest(frames, frame_list, nr * sizeof(frames[0])) )
        return -EFAULT;
    return gdt_set(current, frames, entries);
}

/* A descriptor is safe if it cannot grant more than ring 3. */
static bool descriptor_safe(uint64_t desc)
{
    unsigned int dpl = (desc >> 45) & 3;
    bool present = desc & (1ULL << 47);
    bool system = !(desc & (1ULL << 44));

    if ( !present )
        return true;
    if ( system )
        return false; /* no gates, TSSs or LDTs */
    return dpl == 3;
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    struct domain *d = current->domain;

    if ( maddr & 7 || !domain_mfn_is_ram(d, maddr >> PAGE_SHIFT) )
        return -EINVAL;
    if ( !descriptor_safe(desc) )
        return -EINVAL;
    return copy_to_domain_phys(d, maddr, &desc, sizeof(desc)) ? -EFAULT : 0;
}
