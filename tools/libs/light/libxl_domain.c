/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_domain.c: running domains: what they are (info, lists, names),
 * what they are called (rename, preserve), and what is done to them
 * (pause, shutdown requests, destroy, waiting for them to stop).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <public/sched.h>

#include "libxl_internal.h"

#define LIST_CHUNK 1024

static void info_from_xc(struct libxl_dominfo *d, const xc_domaininfo_t *x)
{
    memset(d, 0, sizeof(*d));
    memcpy(d->uuid, x->handle, sizeof(d->uuid));
    d->domid = x->domain;
    d->ssidref = x->ssidref;
    d->running = x->flags & XEN_DOMINF_running;
    d->blocked = x->flags & XEN_DOMINF_blocked;
    d->paused = x->flags & XEN_DOMINF_paused;
    d->shutdown = x->flags & XEN_DOMINF_shutdown;
    d->dying = x->flags & XEN_DOMINF_dying;
    d->shutdown_reason = d->shutdown ? (x->flags >> XEN_DOMINF_shutdownshift) &
                                           XEN_DOMINF_shutdownmask
                                     : 0;
    d->current_memkb = x->tot_pages * 4;
    d->outstanding_memkb = x->outstanding_pages * 4;
    d->shared_memkb = x->shr_pages * 4;
    d->paged_memkb = x->paged_pages * 4;
    d->max_memkb = x->max_pages * 4;
    d->cpu_time = x->cpu_time;
    d->vcpu_max_id = x->max_vcpu_id;
    d->vcpu_online = x->nr_online_vcpus;
    d->cpupool = x->cpupool;
}

int libxl_domain_info(libxl_ctx *ctx, struct libxl_dominfo *info,
                      uint32_t domid)
{
    xc_interface *xch = libxl__xch(ctx);
    xc_domaininfo_t x;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( xc_domain_getinfo_single(xch, domid, &x) )
        return libxl__rc_of_errno(errno);
    if ( info )
        info_from_xc(info, &x);
    return 0;
}

struct libxl_dominfo *libxl_list_domain(libxl_ctx *ctx, int *nb_domain)
{
    xc_interface *xch = libxl__xch(ctx);
    xc_domaininfo_t *x = NULL;
    struct libxl_dominfo *out = NULL;
    unsigned int have = 0, first = 0;
    int i, n;

    *nb_domain = 0;
    if ( !xch )
        return NULL;
    for ( ;; )
    {
        xc_domaininfo_t *nx = realloc(x, (have + LIST_CHUNK) * sizeof(*x));

        if ( !nx )
            goto fail;
        x = nx;
        n = xc_domain_getinfolist(xch, first, LIST_CHUNK, x + have);
        if ( n < 0 )
        {
            LOGE(ctx, ERROR, "cannot list domains");
            goto fail;
        }
        have += n;
        if ( n < LIST_CHUNK )
            break;
        first = x[have - 1].domain + 1;
    }
    out = calloc(have ? have : 1, sizeof(*out));
    if ( !out )
        goto fail;
    for ( i = 0; i < (int)have; i++ )
        info_from_xc(&out[i], &x[i]);
    free(x);
    *nb_domain = have;
    return out;

fail:
    free(x);
    return NULL;
}

char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid)
{
    char *name = NULL;

    return libxl_domids_to_names(ctx, &domid, 1, &name) ? NULL : name;
}

int libxl_domids_to_names(libxl_ctx *ctx, const uint32_t *domids,
                          unsigned int n, char **names)
{
    struct libxl__xs_batch *b = libxl__xs_batch_new();
    unsigned int i;
    int rc;

    if ( !b )
        return ERROR_NOMEM;
    for ( i = 0; i < n; i++ )
    {
        char path[64];

        snprintf(path, sizeof(path), "/local/domain/%u/name", domids[i]);
        libxl__xs_batch_read(b, path);
        names[i] = NULL;
    }
    rc = libxl__xs_batch_run(ctx, b, false);
    for ( i = 0; !rc && i < n; i++ )
    {
        const char *v = libxl__xs_batch_value(b, i);

        if ( v && !(names[i] = strdup(v)) )
            rc = ERROR_NOMEM;
    }
    if ( rc )
        for ( i = 0; i < n; i++ )
        {
            free(names[i]);
            names[i] = NULL;
        }
    libxl__xs_batch_free(b);
    return rc;
}

