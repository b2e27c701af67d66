/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore: the xenstore command-line tools in one program, chosen by
 * the name it is run as (xenstore-read, ...) or by its first argument
 * (xenstore read ...). Exit status: 0 success, 1 failure, 2 usage.
 * Every tool takes -s (talk to the daemon's socket: the only way here).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "escape.h"

#define MAX_PERMS 64

struct command {
    const char *name;
    int (*fn)(struct xs_handle *h, int argc, char **argv);
    const char *usage;
};

static int usage(const char *name, const char *text)
{
    fprintf(stderr, "usage: %s %s\n", name, text);
    return 2;
}

/* The options a tool was given: set[c] for each flag, n for -n COUNT. */
struct opts {
    bool set[128];
    long n;
};

/*
 * getopt over letters (plus -s, accepted by every tool as on Xen), then
 * a check that between min and max operands follow (max < 0: any).
 * Returns the index of the first operand, or -1 after a usage message.
 */
static int get_opts(int argc, char **argv, const char *letters,
                    const char *text, int min, int max, struct opts *o)
{
    char spec[32];
    int c;

    /* '+': options only before the first operand (values may start '-'). */
    snprintf(spec, sizeof(spec), "+s%s", letters);
    memset(o, 0, sizeof(*o));
    optind = 1;
    while ( (c = getopt(argc, argv, spec)) != -1 )
    {
        if ( c == '?' || c == ':' || c < 0 || c >= 128 )
            goto bad;
        o->set[c] = true;
        if ( c == 'n' )
            o->n = strtol(optarg, NULL, 10);
    }
    if ( argc - optind < min || (max >= 0 && argc - optind > max) )
        goto bad;
    return optind;
bad:
    usage(argv[0], text);
    return -1;
}

#define READ_USAGE "[-p] [-R] PATH..."

static int cmd_read(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "pR", READ_USAGE, 1, -1, &o), rc = 0;

    if ( i < 0 )
        return 2;
    for ( ; i < argc; i++ )
    {
        unsigned int len;
        char *v = xs_read(h, XBT_NULL, argv[i], &len);

        if ( !v )
        {
            fprintf(stderr, "couldn't read path %s\n", argv[i]);
            rc = 1;
            continue;
        }
        if ( o.set['p'] )
            printf("%s: ", argv[i]);
        if ( o.set['R'] )
            fwrite(v, 1, len, stdout);
        else
            print_value_escaped(stdout, v, len);
        putchar('\n');
        free(v);
    }
    return rc;
}

#define WRITE_USAGE "[-R] PATH VALUE [PATH VALUE]..."

/* Values are unescaped (\\, \n, \xNN, \ooo...) unless -R. */
static int cmd_write(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "R", WRITE_USAGE, 2, -1, &o);

    if ( i < 0 )
        return 2;
    if ( (argc - i) % 2 )
        return usage(argv[0], WRITE_USAGE);
    for ( ; i < argc; i += 2 )
    {
        char *value = argv[i + 1];
        unsigned int len = strlen(value);
        bool ok;

        if ( !o.set['R'] )
        {
            value = malloc(len + 1);
            if ( !value )
                return 1;
            len = unescape_value(value, argv[i + 1]);
        }
        ok = xs_write(h, XBT_NULL, argv[i], value, len);
        if ( value != argv[i + 1] )
            free(value);
        if ( !ok )
        {
            fprintf(stderr, "could not write path %s: %s\n", argv[i],
                    strerror(errno));
            return 1;
        }
    }
    return 0;
}

/* -t: also remove the parents that this leaves empty. */
static int rm_empty_parents(struct xs_handle *h, const char *path)
{
    char *p = strdup(path), *slash;

    while ( p && (slash = strrchr(p, '/')) && slash != p )
    {
        unsigned int n;
        char **names;

        *slash = '\0';
        names = xs_directory(h, XBT_NULL, p, &n);
        free(names);
        if ( !names || n || !xs_rm(h, XBT_NULL, p) )
            break;
    }
    free(p);
    return 0;
}

#define RM_USAGE "[-t] PATH..."

