/* SPDX-License-Identifier: GPL-2.0-only */
/* escape.h: values with any byte, shown and taken as Xen's tools do. */
#ifndef XENSTORE_CLIENTS_ESCAPE_H
#define XENSTORE_CLIENTS_ESCAPE_H

/* The value in Xen's notation (malloc'd, NUL-terminated). */
char *escape_value(const char *v, unsigned int len);
/* Decode in into out (at most strlen(in) bytes); returns the length. */
unsigned int unescape_value(char *out, const char *in);

#endif
