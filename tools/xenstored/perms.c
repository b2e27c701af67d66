/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perms.c: permission lists, as strings on the wire ("b0", "r5", ...)
 * and as what one domain may do. The first entry names the owner, who
 * may do everything, and is what domains not listed get. Entries naming
 * a domain that did not exist when they were set are kept (GET_PERMS
 * shows them, as Xen's does) but grant nothing: a domain created later
 * with that id must not inherit them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static int perm_bits(char c)
{
    switch ( c )
    {
    case 'n':
        return XS_PERM_NONE;
    case 'r':
        return XS_PERM_READ;
    case 'w':
        return XS_PERM_WRITE;
    case 'b':
        return XS_PERM_BOTH;
    default:
        return -1;
    }
}

/* A letter then a number in C notation (strtol base 0), as Xen reads it. */
static int parse_one(const char *s, struct xs_perm *p)
{
    int bits = perm_bits(s[0]);
    char *end;

    if ( bits < 0 || !s[1] )
        return -EINVAL;
    p->domid = (unsigned int)strtol(s + 1, &end, 0);
    if ( *end )
        return -EINVAL;
    p->perms = bits;
    return 0;
}

int perms_parse(const char *strings, unsigned int len, struct xs_perm **out,
                unsigned int *n)
{
    struct xs_perm *p;
    unsigned int count = 0, off, i;

    for ( off = 0; off < len; off++ )
        count += strings[off] == '\0';
    if ( !count )
        return -EINVAL;
    p = calloc(count, sizeof(*p));
    if ( !p )
        return -ENOMEM;
    for ( i = 0, off = 0; i < count; i++, off += strlen(strings + off) + 1 )
        if ( parse_one(strings + off, &p[i]) )
        {
            free(p);
            return -EINVAL;
        }
    *out = p;
    *n = count;
    return 0;
}

unsigned int perms_format(const struct xs_perm *p, unsigned int n, char *buf,
                          unsigned int size)
{
    static const char chars[] = "nrwb";
    unsigned int i, used = 0;

    for ( i = 0; i < n; i++ )
    {
        int w = snprintf(buf + used, size - used, "%c%d",
                         chars[p[i].perms & XS_PERM_BOTH], (int)p[i].domid);

        if ( w < 0 || (unsigned int)w + 1 > size - used )
            break;
        used += w + 1; /* keep the NUL */
    }
    return used;
}

unsigned int perms_for(const struct xs_perm *p, unsigned int n,
                       unsigned int domid)
{
    unsigned int i;

    if ( p[0].domid == domid )
        return XS_PERM_BOTH; /* the owner */
    for ( i = 1; i < n; i++ )
        if ( !(p[i].perms & XS_PERM_IGNORE) && p[i].domid == domid )
            return p[i].perms & XS_PERM_BOTH;
    return p[0].perms & XS_PERM_BOTH;
}

void perms_mark_missing(struct xs_perm *p, unsigned int n)
{
    unsigned int i;

    for ( i = 1; i < n; i++ )
        if ( !domain_exists(p[i].domid) )
            p[i].perms |= XS_PERM_IGNORE;
}
