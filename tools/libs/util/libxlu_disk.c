/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_disk.c: one disk= specification, xl-disk-configuration(5):
 * comma-separated key=value parameters, flags and positional parameters
 * (target, format, vdev, access in that order), `target=' last taking the
 * rest of the string, and the deprecated forms Xen still reads
 * ("phy:/dev/vg/x,xvda,w", "raw:", "tap:aio:", ",hdc:cdrom,r").
 * Each parameter may be given once; an empty value means the default.
 * Beyond Xen, the vdev is checked here (Xen's libxl checks it later) and
 * the virtio and COLO parameters, which nothing here implements, are
 * errors rather than silently ignored.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

struct disk_parse {
    struct libxl_device_disk *d;
    bool format_set, access_set, had_depr_prefix;
    char *err;
    size_t errlen;
    bool failed;
};

static void disk_err(struct disk_parse *dp, const char *near, const char *msg)
{
    if ( dp->failed )
        return;
    dp->failed = true;
    if ( near )
        xlu__errmsg(dp->err, dp->errlen, "%s near `%s'", msg, near);
    else
        xlu__errmsg(dp->err, dp->errlen, "%s", msg);
}

/* A string parameter: once only, though an empty one may be replaced. */
static void save_string(struct disk_parse *dp, const char *what, char **dst,
                        const char *value)
{
    char msg[64];

    if ( *dst && **dst )
    {
        snprintf(msg, sizeof(msg), "%s given twice", what);
        disk_err(dp, value, msg);
        return;
    }
    free(*dst);
    *dst = strdup(value);
    if ( !*dst )
        disk_err(dp, NULL, "out of memory");
}

static void set_format(struct disk_parse *dp, const char *s)
{
    enum libxl_disk_format f = LIBXL_DISK_FORMAT_RAW;

    if ( *s && (libxl_disk_format_from_string(s, &f) ||
                f == LIBXL_DISK_FORMAT_UNKNOWN) )
    {
        disk_err(dp, s,
                 "unknown value for format (raw, qcow, qcow2, vhd, "
                 "qed, empty)");
        return;
    }
    if ( dp->format_set && dp->d->format != f )
    {
        disk_err(dp, s, "format given twice");
        return;
    }
    dp->format_set = true;
    dp->d->format = f;
}

static void set_access(struct disk_parse *dp, const char *s)
{
    if ( !strcmp(s, "r") || !strcmp(s, "ro") )
        dp->d->readwrite = false;
    else if ( !strcmp(s, "w") || !strcmp(s, "rw") || !*s )
        dp->d->readwrite = true;
    else
        disk_err(dp, s, "unknown value for access (ro, r, rw, w)");
    dp->access_set = true;
}

static void set_backendtype(struct disk_parse *dp, const char *s)
{
    enum libxl_disk_backend b;

    if ( libxl_disk_backend_from_string(s, &b) ||
         b == LIBXL_DISK_BACKEND_UNKNOWN )
    {
        disk_err(dp, s,
                 "unknown value for backendtype (phy, qdisk, "
                 "standalone, tap)");
        return;
    }
    if ( dp->d->backend != LIBXL_DISK_BACKEND_UNKNOWN && dp->d->backend != b )
    {
        disk_err(dp, s, "backendtype given twice");
        return;
    }
    dp->d->backend = b;
}

static void set_devtype(struct disk_parse *dp, const char *s)
{
    if ( !strcmp(s, "cdrom") )
        dp->d->is_cdrom = true;
    else if ( !strcmp(s, "disk") )
        dp->d->is_cdrom = false;
    else
        disk_err(dp, s, "unknown value for devtype (cdrom, disk)");
}

/* Deprecated "hdc:cdrom": the vdev with its devtype; false if no colon. */
static bool vdev_and_devtype(struct disk_parse *dp, char *s)
{
    char *colon = strrchr(s, ':');

    if ( !colon )
        return false;
    *colon++ = '\0';
    save_string(dp, "vdev", &dp->d->vdev, s);
    set_devtype(dp, colon);
    return true;
}

