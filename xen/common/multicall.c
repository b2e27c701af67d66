/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall.c: many hypercalls for the price of one exit. Each entry is
 * dispatched in turn and its result written back; a multicall inside a
 * multicall, or an iret, is refused for that entry.
 */
#include <stddef.h>

#include <public/xen.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define MULTICALL_MAX 1024

long do_multicall(uint64_t call_list, unsigned int nr_calls)
{
    struct vcpu *v = current;
    unsigned int i;

    if ( nr_calls > MULTICALL_MAX )
        return -EINVAL;
    for ( i = 0; i < nr_calls; i++ )
    {
        struct multicall_entry call;
        uint64_t args[6];
        unsigned int a;

        if ( copy_from_guest_offset(&call, call_list, i,
                                    struct multicall_entry) )
            return -EFAULT;
        for ( a = 0; a < 6; a++ )
            args[a] = call.args[a];
        if ( call.op == __HYPERVISOR_multicall || call.op == __HYPERVISOR_iret )
            call.result = -EINVAL;
        else
            call.result = hypercall_dispatch(call.op, args);
        if ( copy_to_guest(call_list + i * sizeof(call) +
                               offsetof(struct multicall_entry, result),
                           &call.result, sizeof(call.result)) )
            return -EFAULT;
        /* Stop once the caller blocked, shut down or must reschedule. */
        if ( !vcpu_runnable(v) )
            break;
    }
    return 0;
}
