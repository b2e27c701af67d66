/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * escape.c: how the xenstore tools show and take values that may hold
 * any byte, in the notation Xen's tools use: printable ASCII as itself,
 * backslash, tab, newline and carriage return as \\ \t \n \r, bytes
 * below 8 as three octal digits (\001), any other byte as \xNN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

char *escape_value(const char *v, unsigned int len)
{
    char *out = malloc((size_t)len * 4 + 1), *o = out;
    unsigned int i;

    if ( !out )
        return NULL;
    for ( i = 0; i < len; i++ )
    {
        unsigned char c = v[i];

        if ( c >= ' ' && c <= '~' && c != '\\' )
            *o++ = c;
        else if ( c == '\\' || c == '\t' || c == '\n' || c == '\r' )
        {
            *o++ = '\\';
            *o++ = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        }
        else
            o += sprintf(o, c < 8 ? "\\%03o" : "\\x%02x", c);
    }
    *o = '\0';
    return out;
}

/*
 * After a backslash: t n r \\ as usual; x and up to two hex digits, or
 * an octal digit and up to two more, as scanf's %2x and %3o read them
 * (so "\\x" with no hex digit is an "x", and sign and blanks count as
 * scanf counts them); any other character stands for itself; a
 * backslash ending the value becomes a NUL byte, as with Xen's tools.
 */
static unsigned int unescape_one(const char **in)
{
    const char *p = *in;
    unsigned int c = (unsigned char)*p++;
    int n = 0;

    switch ( c )
    {
    case 't':
        c = '\t';
        break;
    case 'n':
        c = '\n';
        break;
    case 'r':
        c = '\r';
        break;
    case 'x':
        if ( sscanf(p, "%2x%n", &c, &n) < 1 )
            c = 'x';
        p += n;
        break;
    case '0' ... '7':
        p--;
        sscanf(p, "%3o%n", &c, &n);
        p += n;
        break;
    case '\0':
        p--;
        break;
    default:
        break;
    }
    *in = p;
    return c;
}

unsigned int unescape_value(char *out, const char *in)
{
    char *o = out;
    unsigned int c;

    while ( (c = (unsigned char)*in++) )
    {
        if ( c == '\\' )
            c = unescape_one(&in);
        *o++ = (char)c;
    }
    return o - out;
}