int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid)
{
    struct libxl_dominfo *info;
    uint32_t *ids = NULL;
    char **names = NULL;
    int nb, i, rc = ERROR_DOMAIN_NOTFOUND;

    info = libxl_list_domain(ctx, &nb);
    if ( !info )
        return ERROR_NO_HYPERVISOR;
    ids = calloc(nb ? nb : 1, sizeof(*ids));
    names = calloc(nb ? nb : 1, sizeof(*names));
    if ( !ids || !names )
    {
        rc = ERROR_NOMEM;
        goto out;
    }
    for ( i = 0; i < nb; i++ )
        ids[i] = info[i].domid;
    if ( libxl_domids_to_names(ctx, ids, nb, names) )
    {
        rc = ERROR_NO_XENSTORE;
        goto out;
    }
    for ( i = 0; i < nb; i++ )
    {
        if ( rc && names[i] && !strcmp(names[i], name) )
        {
            *domid = ids[i];
            rc = 0;
        }
        free(names[i]);
    }
out:
    free(names);
    free(ids);
    free(info);
    return rc;
}

int libxl_domain_qualifier_to_domid(libxl_ctx *ctx, const char *q,
                                    uint32_t *domid)
{
    char *end;
    unsigned long v;
    int rc;

    if ( !q || !*q )
        return ERROR_INVAL;
    v = strtoul(q, &end, 10);
    if ( !*end && q[0] >= '0' && q[0] <= '9' )
    {
        if ( v >= DOMID_FIRST_RESERVED )
            return ERROR_INVAL;
        rc = libxl__domain_exists(ctx, v);
        if ( !rc )
            *domid = v;
        return rc;
    }
    return libxl_name_to_domid(ctx, q, domid);
}

int libxl_vm_get_start_time(libxl_ctx *ctx, uint32_t domid, double *start)
{
    char *vm = libxl__vm_path(ctx, domid), *path, *v = NULL;

    if ( !vm )
        return ERROR_NOTFOUND;
    path = libxl__sprintf("%s/start_time", vm);
    if ( path )
        v = libxl__xs_read(ctx, XBT_NULL, path);
    free(path);
    free(vm);
    if ( !v )
        return ERROR_NOTFOUND;
    *start = strtod(v, NULL);
    free(v);
    return 0;
}

/* Is another domain already called name? */
static bool name_taken(libxl_ctx *ctx, const char *name, uint32_t except)
{
    uint32_t other;

    return !libxl_name_to_domid(ctx, name, &other) && other != except;
}

int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *old_name,
                        const char *new_name)
{
    struct libxl__xs_batch *b = NULL;
    struct libxl_domain_config c;
    char path[96], *current, *vm = NULL;
    int rc;

    if ( !new_name || !*new_name )
        return ERROR_INVAL;
    rc = libxl__domain_exists(ctx, domid);
    if ( rc )
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    current = libxl__xs_read(ctx, XBT_NULL, path);
    if ( old_name && (!current || strcmp(current, old_name)) )
    {
        LOG(ctx, ERROR, "domain %u is not called %s", domid, old_name);
        free(current);
        return ERROR_INVAL;
    }
    free(current);
    if ( name_taken(ctx, new_name, domid) )
    {
        LOG(ctx, ERROR, "domain with name \"%s\" already exists", new_name);
        return ERROR_INVAL;
    }
    b = libxl__xs_batch_new();
    vm = libxl__vm_path(ctx, domid);
    if ( !b )
        return ERROR_NOMEM;
    libxl__xs_batch_write(b, path, new_name);
    if ( vm )
    {
        char *vm_name = libxl__sprintf("%s/name", vm);

        if ( vm_name )
            libxl__xs_batch_write(b, vm_name, new_name);
        free(vm_name);
    }
    rc = libxl__xs_batch_run(ctx, b, true);
    libxl__xs_batch_free(b);
    free(vm);
    if ( rc )
        return rc;
    /* The stored configuration follows, so a restart keeps the name. */
    if ( !libxl_retrieve_domain_configuration(ctx, domid, &c) )
    {
        char *n = strdup(new_name);

        if ( n )
        {
            free(c.c_info.name);
            c.c_info.name = n;
            rc = libxl_store_domain_configuration(ctx, domid, &c);
        }
        libxl_domain_config_dispose(&c);
    }
    return rc;
}

