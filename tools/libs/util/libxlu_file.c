/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_file.c: reading a domain configuration file, whichever format
 * it is in, and the one way errors are printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

int xlu__read_file(const char *path, char **text, size_t *len,
                   struct xlu_error *err)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t n = 0;

    *text = NULL;
    if ( !f )
    {
        xlu__error(err, path, 0, NULL, "cannot open: %s", strerror(errno));
        return -1;
    }
    buf = malloc(XLU_MAX_CONFIG_BYTES + 2);
    if ( !buf )
    {
        fclose(f);
        xlu__error(err, path, 0, NULL, "out of memory");
        return -1;
    }
    n = fread(buf, 1, XLU_MAX_CONFIG_BYTES + 1, f);
    if ( ferror(f) )
        xlu__error(err, path, 0, NULL, "cannot read: %s", strerror(errno));
    else if ( n > XLU_MAX_CONFIG_BYTES )
        xlu__error(err, path, 0, NULL, "larger than %d bytes",
                   XLU_MAX_CONFIG_BYTES);
    else
    {
        fclose(f);
        buf[n] = '\0';
        *text = buf;
        *len = n;
        return 0;
    }
    fclose(f);
    free(buf);
    return -1;
}

int xlu_error_format(const struct xlu_error *e, char *buf, size_t len)
{
    char line[16] = "";
    int n;

    if ( e->line > 0 )
        snprintf(line, sizeof(line), ":%d", e->line);
    n = snprintf(buf, len, "%s%s: %s%s%s", e->file[0] ? e->file : "config",
                 line, e->key, e->key[0] ? ": " : "", e->msg);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}
