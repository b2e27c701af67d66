/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lib.h: small helpers every hypervisor file uses: logging, assertions,
 * array sizes, min/max. The hypervisor is a host process, so these sit on
 * top of libc.
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>

/*
 * Xen's public errno values are Linux's, so hypervisor code returns the
 * host's negative E* constants to guests unchanged.
 */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Log a line to the hypervisor log (run directory file, and stderr with
 * --foreground). Thread-safe. */
/* main.c: helper threads leave SIGTERM, SIGINT, SIGUSR2 to main. */
void block_process_signals(void);

void xlog(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define printk(fmt, ...) xlog(LOG_INFO, fmt, ##__VA_ARGS__)
#define gdprintk(fmt, ...) xlog(LOG_DEBUG, fmt, ##__VA_ARGS__)

/* A broken hypervisor invariant: log and abort. Never for guest input. */
void panic(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

#define BUG_ON(c)                                                              \
    do                                                                         \
    {                                                                          \
        if ( unlikely(c) )                                                     \
            panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__);              \
    } while ( 0 )

#define ASSERT(c) BUG_ON(!(c))

#endif /* XEN_LIB_H */
