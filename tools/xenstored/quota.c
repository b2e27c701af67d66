/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * quota.c: limits on what one domain may use, with Xen's names and
 * defaults, global and per domain, read and set at run time by domain 0
 * (GET_QUOTA/SET_QUOTA, `xenstore-control quota`). A value of 0 turns a
 * check off, as on Xen. Domain 0 itself is not limited. soft-memory only
 * warns in the log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static const char *const names[NR_QUOTAS] = {
    [QUOTA_NODES] = "nodes",
    [QUOTA_NODE_SIZE] = "node-size",
    [QUOTA_WATCHES] = "watches",
    [QUOTA_TRANSACTIONS] = "transactions",
    [QUOTA_OUTSTANDING] = "outstanding",
    [QUOTA_MEMORY] = "memory",
    [QUOTA_SOFT_MEMORY] = "soft-memory",
    [QUOTA_TRANSACTION_NODES] = "transaction-nodes",
    [QUOTA_NODE_PERMISSIONS] = "node-permissions",
    [QUOTA_PATH_MAX] = "path-max",
};

/* The order Xen's GET_QUOTA lists them in. */
static const enum quota listed[NR_QUOTAS] = {
    QUOTA_NODES,
    QUOTA_WATCHES,
    QUOTA_OUTSTANDING,
    QUOTA_MEMORY,
    QUOTA_SOFT_MEMORY,
    QUOTA_TRANSACTIONS,
    QUOTA_TRANSACTION_NODES,
    QUOTA_NODE_PERMISSIONS,
    QUOTA_PATH_MAX,
    QUOTA_NODE_SIZE,
};

static unsigned int global[NR_QUOTAS] = {
    [QUOTA_NODES] = XS_NODES_PER_DOMAIN,
    [QUOTA_NODE_SIZE] = XS_NODE_SIZE_MAX,
    [QUOTA_WATCHES] = XS_WATCHES_PER_CONN,
    [QUOTA_TRANSACTIONS] = XS_TRANSACTIONS_PER_CONN,
    [QUOTA_OUTSTANDING] = 20,
    [QUOTA_MEMORY] = 2 * 1024 * 1024 + 512 * 1024,
    [QUOTA_SOFT_MEMORY] = 2 * 1024 * 1024,
    [QUOTA_TRANSACTION_NODES] = 1024,
    [QUOTA_NODE_PERMISSIONS] = 5,
    [QUOTA_PATH_MAX] = XENSTORE_REL_PATH_MAX,
};

struct domain_quota {
    unsigned int domid;
    unsigned int value[NR_QUOTAS];
    bool set[NR_QUOTAS]; /* else the global value */
    struct domain_quota *next;
};

static struct domain_quota *overrides;

static struct domain_quota *find(unsigned int domid, bool create)
{
    struct domain_quota *q;

    for ( q = overrides; q; q = q->next )
        if ( q->domid == domid )
            return q;
    if ( !create || !(q = calloc(1, sizeof(*q))) )
        return NULL;
    q->domid = domid;
    q->next = overrides;
    overrides = q;
    return q;
}

int quota_index(const char *name)
{
    unsigned int i;

    for ( i = 0; name && i < NR_QUOTAS; i++ )
        if ( !strcmp(names[i], name) )
            return i;
    return -EINVAL;
}

unsigned int quota_global(enum quota which)
{
    return global[which];
}

unsigned int quota_get(enum quota which, unsigned int domid)
{
    struct domain_quota *q = find(domid, false);

    return q && q->set[which] ? q->value[which] : global[which];
}

bool quota_over(enum quota which, unsigned int domid, size_t value)
{
    unsigned int q = quota_get(which, domid);

    return q && value > q;
}

int quota_set(enum quota which, bool per_domain, unsigned int domid,
              unsigned int value)
{
    struct domain_quota *q;

    if ( per_domain )
    {
        if ( !(q = find(domid, true)) )
            return -ENOMEM;
        q->value[which] = value;
        q->set[which] = true;
    }
    else
        global[which] = value;
    persist_quota(per_domain, domid, which, value);
    return 0;
}

void quota_snapshot(struct buf *b)
{
    struct domain_quota *q;
    unsigned int i;

    for ( i = 0; i < NR_QUOTAS; i++ )
        persist_put_quota(b, false, 0, i, global[i]);
    for ( q = overrides; q; q = q->next )
        for ( i = 0; i < NR_QUOTAS; i++ )
            if ( q->set[i] )
                persist_put_quota(b, true, q->domid, i, q->value[i]);
}

unsigned int quota_names(char *buf, unsigned int size)
{
    unsigned int i, used = 0;

    buf[0] = '\0';
    for ( i = 0; i < NR_QUOTAS; i++ )
    {
        int n = snprintf(buf + used, size - used, "%s%s", i ? " " : "",
                         names[listed[i]]);

        if ( n < 0 || (unsigned int)n >= size - used )
            break;
        used += n;
    }
    return used;
}

unsigned int quota_format(bool per_domain, unsigned int domid, char *buf,
                          unsigned int size)
{
    unsigned int i, used = 0;

    for ( i = 0; i < NR_QUOTAS; i++ )
    {
        enum quota w = listed[i];
        int n = snprintf(buf + used, size - used, "%s=%u", names[w],
                         per_domain ? quota_get(w, domid) : global[w]);

        if ( n < 0 || (unsigned int)n + 1 > size - used )
            break;
        used += n + 1;
    }
    return used;
}
