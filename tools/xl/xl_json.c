/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_json.c: yajl generators for the listings, and a domain
 * configuration embedded in them: libxl gives it as JSON text, which is
 * parsed back into a tree and emitted into the listing's generator (so
 * the whole document is indented as one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

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

void json_double(yajl_gen g, const char *key, double value)
{
    json_key(g, key);
    yajl_gen_double(g, value);
}

static void gen_tree(yajl_gen g, yajl_val v)
{
    size_t i;

    switch ( v ? v->type : yajl_t_null )
    {
    case yajl_t_string:
        yajl_gen_string(g, (const unsigned char *)v->u.string,
                        strlen(v->u.string));
        break;
    case yajl_t_number:
        yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
        break;
    case yajl_t_object:
        yajl_gen_map_open(g);
        for ( i = 0; i < v->u.object.len; i++ )
        {
            json_key(g, v->u.object.keys[i]);
            gen_tree(g, v->u.object.values[i]);
        }
        yajl_gen_map_close(g);
        break;
    case yajl_t_array:
        yajl_gen_array_open(g);
        for ( i = 0; i < v->u.array.len; i++ )
            gen_tree(g, v->u.array.values[i]);
        yajl_gen_array_close(g);
        break;
    case yajl_t_true:
        yajl_gen_bool(g, 1);
        break;
    case yajl_t_false:
        yajl_gen_bool(g, 0);
        break;
    default:
        yajl_gen_null(g);
        break;
    }
}

int json_config(yajl_gen g, const char *key,
                const struct libxl_domain_config *c)
{
    char *text = libxl_domain_config_to_json(c), err[256];
    yajl_val tree = text ? yajl_tree_parse(text, err, sizeof(err)) : NULL;

    free(text);
    if ( !tree )
        return -1;
    json_key(g, key);
    gen_tree(g, tree);
    yajl_tree_free(tree);
    return 0;
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
