/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ls.c: xenstore-ls, laid out as Xen's: each child indented by its depth
 * as `name = "value"`, the line cut to the terminal's width less two (80
 * columns when not on a terminal) with `\...` marking a cut value; with
 * -f full paths (values still cut on a terminal); with -p a dotted pad to
 * column 60 and the permissions. A node that disappears while listing is skipped.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xenstore.h>

#include "escape.h"
#include "tools.h"

#define TAG_LEN 8 /* strlen(" = \"...\"") */
#define PAD_TO 60

struct ls_style {
    int max_width;
    int pad_to;
    bool full;
    bool perms;
};

static void print_perms(struct xs_handle *h, const char *path, const char *name)
{
    unsigned int n, i;
    struct xs_permissions *p = xs_get_permissions(h, XBT_NULL, path, &n);
    char buf[32];

    if ( !p )
    {
        warn("\ncould not access permissions for %s", name);
        return;
    }
    fputs("  (", stdout);
    for ( i = 0; i < n; i++ )
    {
        if ( i )
            putchar(',');
        if ( xs_perm_to_string(&p[i], buf, sizeof(buf)) )
            fputs(buf, stdout);
    }
    putchar(')');
    free(p);
}

/* name = "value", cut to the width; returns the columns used. */
static int print_entry(const struct ls_style *st, const char *path,
                       const char *name, int depth, const char *val,
                       unsigned int len)
{
    int used = 0;
    char *shown;

    if ( st->full )
        fputs(path, stdout);
    else
    {
        for ( ; used < depth; used++ )
            putchar(' ');
        used += printf("%.*s", st->max_width - TAG_LEN - used, name);
    }
    if ( !val )
    {
        printf(":\n");
        return used;
    }
    shown = escape_value(val, len);
    if ( st->max_width < used + (int)len + TAG_LEN )
    {
        printf(" = \"%.*s\\...\"", st->max_width - TAG_LEN - used, shown);
        free(shown);
        return -1; /* no padding after a cut value */
    }
    used += printf(" = \"%s\"", shown);
    free(shown);
    return used;
}

static void ls_node(struct xs_handle *h, const struct ls_style *st,
                    const char *path, int depth)
{
    unsigned int num, i, len;
    char **names = xs_directory(h, XBT_NULL, path, &num);

    if ( !names )
    {
        if ( depth && errno == ENOENT )
            return;
        err(1, "xs_directory (%s)", path);
    }
    for ( i = 0; i < num; i++ )
    {
        size_t plen = strlen(path);
        char *child = malloc(plen + strlen(names[i]) + 2);
        char *val;
        int used;

        if ( !child )
            err(1, "malloc in do_ls");
        sprintf(child, "%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/",
                names[i]);
        val = xs_read(h, XBT_NULL, child, &len);
        used = print_entry(st, child, names[i], depth, val, len);
        if ( val && st->perms && used >= 0 )
        {
            putchar(' ');
            for ( used++; used < st->pad_to && used < st->max_width; used++ )
                putchar(used & 1 ? '.' : ' ');
        }
        free(val);
        if ( st->perms )
            print_perms(h, child, names[i]);
        putchar('\n');
        ls_node(h, st, child, depth + 1);
        free(child);
    }
    free(names);
}

void ls_paths(struct xs_handle *h, char **paths, int n, bool full, bool perms)
{
    struct ls_style st = { 80, PAD_TO, full, perms };
    struct winsize ws = { 0 };
    char *root = "/";
    int i;

    if ( full )
    {
        st.max_width = INT_MAX / 2;
        st.pad_to = 0;
    }
    /* On a terminal its width counts even with -f, as with Xen's. */
    if ( !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) )
        st.max_width = ws.ws_col - 2;
    if ( !n )
    {
        paths = &root;
        n = 1;
    }
    for ( i = 0; i < n; i++ )
        ls_node(h, &st, paths[i], 0);
}
