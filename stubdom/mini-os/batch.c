/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * batch.c: hypercalls queued during boot and issued together as one
 * multicall. Every hypercall costs an exit to the hypervisor, the
 * dominant cost of a short boot, so the set-up calls that need no answer
 * before the next one (trap table, shared_info mapping, callbacks, ...)
 * share a single exit.
 */
#include <mini-os/os.h>

#define BATCH_MAX 8

static multicall_entry_t calls[BATCH_MAX];
static const char *what[BATCH_MAX];
static long *results[BATCH_MAX];
static unsigned int queued;

void batch_hypercall(const char *why, long *result, unsigned long op,
                     unsigned long a0, unsigned long a1, unsigned long a2)
{
    if ( queued == BATCH_MAX )
        batch_flush();
    calls[queued] = (multicall_entry_t){
        .op = op,
        .args = { a0, a1, a2 },
    };
    what[queued] = why;
    results[queued++] = result;
}

/* Issue what is queued; a failed call is fatal unless its result is kept. */
void batch_flush(void)
{
    unsigned int i, n = queued;

    if ( !n )
        return;
    queued = 0;
    if ( HYPERVISOR_multicall(calls, n) )
        crash("boot multicall refused");
    for ( i = 0; i < n; i++ )
    {
        if ( results[i] )
            *results[i] = calls[i].result;
        else if ( calls[i].result )
            crash(what[i]);
    }
}
