/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * json-get: the toolstack tests' JSON reader. Parses stdin with yajl
 * (as `xl list -l` must be parseable by it) and prints the value at each
 * PATH given: segments joined by '/', a number indexing an array, a
 * name a key; a trailing '#' prints the number of elements instead.
 * Strings print as they are, numbers as written, true/false/null as
 * such, objects and arrays as "object" and "array".
 *
 *   json-get [PATH ...] < file.json
 *
 * Exit: 0, 1 if stdin is not JSON (yajl's message on stderr), 2 if a
 * path is not there.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

static yajl_val step(yajl_val v, const char *seg)
{
    char *end;
    size_t i;

    if ( YAJL_IS_ARRAY(v) )
    {
        unsigned long n = strtoul(seg, &end, 10);

        return *seg && !*end && n < v->u.array.len ? v->u.array.values[n]
                                                   : NULL;
    }
    if ( YAJL_IS_OBJECT(v) )
        for ( i = 0; i < v->u.object.len; i++ )
            if ( !strcmp(v->u.object.keys[i], seg) )
                return v->u.object.values[i];
    return NULL;
}

static int print_path(yajl_val root, const char *path)
{
    char *copy = strdup(path), *seg, *save = NULL;
    bool count = false;
    yajl_val v = root;
    size_t len = strlen(copy);

    if ( len && copy[len - 1] == '#' )
    {
        count = true;
        copy[--len] = '\0';
    }
    for ( seg = strtok_r(copy, "/", &save); v && seg;
          seg = strtok_r(NULL, "/", &save) )
        v = step(v, seg);
    free(copy);
    if ( !v )
        return 2;
    if ( count )
        printf("%zu\n", YAJL_IS_ARRAY(v)    ? v->u.array.len
                        : YAJL_IS_OBJECT(v) ? v->u.object.len
                                            : 0);
    else if ( YAJL_IS_STRING(v) )
        printf("%s\n", v->u.string);
    else if ( YAJL_IS_NUMBER(v) )
        printf("%s\n", v->u.number.r);
    else if ( YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v) )
        printf("%s\n", YAJL_IS_TRUE(v) ? "true" : "false");
    else if ( YAJL_IS_NULL(v) )
        printf("null\n");
    else
        printf("%s\n", YAJL_IS_ARRAY(v) ? "array" : "object");
    return 0;
}

int main(int argc, char **argv)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap), err[512];
    yajl_val root;
    int i, rc = 0;
    size_t n;

    while ( buf && (n = fread(buf + len, 1, cap - len - 1, stdin)) > 0 )
    {
        len += n;
        if ( len + 1 == cap )
            buf = realloc(buf, cap *= 2);
    }
    if ( !buf )
        return 1;
    buf[len] = '\0';
    root = yajl_tree_parse(buf, err, sizeof(err));
    free(buf);
    if ( !root )
    {
        fprintf(stderr, "json-get: not JSON: %s\n", err);
        return 1;
    }
    for ( i = 1; i < argc; i++ )
        if ( print_path(root, argv[i]) )
        {
            fprintf(stderr, "json-get: no %s\n", argv[i]);
            rc = 2;
        }
    yajl_tree_free(root);
    return rc;
}
