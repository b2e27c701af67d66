/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * paths.c: what a xenstore path may be, as Xen's xenstored has it.
 * Characters: ASCII letters and digits and - / _ @. No empty path, no
 * doubled slash, no trailing slash except the root. A path that does
 * not start with '/' is relative to the caller's home
 * (/local/domain/<domid>). Names starting with '@' are the special
 * watch names, valid only where the message type allows them (WATCH,
 * UNWATCH and the permission messages). An unprivileged domain's path
 * may be at most path-max (2048) bytes long, not counting the
 * /local/domain/<domid>/ it may start with; domain 0 is held only to the
 * payload limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static bool path_chars_valid(const char *p)
{
    return strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "abcdefghijklmnopqrstuvwxyz"
                     "0123456789-/_@") == strlen(p);
}

/* No empty path, no trailing slash (but "/"), no doubled slash. */
static bool path_shape_valid(const char *p)
{
    size_t len = strlen(p);

    return len && !(len > 1 && p[len - 1] == '/') && !strstr(p, "//");
}

bool path_is_special(const char *path)
{
    return !strcmp(path, XS_SPECIAL_INTRODUCE) ||
           !strcmp(path, XS_SPECIAL_RELEASE);
}

bool path_valid(const char *path)
{
    if ( path_is_special(path) )
        return true;
    return path[0] == '/' && path_chars_valid(path) && path_shape_valid(path);
}

/* Bytes of path counted against path-max: after /local/domain/<id>/. */
static size_t counted_length(const char *path)
{
    unsigned int domid;
    int off = 0;

    if ( sscanf(path, "/local/domain/%5u/%n", &domid, &off) != 1 )
        off = 0;
    return strlen(path) - off;
}

int path_canonical(const struct connection *c, const char *in,
                   bool allow_special, char *out, size_t size)
{
    int n;

    if ( !in || !path_chars_valid(in) || (in[0] == '@' && !allow_special) )
        return -EINVAL;
    if ( in[0] == '/' || in[0] == '@' )
        n = snprintf(out, size, "%s", in);
    else
        n = snprintf(out, size, "/local/domain/%u/%s", c->domid, in);
    if ( n < 0 || (size_t)n >= size || !path_shape_valid(out) )
        return -EINVAL;
    if ( !c->privileged &&
         quota_over(QUOTA_PATH_MAX, c->domid, counted_length(out)) )
        return -EINVAL;
    return 0;
}

bool path_is_below(const char *path, const char *top)
{
    size_t n = strlen(top);

    if ( !strcmp(top, "/") )
        return path[0] == '/';
    return !strncmp(path, top, n) && (path[n] == '\0' || path[n] == '/');
}

/* Levels path is below top (0: the same), or -1 if it is not below. */
int path_depth_below(const char *path, const char *top)
{
    size_t n = strlen(top);
    int levels = 0;

    if ( !path_is_below(path, top) && strcmp(path, top) )
        return -1;
    if ( !strcmp(path, top) )
        return 0;
    if ( !strcmp(top, "/") )
        levels = 1, n = 1;
    for ( ; path[n]; n++ )
        if ( path[n] == '/' )
            levels++;
    return levels;
}

char *path_parent(const char *path)
{
    const char *slash = strrchr(path + 1, '/');

    if ( !slash || slash == path )
        return strdup("/");
    return strndup(path, slash - path);
}

const char *path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

int path_child(char *buf, size_t size, const char *dir, const char *name)
{
    int n =
        snprintf(buf, size, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);

    return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}
