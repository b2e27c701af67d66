/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_cfg_lex.c: the tokens of xl.cfg(5), with Xen's lexical rules.
 * Identifiers are lower case ([a-z][_0-9a-z]*), numbers start with a
 * digit and run on over [0-9a-fx] (kept as text: decimal, 0octal, 0xhex
 * are told apart where a number is read), "double" and 'single' quoted strings (both with C-style
 * backslash escapes, as Xen's lexer has them), = += [ ] , ; and newlines;
 * a # starts a comment that runs to the end of the line. Anything else is
 * a lexical error that names the character.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

void xlu__lex_init(struct xlu_lexer *lx, const char *text, size_t len,
                   int first_line)
{
    lx->p = text;
    lx->end = text + len;
    lx->line = first_line;
}

const char *xlu__token_name(enum xlu_token_kind kind)
{
    switch ( kind )
    {
    case XLU_TOK_EOF:
        return "end of file";
    case XLU_TOK_ERROR:
        return "error";
    case XLU_TOK_NEWLINE:
        return "end of line";
    case XLU_TOK_IDENT:
        return "name";
    case XLU_TOK_NUMBER:
        return "number";
    case XLU_TOK_STRING:
        return "string";
    case XLU_TOK_ASSIGN:
        return "`='";
    case XLU_TOK_APPEND:
        return "`+='";
    case XLU_TOK_LBRACKET:
        return "`['";
    case XLU_TOK_RBRACKET:
        return "`]'";
    case XLU_TOK_COMMA:
        return "`,'";
    case XLU_TOK_SEMICOLON:
        return "`;'";
    }
    return "?";
}

static void error_token(struct xlu_token *tok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void error_token(struct xlu_token *tok, const char *fmt, ...)
{
    va_list ap;

    free(tok->text);
    tok->kind = XLU_TOK_ERROR;
    va_start(ap, fmt);
    if ( vasprintf(&tok->text, fmt, ap) < 0 )
        tok->text = NULL;
    va_end(ap);
}

static bool is_ident_start(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || isdigit((unsigned char)c) || c == '_';
}

static bool is_number_char(char c)
{
    return isdigit((unsigned char)c) || (c >= 'a' && c <= 'f') || c == 'x';
}

/* A run of characters [start, p) as a new token of kind. */
static void word_token(struct xlu_token *tok, enum xlu_token_kind kind,
                       const char *start, const char *p)
{
    tok->kind = kind;
    tok->text = strndup(start, p - start);
    if ( !tok->text )
        error_token(tok, "out of memory");
}

/* \x: exactly two hex digits; \0-\7: one to three octal digits. */
static int numeric_escape(const char **pp, const char *end, int *out)
{
    const char *p = *pp;
    int v = 0, n = 0;

    if ( *p == 'x' )
    {
        for ( p++; n < 2 && p < end && isxdigit((unsigned char)*p); n++, p++ )
            v = v * 16 + (isdigit((unsigned char)*p)
                              ? *p - '0'
                              : tolower((unsigned char)*p) - 'a' + 10);
        if ( n != 2 )
            return -1;
    }
    else
    {
        for ( ; n < 3 && p < end && *p >= '0' && *p <= '7'; n++, p++ )
            v = v * 8 + (*p - '0');
        if ( v > 255 )
            return -1;
    }
    *pp = p;
    *out = v;
    return 0;
}

static const char simple_escapes[] = "\"\"''\\\\a\ab\bf\fn\nr\rt\tv\v";

/* After the opening quote: the string up to the matching quote. */
static void string_token(struct xlu_lexer *lx, struct xlu_token *tok)
{
    char quote = *lx->p++;
    const char *p = lx->p, *e;
    char *out = malloc(lx->end - p + 1), *q = out;
    int c;

    if ( !out )
    {
        error_token(tok, "out of memory");
        return;
    }
    tok->kind = XLU_TOK_STRING;
    tok->text = out;
    for ( ;; )
    {
        if ( p == lx->end || *p == '\n' )
        {
            error_token(tok, "unterminated string (a string ends on its line)");
            break;
        }
        if ( *p == quote )
        {
            p++;
            *q = '\0';
            break;
        }
        if ( *p != '\\' )
        {
            if ( !*p )
            {
                error_token(tok, "NUL character in string");
                break;
            }
            *q++ = *p++;
            continue;
        }
        p++;
        if ( p == lx->end || *p == '\n' )
            continue; /* reported as unterminated on the next turn */
        for ( e = simple_escapes; *e && *e != *p; e += 2 )
            ;
        if ( *e )
        {
            *q++ = e[1];
            p++;
            continue;
        }
        if ( (*p != 'x' && (*p < '0' || *p > '7')) ||
             numeric_escape(&p, lx->end, &c) )
        {
            error_token(tok, "invalid escape `\\%c' in string", *p);
            break;
        }
        if ( !c )
        {
            error_token(tok, "NUL character in string");
            break;
        }
        *q++ = c;
    }
    lx->p = p;
}

void xlu__lex_next(struct xlu_lexer *lx, struct xlu_token *tok)
{
    const char *start;
    char c;

    tok->text = NULL;
    /* Blanks (a \r of a DOS line end too), then a comment to the newline. */
    while ( lx->p < lx->end &&
            (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r') )
        lx->p++;
    if ( lx->p < lx->end && *lx->p == '#' )
        while ( lx->p < lx->end && *lx->p != '\n' )
            lx->p++;
    tok->line = lx->line;
    if ( lx->p >= lx->end )
    {
        tok->kind = XLU_TOK_EOF;
        return;
    }
    start = lx->p;
    c = *lx->p++;
    switch ( c )
    {
    case '\n':
        lx->line++;
        tok->kind = XLU_TOK_NEWLINE;
        return;
    case '=':
        tok->kind = XLU_TOK_ASSIGN;
        return;
    case '[':
        tok->kind = XLU_TOK_LBRACKET;
        return;
    case ']':
        tok->kind = XLU_TOK_RBRACKET;
        return;
    case ',':
        tok->kind = XLU_TOK_COMMA;
        return;
    case ';':
        tok->kind = XLU_TOK_SEMICOLON;
        return;
    case '+':
        if ( lx->p < lx->end && *lx->p == '=' )
        {
            lx->p++;
            tok->kind = XLU_TOK_APPEND;
            return;
        }
        break;
    case '"':
    case '\'':
        lx->p--;
        string_token(lx, tok);
        return;
    default:
        break;
    }
    if ( is_ident_start(c) )
    {
        while ( lx->p < lx->end && is_ident_char(*lx->p) )
            lx->p++;
        word_token(tok, XLU_TOK_IDENT, start, lx->p);
        return;
    }
    if ( isdigit((unsigned char)c) )
    {
        while ( lx->p < lx->end && is_number_char(*lx->p) )
            lx->p++;
        word_token(tok, XLU_TOK_NUMBER, start, lx->p);
        return;
    }
    /* Xen's hint: these usually mean a Python-era config. */
    if ( isupper((unsigned char)c) || c == '_' )
        error_token(tok,
                    "unexpected `%c' (names are lower case and numbers "
                    "carry no unit)",
                    c);
    else if ( strchr("+-.():", c) )
        error_token(tok,
                    "unexpected `%c' (xl.cfg is not Python: values are "
                    "numbers, \"strings\" and [lists])",
                    c);
    else if ( isprint((unsigned char)c) )
        error_token(tok, "unexpected `%c'", c);
    else
        error_token(tok, "unexpected byte 0x%02x", (unsigned char)c);
}
