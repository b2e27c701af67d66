/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xtf.c: the runtime of guest test kernels: runs test_main() as the
 * mini-os application and turns what it reported into one result line.
 */
#include "xtf.h"

enum outcome { OUT_SUCCESS, OUT_SKIP, OUT_ERROR, OUT_FAILURE };

static enum outcome outcome = OUT_SUCCESS;
static char reason[256];
static unsigned int failures;

static void record(enum outcome o, const char *fmt, va_list ap)
{
    char msg[256];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    printk("%s: %s\n",
           o == OUT_FAILURE ? "FAIL"
           : o == OUT_SKIP  ? "SKIP"
                            : "ERROR",
           msg);
    if ( o == OUT_FAILURE )
        failures++;
    if ( o > outcome || (o == outcome && !reason[0]) )
    {
        outcome = o;
        strncpy(reason, msg, sizeof(reason) - 1);
    }
}

#define RECORD(o)                                                              \
    do                                                                         \
    {                                                                          \
        va_list ap;                                                            \
        va_start(ap, fmt);                                                     \
        record(o, fmt, ap);                                                    \
        va_end(ap);                                                            \
    } while ( 0 )

void xtf_failure(const char *fmt, ...)
{
    RECORD(OUT_FAILURE);
}

void xtf_skip(const char *fmt, ...)
{
    RECORD(OUT_SKIP);
}

void xtf_error(const char *fmt, ...)
{
    RECORD(OUT_ERROR);
}

int app_main(const char *cmdline)
{
    (void)cmdline;
    printk("--- Test: %s\n", test_title);
    test_main();
    switch ( outcome )
    {
    case OUT_SUCCESS:
        printk("Test result: SUCCESS\n");
        break;
    case OUT_SKIP:
        printk("Test result: SKIP: %s\n", reason);
        break;
    case OUT_ERROR:
        printk("Test result: ERROR: %s\n", reason);
        break;
    case OUT_FAILURE:
        printk("Test result: FAILURE: %u failed, first: %s\n", failures,
               reason);
        break;
    }
    return 0;
}

uint64_t xtf_l1e_maddr(unsigned long va)
{
    uint64_t *t = (uint64_t *)start_info.pt_base;
    int level;

    /* The builder maps all of the boot tables at VIRT_BASE + maddr. */
    for ( level = 4; level > 1; level-- )
    {
        uint64_t e = t[(va >> (12 + 9 * (level - 1))) & 511];

        t = (uint64_t *)(VIRT_BASE + (e & 0x000ffffffffff000ULL));
    }
    return (unsigned long)&t[(va >> 12) & 511] - VIRT_BASE;
}
