/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_admin.c: the libxenstore calls for the daemon's features and quotas
 * (GET_FEATURE/SET_FEATURE, GET_QUOTA/SET_QUOTA), with Xen's names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_private.h"

/* A reply that is one unsigned decimal number. */
static bool reply_uint(char *body, unsigned int *value)
{
    char *end;
    unsigned long v;

    if ( !body )
        return false;
    bool ok;

    v = strtoul(body, &end, 10);
    ok = end != body && !*end;
    free(body);
    if ( !ok )
    {
        errno = EINVAL;
        return false;
    }
    *value = v;
    return true;
}

/* Up to three strings (NULL ends them early); the reply body. */
static char *talk_strings(struct xs_handle *h, uint32_t type, const char *a,
                          const char *b, const char *c)
{
    const char *s[3] = { a, b, c };
    struct iovec iov[3];
    unsigned int n;

    for ( n = 0; n < 3 && s[n]; n++ )
        iov[n] = (struct iovec)IOV(s[n], strlen(s[n]) + 1);
    return xs_talk(h, type, 0, iov, n, NULL);
}

bool xs_get_features_supported(struct xs_handle *h, unsigned int *features)
{
    return reply_uint(talk_strings(h, XS_GET_FEATURE, NULL, NULL, NULL),
                      features);
}

bool xs_get_features_domain(struct xs_handle *h, unsigned int domid,
                            unsigned int *features)
{
    char id[16];

    snprintf(id, sizeof(id), "%u", domid);
    return reply_uint(talk_strings(h, XS_GET_FEATURE, id, NULL, NULL),
                      features);
}

bool xs_set_features_domain(struct xs_handle *h, unsigned int domid,
                            unsigned int features)
{
    char id[16], v[16];
    char *body;

    snprintf(id, sizeof(id), "%u", domid);
    snprintf(v, sizeof(v), "%u", features);
    body = talk_strings(h, XS_SET_FEATURE, id, v, NULL);
    free(body);
    return body != NULL;
}

const char **xs_get_quota_names(struct xs_handle *h, unsigned int *num)
{
    char *body = talk_strings(h, XS_GET_QUOTA, NULL, NULL, NULL), *text, *p;
    const char **names;
    unsigned int n = 1, i;

    if ( !body )
        return NULL;
    for ( p = body; *p; p++ )
        n += *p == ' ';
    /* One block: the array, then the text it points into. */
    names = malloc(n * sizeof(*names) + strlen(body) + 1);
    if ( !names )
    {
        free(body);
        errno = ENOMEM;
        return NULL;
    }
    text = strcpy((char *)(names + n), body);
    free(body);
    for ( i = 0; i < n; i++ )
    {
        names[i] = text;
        if ( (text = strchr(text, ' ')) )
            *text++ = '\0';
        else
            break;
    }
    *num = i + 1 < n ? i + 1 : n;
    return names;
}

bool xs_get_global_quota(struct xs_handle *h, const char *quota,
                         unsigned int *value)
{
    return reply_uint(talk_strings(h, XS_GET_QUOTA, quota, NULL, NULL), value);
}

bool xs_set_global_quota(struct xs_handle *h, const char *quota,
                         unsigned int value)
{
    char v[16], *body;

    snprintf(v, sizeof(v), "%u", value);
    body = talk_strings(h, XS_SET_QUOTA, quota, v, NULL);
    free(body);
    return body != NULL;
}

bool xs_get_domain_quota(struct xs_handle *h, unsigned int domid,
                         const char *quota, unsigned int *value)
{
    char id[16];

    snprintf(id, sizeof(id), "%u", domid);
    return reply_uint(talk_strings(h, XS_GET_QUOTA, id, quota, NULL), value);
}

bool xs_set_domain_quota(struct xs_handle *h, unsigned int domid,
                         const char *quota, unsigned int value)
{
    char id[16], v[16], *body;

    snprintf(id, sizeof(id), "%u", domid);
    snprintf(v, sizeof(v), "%u", value);
    body = talk_strings(h, XS_SET_QUOTA, id, quota, v);
    free(body);
    return body != NULL;
}
