/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_cpumap.c: CPU sets as xl.cfg's cpus= and cpus_soft= write them
 * ("all", "0-3,5,^1", "nodes:0,^2"), and back. Items apply left to
 * right to an empty set: N or N-M adds CPUs, ^ removes them, node:/nodes:
 * names whole NUMA nodes. This host has one NUMA node (node 0, every
 * pCPU), so only node 0 exists here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

static char *trim(char *s)
{
    char *e;

    while ( isspace((unsigned char)*s) )
        s++;
    e = s + strlen(s);
    while ( e > s && isspace((unsigned char)e[-1]) )
        *--e = '\0';
    return s;
}

/* "N" or "N-M" with N <= M, both below max. */
static int parse_range(const char *s, unsigned long long max,
                       unsigned long long *a, unsigned long long *b)
{
    char first[24];
    const char *dash = strchr(s, '-');
    size_t n = dash ? (size_t)(dash - s) : strlen(s);

    if ( n >= sizeof(first) )
        return -1;
    memcpy(first, s, n);
    first[n] = '\0';
    if ( !xlu__parse_ulong(first, 10, max, a) )
        return -1;
    *b = *a;
    if ( dash && (!xlu__parse_ulong(dash + 1, 10, max, b) || *b < *a) )
        return -1;
    return 0;
}

static void apply(struct libxl_bitmap *m, unsigned int bit, bool remove)
{
    if ( remove )
        libxl_bitmap_reset(m, bit);
    else
        libxl_bitmap_set(m, bit);
}

static int apply_item(char *item, struct libxl_bitmap *m, char *err,
                      size_t errlen)
{
    bool remove = false, nodes = false;
    unsigned long long a, b, i;

    item = trim(item);
    if ( *item == '^' )
    {
        remove = true;
        item = trim(item + 1);
    }
    if ( !strncmp(item, "nodes:", 6) || !strncmp(item, "node:", 5) )
    {
        nodes = true;
        item = trim(strchr(item, ':') + 1);
    }
    if ( !strcmp(item, "all") )
    {
        if ( remove )
        {
            xlu__errmsg(err, errlen, "\"^\" and \"all\" cannot be combined");
            return -1;
        }
        libxl_bitmap_set_any(m);
        return 0;
    }
    if ( parse_range(item, ~0ULL, &a, &b) )
    {
        xlu__errmsg(err, errlen, "invalid %s range `%s'",
                    nodes ? "node" : "pCPU", item);
        return -1;
    }
    if ( nodes )
    {
        if ( b > 0 )
        {
            xlu__errmsg(err, errlen,
                        "no NUMA node %llu (this host has one: node 0)", b);
            return -1;
        }
        for ( i = 0; i < LIBXL_BITMAP_BITS; i++ )
            apply(m, i, remove);
        return 0;
    }
    if ( b >= LIBXL_BITMAP_BITS )
    {
        xlu__errmsg(err, errlen, "pCPU %llu is beyond the %d supported", b,
                    LIBXL_BITMAP_BITS);
        return -1;
    }
    for ( i = a; i <= b; i++ )
        apply(m, i, remove);
    return 0;
}

int xlu_cpumap_parse(const char *s, struct libxl_bitmap *m, char *err,
                     size_t errlen)
{
    char *copy = strdup(s ? s : ""), *item, *save = NULL;
    int rc = 0;

    if ( !copy )
    {
        xlu__errmsg(err, errlen, "out of memory");
        return -1;
    }
    libxl_bitmap_set_none(m);
    if ( !*trim(copy) )
    {
        xlu__errmsg(err, errlen, "empty CPU list");
        rc = -1;
    }
    for ( item = strtok_r(copy, ",", &save); item && !rc;
          item = strtok_r(NULL, ",", &save) )
        rc = apply_item(item, m, err, errlen);
    if ( !rc && libxl_bitmap_is_empty(m) )
    {
        xlu__errmsg(err, errlen, "`%s' selects no pCPU", s);
        rc = -1;
    }
    free(copy);
    return rc;
}

int xlu_cpumap_format(const struct libxl_bitmap *m, char *buf, size_t len)
{
    unsigned int i = 0, j;
    size_t used = 0;
    int n;

    if ( !len )
        return -1;
    buf[0] = '\0';
    if ( libxl_bitmap_is_full(m) )
        return snprintf(buf, len, "all") < (int)len ? 0 : -1;
    while ( i < LIBXL_BITMAP_BITS )
    {
        if ( !libxl_bitmap_test(m, i) )
        {
            i++;
            continue;
        }
        for ( j = i; j + 1 < LIBXL_BITMAP_BITS && libxl_bitmap_test(m, j + 1);
              j++ )
            ;
        if ( j == i )
            n = snprintf(buf + used, len - used, "%s%u", used ? "," : "", i);
        else
            n = snprintf(buf + used, len - used, "%s%u-%u", used ? "," : "", i,
                         j);
        if ( n < 0 || (size_t)n >= len - used )
            return -1;
        used += n;
        i = j + 1;
    }
    return 0;
}

char *xlu__cpumap_format_alloc(const struct libxl_bitmap *m)
{
    /* The longest form, every other pCPU: "0,2,4,...,254". */
    char buf[LIBXL_BITMAP_BITS * 4 + 8];

    if ( xlu_cpumap_format(m, buf, sizeof(buf)) )
        return NULL;
    return strdup(buf);
}

int xlu__hard_affinity_canonical(struct libxl_domain_build_info *b)
{
    struct libxl_bitmap *maps = b->vcpu_hard_affinity;
    unsigned int i, n = b->num_vcpu_hard_affinity;
    bool all_full = true;

    if ( !n )
        return 0;
    if ( n < b->max_vcpus )
    {
        maps = realloc(maps, b->max_vcpus * sizeof(*maps));
        if ( !maps )
            return -1;
        for ( i = n; i < b->max_vcpus; i++ )
            maps[i] = b->cpumap;
        b->vcpu_hard_affinity = maps;
        b->num_vcpu_hard_affinity = n = b->max_vcpus;
    }
    libxl_bitmap_set_any(&b->cpumap);
    free(b->cpus_text);
    b->cpus_text = NULL;
    for ( i = 0; i < n; i++ )
        all_full = all_full && libxl_bitmap_is_full(&maps[i]);
    if ( all_full )
    {
        free(maps);
        b->vcpu_hard_affinity = NULL;
        b->num_vcpu_hard_affinity = 0;
    }
    return 0;
}
