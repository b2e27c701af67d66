/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_json.h: JSON output of xl's listings (yajl), pretty-printed as
 * Xen's `xl list -l` is: `--format json` gives each listing's runtime
 * state this way.
 */
#ifndef XL_JSON_H
#define XL_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include <yajl/yajl_gen.h>

#include <libxl_types.h>

yajl_gen json_new(void);
/* Print the document (and a newline) to stdout and free the generator. */
int json_print(yajl_gen g);

void json_key(yajl_gen g, const char *key);
void json_str(yajl_gen g, const char *key, const char *value); /* NULL: null */
void json_int(yajl_gen g, const char *key, long long value);
void json_bool(yajl_gen g, const char *key, bool value);
void json_double(yajl_gen g, const char *key, double value);
/* A domain configuration, as libxl stores it, under key (NULL: a value). */
int json_config(yajl_gen g, const char *key,
                const struct libxl_domain_config *c);
/* A CPU set as Xen prints it ("all", "0-3,5"), a string. */
void json_bitmap(yajl_gen g, const char *key, const struct libxl_bitmap *m,
                 int nr_bits);

#endif /* XL_JSON_H */
