/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev.c: the physdev_op hypercall. Domains here own no physical
 * devices, so only the virtual I/O privilege level is offered: it decides
 * whether the guest's port I/O is emulated (reads of all ones, writes
 * dropped) or answered with #GP(0) (emul_ioport.c).
 */
#include <asm/x86.h>
#include <public/physdev.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

long do_physdev_op(int cmd, uint64_t arg)
{
    switch ( cmd )
    {
    case PHYSDEVOP_set_iopl:
    {
        struct physdev_set_iopl set;

        if ( copy_from_guest(&set, arg, sizeof(set)) )
            return -EFAULT;
        if ( set.iopl > 3 )
            return -EINVAL;
        current->arch.iopl = set.iopl;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
