/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore: the xenstore command-line tools in one program, chosen by
 * the name it is run as (xenstore-read, ...) or by its first argument
 * (xenstore read ...), giving the bytes and exit codes Xen's tools give:
 *  - messages "<tool>: couldn't read path /x" and the like, exit 1 on any
 *    failure and on usage errors, -h prints the usage and exits 0;
 *  - options are read by getopt_long, which moves options found after
 *    operands to the front (so write a value starting with '-' after
 *    "--"); an option a tool does not know is reported and ignored, one
 *    it knows but does not take is a usage error;
 *  - several paths in one call (read, write, rm, exists, list, chmod)
 *    run in one transaction, retried on EAGAIN: all or nothing; a read
 *    or list stops at the first failure, and what was read is printed
 *    after the transaction ends;
 *  - read -R prints the value's bytes only, no newline.
 * xenstore-control is Xen's separate program, here under that name.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "tools.h"

enum mode {
    MODE_unknown,
    MODE_chmod,
    MODE_exists,
    MODE_list,
    MODE_ls,
    MODE_read,
    MODE_rm,
    MODE_write,
    MODE_watch,
};

struct opts {
    bool prefix, tidy, upto, recurse, raw, full;
    int nr_watches; /* -1: no end */
    int depth; /* -1: none */
};

/* What read and list print, held until the transaction has ended. */
static struct {
    char *buf;
    size_t len, size;
} out;

static void output_raw(const char *data, size_t len)
{
    if ( out.len + len > out.size )
    {
        out.size = out.len + len + 1024;
        out.buf = realloc(out.buf, out.size);
        if ( !out.buf )
            err(1, "malloc");
    }
    memcpy(out.buf + out.len, data, len);
    out.len += len;
}