int libxl_domain_preserve(libxl_ctx *ctx, uint32_t domid, const char *suffix)
{
    struct libxl_domain_config c;
    xc_interface *xch = libxl__xch(ctx);
    uint8_t uuid[16];
    char *name = NULL, *old_vm = NULL, uuid_s[37];
    struct libxl__xs_batch *b = NULL;
    int rc, n;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    rc = libxl_retrieve_domain_configuration(ctx, domid, &c);
    if ( rc )
        return rc;
    /* name<suffix>, then name<suffix>-2, ... if a domain has it already. */
    for ( n = 1; n < 100; n++ )
    {
        free(name);
        name = n == 1 ? libxl__sprintf("%s%s", c.c_info.name, suffix)
                      : libxl__sprintf("%s%s-%d", c.c_info.name, suffix, n);
        if ( !name || !name_taken(ctx, name, domid) )
            break;
    }
    rc = ERROR_NOMEM;
    if ( !name )
        goto out;
    rc = libxl_domain_rename(ctx, domid, c.c_info.name, name);
    if ( rc )
        goto out;
    /* A new identity: a new UUID for its handle and its /vm entry. */
    libxl__uuid_generate(uuid);
    libxl__uuid_to_string(uuid, uuid_s);
    if ( xc_domain_sethandle(xch, domid, uuid) )
    {
        rc = libxl__rc_of_errno(errno);
        goto out;
    }
    old_vm = libxl__vm_path(ctx, domid);
    b = libxl__xs_batch_new();
    if ( !b || !old_vm )
        goto out;
    {
        char vm[64], dompath[64], *p_uuid, *p_name;

        snprintf(vm, sizeof(vm), "/vm/%s", uuid_s);
        snprintf(dompath, sizeof(dompath), "/local/domain/%u/vm", domid);
        p_uuid = libxl__sprintf("%s/uuid", vm);
        p_name = libxl__sprintf("%s/name", vm);
        if ( p_uuid && p_name )
        {
            libxl__xs_batch_write(b, p_uuid, uuid_s);
            libxl__xs_batch_write(b, p_name, name);
            libxl__xs_batch_write(b, dompath, vm);
            libxl__xs_batch_rm(b, old_vm);
        }
        free(p_uuid);
        free(p_name);
    }
    rc = libxl__xs_batch_run(ctx, b, true);
    if ( rc )
        goto out;
    libxl_domain_config_dispose(&c);
    rc = libxl_retrieve_domain_configuration(ctx, domid, &c);
    if ( !rc )
    {
        memcpy(c.c_info.uuid, uuid, sizeof(uuid));
        c.c_info.uuid_set = true;
        rc = libxl_store_domain_configuration(ctx, domid, &c);
    }
out:
    libxl__xs_batch_free(b);
    libxl_domain_config_dispose(&c);
    free(old_vm);
    free(name);
    return rc;
}

int libxl__xs_domain_cleanup(libxl_ctx *ctx, uint32_t domid,
                             const uint8_t uuid[16])
{
    struct libxl__xs_batch *b = libxl__xs_batch_new();
    char path[96], uuid_s[37];
    int rc;

    if ( !b )
        return ERROR_NOMEM;
    libxl__uuid_to_string(uuid, uuid_s);
    libxl__dom_path(path, sizeof(path), domid);
    libxl__xs_batch_rm(b, path);
    snprintf(path, sizeof(path), "/vm/%s", uuid_s);
    libxl__xs_batch_rm(b, path);
    snprintf(path, sizeof(path), "/libxl/%u", domid);
    libxl__xs_batch_rm(b, path);
    snprintf(path, sizeof(path), "/local/domain/0/backend/vbd/%u", domid);
    libxl__xs_batch_rm(b, path);
    snprintf(path, sizeof(path), "/local/domain/0/backend/vif/%u", domid);
    libxl__xs_batch_rm(b, path);
    snprintf(path, sizeof(path), "/local/domain/0/backend/console/%u", domid);
    libxl__xs_batch_rm(b, path);
    rc = libxl__xs_batch_run(ctx, b, true);
    libxl__xs_batch_free(b);
    return rc;
}

int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid)
{
    xc_interface *xch = libxl__xch(ctx);
    struct xs_handle *xsh;
    xc_domaininfo_t x;
    char *vm;
    uint8_t uuid[16];

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( domid == 0 )
    {
        LOG(ctx, ERROR, "domain 0 cannot be destroyed");
        return ERROR_INVAL;
    }
    if ( xc_domain_getinfo_single(xch, domid, &x) )
        return libxl__rc_of_errno(errno);
    memcpy(uuid, x.handle, sizeof(uuid));
    /* The /vm entry named by the domain is the one to remove. */
    vm = ctx->no_xenstore ? NULL : libxl__vm_path(ctx, domid);
    if ( vm && !strncmp(vm, "/vm/", 4) )
        libxl__uuid_from_string(vm + 4, uuid);
    free(vm);
    if ( xc_domain_destroy(xch, domid) && errno != ESRCH )
    {
        LOGE(ctx, ERROR, "cannot destroy domain %u", domid);
        return libxl__rc_of_errno(errno);
    }
    xsh = ctx->no_xenstore ? NULL : libxl__xsh(ctx);
    if ( xsh )
    {
        /* xenstored forgets the domain and fires @releaseDomain. */
        libxl__xs_count(ctx);
        xs_release_domain(xsh, domid);
        libxl__xs_domain_cleanup(ctx, domid, uuid);
    }
    libxl__state_remove(ctx, domid);
    return 0;
}

