/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * watch.c: watches, matched as Xen's xenstored matches them. A watch
 * fires once when registered, then for every change at or below its path
 * (down to its depth, if it gave one). A removal fires the watches at or
 * above the removed node with that node's path, and for each removed
 * descendant only a watch on that very node. The event names the changed
 * path as the watcher wrote it (relative paths stay relative) and carries
 * the watcher's token. A connection's matching watches fire in the order
 * they were registered. Unprivileged watchers hear only of nodes they
 * may read, or whose parent they may read (or could read before a
 * permission change), and of special events only if the special node's
 * permissions let them read it.
 *
 * Special events: "@introduceDomain" and "@releaseDomain" go to watches
 * on those names without a depth; a watch on the name with a depth of 1
 * or more, or on "@releaseDomain/<domid>", gets "<name>/<domid>" instead.
 *
 * Guests' watches are kept in the state file (persist.c) so that they
 * still fire after a restart of the daemon; dom0's clients reconnect
 * and register theirs again (libxenstore does).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

/* What a watch costs its domain's memory quota. */
static size_t watch_bytes(const char *path, const char *abs, const char *token)
{
    return sizeof(struct watch) + strlen(path) + strlen(abs) + strlen(token) +
           3;
}

static void persist_if_guest(struct connection *c, char what,
                             const struct watch *w)
{
    if ( c->ring )
        persist_watch(what, c->domid, w->path, w->abs, w->token, w->depth);
}

int watch_add(struct connection *c, const char *path, const char *abs,
              const char *token, int depth)
{
    struct watch *w;

    for ( w = c->watches; w; w = w->next )
        if ( !strcmp(w->abs, abs) && !strcmp(w->token, token) )
            return -EEXIST;
    if ( !c->privileged &&
         quota_over(QUOTA_WATCHES, c->domid, c->nr_watches + 1) )
        return -E2BIG;
    if ( !c->privileged &&
         quota_over(QUOTA_MEMORY, c->domid,
                    acct_bytes(c->domid) + watch_bytes(path, abs, token)) )
        return -ENOMEM;
    w = calloc(1, sizeof(*w));
    if ( !w )
        return -ENOMEM;
    w->path = strdup(path);
    w->abs = strdup(abs);
    w->token = strdup(token);
    w->depth = depth;
    if ( !c->watches_tail )
        c->watches_tail = &c->watches;
    *c->watches_tail = w;
    c->watches_tail = &w->next;
    c->nr_watches++;
    acct_add(c->domid, 0, watch_bytes(path, abs, token));
    persist_if_guest(c, 'A', w);
    return 0;
}

static void watch_free(struct connection *c, struct watch *w)
{
    acct_add(c->domid, 0, -(long)watch_bytes(w->path, w->abs, w->token));
    free(w->path);
    free(w->abs);
    free(w->token);
    free(w);
}

/* path: as sent (relative or not); matched on its absolute form. */
int watch_remove(struct connection *c, const char *abs, const char *token)
{
    struct watch **pp;

    for ( pp = &c->watches; *pp; pp = &(*pp)->next )
        if ( !strcmp((*pp)->abs, abs) && !strcmp((*pp)->token, token) )
        {
            struct watch *w = *pp;

            *pp = w->next;
            if ( c->watches_tail == &w->next )
                c->watches_tail = pp;
            persist_if_guest(c, 'U', w);
            watch_free(c, w);
            c->nr_watches--;
            return 0;
        }
    return -ENOENT;
}

void watch_remove_all(struct connection *c)
{
    while ( c->watches )
    {
        struct watch *w = c->watches;

        c->watches = w->next;
        watch_free(c, w);
    }
    c->watches_tail = &c->watches;
    c->nr_watches = 0;
}

void watch_reset(struct connection *c)
{
    if ( c->ring )
        persist_watch('Z', c->domid, "", "", "", -1);
    watch_remove_all(c);
}

void watch_snapshot(struct buf *b)
{
    struct connection *c;
    struct watch *w;

    for ( c = connections; c; c = c->next )
        for ( w = c->watches; w && c->ring && !c->dead; w = w->next )
            persist_put_watch(b, 'A', c->domid, w->path, w->abs, w->token,
                              w->depth);
}

/* Send one event: the path relative to the watch's own form. */
static void send_event(struct connection *c, const struct watch *w,
                       const char *path)
{
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    const char *shown = path;
    size_t abs_len = strlen(w->abs), rel_len = strlen(w->path);
    int n;

    if ( w->path[0] != '/' && w->path[0] != '@' )
    {
        /* Registered relative: strip the home prefix (abs minus rel). */
        size_t home = abs_len - rel_len;

        if ( strlen(path) > home )
            shown = path + home;
    }
    /* Over-long events are not sent, as on Xen. */
    n = snprintf(buf, sizeof(buf), "%s%c%s", shown, '\0', w->token);
    if ( n > 0 && (size_t)n < XENSTORE_PAYLOAD_MAX )
        conn_send(c, XS_WATCH_EVENT, 0, 0, buf, n + 1);
}

static bool readable(const struct connection *c, const struct node *n)
{
    return n && (perms_for(n->perms, n->nperms, c->domid) & XS_PERM_READ);
}

static bool may_hear(const struct connection *c, const char *path,
                     const struct xs_perm *old, unsigned int nold)
{
    char *parent;
    bool ok;

    if ( c->privileged )
        return true;
    if ( old && (perms_for(old, nold, c->domid) & XS_PERM_READ) )
        return true;
    if ( readable(c, store_lookup(path)) )
        return true;
    parent = path_parent(path);
    ok = strcmp(path, "/") && readable(c, store_lookup(parent));
    free(parent);
    return ok;
}

void watch_fire(const char *path, bool exact, const struct xs_perm *old_perms,
                unsigned int old_nperms)
{
    struct connection *c;

    for ( c = connections; c; c = c->next )
    {
        struct watch *w;

        if ( c->dead || !c->watches ||
             !may_hear(c, path, old_perms, old_nperms) )
            continue;
        for ( w = c->watches; w; w = w->next )
        {
            int below = exact ? !strcmp(path, w->abs) - 1
                              : path_depth_below(path, w->abs);

            if ( below >= 0 && (w->depth < 0 || below <= w->depth) )
                send_event(c, w, path);
        }
    }
}

void watch_fire_special(const char *name, unsigned int domid)
{
    const struct node *n = store_lookup(name);
    char with_domid[64];
    struct connection *c;

    snprintf(with_domid, sizeof(with_domid), "%s/%u", name, domid);
    for ( c = connections; c; c = c->next )
    {
        struct watch *w;

        if ( c->dead || !(c->privileged || readable(c, n)) )
            continue;
        for ( w = c->watches; w; w = w->next )
        {
            if ( !strcmp(w->abs, name) && w->depth < 0 )
                send_event(c, w, name);
            else if ( (!strcmp(w->abs, name) && w->depth > 0) ||
                      !strcmp(w->abs, with_domid) )
                send_event(c, w, with_domid);
        }
    }
}
