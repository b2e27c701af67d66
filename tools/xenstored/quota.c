/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * quota.c: limits on what one domain may use, with Xen's defaults,
 * global and per domain, read and set at run time by domain 0
 * (GET_QUOTA/SET_QUOTA). Domain 0 itself is not limited.
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
};

static unsigned int global[NR_QUOTAS] = {
    [QUOTA_NODES] = XS_NODES_PER_DOMAIN,
    [QUOTA_NODE_SIZE] = XS_NODE_SIZE_MAX,
    [QUOTA_WATCHES] = XS_WATCHES_PER_CONN,
    [QUOTA_TRANSACTIONS] = XS_TRANSACTIONS_PER_CONN,
    [QUOTA_OUTSTANDING] = 20,
    [QUOTA_MEMORY] = 2 * 1024 * 1024,
};

struct domain_quota {
    unsigned int domid;
    unsigned int value[NR_QUOTAS]; /* 0 = the global value */
    struct domain_quota *next;
};

static struct domain_quota *overrides;

static struct domain_quota *find(unsigned int domid, bool create)
{
    struct domain_quota *q;

    for ( q = overrides; q; q = q->next )
        if ( q->domid == domid )
            return q;
    if ( !create )
        return NULL;
    q = calloc(1, sizeof(*q));
    q->domid = domid;
    q->next = overrides;
    overrides = q;
    return q;
}

int quota_index(const char *name)
{
    unsigned int i;

    for ( i = 0; i < NR_QUOTAS; i++ )
        if ( !strcmp(names[i], name) )
            return i;
    return -EINVAL;
}

unsigned int quota_get(enum quota which, unsigned int domid)
{
    struct domain_quota *q = find(domid, false);

    return q && q->value[which] ? q->value[which] : global[which];
}

int quota_set(enum quota which, bool per_domain, unsigned int domid,
              unsigned int value)
{
    if ( !value || (which == QUOTA_NODE_SIZE && value > XS_NODE_SIZE_MAX) )
        return -EINVAL;
    if ( per_domain )
        find(domid, true)->value[which] = value;
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
            if ( q->value[i] )
                persist_put_quota(b, true, q->domid, i, q->value[i]);
}

unsigned int quota_format(bool per_domain, unsigned int domid, char *buf,
                          unsigned int size)
{
    unsigned int i, used = 0;

    for ( i = 0; i < NR_QUOTAS; i++ )
    {
        int n = snprintf(buf + used, size - used, "%s=%u", names[i],
                         per_domain ? quota_get(i, domid) : global[i]);

        if ( n < 0 || (unsigned int)n + 1 > size - used )
            break;
        used += n + 1;
    }
    return used;
}
