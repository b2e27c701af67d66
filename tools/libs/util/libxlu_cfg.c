/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_cfg.c: the grammar of xl.cfg(5) over the lexer's tokens, into
 * a list of settings:
 *
 *   file    := { setting | newline | ";" }
 *   setting := NAME ("=" | "+=") value (newline | ";" | end of file)
 *   value   := NUMBER | STRING | "[" {newline} [items] "]"
 *   items   := value {newline} { "," {newline} value {newline} } ["," ...]
 *
 * Newlines may appear anywhere inside a list (line continuation), a
 * trailing comma is allowed, lists nest. As in Xen, the last setting of
 * a name wins, and `+=` appends to the one before it (string to string,
 * list to list). The first error stops the parse; it names the source,
 * the line and the setting being read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

void xlu__errmsg(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;

    if ( !buf || !len )
        return;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

void xlu__error(struct xlu_error *err, const char *file, int line,
                const char *key, const char *fmt, ...)
{
    va_list ap;

    if ( !err )
        return;
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    err->line = line;
    snprintf(err->key, sizeof(err->key), "%s", key ? key : "");
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
}

bool xlu__domain_name_ok(const char *name)
{
    const unsigned char *p;

    for ( p = (const unsigned char *)name; p && *p; p++ )
        if ( *p == '/' || *p < 0x20 || *p == 0x7f )
            return false;
    return name && *name;
}

char *xlu__strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

bool xlu__parse_ulong(const char *s, int base, unsigned long long max,
                      unsigned long long *out)
{
    unsigned long long v;
    char *end;

    /* strtoull would take blanks, signs and "0x" in base 16: refuse them. */
    if ( !s || s[0] < '0' || s[0] > '9' )
        return false;
    errno = 0;
    v = strtoull(s, &end, base);
    if ( errno || *end || v > max )
        return false;
    *out = v;
    return true;
}

void xlu__value_free(struct xlu_value *v)
{
    unsigned int i;

    if ( !v )
        return;
    free(v->atom);
    for ( i = 0; i < v->nitems; i++ )
        xlu__value_free(v->items[i]);
    free(v->items);
    free(v);
}

struct xlu_cfg *xlu__cfg_new(const char *file)
{
    struct xlu_cfg *cfg = calloc(1, sizeof(*cfg));

    if ( !cfg )
        return NULL;
    cfg->file = strdup(file ? file : "");
    if ( !cfg->file )
    {
        free(cfg);
        return NULL;
    }
    return cfg;
}

void xlu__cfg_free(struct xlu_cfg *cfg)
{
    struct xlu_setting *s, *next;

    if ( !cfg )
        return;
    for ( s = cfg->first; s; s = next )
    {
        next = s->next;
        free(s->name);
        xlu__value_free(s->value);
        free(s);
    }
    free(cfg->file);
    free(cfg);
}

static struct xlu_setting *find_latest(struct xlu_cfg *cfg, const char *name)
{
    struct xlu_setting *s, *found = NULL;

    for ( s = cfg->first; s; s = s->next )
        if ( !strcmp(s->name, name) )
            found = s;
    return found;
}

struct xlu_setting *xlu__cfg_find(struct xlu_cfg *cfg, const char *name)
{
    struct xlu_setting *s, *found = find_latest(cfg, name);

    /* Every setting of the name counts as known, not just the winner. */
    for ( s = cfg->first; found && s; s = s->next )
        if ( !strcmp(s->name, name) )
            s->used = true;
    return found;
}

struct parser {
    struct xlu_lexer lx;
    struct xlu_token tok;
    struct xlu_cfg *cfg;
    const char *source;
    const char *key; /* the setting being read, for messages */
    struct xlu_error *err;
    bool failed;
};

static void parse_error(struct parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void parse_error(struct parser *ps, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    if ( ps->failed )
        return;
    ps->failed = true;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    xlu__error(ps->err, ps->source, ps->tok.line, ps->key, "%s", msg);
}

static void advance(struct parser *ps)
{
    free(ps->tok.text);
    xlu__lex_next(&ps->lx, &ps->tok);
    if ( ps->tok.kind == XLU_TOK_ERROR )
        parse_error(ps, "%s", ps->tok.text ? ps->tok.text : "out of memory");
}

/* "near `x'": what the parser was looking at, as Xen's messages say. */
static void unexpected(struct parser *ps, const char *expected)
{
    if ( ps->tok.text && ps->tok.kind == XLU_TOK_IDENT )
        parse_error(ps, "syntax error near `%.40s': expected %s", ps->tok.text,
                    expected);
    else if ( ps->tok.text && ps->tok.kind == XLU_TOK_NUMBER )
        parse_error(ps, "syntax error near `%.40s': expected %s", ps->tok.text,
                    expected);
    else if ( ps->tok.kind == XLU_TOK_STRING )
        parse_error(ps, "syntax error near a string: expected %s", expected);
    else
        parse_error(ps, "syntax error near %s: expected %s",
                    xlu__token_name(ps->tok.kind), expected);
}

static void skip_newlines(struct parser *ps)
{
    while ( !ps->failed && ps->tok.kind == XLU_TOK_NEWLINE )
        advance(ps);
}

static struct xlu_value *new_value(struct parser *ps, enum xlu_value_kind kind)
{
    struct xlu_value *v = calloc(1, sizeof(*v));

    if ( !v )
    {
        parse_error(ps, "out of memory");
        return NULL;
    }
    v->kind = kind;
    v->line = ps->tok.line;
    return v;
}

static bool list_append(struct parser *ps, struct xlu_value *list,
                        struct xlu_value *item)
{
    struct xlu_value **items;

    if ( list->nitems >= XLU_MAX_LIST_ITEMS )
    {
        parse_error(ps, "a list may hold at most %d entries",
                    XLU_MAX_LIST_ITEMS);
        return false;
    }
    items = realloc(list->items, (list->nitems + 1) * sizeof(*items));
    if ( !items )
    {
        parse_error(ps, "out of memory");
        return false;
    }
    list->items = items;
    list->items[list->nitems++] = item;
    return true;
}

static struct xlu_value *parse_value(struct parser *ps, int depth);

/* After `[': items up to the matching `]'. */
static struct xlu_value *parse_list(struct parser *ps, int depth)
{
    struct xlu_value *list = new_value(ps, XLU_LIST), *item;

    if ( !list )
        return NULL;
    if ( depth >= XLU_MAX_LIST_DEPTH )
    {
        parse_error(ps, "lists nested more than %d deep", XLU_MAX_LIST_DEPTH);
        goto fail;
    }
    advance(ps);
    skip_newlines(ps);
    while ( !ps->failed && ps->tok.kind != XLU_TOK_RBRACKET )
    {
        item = parse_value(ps, depth + 1);
        if ( !item )
            goto fail;
        if ( !list_append(ps, list, item) )
        {
            xlu__value_free(item);
            goto fail;
        }
        skip_newlines(ps);
        if ( ps->failed )
            goto fail;
        if ( ps->tok.kind == XLU_TOK_COMMA )
        {
            advance(ps);
            skip_newlines(ps);
        }
        else if ( ps->tok.kind != XLU_TOK_RBRACKET )
            unexpected(ps, "`,' or `]'");
    }
    if ( ps->failed )
        goto fail;
    advance(ps);
    return list;

fail:
    xlu__value_free(list);
    return NULL;
}

static struct xlu_value *parse_value(struct parser *ps, int depth)
{
    struct xlu_value *v;

    if ( ps->failed )
        return NULL;
    switch ( ps->tok.kind )
    {
    case XLU_TOK_NUMBER:
    case XLU_TOK_STRING:
        v = new_value(ps, XLU_ATOM);
        if ( !v )
            return NULL;
        v->atom = ps->tok.text;
        ps->tok.text = NULL;
        advance(ps);
        return v;
    case XLU_TOK_LBRACKET:
        return parse_list(ps, depth);
    default:
        unexpected(ps, "a value (a number, a \"string\" or a [list])");
        return NULL;
    }
}

/* `+=': the earlier value followed by this one, into this one. */
static bool append_to_previous(struct parser *ps, const char *name,
                               struct xlu_value *v)
{
    struct xlu_setting *prev = find_latest(ps->cfg, name);
    struct xlu_value **items;
    char *joined;

    if ( !prev )
        return true;
    if ( prev->value->kind != v->kind )
    {
        parse_error(ps, "`+=' appends a list to a list or a string to a "
                        "string");
        return false;
    }
    if ( v->kind == XLU_ATOM )
    {
        if ( asprintf(&joined, "%s%s", prev->value->atom, v->atom) < 0 )
        {
            parse_error(ps, "out of memory");
            return false;
        }
        free(v->atom);
        v->atom = joined;
        return true;
    }
    if ( prev->value->nitems + v->nitems > XLU_MAX_LIST_ITEMS )
    {
        parse_error(ps, "a list may hold at most %d entries",
                    XLU_MAX_LIST_ITEMS);
        return false;
    }
    items = malloc((prev->value->nitems + v->nitems + 1) * sizeof(*items));
    if ( !items )
    {
        parse_error(ps, "out of memory");
        return false;
    }
    /* The earlier list's items move: only the latest setting is read. */
    /* (An empty list has no items array: memcpy may not see NULL.) */
    if ( prev->value->nitems )
        memcpy(items, prev->value->items, prev->value->nitems * sizeof(*items));
    if ( v->nitems )
        memcpy(items + prev->value->nitems, v->items,
               v->nitems * sizeof(*items));
    v->nitems += prev->value->nitems;
    prev->value->nitems = 0;
    free(v->items);
    v->items = items;
    return true;
}

static void store(struct parser *ps, char *name, struct xlu_value *v, int line,
                  bool appended)
{
    struct xlu_setting *s;

    if ( appended && !append_to_previous(ps, name, v) )
        goto fail;
    s = calloc(1, sizeof(*s));
    if ( !s )
    {
        parse_error(ps, "out of memory");
        goto fail;
    }
    s->name = name;
    s->value = v;
    s->source = ps->source;
    s->line = line;
    s->appended = appended;
    if ( ps->cfg->last )
        ps->cfg->last->next = s;
    else
        ps->cfg->first = s;
    ps->cfg->last = s;
    return;

fail:
    free(name);
    xlu__value_free(v);
}

static void parse_setting(struct parser *ps)
{
    char *name = ps->tok.text;
    struct xlu_value *v;
    bool appended;
    int line = ps->tok.line;

    ps->tok.text = NULL;
    ps->key = name;
    advance(ps);
    if ( ps->failed )
        goto fail;
    if ( ps->tok.kind != XLU_TOK_ASSIGN && ps->tok.kind != XLU_TOK_APPEND )
    {
        unexpected(ps, "`=' or `+='");
        goto fail;
    }
    appended = ps->tok.kind == XLU_TOK_APPEND;
    advance(ps);
    v = parse_value(ps, 0);
    if ( !v )
        goto fail;
    if ( ps->tok.kind != XLU_TOK_NEWLINE && ps->tok.kind != XLU_TOK_SEMICOLON &&
         ps->tok.kind != XLU_TOK_EOF )
    {
        unexpected(ps, "the end of the line or `;'");
        xlu__value_free(v);
        goto fail;
    }
    store(ps, name, v, line, appended);
    ps->key = NULL;
    return;

fail:
    free(name);
    ps->key = NULL;
}

int xlu__cfg_read(struct xlu_cfg *cfg, const char *source, const char *text,
                  size_t len, int first_line, struct xlu_error *err)
{
    struct parser ps = { .cfg = cfg, .source = source, .err = err };

    if ( len > XLU_MAX_CONFIG_BYTES )
    {
        xlu__error(err, source, 0, NULL, "larger than %d bytes",
                   XLU_MAX_CONFIG_BYTES);
        return -1;
    }
    xlu__lex_init(&ps.lx, text, len, first_line);
    advance(&ps);
    while ( !ps.failed && ps.tok.kind != XLU_TOK_EOF )
    {
        if ( ps.tok.kind == XLU_TOK_NEWLINE ||
             ps.tok.kind == XLU_TOK_SEMICOLON )
            advance(&ps);
        else if ( ps.tok.kind == XLU_TOK_IDENT )
            parse_setting(&ps);
        else
            unexpected(&ps, "a setting (name = value)");
    }
    free(ps.tok.text);
    return ps.failed ? -1 : 0;
}
