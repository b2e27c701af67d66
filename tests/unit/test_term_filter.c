/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_term_filter: what a guest's console output becomes on the way to
 * a terminal (tools/misc/term_filter.c): text, UTF-8, \n, \r and \t pass;
 * C0 controls and DEL are shown in caret notation; C1 controls, broken,
 * overlong and surrogate UTF-8 become U+FFFD (or '?' on a terminal that
 * is not UTF-8); sequences split across calls are joined; random input
 * never yields a control byte or more than TERM_FILTER_OUT_MAX bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/misc/term_filter.h"
#include "cunit_main.h"

#define FFFD "\xef\xbf\xbd"

/* in, filtered in one call plus the finish, compared with want. */
static void expect(bool utf8, const char *in, size_t len, const char *want)
{
    struct term_filter f;
    char out[TERM_FILTER_OUT_MAX(256)];
    size_t n;

    CU_ASSERT_FATAL(len <= 256);
    term_filter_init(&f, utf8);
    n = term_filter_write(&f, in, len, out);
    n += term_filter_finish(&f, out + n);
    CU_ASSERT_EQUAL(n, strlen(want));
    CU_ASSERT(n == strlen(want) && !memcmp(out, want, n));
    if ( n != strlen(want) || memcmp(out, want, n) )
        fprintf(stderr, "\n  filtered to '%.*s', expected '%s'\n", (int)n, out,
                want);
}

#define EXPECT(utf8, in, want) expect(utf8, in, sizeof(in) - 1, want)

static void test_text_passes(void)
{
    EXPECT(true, "hello, world\n", "hello, world\n");
    EXPECT(true, "a\tb\r\n", "a\tb\r\n");
    EXPECT(false, " ~!@#$%^&*()_+{}|:\"<>?", " ~!@#$%^&*()_+{}|:\"<>?");
}

static void test_c0_and_del_in_caret_notation(void)
{
    EXPECT(true, "\033[2J", "^[[2J");
    EXPECT(true, "\033]0;owned\007", "^[]0;owned^G");
    EXPECT(true, "hidden\b\bx", "hidden^H^Hx");
    EXPECT(true, "del \177", "del ^?");
    EXPECT(false, "\001\037", "^A^_");
    expect(true, "a\0b", 3, "a^@b");
}

static void test_utf8_passes(void)
{
    EXPECT(true, "caf\xc3\xa9", "caf\xc3\xa9");
    EXPECT(true, "\xe2\x82\xac 5", "\xe2\x82\xac 5"); /* euro */
    EXPECT(true, "\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!"); /* emoji */
    EXPECT(true, "\xc2\xa0nbsp", "\xc2\xa0nbsp"); /* U+00A0 */
    EXPECT(true, "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"); /* U+10FFFF */
}

static void test_c1_controls_replaced(void)
{
    EXPECT(true,
           "\xc2\x9b"
           "2J",
           FFFD "2J"); /* U+009B: CSI */
    EXPECT(true, "\xc2\x80\xc2\x9f", FFFD FFFD);
    EXPECT(true,
           "\x9b"
           "2J",
           FFFD "2J"); /* 8-bit CSI */
    EXPECT(false,
           "\x9b"
           "2J",
           "?2J");
}

