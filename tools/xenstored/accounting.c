/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * accounting.c: what each domain holds in the daemon, kept up to date as
 * things are created and freed, so that quota checks cost O(1) however
 * large the store grows: the nodes it owns and the bytes of their paths,
 * values and permissions, plus the bytes of its watches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define ACCT_BUCKETS 256

struct usage {
    unsigned int domid;
    unsigned int nodes;
    size_t bytes;
    struct usage *next;
};

static struct usage *buckets[ACCT_BUCKETS];

static struct usage *usage_of(unsigned int domid, bool create)
{
    struct usage **head = &buckets[domid % ACCT_BUCKETS], *u;

    for ( u = *head; u; u = u->next )
        if ( u->domid == domid )
            return u;
    if ( !create || !(u = calloc(1, sizeof(*u))) )
        return NULL;
    u->domid = domid;
    u->next = *head;
    *head = u;
    return u;
}

size_t acct_node_bytes(const char *path, unsigned int value_len,
                       unsigned int nperms)
{
    return strlen(path) + 1 + value_len + nperms * sizeof(struct xs_perm);
}

void acct_add(unsigned int domid, int nodes, long bytes)
{
    struct usage *u = usage_of(domid, true);

    if ( !u )
        return;
    u->nodes += nodes;
    u->bytes += bytes;
}

unsigned int acct_nodes(unsigned int domid)
{
    struct usage *u = usage_of(domid, false);

    return u ? u->nodes : 0;
}

size_t acct_bytes(unsigned int domid)
{
    struct usage *u = usage_of(domid, false);

    return u ? u->bytes : 0;
}

unsigned int acct_report(char *buf, unsigned int size)
{
    unsigned int i, used = 0;
    struct usage *u;

    for ( i = 0; i < ACCT_BUCKETS; i++ )
        for ( u = buckets[i]; u; u = u->next )
        {
            int n;

            if ( !u->nodes && !u->bytes )
                continue;
            n = snprintf(buf + used, size - used,
                         "domain %u: %u nodes, %zu bytes\n", u->domid, u->nodes,
                         u->bytes);
            if ( n < 0 || (unsigned int)n >= size - used )
                return used;
            used += n;
        }
    return used;
}
