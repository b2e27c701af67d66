/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain.c: the domains xenstored knows: introduced (with the frame and
 * event channel of their xenstore ring), released, and privileged over a
 * target. Each introduced domain's ring is a connection (ring.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "xenstored.h"

struct xs_domain {
    unsigned int domid;
    uint64_t mfn;
    unsigned int port;
    unsigned int target; /* a domain it is privileged over, or ~0 */
    struct connection *conn; /* its ring, if it could be reached */
    struct xs_domain *next;
};

static struct xs_domain *domains;

static struct xs_domain *find(unsigned int domid)
{
    struct xs_domain *d;

    for ( d = domains; d; d = d->next )
        if ( d->domid == domid )
            return d;
    return NULL;
}

int domain_introduce(unsigned int domid, uint64_t mfn, unsigned int port)
{
    struct xs_domain *d = find(domid);

    if ( d )
        return d->mfn == mfn && d->port == port ? 0 : -EINVAL;
    d = calloc(1, sizeof(*d));
    d->domid = domid;
    d->mfn = mfn;
    d->port = port;
    d->target = ~0U;
    d->conn = ring_connect(domid, mfn, port);
    d->next = domains;
    domains = d;
    persist_domain(domid, mfn, port, true);
    watch_fire_special("@introduceDomain");
    return 0;
}

int domain_release(unsigned int domid)
{
    struct xs_domain **pp;

    for ( pp = &domains; *pp; pp = &(*pp)->next )
        if ( (*pp)->domid == domid )
        {
            struct xs_domain *d = *pp;

            *pp = d->next;
            if ( d->conn )
                d->conn->dead = true; /* freed by the event loop */
            free(d);
            persist_domain(domid, 0, 0, false);
            watch_fire_special("@releaseDomain");
            return 0;
        }
    return -ENOENT;
}

bool domain_is_introduced(unsigned int domid)
{
    return domid == 0 || find(domid) != NULL;
}

int domain_set_target(unsigned int domid, unsigned int target)
{
    struct xs_domain *d = find(domid);

    if ( !d || !find(target) )
        return -ENOENT;
    d->target = target;
    persist_target(domid, target);
    return 0;
}

bool domain_is_target_of(unsigned int domid, unsigned int target)
{
    struct xs_domain *d = find(domid);

    return d && d->target == target;
}

struct connection *domain_conn(unsigned int domid)
{
    struct xs_domain *d = find(domid);

    return d && d->conn && !d->conn->dead ? d->conn : NULL;
}

/* All domains first: a target record names a domain already loaded. */
void domain_snapshot(struct buf *b)
{
    struct xs_domain *d;

    for ( d = domains; d; d = d->next )
        persist_put_domain(b, d->domid, d->mfn, d->port);
    for ( d = domains; d; d = d->next )
        if ( d->target != ~0U )
            persist_put_target(b, d->domid, d->target);
}