static void test_malformed_utf8_replaced(void)
{
    EXPECT(true, "\xe2\x28\xa1", FFFD "(" FFFD); /* bad continuation */
    EXPECT(true, "\xc0\xaf", FFFD FFFD); /* overlong '/' */
    EXPECT(true, "\xc1\x9b", FFFD FFFD); /* overlong ESC... */
    EXPECT(true, "\xe0\x80\x9b", FFFD FFFD FFFD); /* ... and CSI */
    EXPECT(true, "\xed\xa0\x80", FFFD FFFD FFFD); /* surrogate */
    EXPECT(true, "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* > U+10FFFF */
    EXPECT(true, "\xf5\xff", FFFD FFFD);
    EXPECT(true, "ab\xe2\x82", "ab" FFFD); /* cut off at the end */
    EXPECT(true, "\xe2\x82\033", FFFD "^[");
}

static void test_not_utf8_terminal(void)
{
    EXPECT(false, "caf\xc3\xa9", "caf??");
    EXPECT(false, "\xe2\x82\xac", "???");
}

static void test_split_across_calls(void)
{
    struct term_filter f;
    char out[64];
    size_t n;

    term_filter_init(&f, true);
    n = term_filter_write(&f, "caf\xc3", 4, out);
    CU_ASSERT_EQUAL(n, 3);
    n += term_filter_write(&f, "\xa9!", 2, out + n);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT(!memcmp(out, "caf\xc3\xa9!", 6));

    /* A C1 control split in two is still caught. */
    n = term_filter_write(&f, "\xc2", 1, out);
    n += term_filter_write(&f, "\x9b", 1, out + n);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT(!memcmp(out, FFFD, 3));

    /* A 4-byte character one byte per call. */
    n = 0;
    n += term_filter_write(&f, "\xf0", 1, out + n);
    n += term_filter_write(&f, "\x9f", 1, out + n);
    n += term_filter_write(&f, "\x98", 1, out + n);
    CU_ASSERT_EQUAL(n, 0);
    n += term_filter_write(&f, "\x80", 1, out + n);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_EQUAL(term_filter_finish(&f, out), 0);
}

/* Does out hold a control byte, C1 included, or malformed UTF-8? */
static bool unsafe(const unsigned char *out, size_t n, bool utf8)
{
    size_t i = 0;

    while ( i < n )
    {
        unsigned char c = out[i];
        size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

        if ( (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f )
            return true;
        if ( c >= 0x80 && (!utf8 || c < 0xc2 || c > 0xf4 || i + len > n) )
            return true;
        if ( c == 0xc2 && out[i + 1] < 0xa0 )
            return true; /* U+0080..U+009F */
        for ( size_t k = 1; k < len; k++ )
            if ( (out[i + k] & 0xc0) != 0x80 )
                return true;
        i += len;
    }
    return false;
}

static void test_random_input_is_safe(void)
{
    static unsigned char in[4096];
    static char out[TERM_FILTER_OUT_MAX(sizeof(in)) + 3];
    unsigned int round, i;

    srand(8);
    for ( round = 0; round < 200; round++ )
    {
        bool utf8 = round & 1;
        struct term_filter f;
        size_t n = 0, chunk;

        for ( i = 0; i < sizeof(in); i++ )
            in[i] = round % 4 < 2 ? rand() : 0x80 + rand() % 0x80;
        term_filter_init(&f, utf8);
        for ( i = 0; i < sizeof(in); i += chunk )
        {
            chunk = 1 + rand() % 64;
            if ( chunk > sizeof(in) - i )
                chunk = sizeof(in) - i;
            size_t m = term_filter_write(&f, (char *)in + i, chunk, out + n);

            CU_ASSERT(m <= TERM_FILTER_OUT_MAX(chunk));
            n += m;
        }
        n += term_filter_finish(&f, out + n);
        CU_ASSERT(n <= TERM_FILTER_OUT_MAX(sizeof(in)));
        CU_ASSERT(!unsafe((unsigned char *)out, n, utf8));
    }
}

static void test_utf8_locale(void)
{
    CU_ASSERT(term_filter_locale_is_utf8("C.UTF-8"));
    CU_ASSERT(term_filter_locale_is_utf8("en_GB.utf8"));
    CU_ASSERT(!term_filter_locale_is_utf8("C"));
    CU_ASSERT(!term_filter_locale_is_utf8("POSIX"));
    CU_ASSERT(!term_filter_locale_is_utf8(NULL));
}

static const struct unit_case cases[] = {
    { "text, \\n, \\r and \\t pass", test_text_passes },
    { "C0 controls and DEL in caret notation",
      test_c0_and_del_in_caret_notation },
    { "UTF-8 passes", test_utf8_passes },
    { "C1 controls become U+FFFD", test_c1_controls_replaced },
    { "malformed UTF-8 becomes U+FFFD", test_malformed_utf8_replaced },
    { "a terminal that is not UTF-8 gets ASCII", test_not_utf8_terminal },
    { "sequences split across calls", test_split_across_calls },
    { "random input is safe and bounded", test_random_input_is_safe },
    { "UTF-8 locale names", test_utf8_locale },
};

UNIT_MAIN("term_filter", cases)
