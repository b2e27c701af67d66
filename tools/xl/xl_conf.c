/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_conf.c: the global xl.conf (docs/man/xl.conf.5.md): $XL_CONF, or
 * /etc/xen/xl.conf. Lines are KEY=VALUE, the value a number or a quoted
 * string, '#' starting a comment, as in xl.cfg. Keys this xl has no use
 * for are accepted and ignored (the file is shared with other tools);
 * a malformed line is an error naming the file and line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

#define DEFAULT_XL_CONF "/etc/xen/xl.conf"

struct xl_conf xlconf = {
    .autoballoon = true,
    .monitor_poll_ms = 1000,
};

static char *trim(char *s)
{
    char *e;

    while ( isspace((unsigned char)*s) )
        s++;
    e = s + strlen(s);
    while ( e > s && isspace((unsigned char)e[-1]) )
        *--e = '\0';
    return s;
}

/* A quoted string or a bare word/number; NULL if malformed. */
static char *parse_value(char *v)
{
    size_t n = strlen(v);

    if ( n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0] )
    {
        v[n - 1] = '\0';
        return strdup(v + 1);
    }
    if ( !n || strchr(v, '"') || strchr(v, '\'') || strchr(v, ' ') )
        return NULL;
    return strdup(v);
}

static void set_string(char **field, char *value)
{
    free(*field);
    *field = value;
}

/* autoballoon: "on"/"off"/"auto" or 1/0 (Xen's spellings). */
static int set_autoballoon(const char *v)
{
    if ( !strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "auto") )
        xlconf.autoballoon = true;
    else if ( !strcmp(v, "off") || !strcmp(v, "0") )
        xlconf.autoballoon = false;
    else
        return -1;
    return 0;
}

static int apply(const char *file, int line, const char *key, char *value)
{
    if ( !strcmp(key, "autoballoon") )
    {
        int bad = set_autoballoon(value);

        free(value);
        if ( bad )
            fprintf(stderr, "%s:%d: autoballoon must be on, off or auto\n",
                    file, line);
        return bad;
    }
    if ( !strcmp(key, "lockfile") )
        set_string(&xlconf.lockfile, value);
    else if ( !strcmp(key, "vif.default.script") ||
              !strcmp(key, "default_vifscript") )
        set_string(&xlconf.default_vifscript, value);
    else if ( !strcmp(key, "vifscript") )
    {
        fprintf(stderr, "the global config option vifscript is deprecated, "
                        "please switch to vif.default.script\n");
        set_string(&xlconf.default_vifscript, value);
    }
    else if ( !strcmp(key, "vif.default.bridge") ||
              !strcmp(key, "defaultbridge") )
        set_string(&xlconf.default_bridge, value);
    else if ( !strcmp(key, "vif.default.gatewaydev") )
        set_string(&xlconf.default_gatewaydev, value);
    else if ( !strcmp(key, "vif.default.backend") )
        set_string(&xlconf.default_vifbackend, value);
    else if ( !strcmp(key, "output_format") )
    {
        if ( strcmp(value, "json") )
            fprintf(stderr,
                    "%s:%d: output_format \"%s\" is not offered: json is "
                    "used\n",
                    file, line, value);
        set_string(&xlconf.output_format, value);
    }
    else if ( !strcmp(key, "monitor_poll_ms") )
    {
        char *end;
        long ms = strtol(value, &end, 10);
        bool bad = !*value || *end || ms < 10 || ms > 60000;

        free(value);
        if ( bad )
        {
            fprintf(stderr, "%s:%d: monitor_poll_ms must be 10 to 60000\n",
                    file, line);
            return -1;
        }
        xlconf.monitor_poll_ms = ms;
    }
    else
        free(value); /* another tool's key, or one with no use here */
    return 0;
}

static int parse_line(const char *file, int line, char *text)
{
    char *hash = NULL, *eq, *key, *value, *p;
    bool quoted = false;

    /* A '#' outside quotes starts a comment. */
    for ( p = text; *p; p++ )
    {
        if ( *p == '"' || *p == '\'' )
            quoted = !quoted;
        else if ( *p == '#' && !quoted )
        {
            hash = p;
            break;
        }
    }
    if ( hash )
        *hash = '\0';
    text = trim(text);
    if ( !*text )
        return 0;
    eq = strchr(text, '=');
    if ( !eq )
    {
        fprintf(stderr, "%s:%d: expected KEY=VALUE\n", file, line);
        return -1;
    }
    *eq = '\0';
    key = trim(text);
    value = parse_value(trim(eq + 1));
    if ( !*key || !value )
    {
        free(value);
        fprintf(stderr, "%s:%d: malformed setting\n", file, line);
        return -1;
    }
    return apply(file, line, key, value);
}

int xl_conf_load(void)
{
    const char *file = getenv("XL_CONF");
    char buf[4096];
    FILE *f;
    int line = 0, rc = 0;

    if ( !file || !*file )
        file = DEFAULT_XL_CONF;
    f = fopen(file, "r");
    if ( !f && errno != ENOENT )
    {
        fprintf(stderr, "cannot read %s: %s\n", file, strerror(errno));
        return -1;
    }
    while ( f && !rc && fgets(buf, sizeof(buf), f) )
        rc = parse_line(file, ++line, buf);
    if ( f )
        fclose(f);
    if ( !xlconf.lockfile )
        xlconf.lockfile = strdup("/var/lock/xl");
    return rc;
}
