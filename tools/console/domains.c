/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domains.c: which domains have a console for xenconsoled. A scan (at
 * start, on @introduceDomain and @releaseDomain, and now and then) lists
 * the hypervisor's domains; a new one whose console/type is
 * "xenconsoled" gets its ring page mapped from console/ring-ref, its
 * console port (console/port) bound, a pty whose path goes to
 * console/tty, as Xen's xenconsoled does, and a log file.
 * A restarted xenconsoled finds running domains the same way and goes
 * on from where the guest's ring says the last one stopped.
 *
 * console/ring-ref and console/port are written by the toolstack and
 * only readable by the guest, but they are checked all the same: the
 * frame must be guest RAM (xc_map_foreign_range) and the port the
 * guest's (the bind fails otherwise).
 *
 * On @releaseDomain and now and then (xenstored fires nothing when a
 * domain is destroyed without being released) a scan only looks for
 * consoles of domains that are gone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xenconsoled.h"

#define LIST_CHUNK 1024

struct console *console_by_port(int local_port)
{
    struct console *c;

    for ( c = dmn.consoles; c; c = c->next )
        if ( c->local_port == local_port )
            return c;
    return NULL;
}

static struct console *console_by_domid(uint32_t domid)
{
    struct console *c;

    for ( c = dmn.consoles; c; c = c->next )
        if ( c->domid == domid )
            return c;
    return NULL;
}

/* A xenstore value of the domain's (malloc'd), NULL if absent. */
static char *dom_read(uint32_t domid, const char *key)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, key);
    return xs_read(dmn.xsh, XBT_NULL, path, NULL);
}

static int parse_number(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if ( !s || !*s )
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if ( errno || *end || v > max )
        return -1;
    *out = v;
    return 0;
}

/* The name for the log file: no '/' or leading '.', at most 63 bytes. */
static void safe_name(char *out, size_t len, const char *name, uint32_t domid)
{
    size_t i;

    if ( !name || !*name )
    {
        snprintf(out, len, "domain-%u", domid);
        return;
    }
    snprintf(out, len, "%s", name);
    for ( i = 0; out[i]; i++ )
        if ( out[i] == '/' || (unsigned char)out[i] < 0x20 ||
             (i == 0 && out[i] == '.') )
            out[i] = '_';
}

static void console_free(struct console *c)
{
    console_close_io(c);
    if ( c->local_port >= 0 )
        xenevtchn_unbind(dmn.xce, c->local_port);
    if ( c->intf )
        munmap(c->intf, 4096);
    free(c->buf);
    free(c);
}

/* What the toolstack wrote: is this a console for us, and where? */
static int read_console_nodes(struct console *c)
{
    char *type = dom_read(c->domid, "console/type");
    char *ref = dom_read(c->domid, "console/ring-ref");
    char *port = dom_read(c->domid, "console/port");
    char *name = dom_read(c->domid, "name");
    uint64_t p = 0;
    int rc = -1;

    if ( type && !strcmp(type, "xenconsoled") &&
         !parse_number(ref, UINT32_MAX, &c->ring_ref) &&
         !parse_number(port, UINT32_MAX, &p) )
    {
        c->remote_port = p;
        safe_name(c->name, sizeof(c->name), name, c->domid);
        rc = 0;
    }
    free(type);
    free(ref);
    free(port);
    free(name);
    return rc;
}

static int publish_tty(struct console *c)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", c->domid);
    if ( !xs_write(dmn.xsh, XBT_NULL, path, c->tty, strlen(c->tty)) )
    {
        cons_log("domain %u: cannot write %s: %s", c->domid, path,
                 strerror(errno));
        return -1;
    }
    return 0;
}

/* A console for domid, or NULL if it has none (yet) or cannot be served. */
static struct console *console_connect(uint32_t domid)
{
    struct console *c = calloc(1, sizeof(*c));

    if ( !c )
        return NULL;
    c->domid = domid;
    c->local_port = -1;
    c->master = c->slave = -1;
    c->log.fd = -1;
    c->log_line_start = true;
    c->period_start_ms = now_ms();
    if ( read_console_nodes(c) )
    {
        free(c);
        return NULL; /* no console of ours, or not written yet */
    }
    c->intf = xc_map_foreign_range(dmn.xch, domid, 4096,
                                   PROT_READ | PROT_WRITE, c->ring_ref);
    if ( !c->intf )
    {
        cons_log("domain %u: cannot map console ring frame %llu: %s", domid,
                 (unsigned long long)c->ring_ref, strerror(errno));
        goto fail;
    }
    c->local_port = xenevtchn_bind_interdomain(dmn.xce, domid,
                                               c->remote_port);
    if ( c->local_port < 0 )
    {
        cons_log("domain %u: cannot bind console port %u: %s", domid,
                 c->remote_port, strerror(errno));
        goto fail;
    }
    if ( console_open_pty(c) || publish_tty(c) )
        goto fail;
    if ( dmn.log_guest )
        console_open_log(c); /* no log is no reason to stop serving */
    c->next = dmn.consoles;
    dmn.consoles = c;
    dmn.nr_consoles++;
    cons_log("domain %u (%s): console on %s", domid, c->name, c->tty);
    /* What it wrote before we came (since boot, or since our last run). */
    console_read_ring(c);
    return c;

fail:
    console_free(c);
    return NULL;
}

static void console_disconnect(struct console *c)
{
    struct console **pp;

    /* The last words of a domain that has gone down. */
    console_read_ring(c);
    console_flush_pty(c);
    for ( pp = &dmn.consoles; *pp; pp = &(*pp)->next )
        if ( *pp == c )
        {
            *pp = c->next;
            break;
        }
    dmn.nr_consoles--;
    cons_log("domain %u (%s): console closed", c->domid, c->name);
    console_free(c);
}

void domains_scan(bool connect_new)
{
    xc_domaininfo_t *info = malloc(LIST_CHUNK * sizeof(*info));
    struct console *c, *next;
    uint32_t first = 1;
    int n, i;

    if ( !info )
        return;
    for ( c = dmn.consoles; c; c = c->next )
        c->seen = false;
    do
    {
        n = xc_domain_getinfolist(dmn.xch, first, LIST_CHUNK, info);
        if ( n < 0 )
        {
            cons_log("cannot list domains: %s", strerror(errno));
            free(info);
            return; /* keep what we have */
        }
        for ( i = 0; i < n; i++ )
        {
            uint32_t domid = info[i].domain;
            bool dying = info[i].flags & XEN_DOMINF_dying;

            first = domid + 1;
            if ( domid == 0 || dying )
                continue;
            c = console_by_domid(domid);
            if ( !c && connect_new )
                c = console_connect(domid);
            if ( c )
                c->seen = true;
        }
    } while ( n == LIST_CHUNK );
    free(info);
    /* A domain that is gone or dying: its ring is read, then closed. */
    for ( c = dmn.consoles; c; c = next )
    {
        next = c->next;
        if ( !c->seen )
            console_disconnect(c);
    }
}

void domains_close_all(void)
{
    while ( dmn.consoles )
    {
        struct console *c = dmn.consoles;

        dmn.consoles = c->next;
        console_free(c);
    }
    dmn.nr_consoles = 0;
}
