/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handlers_domain.c: the messages about domains rather than nodes:
 * INTRODUCE, RELEASE and friends, CONTROL, and the feature and quota
 * messages in Xen's wire format:
 *
 *   GET_FEATURE [domid]          the caller's (or domid's) features, "%u"
 *   SET_FEATURE domid value      before that domain's INTRODUCE only
 *   GET_QUOTA                    the quota names, separated by blanks
 *   GET_QUOTA [domid] name       one value, "%u"
 *   SET_QUOTA [domid] name value
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

int do_introduce(struct request *r)
{
    const char *mfn_s = nth_string(r, 1), *port_s = nth_string(r, 2);
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc || !mfn_s || !port_s || domid == 0 )
        return -EINVAL;
    rc = domain_introduce(domid, strtoull(mfn_s, NULL, 10),
                          strtoul(port_s, NULL, 10));
    if ( !rc )
        reply_ok(r);
    return rc;
}

int do_release(struct request *r)
{
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( !rc )
        rc = domain_release(domid);
    if ( !rc )
        reply_ok(r);
    return rc;
}

int do_get_domain_path(struct request *r)
{
    char buf[64];
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc )
        return rc;
    reply(r, buf, snprintf(buf, sizeof(buf), "/local/domain/%u", domid) + 1);
    return 0;
}

int do_is_domain_introduced(struct request *r)
{
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc )
        return rc;
    reply(r, domain_is_introduced(domid) ? "T" : "F", 2);
    return 0;
}

int do_resume(struct request *r)
{
    unsigned int domid;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( rc )
        return rc;
    if ( !domain_is_introduced(domid) )
        return -ENOENT;
    reply_ok(r);
    return 0;
}

int do_set_target(struct request *r)
{
    unsigned int domid, target;
    int rc = parse_domid(nth_string(r, 0), &domid);

    if ( !rc )
        rc = parse_domid(nth_string(r, 1), &target);
    if ( !rc )
        rc = domain_set_target(domid, target);
    if ( !rc )
        reply_ok(r);
    return rc;
}

/* CONTROL NAME ARGS...: control.c does the work; a text reply. */
int do_control(struct request *r)
{
    const char *argv[8];
    static char out[XENSTORE_PAYLOAD_MAX];
    unsigned int argc = 0, used = 0;
    int rc;

    while ( argc < 8 && (argv[argc] = nth_string(r, argc)) )
        argc++;
    rc = control_run(argv, argc, out, sizeof(out) - 1, &used);
    if ( !rc )
        reply(r, out, used + 1);
    return rc;
}

/* A domid argument naming a domain that exists: 0, -EINVAL or -ENOENT. */
static int existing_domid(const char *s, unsigned int *domid)
{
    int rc = parse_domid(s, domid);

    if ( !rc && !domain_exists(*domid) )
        rc = -ENOENT;
    return rc;
}

int do_get_feature(struct request *r)
{
    unsigned int n = count_strings(r), domid;
    int rc;

    if ( !n )
    {
        reply_uint(r, r->c->ring ? domain_features(r->c->domid) : XS_FEATURES);
        return 0;
    }
    if ( !r->c->privileged )
        return -EACCES;
    if ( n > 1 )
        return -EINVAL;
    rc = existing_domid(nth_string(r, 0), &domid);
    if ( !rc )
        reply_uint(r, domain_features(domid));
    return rc;
}

int do_set_feature(struct request *r)
{
    unsigned int domid;
    int rc =
        count_strings(r) == 2 ? parse_domid(nth_string(r, 0), &domid) : -EINVAL;

    if ( !rc )
        rc = domain_set_features(domid, (unsigned int)atoi(nth_string(r, 1)));
    if ( !rc )
        reply_ok(r);
    return rc;
}

int do_get_quota(struct request *r)
{
    unsigned int n = count_strings(r), domid = 0;
    const char *name = nth_string(r, n - 1);
    char buf[256];
    int which, rc = 0;

    if ( n > 2 )
        return -EINVAL;
    if ( !n )
    {
        reply(r, buf, quota_names(buf, sizeof(buf)) + 1);
        return 0;
    }
    if ( n == 2 )
        rc = existing_domid(nth_string(r, 0), &domid);
    if ( rc )
        return rc;
    which = quota_index(name);
    if ( which < 0 )
        return which;
    reply_uint(r, n == 2 ? quota_get(which, domid) : quota_global(which));
    return 0;
}

int do_set_quota(struct request *r)
{
    unsigned int n = count_strings(r), domid = 0, value;
    int which, rc = 0;

    if ( n < 2 || n > 3 )
        return -EINVAL;
    if ( n == 3 )
        rc = existing_domid(nth_string(r, 0), &domid);
    if ( !rc )
        rc = parse_quota_value(nth_string(r, n - 2), nth_string(r, n - 1),
                               &which, &value);
    if ( !rc )
        rc = quota_set(which, n == 3, domid, value);
    if ( !rc )
        reply_ok(r);
    return rc;
}
