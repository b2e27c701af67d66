/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_json.c: yajl generators for the listings, with a domain
 * configuration embedded in them by libxl_json.h's generator (so the
 * whole document is indented as one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl_json.h>

#include "xl.h"
#include "xl_json.h"

yajl_gen json_new(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);

    if ( !g )
    {
        fprintf(stderr, "unable to allocate JSON generator\n");
        exit(XL_EXIT_FAIL);
    }
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_config(g, yajl_gen_indent_string, "    ");
    return g;
}

int json_print(yajl_gen g)
{
    const unsigned char *buf;
    size_t len;
    int rc = XL_EXIT_OK;

    if ( yajl_gen_get_buf(g, &buf, &len) != yajl_gen_status_ok )
    {
        fprintf(stderr, "unable to format JSON\n");
        rc = XL_EXIT_FAIL;
    }
    else
    {
        fwrite(buf, 1, len, stdout);
        if ( !len || buf[len - 1] != '\n' )
            putchar('\n');
    }
    yajl_gen_free(g);
    return rc;
}

void json_key(yajl_gen g, const char *key)
{
    if ( key )
        yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

void json_str(yajl_gen g, const char *key, const char *value)
{
    json_key(g, key);
    if ( value )
        yajl_gen_string(g, (const unsigned char *)value, strlen(value));
    else
        yajl_gen_null(g);
}

void json_int(yajl_gen g, const char *key, long long value)
{
    json_key(g, key);
    yajl_gen_integer(g, value);
}

void json_bool(yajl_gen g, const char *key, bool value)
{
    json_key(g, key);
    yajl_gen_bool(g, value);
}

/* Seconds and the like: to the microsecond, not to 20 digits. */
void json_double(yajl_gen g, const char *key, double value)
{
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%.6f", value);

    json_key(g, key);
    yajl_gen_number(g, buf, n);
}

int json_config(yajl_gen g, const char *key,
                const struct libxl_domain_config *c)
{
    json_key(g, key);
    return libxl_domain_config_gen_json(g, c);
}

void json_bitmap(yajl_gen g, const char *key, const struct libxl_bitmap *m,
                 int nr_bits)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if ( !f )
        return;
    print_bitmap(m, nr_bits, f);
    fclose(f);
    json_str(g, key, buf);
    free(buf);
}
