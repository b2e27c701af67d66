/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * watch.c: watches. A watch on a path fires once when registered and
 * then for every change at or below it (and, when a node is removed, for
 * watches below the removed node too). The event names the changed path
 * as the watcher wrote it (relative paths stay relative) and carries the
 * watcher's token. Watchers only hear of nodes they may read.
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

int watch_add(struct connection *c, const char *path, const char *abs,
              const char *token)
{
    struct watch *w;

    for ( w = c->watches; w; w = w->next )
        if ( !strcmp(w->path, path) && !strcmp(w->token, token) )
            return -EEXIST;
    if ( !c->privileged && c->nr_watches >= quota_get(QUOTA_WATCHES, c->domid) )
        return -E2BIG;
    if ( !c->privileged &&
         acct_bytes(c->domid) + watch_bytes(path, abs, token) >
             quota_get(QUOTA_MEMORY, c->domid) )
        return -ENOMEM;
    w = calloc(1, sizeof(*w));
    w->path = strdup(path);
    w->abs = strdup(abs);
    w->token = strdup(token);
    w->next = c->watches;
    c->watches = w;
    c->nr_watches++;
    acct_add(c->domid, 0, watch_bytes(path, abs, token));
    if ( c->ring )
        persist_watch('A', c->domid, path, abs, token);
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

int watch_remove(struct connection *c, const char *path, const char *token)
{
    struct watch **pp;

    for ( pp = &c->watches; *pp; pp = &(*pp)->next )
        if ( !strcmp((*pp)->path, path) && !strcmp((*pp)->token, token) )
        {
            struct watch *w = *pp;

            *pp = w->next;
            if ( c->ring )
                persist_watch('U', c->domid, w->path, w->abs, w->token);
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
    c->nr_watches = 0;
}

void watch_reset(struct connection *c)
{
    if ( c->ring )
        persist_watch('Z', c->domid, "", "", "");
    watch_remove_all(c);
}

void watch_snapshot(struct buf *b)
{
    struct connection *c;
    struct watch *w;

    for ( c = connections; c; c = c->next )
        for ( w = c->watches; w && c->ring && !c->dead; w = w->next )
            persist_put_watch(b, 'A', c->domid, w->path, w->abs, w->token);
}

/* Send one event: the path relative to the watch's own form. */
static void send_event(struct connection *c, const struct watch *w,
                       const char *path)
{
    char buf[XENSTORE_ABS_PATH_MAX * 2 + 64];
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
    n = snprintf(buf, sizeof(buf), "%s%c%s", shown, '\0', w->token);
    if ( n > 0 && (size_t)n < sizeof(buf) )
        conn_send(c, XS_WATCH_EVENT, 0, 0, buf, n + 1);
}

static bool may_read(struct connection *c, const char *path)
{
    struct node *n = store_lookup(path);
    char *parent;
    bool ok;

    if ( c->privileged )
        return true;
    if ( n )
        return perms_for(n->perms, n->nperms, c->domid) & XS_PERM_READ;
    /* Removed: judge by the nearest surviving ancestor. */
    parent = path_parent(path);
    ok = strcmp(path, "/") ? may_read(c, parent) : false;
    free(parent);
    return ok;
}

void watch_fire(const char *path, bool removed)
{
    struct connection *c;

    for ( c = connections; c; c = c->next )
    {
        struct watch *w;

        if ( c->dead || !may_read(c, path) )
            continue;
        for ( w = c->watches; w; w = w->next )
            if ( path_is_below(path, w->abs) ||
                 (removed && path_is_below(w->abs, path)) )
                send_event(c, w, path);
    }
}

void watch_fire_special(const char *name)
{
    struct connection *c;

    for ( c = connections; c; c = c->next )
    {
        struct watch *w;

        for ( w = c->watches; w && !c->dead; w = w->next )
            if ( !strcmp(w->abs, name) )
                send_event(c, w, name);
    }
}