int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid)
{
    xc_interface *xch = libxl__xch(ctx);

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    return xc_domain_pause(xch, domid) ? libxl__rc_of_errno(errno) : 0;
}

int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid)
{
    xc_interface *xch = libxl__xch(ctx);

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    return xc_domain_unpause(xch, domid) ? libxl__rc_of_errno(errno) : 0;
}

/* Write a request into control/shutdown if the guest says it honours it. */
static int request_shutdown(libxl_ctx *ctx, uint32_t domid, const char *what,
                            const char *feature)
{
    char path[96], *v;
    int rc = libxl__domain_exists(ctx, domid);

    if ( rc )
        return rc;
    if ( domid == 0 )
    {
        LOG(ctx, ERROR, "domain 0 cannot be shut down from here");
        return ERROR_INVAL;
    }
    snprintf(path, sizeof(path), "/local/domain/%u/control/%s", domid, feature);
    v = libxl__xs_read(ctx, XBT_NULL, path);
    if ( !v || strcmp(v, "1") )
    {
        free(v);
        return ERROR_NOPARAVIRT;
    }
    free(v);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    return libxl__xs_write(ctx, XBT_NULL, path, what);
}

int libxl_domain_control_request(libxl_ctx *ctx, uint32_t domid,
                                 const char *request)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    return libxl__xs_write(ctx, XBT_NULL, path, request);
}

int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid)
{
    return request_shutdown(ctx, domid, "poweroff", "feature-poweroff");
}

int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid)
{
    return request_shutdown(ctx, domid, "reboot", "feature-reboot");
}

int libxl_domain_force_shutdown(libxl_ctx *ctx, uint32_t domid,
                                unsigned int reason)
{
    xc_interface *xch = libxl__xch(ctx);

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    return xc_domain_shutdown(xch, domid, reason) ? libxl__rc_of_errno(errno)
                                                  : 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1: shut down (reason set), 0: gone, 2: still running, <0: error. */
static int check_stopped(libxl_ctx *ctx, uint32_t domid, unsigned int *reason)
{
    struct libxl_dominfo info;
    int rc = libxl_domain_info(ctx, &info, domid);

    if ( rc == ERROR_DOMAIN_NOTFOUND )
        return 0;
    if ( rc )
        return rc;
    if ( info.dying )
        return 0;
    if ( info.shutdown )
    {
        *reason = info.shutdown_reason;
        return 1;
    }
    return 2;
}

int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid, int timeout_ms,
                               int poll_ms, unsigned int *reason)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    struct xs_handle *watch = NULL; /* our own: its events are ours */
    int rc;

    /* Without xenstored we still notice, by polling. */
    for ( ;; )
    {
        struct pollfd pfd;
        int wait = poll_ms;
        char **ev;

        if ( !watch && (watch = xs_open(0)) &&
             !xs_watch(watch, "@releaseDomain", "release") )
        {
            xs_close(watch);
            watch = NULL;
        }
        pfd = (struct pollfd){ .fd = watch ? xs_fileno(watch) : -1,
                               .events = POLLIN };

        rc = check_stopped(ctx, domid, reason);
        if ( rc != 2 )
            break;
        if ( deadline >= 0 )
        {
            int64_t left = deadline - now_ms();

            if ( left <= 0 )
            {
                rc = ERROR_TIMEDOUT;
                break;
            }
            if ( left < wait )
                wait = left;
        }
        libxl_ctx_idle(ctx);
        if ( poll(&pfd, 1, wait) <= 0 || !watch )
            continue;
        if ( pfd.revents & (POLLHUP | POLLERR) )
        {
            /* xenstored went away: look again after the next poll. */
            xs_close(watch);
            watch = NULL;
            continue;
        }
        while ( (ev = xs_check_watch(watch)) )
            free(ev);
    }
    if ( watch )
        xs_close(watch);
    return rc;
}