static int cmd_rm(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "t", RM_USAGE, 1, -1, &o);

    if ( i < 0 )
        return 2;
    for ( ; i < argc; i++ )
    {
        if ( !xs_rm(h, XBT_NULL, argv[i]) )
        {
            fprintf(stderr, "could not remove path %s: %s\n", argv[i],
                    strerror(errno));
            return 1;
        }
        if ( o.set['t'] )
            rm_empty_parents(h, argv[i]);
    }
    return 0;
}

static int cmd_exists(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "", "PATH...", 1, -1, &o);
    unsigned int len;
    char *v;

    if ( i < 0 )
        return 2;
    for ( ; i < argc; i++ )
    {
        v = xs_read(h, XBT_NULL, argv[i], &len);
        if ( !v && errno != EACCES )
            return 1;
        free(v);
    }
    return 0;
}

/* -p: each child as a full path. */
static int cmd_list(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "p", "[-p] PATH", 1, 1, &o);
    unsigned int n, k;
    char **names;

    if ( i < 0 )
        return 2;
    names = xs_directory(h, XBT_NULL, argv[i], &n);
    if ( !names )
    {
        fprintf(stderr, "couldn't list path %s\n", argv[i]);
        return 1;
    }
    for ( k = 0; k < n; k++ )
        if ( o.set['p'] )
            printf("%s%s%s\n", argv[i], strcmp(argv[i], "/") ? "/" : "",
                   names[k]);
        else
            printf("%s\n", names[k]);
    free(names);
    return 0;
}

static void print_perms(struct xs_handle *h, const char *path)
{
    unsigned int n, i;
    struct xs_permissions *p = xs_get_permissions(h, XBT_NULL, path, &n);
    char buf[32];

    printf("  (");
    for ( i = 0; p && i < n; i++ )
        if ( xs_perm_to_string(&p[i], buf, sizeof(buf)) )
            printf("%s%s", i ? "," : "", buf);
    printf(")");
    free(p);
}

static int ls_tree(struct xs_handle *h, const char *path, int depth, bool full,
                   bool perms)
{
    unsigned int n, i;
    char **names = xs_directory(h, XBT_NULL, path, &n);

    if ( !names )
        return -1;
    for ( i = 0; i < n; i++ )
    {
        char child[4096];
        unsigned int len = 0;
        char *v;

        snprintf(child, sizeof(child), "%s%s%s", path,
                 strcmp(path, "/") ? "/" : "", names[i]);
        v = xs_read(h, XBT_NULL, child, &len);
        if ( full )
            printf("%s = \"", child);
        else
            printf("%*s%s = \"", depth, "", names[i]);
        if ( v )
            print_value_escaped(stdout, v, len);
        printf("\"");
        if ( perms )
            print_perms(h, child);
        printf("\n");
        free(v);
        ls_tree(h, child, depth + 1, full, perms);
    }
    free(names);
    return 0;
}

