/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf.c: vsnprintf with the conversions the kernel uses: d i u x X p
 * s c %, the l/ll/z length modifiers, width, zero padding, '-' and '#'.
 */
#include <mini-os/lib.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
                       bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;

    if ( !left )
        while ( fill-- > 0 )
            put(o, pad);
    while ( n-- )
        put(o, *s++);
    if ( left )
        while ( fill-- > 0 )
            put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, bool neg,
                       unsigned int base, bool upper, int width, bool left,
                       char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;

    do
    {
        tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
        v /= base;
    } while ( v );
    if ( neg )
    {
        if ( pad == '0' && width > 0 )
        {
            put(o, '-');
            width--;
        }
        else
            tmp[sizeof(tmp) - 1 - n++] = '-';
    }
    put_padded(o, tmp + sizeof(tmp) - n, n, width, left, pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { .buf = buf, .size = size };

    for ( ; *fmt; fmt++ )
    {
        bool left = false, alt = false;
        char pad = ' ';
        int width = 0, lng = 0;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        for ( ; *fmt == '-' || *fmt == '0' || *fmt == '#'; fmt++ )
        {
            if ( *fmt == '-' )
                left = true;
            else if ( *fmt == '#' )
                alt = true;
            else
                pad = '0';
        }
        while ( *fmt >= '0' && *fmt <= '9' )
            width = width * 10 + (*fmt++ - '0');
        while ( *fmt == 'l' || *fmt == 'z' )
        {
            lng++;
            fmt++;
        }
        switch ( *fmt )
        {
        case 'd':
        case 'i':
        {
            long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);

            put_number(&o,
                       v < 0 ? -(unsigned long long)v : (unsigned long long)v,
                       v < 0, 10, false, width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        {
            unsigned long long v =
                lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);

            if ( alt && *fmt != 'u' )
            {
                put(&o, '0');
                put(&o, 'x');
            }

            put_number(&o, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X', width,
                       left, pad);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, (unsigned long)va_arg(ap, void *), false, 16, false,
                       width, left, pad);
            break;
        case 's':
        {
            const char *s = va_arg(ap, const char *);

            if ( !s )
                s = "(null)";
            put_padded(&o, s, strlen(s), width, left, ' ');
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        default:
            put(&o, '%');
            if ( *fmt )
                put(&o, *fmt);
            else
                fmt--;
            break;
        }
    }
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
