/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * addr.c: IPv4 addresses in text: dotted quads ("10.0.0.2") and
 * addresses with a prefix length ("10.0.0.2/24"), as the guest's
 * command line gives them.
 */
#include "net_internal.h"

/* One decimal byte; *s moves past it. */
static int parse_byte(const char **s, unsigned int max, unsigned int *out)
{
    unsigned int v = 0, digits = 0;

    while ( **s >= '0' && **s <= '9' )
    {
        v = v * 10 + (unsigned int)(**s - '0');
        (*s)++;
        if ( ++digits > 3 || v > max )
            return -NET_EINVAL;
    }
    if ( !digits )
        return -NET_EINVAL;
    *out = v;
    return 0;
}

static int parse_quad(const char **s, uint32_t *addr)
{
    uint32_t a = 0;
    unsigned int i, b;

    for ( i = 0; i < 4; i++ )
    {
        if ( i && *(*s)++ != '.' )
            return -NET_EINVAL;
        if ( parse_byte(s, 255, &b) )
            return -NET_EINVAL;
        a = a << 8 | b;
    }
    *addr = a;
    return 0;
}

int net_parse_ip4(const char *s, uint32_t *addr)
{
    if ( !s || parse_quad(&s, addr) || *s )
        return -NET_EINVAL;
    return 0;
}

int net_parse_cidr(const char *s, uint32_t *addr, uint32_t *netmask)
{
    unsigned int prefix = 24;

    if ( !s || parse_quad(&s, addr) )
        return -NET_EINVAL;
    if ( *s == '/' )
    {
        s++;
        if ( parse_byte(&s, 32, &prefix) )
            return -NET_EINVAL;
    }
    if ( *s )
        return -NET_EINVAL;
    *netmask = prefix ? ~0U << (32 - prefix) : 0;
    return 0;
}

char *net_format_ip4(uint32_t addr, char *buf, size_t len)
{
    char tmp[16];
    unsigned int i, n = 0;

    for ( i = 0; i < 4; i++ )
    {
        unsigned int b = (addr >> (24 - 8 * i)) & 0xff;

        if ( i )
            tmp[n++] = '.';
        if ( b >= 100 )
            tmp[n++] = (char)('0' + b / 100);
        if ( b >= 10 )
            tmp[n++] = (char)('0' + b / 10 % 10);
        tmp[n++] = (char)('0' + b % 10);
    }
    tmp[n] = '\0';
    if ( len )
    {
        size_t copy = n < len - 1 ? n : len - 1;

        memcpy(buf, tmp, copy);
        buf[copy] = '\0';
    }
    return buf;
}