static int cmd_ls(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "fp", "[-f] [-p] [PATH]", 0, 1, &o);
    const char *path;

    if ( i < 0 )
        return 2;
    path = i < argc ? argv[i] : "/";
    if ( ls_tree(h, path, 0, o.set['f'], o.set['p']) )
    {
        fprintf(stderr, "couldn't list path %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static int chmod_one(struct xs_handle *h, const char *path,
                     struct xs_permissions *p, unsigned int n, bool recurse)
{
    unsigned int nc, i;
    char **names;

    if ( !xs_set_permissions(h, XBT_NULL, path, p, n) )
    {
        fprintf(stderr, "could not set permissions of %s: %s\n", path,
                strerror(errno));
        return 1;
    }
    if ( !recurse || !(names = xs_directory(h, XBT_NULL, path, &nc)) )
        return 0;
    for ( i = 0; i < nc; i++ )
    {
        char child[4096];

        snprintf(child, sizeof(child), "%s%s%s", path,
                 strcmp(path, "/") ? "/" : "", names[i]);
        if ( chmod_one(h, child, p, n, true) )
        {
            free(names);
            return 1;
        }
    }
    free(names);
    return 0;
}

static int cmd_chmod(struct xs_handle *h, int argc, char **argv)
{
    struct xs_permissions p[MAX_PERMS];
    struct opts o;
    int i = get_opts(argc, argv, "r", "[-r] PATH PERM...", 2, MAX_PERMS + 1,
                     &o),
        k;

    if ( i < 0 )
        return 2;
    for ( k = i + 1; k < argc; k++ )
        if ( !xs_strings_to_perms(&p[k - i - 1], 1, argv[k]) )
        {
            fprintf(stderr, "bad permission '%s'\n", argv[k]);
            return 2;
        }
    return chmod_one(h, argv[i], p, argc - i - 1, o.set['r']);
}

static int cmd_watch(struct xs_handle *h, int argc, char **argv)
{
    struct opts o;
    int i = get_opts(argc, argv, "n:", "[-n COUNT] PATH", 1, 1, &o);
    long count;

    if ( i < 0 )
        return 2;
    count = o.set['n'] ? o.n : -1;
    if ( !xs_watch(h, argv[i], "xenstore-watch") )
    {
        fprintf(stderr, "could not watch %s: %s\n", argv[i], strerror(errno));
        return 1;
    }
    while ( count )
    {
        unsigned int n;
        char **ev = xs_read_watch(h, &n);

        if ( !ev )
            return 1;
        printf("%s\n", ev[XS_WATCH_PATH]);
        fflush(stdout);
        free(ev);
        if ( count > 0 )
            count--;
    }
    return 0;
}

/* xenstore-control COMMAND [ARG...]: the daemon's administrative commands. */
static int cmd_control(struct xs_handle *h, int argc, char **argv)
{
    char data[4096], *reply; /* the protocol's payload limit */
    unsigned int len = 0;
    struct opts o;
    int cmd = get_opts(argc, argv, "", "COMMAND [ARG...]", 1, -1, &o), i;

    if ( cmd < 0 )
        return 2;
    for ( i = cmd + 1; i < argc; i++ )
    {
        size_t n = strlen(argv[i]) + 1;

        if ( n > sizeof(data) - len )
        {
            fprintf(stderr, "%s: arguments too long\n", argv[0]);
            return 2;
        }
        memcpy(data + len, argv[i], n);
        len += n;
    }
    reply = xs_control_command(h, argv[cmd], len ? data : NULL, len);
    if ( !reply )
    {
        fprintf(stderr, "%s %s: %s\n", argv[0], argv[cmd], strerror(errno));
        return 1;
    }
    fputs(reply, stdout);
    if ( *reply && reply[strlen(reply) - 1] != '\n' )
        putchar('\n');
    free(reply);
    return 0;
}

static const struct command commands[] = {
    { "read", cmd_read, READ_USAGE },
    { "write", cmd_write, WRITE_USAGE },
    { "ls", cmd_ls, "[-f] [-p] [PATH]" },
    { "list", cmd_list, "[-p] PATH" },
    { "rm", cmd_rm, RM_USAGE },
    { "exists", cmd_exists, "PATH..." },
    { "chmod", cmd_chmod, "[-r] PATH PERM..." },
    { "watch", cmd_watch, "[-n COUNT] PATH" },
    { "control", cmd_control, "COMMAND [ARG...]" },
};

static const struct command *find(const char *name)
{
    unsigned int i;

    for ( i = 0; i < sizeof(commands) / sizeof(commands[0]); i++ )
        if ( !strcmp(commands[i].name, name) )
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    const char *base =
        strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    const struct command *cmd = NULL;
    struct xs_handle *h;
    int rc;

    if ( !strncmp(base, "xenstore-", 9) )
        cmd = find(base + 9);
    else if ( argc > 1 )
    {
        cmd = find(argv[1]);
        argc--;
        argv++;
    }
    if ( !cmd )
    {
        unsigned int i;

        fprintf(stderr, "usage: xenstore COMMAND ARGS...\ncommands:");
        for ( i = 0; i < sizeof(commands) / sizeof(commands[0]); i++ )
            fprintf(stderr, " %s", commands[i].name);
        fprintf(stderr, "\n");
        return 2;
    }
    h = xs_open(0);
    if ( !h )
    {
        fprintf(stderr, "could not connect to xenstored: %s\n",
                strerror(errno));
        return 1;
    }
    rc = cmd->fn(h, argc, argv);
    xs_close(h);
    return rc;
}