/* "key=value" parameters. */
static void keyword(struct disk_parse *dp, const char *tok, const char *k,
                    const char *v)
{
    if ( !strcmp(k, "format") )
        set_format(dp, v);
    else if ( !strcmp(k, "vdev") )
        save_string(dp, "vdev", &dp->d->vdev, v);
    else if ( !strcmp(k, "access") )
        set_access(dp, v);
    else if ( !strcmp(k, "devtype") )
        set_devtype(dp, v);
    else if ( !strcmp(k, "backend") )
        save_string(dp, "backend", &dp->d->backend_domname, v);
    else if ( !strcmp(k, "backendtype") )
        set_backendtype(dp, v);
    else if ( !strcmp(k, "script") )
        save_string(dp, "script", &dp->d->script, v);
    else if ( !strcmp(k, "specification") )
    {
        if ( strcmp(v, "xen") )
            disk_err(dp, tok, "only specification=xen is supported here");
    }
    else if ( !strcmp(k, "transport") || !strcmp(k, "grant_usage") )
        disk_err(dp, tok, "virtio disks are not supported here");
    else if ( !strncmp(k, "colo-", 5) || !strcmp(k, "active-disk") ||
              !strcmp(k, "hidden-disk") )
        disk_err(dp, tok, "COLO is not supported here");
    else
        disk_err(dp, tok, "unknown parameter");
}

/* Flags without a value; false if tok is none of them. */
static bool flag(struct disk_parse *dp, const char *tok)
{
    if ( !strcmp(tok, "cdrom") )
        dp->d->is_cdrom = true;
    else if ( !strcmp(tok, "direct-io-safe") )
        dp->d->direct_io_safe = true;
    else if ( !strcmp(tok, "discard") )
        dp->d->discard_enable = LIBXL_DEFBOOL_TRUE;
    else if ( !strcmp(tok, "no-discard") )
        dp->d->discard_enable = LIBXL_DEFBOOL_FALSE;
    else if ( !strcmp(tok, "trusted") )
        dp->d->trusted = LIBXL_DEFBOOL_TRUE;
    else if ( !strcmp(tok, "untrusted") )
        dp->d->trusted = LIBXL_DEFBOOL_FALSE;
    else if ( !strcmp(tok, "colo") || !strcmp(tok, "no-colo") )
        disk_err(dp, tok, "COLO is not supported here");
    else
        return false;
    return true;
}

/* Deprecated prefixes ("phy:", "raw:", "iscsi:") at the start of a token. */
static const char *strip_prefixes(struct disk_parse *dp, const char *tok)
{
    static const char *const ignored[] = { "tapdisk:", "tap2:", "tap:", "aio:",
                                           "ioemu:",   "file:", "phy:" };
    static const char *const formats[] = { "raw:", "qcow:", "qcow2:", "vhd:" };
    static const char *const scripts[] = { "iscsi:", "nbd:", "enbd:", "drbd:" };
    char buf[32];
    size_t i, n;
    bool again = true;

    while ( again && !dp->failed )
    {
        again = false;
        for ( i = 0; i < sizeof(ignored) / sizeof(ignored[0]) && !again; i++ )
            if ( !strncmp(tok, ignored[i], strlen(ignored[i])) )
            {
                tok += strlen(ignored[i]);
                again = true;
            }
        for ( i = 0; i < sizeof(formats) / sizeof(formats[0]) && !again; i++ )
            if ( !strncmp(tok, formats[i], strlen(formats[i])) )
            {
                n = strlen(formats[i]) - 1;
                snprintf(buf, sizeof(buf), "%.*s", (int)n, tok);
                set_format(dp, buf);
                tok += n + 1;
                again = true;
            }
        for ( i = 0; i < sizeof(scripts) / sizeof(scripts[0]) && !again; i++ )
            if ( !strncmp(tok, scripts[i], strlen(scripts[i])) )
            {
                n = strlen(scripts[i]) - 1;
                snprintf(buf, sizeof(buf), "block-%.*s", (int)n, tok);
                save_string(dp, "script", &dp->d->script, buf);
                tok += n + 1;
                again = true;
            }
        if ( again )
            dp->had_depr_prefix = true;
    }
    /* Another "word:" not followed by a word character is a typo. */
    for ( n = 0; islower((unsigned char)tok[n]) ||
                 (n && isdigit((unsigned char)tok[n]));
          n++ )
        ;
    if ( n && tok[n] == ':' && !isalnum((unsigned char)tok[n + 1]) )
        disk_err(dp, tok, "unknown deprecated disk prefix");
    return tok;
}

