/* SPDX-License-Identifier: GPL-2.0-only */
/* string.c: memory and string functions, and number parsing. */
#include <mini-os/lib.h>

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;

    while ( n-- )
        *p++ = (unsigned char)c;
    return s;
}

/*
 * rep movsb: as fast as the CPU's best copy for large blocks (ERMS) and
 * several times a byte loop's speed; block drivers copy whole pages.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;

    asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d < s )
        return memcpy(dst, src, n);
    while ( n-- )
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
        if ( *a != *b || !*a )
            return (unsigned char)*a - (unsigned char)*b;
    return 0;
}

int strcmp(const char *a, const char *b)
{
    return strncmp(a, b, (size_t)-1);
}

char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i;

    for ( i = 0; i < n && src[i]; i++ )
        dst[i] = src[i];
    for ( ; i < n; i++ )
        dst[i] = '\0';
    return dst;
}

char *strchr(const char *s, int c)
{
    for ( ; *s; s++ )
        if ( *s == (char)c )
            return (char *)s;
    return c ? NULL : (char *)s;
}

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *hay; hay++ )
        if ( !strncmp(hay, needle, n) )
            return (char *)hay;
    return n ? NULL : (char *)hay;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    unsigned long v = 0;

    if ( (base == 0 || base == 16) && s[0] == '0' && (s[1] | 0x20) == 'x' )
    {
        s += 2;
        base = 16;
    }
    if ( !base )
        base = 10;
    for ( ;; s++ )
    {
        int d;

        if ( *s >= '0' && *s <= '9' )
            d = *s - '0';
        else if ( (*s | 0x20) >= 'a' && (*s | 0x20) <= 'z' )
            d = (*s | 0x20) - 'a' + 10;
        else
            break;
        if ( d >= base )
            break;
        v = v * base + d;
    }
    if ( end )
        *end = (char *)s;
    return v;
}

int atoi(const char *s)
{
    int neg = *s == '-';

    return neg ? -(int)strtoul(s + 1, NULL, 10) : (int)strtoul(s, NULL, 10);
}

char kernel_cmdline[1024];

bool cmdline_get(const char *key, char *buf, size_t len)
{
    size_t klen = strlen(key);
    const char *p = kernel_cmdline;

    while ( *p )
    {
        while ( *p == ' ' )
            p++;
        if ( !strncmp(p, key, klen) && p[klen] == '=' )
        {
            size_t i = 0;

            p += klen + 1;
            while ( p[i] && p[i] != ' ' && i + 1 < len )
            {
                buf[i] = p[i];
                i++;
            }
            buf[i] = '\0';
            return true;
        }
        while ( *p && *p != ' ' )
            p++;
    }
    return false;
}
