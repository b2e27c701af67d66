/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall.c: many hypercalls for the price of one exit. Each entry is
 * dispatched in turn and its result written back; a multicall inside a
 * multicall is refused for that entry. An iret ends the batch, as on Xen
 * since XSA-213: the vCPU returns as the iret frame says.
 *
 * A multicall of any length is preemptible, as on Xen: between entries it
 * stops when the vCPU must give up its pCPU (or blocked, or shut down in
 * an entry) and continues later with the entries left. An entry that
 * itself stopped early (a long mmu_update) has its continuation arguments
 * written back into the guest's entry, and the multicall goes on from
 * that entry when it is re-entered.
 */
#include <stddef.h>

#include <public/xen.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define ENTRY_SIZE sizeof(struct multicall_entry)

static long continue_from(uint64_t call_list, unsigned int i,
                          unsigned int nr_calls)
{
    return hypercall_create_continuation(__HYPERVISOR_multicall,
                                         call_list + (uint64_t)i * ENTRY_SIZE,
                                         nr_calls - i, 0, 0);
}

/* Entry i stopped early: it is re-entered as its continuation says. */
static long save_entry_continuation(uint64_t entry_addr,
                                    struct multicall_entry *call)
{
    struct vcpu *v = current;
    unsigned int a;

    call->op = v->hcall.nr;
    for ( a = 0; a < 6; a++ )
        call->args[a] = v->hcall.args[a];
    v->hcall.pending = false;
    return copy_to_guest(entry_addr, call, sizeof(*call)) ? -EFAULT : 0;
}

static long dispatch_entry(struct multicall_entry *call)
{
    uint64_t args[6];
    unsigned int a;

    if ( call->op == __HYPERVISOR_multicall )
        return -EINVAL;
    for ( a = 0; a < 6; a++ )
        args[a] = call->args[a];
    return hypercall_dispatch(call->op, args);
}

long do_multicall(uint64_t call_list, unsigned int nr_calls)
{
    struct vcpu *v = current;
    unsigned int i;

    for ( i = 0; i < nr_calls; i++ )
    {
        uint64_t entry = call_list + (uint64_t)i * ENTRY_SIZE;
        struct multicall_entry call;

        if ( i && (!vcpu_runnable(v) || hypercall_preempt_check()) )
            return continue_from(call_list, i, nr_calls);
        if ( copy_from_guest(&call, entry, sizeof(call)) )
            return -EFAULT;
        call.result = dispatch_entry(&call);
        if ( call.op == __HYPERVISOR_iret )
            return call.result; /* done: the registers are the frame's */
        if ( hypercall_preempted() )
        {
            if ( save_entry_continuation(entry, &call) )
                return -EFAULT;
            return continue_from(call_list, i, nr_calls);
        }
        if ( copy_to_guest(entry + offsetof(struct multicall_entry, result),
                           &call.result, sizeof(call.result)) )
            return -EFAULT;
    }
    return 0;
}
