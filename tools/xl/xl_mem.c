/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_mem.c: `mem-set` (the balloon target) and `mem-max` (the most the
 * domain may hold), with Xen's size notation: a number of MiB, or a
 * number with a unit suffix (b, k, m, g, t).
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"

/* Xen's parse_mem_size_kb: MiB by default, b/k/m/g/t (either case). */
static int64_t parse_mem_size_kb(const char *mem)
{
    char *end;
    int64_t kb = strtoll(mem, &end, 10);

    if ( end == mem || kb < 0 )
        return -1;
    if ( end[0] && end[1] )
        return -1;
    switch ( end[0] )
    {
    case 't':
    case 'T':
        kb <<= 10;
        /* fall through */
    case 'g':
    case 'G':
        kb <<= 10;
        /* fall through */
    case '\0':
    case 'm':
    case 'M':
        kb <<= 10;
        /* fall through */
    case 'k':
    case 'K':
        break;
    case 'b':
    case 'B':
        kb >>= 10;
        break;
    default:
        return -1;
    }
    return kb;
}

int main_memset(int argc, char **argv)
{
    int64_t kb;
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "mem-set", 2)
    {
    }
    domid = find_domain(argv[optind]);
    kb = parse_mem_size_kb(argv[optind + 1]);
    if ( kb <= 0 )
    {
        fprintf(stderr, "invalid memory size: %s\n", argv[optind + 1]);
        return XL_EXIT_USAGE;
    }
    rc = libxl_set_memory_target(ctx, domid, kb, false);
    if ( rc )
    {
        fprintf(stderr, "cannot set domid %u dynamic max memory to : %s\n",
                domid, argv[optind + 1]);
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

int main_memmax(int argc, char **argv)
{
    int64_t kb;
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "mem-max", 2)
    {
    }
    domid = find_domain(argv[optind]);
    kb = parse_mem_size_kb(argv[optind + 1]);
    if ( kb <= 0 )
    {
        fprintf(stderr, "invalid memory size: %s\n", argv[optind + 1]);
        return XL_EXIT_USAGE;
    }
    rc = libxl_domain_setmaxmem(ctx, domid, kb);
    if ( rc )
    {
        fprintf(stderr, "cannot set domid %u static max memory to : %s\n",
                domid, argv[optind + 1]);
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}