static void output(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void output(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if ( n < 0 )
        err(1, "output");
    output_raw(s, n);
    free(s);
}

static void usage(int rc, enum mode mode, bool with_mode, const char *prog)
    __attribute__((noreturn));

static void usage(int rc, enum mode mode, bool with_mode, const char *prog)
{
    static const struct {
        const char *name, *args;
    } text[] = {
        [MODE_read] = { "read ", "[-h] [-p] [-R] key [...]" },
        [MODE_write] = { "write ", "[-h] [-R] key value [...]" },
        [MODE_rm] = { "rm ", "[-h] [-t] key [...]" },
        [MODE_exists] = { "exists ", "[-h] key" },
        [MODE_list] = { "list ", "[-h] [-p] key [...]" },
        [MODE_ls] = { "ls ", "[-h] [-f] [-p] [path]" },
        [MODE_chmod] = { "chmod ", "[-h] [-u] [-r] key <mode [modes...]>" },
        [MODE_watch] = { "watch ", "[-h] [-n NR] key" },
    };

    if ( mode == MODE_unknown )
        errx(rc, "Usage: %s <mode> [-h] [...]", prog);
    errx(rc, "Usage: %s %s%s", prog, with_mode ? text[mode].name : "",
         text[mode].args);
}

static enum mode lookup_mode(const char *m)
{
    static const char *const names[] = {
        [MODE_chmod] = "chmod", [MODE_exists] = "exists", [MODE_list] = "list",
        [MODE_ls] = "ls",       [MODE_read] = "read",     [MODE_rm] = "rm",
        [MODE_write] = "write", [MODE_watch] = "watch",
    };
    unsigned int i;

    for ( i = MODE_chmod; i <= MODE_watch; i++ )
        if ( !strcmp(m, names[i]) )
            return i;
    errx(1, "unknown mode %s\n", m);
}

/* ---- the modes, one path (or path and value) at a time ---- */

static int do_read(struct xs_handle *h, xs_transaction_t t, const char *path,
                   const struct opts *o)
{
    unsigned int len;
    char *val = xs_read(h, t, path, &len), *shown;

    if ( !val )
    {
        warnx("couldn't read path %s", path);
        return 1;
    }
    if ( o->prefix )
        output("%s: ", path);
    if ( o->raw )
        output_raw(val, len);
    else
    {
        shown = escape_value(val, len);
        output("%s\n", shown);
        free(shown);
    }
    free(val);
    return 0;
}

static int do_write(struct xs_handle *h, xs_transaction_t t, const char *path,
                    const char *spec, const struct opts *o)
{
    unsigned int len = strlen(spec);
    char *val = o->raw ? strdup(spec) : malloc(len + 1);
    bool ok;

    if ( !val )
        err(1, "malloc");
    if ( !o->raw )
        len = unescape_value(val, spec);
    ok = xs_write(h, t, path, val, len);
    free(val);
    if ( !ok )
    {
        warnx("could not write path %s", path);
        return 1;
    }
    return 0;
}

static int rm_one(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    if ( xs_rm(h, t, path) )
        return 0;
    warnx("could not remove path %s", path);
    return 1;
}

/* -t: then each parent left with no value and no children, upwards. */
static int do_rm(struct xs_handle *h, xs_transaction_t t, const char *path,
                 const struct opts *o)
{
    char *p, *slash;
    int rc = 0;

    if ( !o->tidy )
        return rm_one(h, t, path);
    if ( !(p = strdup(path)) )
        return 1;
    while ( !(rc = rm_one(h, t, p)) && (slash = strrchr(p, '/')) )
    {
        unsigned int len, num;
        char *val, **list = NULL;

        *slash = '\0';
        val = xs_read(h, t, p, &len);
        if ( val && !len )
            list = xs_directory(h, t, p, &num);
        free(val);
        free(list);
        if ( !list || num )
            break;
    }
    free(p);
    return rc;
}

static int do_list(struct xs_handle *h, xs_transaction_t t, const char *path,
                   const struct opts *o)
{
    unsigned int num, i;
    char **list = xs_directory(h, t, path, &num);
    const char *pref = strcmp(path, "/") ? path : "";

    if ( !list )
    {
        warnx("could not list path %s", path);
        return 1;
    }
    for ( i = 0; i < num; i++ )
        if ( o->prefix )
            output("%s/%s\n", pref, list[i]);
        else
            output("%s\n", list[i]);
    free(list);
    return 0;
}

static void chmod_path(struct xs_handle *h, xs_transaction_t t, char *path,
                       struct xs_permissions *perms, int n, bool upto,
                       bool recurse)
{
    unsigned int num, i;
    char **list;

    if ( !path[0] )
        return;
    if ( !xs_set_permissions(h, t, path, perms, n) )
        err(1, "Error occurred setting permissions on '%s'", path);
    if ( upto )
    {
        char *sep = strrchr(path, '/');

        if ( !sep )
            errx(1, "Unable to locate path separator '%c' in '%s'", '/', path);
        *sep = '\0';
        chmod_path(h, t, path, perms, n, true, false);
        *sep = '/';
    }
    if ( !recurse || !(list = xs_directory(h, t, path, &num)) )
        return;
    for ( i = 0; i < num; i++ )
    {
        char *child;

        /* "path/name" even under "/", as Xen's tool writes it. */
        if ( asprintf(&child, "%s/%s", path, list[i]) < 0 )
            err(1, "malloc");
        chmod_path(h, t, child, perms, n, false, true);
        free(child);
    }
    free(list);
}

/* PATH PERM...: each PERM a letter (n r w b) and a domain id. */
static int do_chmod(struct xs_handle *h, xs_transaction_t t, char **args, int n,
                    const struct opts *o)
{
    struct xs_permissions *perms = calloc(n > 1 ? n - 1 : 1, sizeof(*perms));
    int i;

    if ( !perms )
        err(1, "malloc");
    for ( i = 1; i < n; i++ )
    {
        perms[i - 1].id = atoi(args[i] + 1);
        switch ( args[i][0] )
        {
        case 'n':
            perms[i - 1].perms = XS_PERM_NONE;
            break;
        case 'r':
            perms[i - 1].perms = XS_PERM_READ;
            break;
        case 'w':
            perms[i - 1].perms = XS_PERM_WRITE;
            break;
        case 'b':
            perms[i - 1].perms = XS_PERM_READ | XS_PERM_WRITE;
            break;
        default:
            errx(1, "Invalid permission specification: '%c'", args[i][0]);
        }
    }
    chmod_path(h, t, args[0], perms, n - 1, o->upto, o->recurse);
    free(perms);
    return 0;
}

static int do_watch(struct xs_handle *h, char **paths, int n,
                    const struct opts *o)
{
    int i, count;

    for ( i = 0; i < n; i++ )
    {
        if ( o->depth < 0 && !xs_watch(h, paths[i], paths[i]) )
            errx(1, "Unable to add watch on %s\n", paths[i]);
        if ( o->depth >= 0 && !xs_watch_depth(h, paths[i], paths[i], o->depth) )
            errx(1, "Unable to add watch on %s with depth %d\n", paths[i],
                 o->depth);
    }
    for ( count = 0; o->nr_watches == -1 || count < o->nr_watches; count++ )
    {
        unsigned int num;
        char **vec = xs_read_watch(h, &num);

        if ( !vec )
            err(1, "xs_read_watch");
        printf("%s\n", vec[XS_WATCH_PATH]);
        fflush(stdout);
        free(vec);
    }
    return 0;
}

/* The operands of one run; 1 at the first failure. */
static int perform(enum mode mode, char **args, int n, struct xs_handle *h,
                   xs_transaction_t t, const struct opts *o)
{
    int i, rc = 0;

    switch ( mode )
    {
    case MODE_ls:
        ls_paths(h, args, n, o->full, o->prefix);
        return 0;
    case MODE_watch:
        return do_watch(h, args, n, o);
    case MODE_chmod:
        return do_chmod(h, t, args, n, o);
    default:
        break;
    }
    for ( i = 0; i < n && !rc; i++ )
        switch ( mode )
        {
        case MODE_read:
            rc = do_read(h, t, args[i], o);
            break;
        case MODE_write:
            rc = do_write(h, t, args[i], args[i + 1], o);
            i++;
            break;
        case MODE_rm:
            rc = do_rm(h, t, args[i], o);
            break;
        case MODE_exists:
        {
            char *val = xs_read(h, t, args[i], NULL);

            rc = !val;
            free(val);
            break;
        }
        case MODE_list:
            rc = do_list(h, t, args[i], o);
            break;
        default:
            errx(1, "invalid mode %d", mode);
        }
    return rc;
}

/* getopt over the tool's arguments; the options a mode does not take. */
static void parse_options(enum mode mode, int argc, char **argv, bool with_mode,
                          const char *prog, struct opts *o)
{
    static const struct option longopts[] = {
        { "help", 0, 0, 'h' },   { "flat", 0, 0, 'f' },
        { "prefix", 0, 0, 'p' }, { "tidy", 0, 0, 't' },
        { "upto", 0, 0, 'u' },   { "recurse", 0, 0, 'r' },
        { "number", 1, 0, 'n' }, { "raw", 0, 0, 'R' },
        { "depth", 1, 0, 'd' },  { 0, 0, 0, 0 },
    };
    int c;

    while ( (c = getopt_long(argc, argv, "hfspturn:Rd:", longopts, NULL)) !=
            -1 )
    {
        bool ok = true;

        switch ( c )
        {
        case 'h':
            usage(0, mode, with_mode, prog);
        case 'f':
            ok = mode == MODE_ls;
            o->full = true;
            break;
        case 'p':
            ok = mode == MODE_read || mode == MODE_list || mode == MODE_ls;
            o->prefix = true;
            break;
        case 't':
            ok = mode == MODE_rm;
            o->tidy = true;
            break;
        case 'u':
            ok = mode == MODE_chmod;
            o->upto = true;
            break;
        case 'r':
            ok = mode == MODE_chmod;
            o->recurse = true;
            break;
        case 'n':
            ok = mode == MODE_watch;
            o->nr_watches = atoi(optarg);
            break;
        case 'R':
            ok = mode == MODE_read || mode == MODE_write;
            o->raw = true;
            break;
        case 'd':
            ok = mode == MODE_watch;
            o->depth = atoi(optarg);
            break;
        default: /* -s, and what getopt already reported */
            break;
        }
        if ( !ok )
            usage(1, mode, with_mode, prog);
    }
}

int main(int argc, char **argv)
{
    const char *base =
        strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    struct opts o = { .nr_watches = -1, .depth = -1 };
    const char *command = base;
    int shift = 0, ret, left;
    struct xs_handle *h;
    xs_transaction_t t = XBT_NULL;
    bool transaction;
    enum mode mode;
    char **args;

    if ( !strcmp(base, "xenstore-control") )
        return control_main(argc, argv);
    if ( !strncmp(base, "xenstore-", 9) )
        command = base + 9;
    else if ( argc < 2 )
        usage(1, MODE_unknown, false, argv[0]);
    else
        command = argv[shift = 1];
    mode = lookup_mode(command);
    parse_options(mode, argc - shift, argv + shift, shift, argv[0], &o);
    args = argv + shift + optind;
    left = argc - shift - optind;
    if ( (mode == MODE_write && left % 2) || (mode != MODE_ls && !left) )
        usage(1, mode, shift, argv[0]);

    transaction = mode == MODE_read    ? left > 1
                  : mode == MODE_write ? left > 2
                                       : mode != MODE_ls && mode != MODE_watch;
    h = xs_open(0);
    if ( !h )
        err(1, "xs_open");
    for ( ;; )
    {
        if ( transaction && (t = xs_transaction_start(h)) == XBT_NULL )
            errx(1, "couldn't start transaction");
        ret = perform(mode, args, left, h, t, &o);
        if ( !transaction || xs_transaction_end(h, t, ret) )
            break;
        if ( ret || errno != EAGAIN )
            errx(1, "couldn't end transaction");
        out.len = 0; /* run it again */
    }
    if ( out.len )
        fwrite(out.buf, 1, out.len, stdout);
    free(out.buf);
    xs_close(h);
    return ret;
}
