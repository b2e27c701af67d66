/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_internal.h: what the parts of libxlutil share. An xl.cfg text
 * is first read into a list of settings (libxlu_cfg.c, with the lexer in
 * libxlu_cfg_lex.c), each a name and a value tree; the mapping
 * (libxlu_cfg_domain.c) then turns the settings it knows into a
 * struct libxl_domain_config. The device specification parsers
 * (libxlu_disk.c, libxlu_vif.c, libxlu_channel.c, libxlu_cpumap.c) work
 * on single strings, so xl's block-attach and network-attach use them too.
 */
#ifndef LIBXLU_INTERNAL_H
#define LIBXLU_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libxlutil.h>

/* Limits that keep hostile input cheap; real configs are far below. */
#define XLU_MAX_CONFIG_BYTES (1024 * 1024)
#define XLU_MAX_LIST_DEPTH 8
#define XLU_MAX_LIST_ITEMS 1024
#define XLU_MAX_VCPUS LIBXL_BITMAP_BITS

/* A value: an atom (string or number, kept as text as Xen does) or list. */
enum xlu_value_kind {
    XLU_ATOM,
    XLU_LIST,
};

struct xlu_value {
    enum xlu_value_kind kind;
    int line;
    char *atom; /* XLU_ATOM */
    struct xlu_value **items; /* XLU_LIST */
    unsigned int nitems;
};

/* One `name = value` (or `name += value`) of the file or command line. */
struct xlu_setting {
    char *name;
    struct xlu_value *value;
    const char *source; /* the file name, or "command line" */
    int line;
    bool appended; /* written with += */
    bool used; /* looked up by the mapping */
    struct xlu_setting *next;
};

struct xlu_cfg {
    char *file; /* name used in messages */
    struct xlu_setting *first, *last; /* in the order written */
};

#define XLU_COMMAND_LINE "command line"

/* libxlu_cfg.c */
struct xlu_cfg *xlu__cfg_new(const char *file);
void xlu__cfg_free(struct xlu_cfg *cfg);
/* Read text (len bytes) as settings from `source`, lines from first_line. */
int xlu__cfg_read(struct xlu_cfg *cfg, const char *source, const char *text,
                  size_t len, int first_line, struct xlu_error *err);
/* The latest setting of name (marked used), or NULL. */
struct xlu_setting *xlu__cfg_find(struct xlu_cfg *cfg, const char *name);
void xlu__value_free(struct xlu_value *v);

/* Error filling: file, line, key and a printf-style message. */
void xlu__error(struct xlu_error *err, const char *file, int line,
                const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void xlu__errmsg(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* libxlu_cfg_lex.c: the tokens of xl.cfg(5). */
enum xlu_token_kind {
    XLU_TOK_EOF,
    XLU_TOK_ERROR, /* text holds the message */
    XLU_TOK_NEWLINE,
    XLU_TOK_IDENT,
    XLU_TOK_NUMBER,
    XLU_TOK_STRING,
    XLU_TOK_ASSIGN, /* = */
    XLU_TOK_APPEND, /* += */
    XLU_TOK_LBRACKET,
    XLU_TOK_RBRACKET,
    XLU_TOK_COMMA,
    XLU_TOK_SEMICOLON,
};

struct xlu_lexer {
    const char *p, *end;
    int line;
};

struct xlu_token {
    enum xlu_token_kind kind;
    int line;
    char *text; /* malloc'd: IDENT, NUMBER, STRING (unquoted), ERROR */
};

void xlu__lex_init(struct xlu_lexer *lx, const char *text, size_t len,
                   int first_line);
/* The next token; the caller frees tok->text. */
void xlu__lex_next(struct xlu_lexer *lx, struct xlu_token *tok);
const char *xlu__token_name(enum xlu_token_kind kind);

/* libxlu_channel.c: one channel= entry; devid is its index. */
int xlu__channel_parse(const char *spec, int devid,
                       struct libxl_device_channel *ch, char *err,
                       size_t errlen);

/* libxlu_cpumap.c */
char *xlu__cpumap_format_alloc(const struct libxl_bitmap *m);
/*
 * One form for per-vCPU hard affinity, whichever front end read it: an
 * entry for every vCPU (those not listed get cpumap, which is then every
 * pCPU), and no list at all when every entry is every pCPU. -1: ENOMEM.
 */
int xlu__hard_affinity_canonical(struct libxl_domain_build_info *b);

/* libxlu_vif.c: rate= as text that parses back to the same numbers. */
int xlu__vif_rate_format(const struct libxl_device_nic *n, char *buf,
                         size_t len);

/* libxlu_print.c helpers shared with the XML printer. */
bool xlu__cmdline_is_root_extra(const struct libxl_domain_build_info *b);
char *xlu__join_root_extra(const char *root, const char *extra);
/* The disk as a key=value specification, target= last (malloc'd). */
char *xlu__disk_format(const struct libxl_device_disk *d);
char *xlu__vif_format(const struct libxl_device_nic *n, unsigned int index);
char *xlu__channel_format(const struct libxl_device_channel *ch);

/* libxlu_file.c: a whole file (at most XLU_MAX_CONFIG_BYTES) in memory. */
int xlu__read_file(const char *path, char **text, size_t *len,
                   struct xlu_error *err);

/* A domain name: not empty, no `/', no control characters (both readers). */
bool xlu__domain_name_ok(const char *name);

/* Small string helpers. */
char *xlu__strdup(const char *s); /* NULL stays NULL; aborts never */
bool xlu__parse_ulong(const char *s, int base, unsigned long long max,
                      unsigned long long *out);

#endif /* LIBXLU_INTERNAL_H */
