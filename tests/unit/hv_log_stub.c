/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_log_stub.c: the hypervisor's log and panic, and main.c's signal
 * helper, for unit tests.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <xen/lib.h>

void xlog(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;

    (void)lvl;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();
}

void block_process_signals(void)
{
    /* A test program has no stop signal of its own to protect. */
}
