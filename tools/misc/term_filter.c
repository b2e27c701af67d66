/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * term_filter.c: a guest's console output made safe for a terminal
 * (term_filter.h). UTF-8 is checked as strictly as Unicode defines it
 * (no overlong forms, no surrogates, nothing past U+10FFFF): a lenient
 * terminal could otherwise decode an overlong form into a control.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "term_filter.h"

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

void term_filter_init(struct term_filter *f, bool utf8)
{
    memset(f, 0, sizeof(*f));
    f->utf8 = utf8;
}

static size_t put_replacement(const struct term_filter *f, char *out)
{
    if ( !f->utf8 )
    {
        *out = '?';
        return 1;
    }
    memcpy(out, replacement, 3);
    return 3;
}

/* The length of the sequence lead byte c begins, 0 if it begins none. */
static unsigned int sequence_length(unsigned char c)
{
    if ( c >= 0xc2 && c <= 0xdf )
        return 2;
    if ( c >= 0xe0 && c <= 0xef )
        return 3;
    if ( c >= 0xf0 && c <= 0xf4 )
        return 4;
    return 0;
}

/*
 * May c follow the bytes in f->seq? The second byte's range depends on
 * the lead (Unicode's table of well-formed sequences); later ones are
 * any continuation byte.
 */
static bool continues(const struct term_filter *f, unsigned char c)
{
    unsigned char lo = 0x80, hi = 0xbf;

    /* 0xe0, 0xf0: overlong; 0xed: surrogates; 0xf4: past U+10FFFF. */
    if ( f->seq_len == 1 && f->seq[0] == 0xe0 )
        lo = 0xa0;
    else if ( f->seq_len == 1 && f->seq[0] == 0xf0 )
        lo = 0x90;
    else if ( f->seq_len == 1 && f->seq[0] == 0xed )
        hi = 0x9f;
    else if ( f->seq_len == 1 && f->seq[0] == 0xf4 )
        hi = 0x8f;
    return c >= lo && c <= hi;
}

/* A whole sequence: passed on unless it encodes a C1 control. */
static size_t put_sequence(struct term_filter *f, char *out)
{
    size_t n = f->seq_len;

    f->seq_len = 0;
    if ( f->seq[0] == 0xc2 && f->seq[1] < 0xa0 )
        return put_replacement(f, out);
    memcpy(out, f->seq, n);
    return n;
}

/* One byte that is not inside a UTF-8 sequence. */
static size_t put_byte(struct term_filter *f, unsigned char c, char *out)
{
    if ( c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f) )
    {
        *out = c;
        return 1;
    }
    if ( c < 0x20 || c == 0x7f )
    {
        out[0] = '^';
        out[1] = c == 0x7f ? '?' : c + 0x40;
        return 2;
    }
    if ( f->utf8 && (f->seq_need = sequence_length(c)) )
    {
        f->seq[0] = c;
        f->seq_len = 1;
        return 0;
    }
    return put_replacement(f, out);
}

size_t term_filter_write(struct term_filter *f, const char *in, size_t len,
                         char *out)
{
    size_t i, n = 0;

    for ( i = 0; i < len; i++ )
    {
        unsigned char c = in[i];

        if ( f->seq_len && !continues(f, c) )
        {
            /* The sequence broke off: one replacement, then c anew. */
            f->seq_len = 0;
            n += put_replacement(f, out + n);
        }
        if ( !f->seq_len )
        {
            n += put_byte(f, c, out + n);
            continue;
        }
        f->seq[f->seq_len++] = c;
        if ( f->seq_len == f->seq_need )
            n += put_sequence(f, out + n);
    }
    return n;
}

size_t term_filter_finish(struct term_filter *f, char *out)
{
    if ( !f->seq_len )
        return 0;
    f->seq_len = 0;
    return put_replacement(f, out);
}

bool term_filter_locale_is_utf8(const char *name)
{
    const char *dot = name ? strchr(name, '.') : NULL;

    if ( !dot )
        return false;
    dot++;
    return !strncasecmp(dot, "utf-8", 5) || !strncasecmp(dot, "utf8", 4);
}

/* The locale that decides LC_CTYPE: the first of these that is set. */
static const char *ctype_locale(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
    unsigned int i;

    for ( i = 0; i < sizeof(vars) / sizeof(vars[0]); i++ )
    {
        const char *v = getenv(vars[i]);

        if ( v && *v )
            return v;
    }
    return NULL;
}

bool term_filter_wanted(int fd, bool *utf8)
{
    *utf8 = term_filter_locale_is_utf8(ctype_locale());
    return isatty(fd);
}
