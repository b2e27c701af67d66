/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_utils.c: helpers of every subcommand: option parsing with Xen's
 * messages and exit codes, domain lookup, libxl errors as exit codes,
 * and CPU sets in Xen's notation.
 */
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "xl.h"

int def_getopt(int argc, char *const argv[], const char *optstring,
               const struct option *longopts, const char *helpstr,
               int reqargs)
{
    static const struct option def_options[] = { COMMON_LONG_OPTS };
    int opt;

    if ( !longopts )
        longopts = def_options;
    opterr = 0;
    while ( (opt = getopt_long(argc, argv, optstring, longopts, NULL)) ==
            '?' )
    {
        if ( optopt == 'h' )
        {
            help(helpstr);
            exit(XL_EXIT_OK);
        }
        if ( optopt )
            fprintf(stderr, "option `%c' not supported.\n", optopt);
        else
            fprintf(stderr, "option `%s' not supported.\n", argv[optind - 1]);
        exit(XL_EXIT_USAGE);
    }
    if ( opt == 'h' )
    {
        help(helpstr);
        exit(XL_EXIT_OK);
    }
    if ( opt != -1 )
        return opt;
    if ( argc - optind <= reqargs - 1 )
    {
        fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n",
                helpstr, reqargs, reqargs > 1 ? "s" : "");
        help(helpstr);
        exit(XL_EXIT_USAGE);
    }
    return -1;
}

int exit_code_of(int rc)
{
    switch ( rc )
    {
    case 0:
        return XL_EXIT_OK;
    case ERROR_DOMAIN_NOTFOUND:
        return XL_EXIT_NO_DOMAIN;
    case ERROR_NO_HYPERVISOR:
    case ERROR_NO_XENSTORE:
        return XL_EXIT_UNREACHABLE;
    default:
        return XL_EXIT_FAIL;
    }
}

void fail_rc(int rc, const char *what)
{
    fprintf(stderr, "%s: %s\n", what, libxl_strerror(rc));
    exit(exit_code_of(rc));
}

uint32_t find_domain(const char *p)
{
    uint32_t domid;
    int rc = libxl_domain_qualifier_to_domid(ctx, p, &domid);

    if ( rc == ERROR_NO_HYPERVISOR || rc == ERROR_NO_XENSTORE )
        fail_rc(rc, "xl");
    if ( rc )
    {
        fprintf(stderr, "%s is an invalid domain identifier (rc=%d)\n", p, rc);
        exit(XL_EXIT_NO_DOMAIN);
    }
    return domid;
}

void print_bitmap(const struct libxl_bitmap *map, int nr_bits, FILE *f)
{
    int i, first = -1;
    bool any = false, all = nr_bits > 0;

    for ( i = 0; i < nr_bits; i++ )
        if ( !(map->map[i / 64] & (1ULL << (i % 64))) )
            all = false;
    if ( all )
    {
        fputs("all", f);
        return;
    }
    /* Ranges of set bits, "0-3,5". */
    for ( i = 0; i <= nr_bits; i++ )
    {
        bool set = i < nr_bits && (map->map[i / 64] & (1ULL << (i % 64)));

        if ( set && first < 0 )
            first = i;
        if ( !set && first >= 0 )
        {
            fprintf(f, "%s%d", any ? "," : "", first);
            if ( i - 1 > first )
                fprintf(f, "-%d", i - 1);
            any = true;
            first = -1;
        }
    }
    if ( !any )
        fputs("none", f);
}

int parse_cpurange(const char *s, struct libxl_bitmap *map)
{
    char err[256];

    if ( xlu_cpumap_parse(s, map, err, sizeof(err)) )
    {
        fprintf(stderr, "Invalid CPU set '%s': %s\n", s, err);
        return -1;
    }
    return 0;
}

void parse_format(const char *arg, bool *json)
{
    if ( !strcmp(arg, "json") )
        *json = true;
    else if ( !strcmp(arg, "text") || !strcmp(arg, "plain") )
        *json = false;
    else
    {
        fprintf(stderr, "unknown output format '%s' (json or text)\n", arg);
        exit(XL_EXIT_USAGE);
    }
}

char *join_args(int argc, char **argv, char sep)
{
    size_t len = 1, used = 0;
    char *s;
    int i;

    for ( i = 0; i < argc; i++ )
        len += strlen(argv[i]) + 1;
    s = calloc(1, len);
    for ( i = 0; s && i < argc; i++ )
    {
        if ( i )
            s[used++] = sep;
        memcpy(s + used, argv[i], strlen(argv[i]));
        used += strlen(argv[i]);
    }
    return s;
}
