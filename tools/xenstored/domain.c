/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain.c: the domains xenstored knows: introduced (with the frame and
 * event channel of their xenstore ring), released, and privileged over a
 * target. Each introduced domain's ring is a connection (ring.c). A
 * domain may also be known before its INTRODUCE, for the features
 * domain 0 chose for it (SET_FEATURE), which its ring then offers.
 */
#include <errno.h>
#include <stdlib.h>

#include "xenstored.h"

struct xs_domain {
    unsigned int domid;
    uint64_t mfn;
    unsigned int port;
    unsigned int target; /* a domain it is privileged over, or ~0 */
    unsigned int features; /* XENSTORE_SERVER_FEATURE_* it is offered */
    bool introduced;
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

static struct xs_domain *find_or_add(unsigned int domid)
{
    struct xs_domain *d = find(domid);

    if ( d || !(d = calloc(1, sizeof(*d))) )
        return d;
    d->domid = domid;
    d->target = ~0U;
    d->features = XS_FEATURES;
    d->next = domains;
    domains = d;
    return d;
}

int domain_introduce(unsigned int domid, uint64_t mfn, unsigned int port)
{
    struct xs_domain *d = find(domid);

    if ( d && d->introduced )
        return d->mfn == mfn && d->port == port ? 0 : -EINVAL;
    if ( !(d = find_or_add(domid)) )
        return -ENOMEM;
    d->mfn = mfn;
    d->port = port;
    d->introduced = true;
    d->conn = ring_connect(domid, mfn, port, d->features);
    persist_domain(domid, mfn, port, true);
    watch_fire_special(XS_SPECIAL_INTRODUCE, domid);
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
            bool was_introduced = d->introduced;

            if ( d->conn )
                d->conn->dead = true; /* freed by the event loop */
            free(d);
            if ( !was_introduced )
                return -ENOENT;
            persist_domain(domid, 0, 0, false);
            watch_fire_special(XS_SPECIAL_RELEASE, domid);
            return 0;
        }
    return -ENOENT;
}

bool domain_is_introduced(unsigned int domid)
{
    struct xs_domain *d = find(domid);

    return domid == 0 || (d && d->introduced);
}

bool domain_exists(unsigned int domid)
{
    const struct connection *c;

    if ( domain_is_introduced(domid) )
        return true;
    for ( c = connections; c; c = c->next )
        if ( c->domid == domid && !c->dead )
            return true;
    return ring_domain_exists(domid);
}

unsigned int domain_features(unsigned int domid)
{
    struct xs_domain *d = find(domid);

    return d ? d->features : XS_FEATURES;
}

/* Only before INTRODUCE, only what the daemon offers (as Xen). */
int domain_set_features(unsigned int domid, unsigned int features)
{
    struct xs_domain *d;

    if ( !domain_exists(domid) )
        return -ENOENT;
    if ( domain_is_introduced(domid) )
        return -EBUSY;
    if ( features & ~XS_FEATURES )
        return -EINVAL;
    if ( !(d = find_or_add(domid)) )
        return -ENOMEM;
    d->features = features;
    persist_features(domid, features);
    return 0;
}

int domain_set_target(unsigned int domid, unsigned int target)
{
    struct xs_domain *d = find(domid);

    if ( !d || !d->introduced || !domain_is_introduced(target) )
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
        if ( d->features != XS_FEATURES )
            persist_put_features(b, d->domid, d->features);
    for ( d = domains; d; d = d->next )
        if ( d->introduced )
            persist_put_domain(b, d->domid, d->mfn, d->port);
    for ( d = domains; d; d = d->next )
        if ( d->target != ~0U )
            persist_put_target(b, d->domid, d->target);
}
