/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore: the xenstore command-line tools in one program, chosen by
 * the name it is run as (xenstore-read, ...) or by its first argument
 * (xenstore read ...). Exit status: 0 success, 1 failure, 2 usage.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

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

/* Print a value with non-printable bytes escaped, as \xNN. */
static void print_escaped(const char *v, unsigned int len)
{
    unsigned int i;

    for ( i = 0; i < len; i++ )
    {
        unsigned char c = v[i];

        if ( c == '\\' || c == '"' )
            printf("\\%c", c);
        else if ( isprint(c) )
            putchar(c);
        else
            printf("\\x%02x", c);
    }
}

static int cmd_read(struct xs_handle *h, int argc, char **argv)
{
    int i, rc = 0;

    if ( argc < 2 )
        return usage(argv[0], "PATH...");
    for ( i = 1; i < argc; i++ )
    {
        unsigned int len;
        char *v = xs_read(h, XBT_NULL, argv[i], &len);

        if ( !v )
        {
            fprintf(stderr, "couldn't read path %s\n", argv[i]);
            rc = 1;
            continue;
        }
        fwrite(v, 1, len, stdout);
        putchar('\n');
        free(v);
    }
    return rc;
}

static int cmd_write(struct xs_handle *h, int argc, char **argv)
{
    int i;

    if ( argc < 3 || (argc - 1) % 2 )
        return usage(argv[0], "PATH VALUE [PATH VALUE]...");
    for ( i = 1; i < argc; i += 2 )
        if ( !xs_write(h, XBT_NULL, argv[i], argv[i + 1], strlen(argv[i + 1])) )
        {
            fprintf(stderr, "could not write path %s: %s\n", argv[i],
                    strerror(errno));
            return 1;
        }
    return 0;
}

static int cmd_rm(struct xs_handle *h, int argc, char **argv)
{
    int i;

    if ( argc < 2 )
        return usage(argv[0], "PATH...");
    for ( i = 1; i < argc; i++ )
        if ( !xs_rm(h, XBT_NULL, argv[i]) )
        {
            fprintf(stderr, "could not remove path %s: %s\n", argv[i],
                    strerror(errno));
            return 1;
        }
    return 0;
}

static int cmd_exists(struct xs_handle *h, int argc, char **argv)
{
    unsigned int len;
    char *v;
    int i;

    if ( argc < 2 )
        return usage(argv[0], "PATH...");
    for ( i = 1; i < argc; i++ )
    {
        v = xs_read(h, XBT_NULL, argv[i], &len);
        if ( !v && errno != EACCES )
            return 1;
        free(v);
    }
    return 0;
}

static int cmd_list(struct xs_handle *h, int argc, char **argv)
{
    unsigned int n, i;
    char **names;

    if ( argc != 2 )
        return usage(argv[0], "PATH");
    names = xs_directory(h, XBT_NULL, argv[1], &n);
    if ( !names )
    {
        fprintf(stderr, "couldn't list path %s\n", argv[1]);
        return 1;
    }
    for ( i = 0; i < n; i++ )
        printf("%s\n", names[i]);
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
            print_escaped(v, len);
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
    bool full = false, perms = false;
    int c;

    optind = 1;
    while ( (c = getopt(argc, argv, "fp")) != -1 )
    {
        if ( c == 'f' )
            full = true;
        else if ( c == 'p' )
            perms = true;
        else
            return usage(argv[0], "[-f] [-p] [PATH]");
    }
    if ( argc - optind > 1 )
        return usage(argv[0], "[-f] [-p] [PATH]");
    if ( ls_tree(h, optind < argc ? argv[optind] : "/", 0, full, perms) )
    {
        fprintf(stderr, "couldn't list path %s: %s\n",
                optind < argc ? argv[optind] : "/", strerror(errno));
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
    bool recurse = false;
    int c, i;

    optind = 1;
    while ( (c = getopt(argc, argv, "r")) != -1 )
    {
        if ( c != 'r' )
            return usage(argv[0], "[-r] PATH PERM...");
        recurse = true;
    }
    if ( argc - optind < 2 || argc - optind - 1 > MAX_PERMS )
        return usage(argv[0], "[-r] PATH PERM...");
    for ( i = optind + 1; i < argc; i++ )
        if ( !xs_strings_to_perms(&p[i - optind - 1], 1, argv[i]) )
        {
            fprintf(stderr, "bad permission '%s'\n", argv[i]);
            return 2;
        }
    return chmod_one(h, argv[optind], p, argc - optind - 1, recurse);
}

static int cmd_watch(struct xs_handle *h, int argc, char **argv)
{
    long count = -1;
    int c;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:")) != -1 )
    {
        if ( c != 'n' )
            return usage(argv[0], "[-n COUNT] PATH");
        count = strtol(optarg, NULL, 10);
    }
    if ( argc - optind != 1 )
        return usage(argv[0], "[-n COUNT] PATH");
    if ( !xs_watch(h, argv[optind], "xenstore-watch") )
    {
        fprintf(stderr, "could not watch %s: %s\n", argv[optind],
                strerror(errno));
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
    int i;

    if ( argc < 2 )
        return usage(argv[0], "COMMAND [ARG...]");
    for ( i = 2; i < argc; i++ )
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
    reply = xs_control_command(h, argv[1], len ? data : NULL, len);
    if ( !reply )
    {
        fprintf(stderr, "%s %s: %s\n", argv[0], argv[1], strerror(errno));
        return 1;
    }
    fputs(reply, stdout);
    if ( *reply && reply[strlen(reply) - 1] != '\n' )
        putchar('\n');
    free(reply);
    return 0;
}

static const struct command commands[] = {
    { "read", cmd_read, "PATH..." },
    { "write", cmd_write, "PATH VALUE..." },
    { "ls", cmd_ls, "[-f] [-p] [PATH]" },
    { "list", cmd_list, "PATH" },
    { "rm", cmd_rm, "PATH..." },
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
