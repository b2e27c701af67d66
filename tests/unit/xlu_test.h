/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlu_test.h: what the libxlutil tests share: parsing a config from a
 * string while collecting the warnings, and asserting the error a bad
 * config gives (file, line, key, a piece of the message).
 */
#ifndef TESTS_UNIT_XLU_TEST_H
#define TESTS_UNIT_XLU_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "cunit_main.h"

struct warnings {
    unsigned int n;
    char text[2048];
};

static inline void collect_warning(void *opaque, const char *file, int line,
                                   const char *msg)
{
    struct warnings *w = opaque;
    size_t used = strlen(w->text);

    w->n++;
    snprintf(w->text + used, sizeof(w->text) - used, "%s:%d: %s\n", file, line,
             msg);
}

/* Parse text as file "test.cfg" with overrides; 0 or -1. */
static inline int parse_cfg(const char *text, const char *const *ov,
                            unsigned int nov, struct libxl_domain_config *c,
                            struct xlu_error *err, struct warnings *w)
{
    if ( w )
        memset(w, 0, sizeof(*w));
    return xlu_cfg_parse_domain_string("test.cfg", text, ov, nov, c, err,
                                       w ? collect_warning : NULL, w);
}

/* A config that must fail: with the key, the line and words of the msg. */
#define ASSERT_CFG_ERROR(text, key_, line_, words)                             \
    do                                                                         \
    {                                                                          \
        struct libxl_domain_config c_;                                         \
        struct xlu_error e_;                                                   \
        CU_ASSERT_EQUAL(parse_cfg(text, NULL, 0, &c_, &e_, NULL), -1);         \
        CU_ASSERT_STRING_EQUAL(e_.file, "test.cfg");                           \
        CU_ASSERT_STRING_EQUAL(e_.key, key_);                                  \
        CU_ASSERT_EQUAL(e_.line, line_);                                       \
        CU_ASSERT_PTR_NOT_NULL(strstr(e_.msg, words));                         \
        if ( !strstr(e_.msg, words) || strcmp(e_.key, key_) ||                 \
             e_.line != (line_) )                                              \
            fprintf(stderr, "    got %s:%d: %s: %s\n", e_.file, e_.line,       \
                    e_.key, e_.msg);                                           \
        /* Nothing is left in the config after an error. */                    \
        CU_ASSERT_PTR_NULL(c_.c_info.name);                                    \
        CU_ASSERT_PTR_NULL(c_.b_info.kernel);                                  \
        CU_ASSERT_EQUAL(c_.num_disks + c_.num_nics + c_.num_channels, 0);      \
    } while ( 0 )

#define MINIMAL "name = \"d\"\nkernel = \"/k\"\n"

#endif /* TESTS_UNIT_XLU_TEST_H */
