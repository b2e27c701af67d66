/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_vcpu.c: a domain's vCPUs: their state, their hard and soft CPU
 * affinity, and how many are online (the guest brings vCPUs up and down
 * as cpu/<n>/availability says, as Xen's PV guests do).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

#define BITMAP_BITS (8 * sizeof(((struct libxl_bitmap *)0)->map))

static void bitmap_from_cpumap(struct libxl_bitmap *b, const uint8_t *map,
                               int bytes)
{
    int i;

    memset(b, 0, sizeof(*b));
    for ( i = 0; i < bytes * 8 && i < (int)BITMAP_BITS; i++ )
        if ( map[i / 8] & (1u << (i % 8)) )
            b->map[i / 64] |= 1ULL << (i % 64);
}

static void cpumap_from_bitmap(uint8_t *map, int bytes,
                               const struct libxl_bitmap *b)
{
    int i;

    memset(map, 0, bytes);
    for ( i = 0; i < bytes * 8 && i < (int)BITMAP_BITS; i++ )
        if ( b->map[i / 64] & (1ULL << (i % 64)) )
            map[i / 8] |= 1u << (i % 8);
}

int libxl_get_max_cpus(libxl_ctx *ctx)
{
    xc_interface *xch = libxl__xch(ctx);

    return xch ? xc_get_max_cpus(xch) : ERROR_NO_HYPERVISOR;
}

struct libxl_vcpuinfo *libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid,
                                       int *nb_vcpu, int *nr_cpus)
{
    xc_interface *xch = libxl__xch(ctx);
    struct libxl_vcpuinfo *out = NULL;
    struct libxl_dominfo info;
    uint8_t *hard = NULL, *soft = NULL;
    int size, v;

    *nb_vcpu = 0;
    if ( !xch || libxl_domain_info(ctx, &info, domid) )
        return NULL;
    size = xc_get_cpumap_size(xch);
    *nr_cpus = xc_get_max_cpus(xch);
    if ( size <= 0 )
        return NULL;
    hard = calloc(1, size);
    soft = calloc(1, size);
    out = calloc(info.vcpu_max_id + 1, sizeof(*out));
    if ( !hard || !soft || !out )
        goto fail;
    for ( v = 0; v <= (int)info.vcpu_max_id; v++ )
    {
        struct xen_domctl_getvcpuinfo vi;

        if ( xc_vcpu_getinfo(xch, domid, v, &vi) ||
             xc_vcpu_getaffinity(xch, domid, v, hard, soft,
                                 XEN_VCPUAFFINITY_HARD |
                                     XEN_VCPUAFFINITY_SOFT) )
        {
            LOGE(ctx, ERROR, "cannot read vCPU %d of domain %u", v, domid);
            goto fail;
        }
        out[v].vcpuid = v;
        out[v].cpu = vi.cpu;
        out[v].online = vi.online;
        out[v].blocked = vi.blocked;
        out[v].running = vi.running;
        out[v].vcpu_time = vi.cpu_time;
        bitmap_from_cpumap(&out[v].cpumap, hard, size);
        bitmap_from_cpumap(&out[v].cpumap_soft, soft, size);
    }
    *nb_vcpu = info.vcpu_max_id + 1;
    free(hard);
    free(soft);
    return out;

fail:
    free(hard);
    free(soft);
    free(out);
    return NULL;
}

static int set_one(libxl_ctx *ctx, xc_interface *xch, uint32_t domid,
                   int vcpu, const struct libxl_bitmap *hard,
                   const struct libxl_bitmap *soft, int size)
{
    uint8_t h[XEN_DOMCTL_CPUMAP_BYTES], s[XEN_DOMCTL_CPUMAP_BYTES];
    uint32_t flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) |
                     (soft ? XEN_VCPUAFFINITY_SOFT : 0);

    if ( hard )
        cpumap_from_bitmap(h, size, hard);
    if ( soft )
        cpumap_from_bitmap(s, size, soft);
    if ( xc_vcpu_setaffinity(xch, domid, vcpu, hard ? h : NULL,
                             soft ? s : NULL, flags) )
    {
        LOGE(ctx, ERROR, "cannot set the affinity of vCPU %d of domain %u",
             vcpu, domid);
        return libxl__rc_of_errno(errno);
    }
    return 0;
}

int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid, int vcpuid,
                           const struct libxl_bitmap *hard,
                           const struct libxl_bitmap *soft)
{
    xc_interface *xch = libxl__xch(ctx);
    struct libxl_dominfo info;
    int size, v, rc;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( !hard && !soft )
        return 0;
    rc = libxl_domain_info(ctx, &info, domid);
    if ( rc )
        return rc;
    size = xc_get_cpumap_size(xch);
    if ( size <= 0 || size > XEN_DOMCTL_CPUMAP_BYTES )
        return ERROR_FAIL;
    if ( vcpuid >= 0 )
    {
        if ( vcpuid > (int)info.vcpu_max_id )
        {
            LOG(ctx, ERROR, "domain %u has no vCPU %d", domid, vcpuid);
            return ERROR_INVAL;
        }
        return set_one(ctx, xch, domid, vcpuid, hard, soft, size);
    }
    for ( v = 0; v <= (int)info.vcpu_max_id; v++ )
    {
        rc = set_one(ctx, xch, domid, v, hard, soft, size);
        if ( rc )
            return rc;
    }
    return 0;
}

int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid, unsigned int count)
{
    struct libxl_domain_config c;
    struct libxl_dominfo info;
    struct libxl__xs_batch *b;
    char dom[64];
    unsigned int v;
    int rc;

    rc = libxl_domain_info(ctx, &info, domid);
    if ( rc )
        return rc;
    if ( domid == 0 || !count || count > info.vcpu_max_id + 1 )
    {
        LOG(ctx, ERROR, "domain %u can have 1 to %u vCPUs online", domid,
            info.vcpu_max_id + 1);
        return ERROR_INVAL;
    }
    b = libxl__xs_batch_new();
    if ( !b )
        return ERROR_NOMEM;
    libxl__dom_path(dom, sizeof(dom), domid);
    for ( v = 0; v <= info.vcpu_max_id; v++ )
    {
        char key[32];

        snprintf(key, sizeof(key), "cpu/%u/availability", v);
        libxl__xs_batch_printf(b, dom, key, "%s",
                               v < count ? "online" : "offline");
    }
    rc = libxl__xs_batch_run(ctx, b, true);
    libxl__xs_batch_free(b);
    /* The count survives a reboot, as Xen keeps it. */
    if ( !rc && !libxl_retrieve_domain_configuration(ctx, domid, &c) )
    {
        c.b_info.avail_vcpus = count;
        rc = libxl_store_domain_configuration(ctx, domid, &c);
        libxl_domain_config_dispose(&c);
    }
    return rc;
}
