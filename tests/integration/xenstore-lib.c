/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore-lib: libxenstore's feature, watch-depth and quota calls
 * against a running xenstored ($XENSTORED_PATH), as Xen's clients use
 * them. Prints what failed; exits 0 if nothing did.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/io/xs_wire.h>
#include <xenstore.h>

static int failures;

#define CHECK(cond)                                                            \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
        {                                                                      \
            fprintf(stderr, "line %d: %s\n", __LINE__, #cond);                 \
            failures++;                                                        \
        }                                                                      \
    } while ( 0 )

/* The path of the next watch event, "" if none is waiting. */
static const char *next_event(struct xs_handle *h)
{
    static char path[256];
    char **ev = xs_check_watch(h);

    path[0] = '\0';
    if ( ev )
        snprintf(path, sizeof(path), "%s", ev[XS_WATCH_PATH]);
    free(ev);
    return path;
}

static void test_features(struct xs_handle *h)
{
    unsigned int f = 0;

    CHECK(xs_get_features_supported(h, &f));
    CHECK(f & XENSTORE_SERVER_FEATURE_WATCHDEPTH);
    CHECK(!xs_get_features_domain(h, 4000, &f) && errno == ENOENT);
}

static void test_watch_depth(struct xs_handle *h)
{
    unsigned int n;

    CHECK(xs_write(h, XBT_NULL, "/lib/d/a/b", "x", 1));
    CHECK(xs_watch_depth(h, "/lib/d", "t", 1));
    free(xs_read_watch(h, &n)); /* the registration event */
    CHECK(xs_write(h, XBT_NULL, "/lib/d/a/b", "y", 1));
    CHECK(xs_write(h, XBT_NULL, "/lib/d/a", "y", 1));
    CHECK(!strcmp(next_event(h), "/lib/d/a"));
    CHECK(!strcmp(next_event(h), ""));
    CHECK(xs_unwatch(h, "/lib/d", "t"));
    CHECK(xs_watch_try_depth(h, "/lib/d", "u", 0));
    free(xs_read_watch(h, &n));
    CHECK(xs_write(h, XBT_NULL, "/lib/d/a", "z", 1));
    CHECK(!strcmp(next_event(h), ""));
}

static void test_quotas(struct xs_handle *h)
{
    unsigned int n = 0, v = 0;
    const char **names = xs_get_quota_names(h, &n);

    CHECK(names && n == 10);
    CHECK(names && !strcmp(names[0], "nodes") &&
          !strcmp(names[n - 1], "node-size"));
    free(names);
    CHECK(xs_get_global_quota(h, "watches", &v) && v == 128);
    CHECK(xs_set_global_quota(h, "watches", 64));
    CHECK(xs_get_global_quota(h, "watches", &v) && v == 64);
    CHECK(!xs_get_global_quota(h, "bogus", &v) && errno == EINVAL);
    CHECK(xs_set_domain_quota(h, 0, "nodes", 5));
    CHECK(xs_get_domain_quota(h, 0, "nodes", &v) && v == 5);
    CHECK(!xs_get_domain_quota(h, 4000, "nodes", &v) && errno == ENOENT);
}

int main(void)
{
    struct xs_handle *h = xs_open(0);

    if ( !h )
    {
        perror("xs_open");
        return 1;
    }
    test_features(h);
    test_watch_depth(h);
    test_quotas(h);
    xs_close(h);
    return failures ? 1 : 0;
}
