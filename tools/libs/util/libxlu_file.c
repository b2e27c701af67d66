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

/* Domain XML starts with '<' (after blanks); an xl.cfg never does. */
static bool looks_like_xml(const char *text, size_t len)
{
    size_t i = 0;

    if ( len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) )
        i = 3; /* UTF-8 byte order mark */
    while ( i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                        text[i] == '\r') )
        i++;
    return i < len && text[i] == '<';
}

/*
 * key=value overrides on domain XML: the XML is read, printed as the
 * xl.cfg it is equal to (the printer loses nothing, so this is exact),
 * and that text read with the overrides appended, as for an xl.cfg file.
 */
static int xml_with_overrides(const char *path, const char *const *overrides,
                              unsigned int nr_overrides,
                              struct libxl_domain_config *c,
                              struct xlu_error *err, xlu_warn_fn *warn,
                              void *opaque)
{
    struct libxl_domain_config from_xml;
    char *cfg;
    int rc;

    if ( xlu_xml_parse_domain_file(path, &from_xml, err) )
        return -1;
    cfg = xlu_cfg_print_domain(&from_xml);
    libxl_domain_config_dispose(&from_xml);
    if ( !cfg )
    {
        xlu__error(err, path, 0, NULL, "out of memory");
        return -1;
    }
    rc = xlu_cfg_parse_domain_string(path, cfg, overrides, nr_overrides, c, err,
                                     warn, opaque);
    /* A line of the printed text would point nowhere in the XML file. */
    if ( rc && err && !strcmp(err->file, path) )
        err->line = 0;
    free(cfg);
    return rc;
}

int xlu_parse_domain_config_file(const char *path, const char *const *overrides,
                                 unsigned int nr_overrides,
                                 struct libxl_domain_config *c,
                                 struct xlu_error *err, xlu_warn_fn *warn,
                                 void *opaque)
{
    char *text;
    size_t len;
    bool xml;

    if ( err )
        memset(err, 0, sizeof(*err));
    libxl_domain_config_init(c);
    if ( xlu__read_file(path, &text, &len, err) )
        return -1;
    xml = looks_like_xml(text, len);
    free(text);
    if ( !xml )
        return xlu_cfg_parse_domain_file(path, overrides, nr_overrides, c, err,
                                         warn, opaque);
    if ( !nr_overrides )
        return xlu_xml_parse_domain_file(path, c, err);
    return xml_with_overrides(path, overrides, nr_overrides, c, err, warn,
                              opaque);
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

void xlu_error_print(const struct xlu_error *e, FILE *f)
{
    char line[sizeof(e->file) + sizeof(e->key) + sizeof(e->msg) + 32];

    xlu_error_format(e, line, sizeof(line));
    fprintf(f, "%s\n", line);
}

void xlu_warn_stderr(void *opaque, const char *file, int line, const char *msg)
{
    (void)opaque;
    if ( line > 0 )
        fprintf(stderr, "%s:%d: warning: %s\n", file, line, msg);
    else
        fprintf(stderr, "%s: warning: %s\n", file, msg);
}