/* target, format, vdev, access, in that order (format skipped after a
 * deprecated prefix, as in the old syntax). */
static void positional(struct disk_parse *dp, char *tok)
{
    struct libxl_device_disk *d = dp->d;

    if ( !d->pdev_path )
        save_string(dp, "target", &d->pdev_path, tok);
    else if ( !dp->had_depr_prefix && !dp->format_set )
    {
        if ( !*d->pdev_path && vdev_and_devtype(dp, tok) )
        {
            dp->format_set = true;
            d->format = LIBXL_DISK_FORMAT_EMPTY;
        }
        else
            set_format(dp, tok);
    }
    else if ( !d->vdev )
    {
        if ( !vdev_and_devtype(dp, tok) )
            save_string(dp, "vdev", &d->vdev, tok);
    }
    else if ( !dp->access_set )
        set_access(dp, tok);
    else
        disk_err(dp, tok, "too many positional parameters");
}

static bool is_keyword_shape(const char *tok, size_t keylen)
{
    size_t i;

    if ( !keylen || !islower((unsigned char)tok[0]) )
        return false;
    for ( i = 1; i < keylen; i++ )
        if ( !islower((unsigned char)tok[i]) &&
             !isdigit((unsigned char)tok[i]) && tok[i] != '-' && tok[i] != '_' )
            return false;
    return true;
}

static void one_token(struct disk_parse *dp, char *tok)
{
    char *eq = strchr(tok, '='), key[32];
    const char *rest;

    if ( eq )
    {
        if ( !is_keyword_shape(tok, eq - tok) )
            disk_err(dp, tok, "bad disk syntax");
        else if ( (size_t)(eq - tok) >= sizeof(key) )
            disk_err(dp, tok, "unknown parameter");
        else
        {
            snprintf(key, sizeof(key), "%.*s", (int)(eq - tok), tok);
            keyword(dp, tok, key, eq + 1);
        }
        return;
    }
    if ( flag(dp, tok) )
        return;
    rest = strip_prefixes(dp, tok);
    if ( !dp->failed )
        positional(dp, (char *)rest);
}

/* vdevs libxl can number: xvd/hd/sd + letters [+ partition], d<N>[p<M>]. */
static bool vdev_valid(const char *v)
{
    size_t n = 0;

    if ( !strncmp(v, "xvd", 3) )
        v += 3;
    else if ( !strncmp(v, "hd", 2) || !strncmp(v, "sd", 2) )
        v += 2;
    else if ( v[0] == 'd' && isdigit((unsigned char)v[1]) )
    {
        for ( v++; isdigit((unsigned char)*v); v++ )
            ;
        if ( *v == 'p' && isdigit((unsigned char)v[1]) )
            for ( v++; isdigit((unsigned char)*v); v++ )
                ;
        return !*v;
    }
    else
        return false;
    for ( ; islower((unsigned char)*v); v++ )
        n++;
    if ( !n || n > 4 )
        return false;
    for ( ; isdigit((unsigned char)*v); v++ )
        ;
    return !*v;
}

