/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console.c: printk. Output goes to the PV console ring (read by dom0's
 * console daemon or xen-run) with an event-channel kick, then to the
 * hypervisor's log through console_io.
 */
#include <mini-os/os.h>
#include <public/io/console.h>

static struct xencons_interface *cons;

void console_init(void)
{
    if ( start_info.console.domU.mfn )
        cons =
            (struct xencons_interface *)(VIRT_BASE +
                                         (start_info.console.domU.mfn << 12));
}

static void ring_write(const char *s, size_t n)
{
    XENCONS_RING_IDX prod;
    size_t i;

    if ( !cons )
        return;
    prod = cons->out_prod;
    for ( i = 0; i < n; i++ )
    {
        /* Wait for room; the reader drains within milliseconds. */
        while ( prod - __atomic_load_n(&cons->out_cons, __ATOMIC_ACQUIRE) >=
                sizeof(cons->out) )
        {
            __atomic_store_n(&cons->out_prod, prod, __ATOMIC_RELEASE);
            notify_remote_via_evtchn(start_info.console.domU.evtchn);
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        }
        cons->out[MASK_XENCONS_IDX(prod++, cons->out)] = s[i];
    }
    __atomic_store_n(&cons->out_prod, prod, __ATOMIC_RELEASE);
    notify_remote_via_evtchn(start_info.console.domU.evtchn);
}

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ( n > (int)sizeof(buf) - 1 )
        n = sizeof(buf) - 1;
    /* The ring first: it is the console users read. */
    ring_write(buf, n);
    HYPERVISOR_console_io(CONSOLEIO_write, n, buf);
}
