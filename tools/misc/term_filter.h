/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * term_filter.h: makes a guest's console output safe to show on a
 * terminal. A guest may write anything to its console; on the way to an
 * administrator's terminal, escape and other control sequences would let
 * it retitle the window, clear the screen, hide text or, with some
 * terminals, answer back as if typed. So only text, \n, \r and \t pass:
 * C0 controls and DEL are shown in caret notation (ESC as "^["), and C1
 * controls and malformed UTF-8 become U+FFFD (or '?' when the terminal is
 * not UTF-8). Used by xen-run and `xl console` when their output is a
 * terminal; files and pipes get the console byte for byte.
 */
#ifndef TERM_FILTER_H
#define TERM_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* The most bytes term_filter_write or term_filter_finish give for len. */
#define TERM_FILTER_OUT_MAX(len) (3 * (size_t)(len) + 3)

/* One output stream's state: a UTF-8 sequence may span two writes. */
struct term_filter {
    bool utf8; /* the terminal decodes UTF-8 */
    unsigned char seq[4]; /* a UTF-8 sequence begun, not yet whole */
    unsigned int seq_len; /* bytes in seq */
    unsigned int seq_need; /* bytes the whole sequence has */
};

void term_filter_init(struct term_filter *f, bool utf8);

/*
 * Filter len bytes of in into out, which has room for
 * TERM_FILTER_OUT_MAX(len) bytes; returns the bytes written. The end of
 * an unfinished UTF-8 sequence is awaited in the next call.
 */
size_t term_filter_write(struct term_filter *f, const char *in, size_t len,
                         char *out);

/* At the end of the stream: an unfinished sequence becomes U+FFFD. */
size_t term_filter_finish(struct term_filter *f, char *out);

/* Does this locale name (LC_ALL, LC_CTYPE or LANG) say UTF-8? */
bool term_filter_locale_is_utf8(const char *name);

/*
 * Should output to fd be filtered (it is a terminal)? Sets *utf8 from
 * the environment's locale.
 */
bool term_filter_wanted(int fd, bool *utf8);

#endif /* TERM_FILTER_H */