static void finish(struct disk_parse *dp)
{
    struct libxl_device_disk *d = dp->d;

    if ( dp->failed )
        return;
    if ( !dp->format_set )
        d->format = LIBXL_DISK_FORMAT_RAW;
    /* An empty target, script= or backend= is the default. */
    if ( d->pdev_path && !*d->pdev_path )
    {
        free(d->pdev_path);
        d->pdev_path = NULL;
    }
    if ( d->script && !*d->script )
    {
        free(d->script);
        d->script = NULL;
    }
    if ( d->backend_domname && !*d->backend_domname )
    {
        free(d->backend_domname);
        d->backend_domname = NULL;
    }
    if ( d->is_cdrom )
    {
        d->removable = true;
        d->readwrite = false;
        if ( !d->pdev_path )
            d->format = LIBXL_DISK_FORMAT_EMPTY;
    }
    if ( !d->vdev || !*d->vdev )
        disk_err(dp, NULL, "no vdev given (e.g. vdev=xvda)");
    else if ( !vdev_valid(d->vdev) )
        disk_err(dp, d->vdev, "invalid vdev (xvda, hdc, sdb1, d0p1, ...)");
    else if ( !d->pdev_path && !d->is_cdrom )
        disk_err(dp, NULL, "no target given (only a cdrom may be empty)");
    else if ( d->format == LIBXL_DISK_FORMAT_EMPTY && d->pdev_path )
        disk_err(dp, d->pdev_path, "format=empty with a target");
    else if ( d->format == LIBXL_DISK_FORMAT_EMPTY && !d->is_cdrom )
        disk_err(dp, NULL, "format=empty is for cdroms only");
}

int xlu_disk_parse(const char *spec, struct libxl_device_disk *d, char *err,
                   size_t errlen)
{
    struct disk_parse dp = { .d = d, .err = err, .errlen = errlen };
    char *copy = strdup(spec ? spec : ""), *p, *comma;

    libxl_device_disk_init(d);
    if ( !copy )
    {
        xlu__errmsg(err, errlen, "out of memory");
        return -1;
    }
    p = copy;
    while ( !dp.failed )
    {
        while ( *p == ' ' || *p == '\t' || *p == '\n' )
            p++;
        if ( !*p )
            break;
        /* target= swallows the rest, commas and trailing blanks included. */
        if ( !strncmp(p, "target=", 7) )
        {
            save_string(&dp, "target", &d->pdev_path, p + 7);
            break;
        }
        comma = strchr(p, ',');
        if ( comma )
            *comma = '\0';
        one_token(&dp, p);
        if ( !comma )
            break;
        p = comma + 1;
    }
    finish(&dp);
    free(copy);
    if ( dp.failed )
    {
        libxl_device_disk_dispose(d);
        return -1;
    }
    return 0;
}

char *xlu__disk_format(const struct libxl_device_disk *d)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    const char *access = d->readwrite ? "rw" : "ro";

    if ( !f )
        return NULL;
    fprintf(f, "format=%s, vdev=%s, access=%s",
            libxl_disk_format_to_string(d->format), d->vdev, access);
    if ( d->is_cdrom )
        fprintf(f, ", devtype=cdrom");
    if ( d->backend != LIBXL_DISK_BACKEND_UNKNOWN )
        fprintf(f, ", backendtype=%s",
                libxl_disk_backend_to_string(d->backend));
    if ( d->backend_domname )
        fprintf(f, ", backend=%s", d->backend_domname);
    if ( d->script )
        fprintf(f, ", script=%s", d->script);
    if ( d->direct_io_safe )
        fprintf(f, ", direct-io-safe");
    if ( d->discard_enable != LIBXL_DEFBOOL_DEFAULT )
        fprintf(f, d->discard_enable == LIBXL_DEFBOOL_TRUE ? ", discard"
                                                           : ", no-discard");
    if ( d->trusted != LIBXL_DEFBOOL_DEFAULT )
        fprintf(f,
                d->trusted == LIBXL_DEFBOOL_TRUE ? ", trusted" : ", untrusted");
    if ( d->pdev_path )
        fprintf(f, ", target=%s", d->pdev_path);
    if ( fclose(f) )
    {
        free(out);
        return NULL;
    }
    return out;
}
