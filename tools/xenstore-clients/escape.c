/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * escape.c: how the xenstore tools show and take values that may hold
 * any byte, in the notation Xen's tools use: printable ASCII as itself,
 * backslash, tab, newline and carriage return as \\ \t \n \r, bytes
 * below 8 as three octal digits (\001), any other byte as \xNN.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"

void print_value_escaped(FILE *out, const char *v, unsigned int len)
{
    unsigned int i;

    for ( i = 0; i < len; i++ )
    {
        unsigned char c = v[i];

        if ( c >= ' ' && c <= '~' && c != '\\' )
            fputc(c, out);
        else if ( c == '\\' )
            fputs("\\\\", out);
        else if ( c == '\t' )
            fputs("\\t", out);
        else if ( c == '\n' )
            fputs("\\n", out);
        else if ( c == '\r' )
            fputs("\\r", out);
        else if ( c < 8 )
            fprintf(out, "\\%03o", c);
        else
            fprintf(out, "\\x%02x", c);
    }
}

/* Value of up to max digits of the given base at *p; advances *p. */
static unsigned int take_digits(const char **p, unsigned int base,
                                unsigned int max)
{
    unsigned int v = 0, n;

    for ( n = 0; n < max; n++ )
    {
        char c = **p;
        unsigned int d;

        if ( c >= '0' && c <= '9' )
            d = c - '0';
        else if ( base == 16 && c >= 'a' && c <= 'f' )
            d = c - 'a' + 10;
        else if ( base == 16 && c >= 'A' && c <= 'F' )
            d = c - 'A' + 10;
        else
            break;
        if ( d >= base )
            break;
        v = v * base + d;
        (*p)++;
    }
    return v;
}

unsigned int unescape_value(char *out, const char *in)
{
    char *o = out;

    while ( *in )
    {
        char c = *in++;

        if ( c != '\\' || !*in )
        {
            *o++ = c;
            continue;
        }
        c = *in++;
        switch ( c )
        {
        case 't':
            *o++ = '\t';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'x':
            *o++ = (char)take_digits(&in, 16, 2);
            break;
        case '0' ... '7':
            in--;
            *o++ = (char)take_digits(&in, 8, 3);
            break;
        default: /* \\ and any other escaped character: itself */
            *o++ = c;
            break;
        }
    }
    return o - out;
}
