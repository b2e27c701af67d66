/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_mem.c: a domain's memory: the balloon target the guest follows
 * (memory/target) and the most it may hold (max_mem, memory/static-max).
 * Guest RAM is one mapping sized at creation (maxmem=), so the maximum
 * can be lowered and raised again, but not beyond that size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

/* Xen's slack between the balloon target and the hypervisor's limit. */
#define MAXMEM_CONSTANT_KB 1024

static int read_kb(libxl_ctx *ctx, uint32_t domid, const char *key,
                   uint64_t *kb)
{
    char path[96], *v;

    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, key);
    v = libxl__xs_read(ctx, XBT_NULL, path);
    if ( !v )
    {
        LOG(ctx, ERROR, "cannot read %s", path);
        return ERROR_FAIL;
    }
    *kb = strtoull(v, NULL, 10);
    free(v);
    return 0;
}

static int write_kb(libxl_ctx *ctx, uint32_t domid, const char *key,
                    uint64_t kb)
{
    char path[96], v[32];

    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, key);
    snprintf(v, sizeof(v), "%lu", (unsigned long)kb);
    return libxl__xs_write(ctx, XBT_NULL, path, v);
}

/* The configuration change that goes with a memory change. */
static void store_memory(libxl_ctx *ctx, uint32_t domid, uint64_t target_kb,
                         uint64_t max_kb)
{
    struct libxl_domain_config c;

    if ( libxl_retrieve_domain_configuration(ctx, domid, &c) )
        return;
    if ( target_kb )
        c.b_info.target_memkb = target_kb;
    if ( max_kb )
        c.b_info.max_memkb = max_kb;
    libxl_store_domain_configuration(ctx, domid, &c);
    libxl_domain_config_dispose(&c);
}

int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t *target_memkb)
{
    int rc = libxl__domain_exists(ctx, domid);

    return rc ? rc : read_kb(ctx, domid, "target", target_memkb);
}

int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                            int64_t target_memkb, bool relative)
{
    xc_interface *xch = libxl__xch(ctx);
    struct libxl_dominfo info;
    uint64_t current, static_max, built;
    int64_t want;
    int rc;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    rc = libxl_domain_info(ctx, &info, domid);
    if ( rc )
        return rc;
    if ( domid == 0 )
    {
        LOG(ctx, ERROR, "domain 0's memory is the host's: it has no target");
        return ERROR_INVAL;
    }
    rc = read_kb(ctx, domid, "target", &current);
    if ( !rc )
        rc = read_kb(ctx, domid, "static-max", &static_max);
    if ( rc )
        return rc;
    want = relative ? (int64_t)current + target_memkb : target_memkb;
    if ( want <= 0 || (uint64_t)want > static_max )
    {
        LOG(ctx, ERROR,
            "memory_dynamic_max must be less than or equal to "
            "memory_static_max (%lu KiB)",
            (unsigned long)static_max);
        return ERROR_INVAL;
    }
    /* The hypervisor's limit follows, with Xen's slack, within the build. */
    built = static_max;
    if ( xc_domain_setmaxmem(xch, domid,
                             (uint64_t)want + MAXMEM_CONSTANT_KB > built
                                 ? built
                                 : (uint64_t)want + MAXMEM_CONSTANT_KB) )
    {
        LOGE(ctx, ERROR, "cannot set the memory limit of domain %u", domid);
        return libxl__rc_of_errno(errno);
    }
    rc = write_kb(ctx, domid, "target", want);
    if ( !rc )
        store_memory(ctx, domid, want, 0);
    return rc;
}

int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t max_memkb)
{
    xc_interface *xch = libxl__xch(ctx);
    uint64_t target;
    int rc;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    rc = libxl__domain_exists(ctx, domid);
    if ( rc )
        return rc;
    if ( domid == 0 )
    {
        LOG(ctx, ERROR, "domain 0's memory is the host's: it has no maximum");
        return ERROR_INVAL;
    }
    rc = read_kb(ctx, domid, "target", &target);
    if ( rc )
        return rc;
    if ( max_memkb < target )
    {
        LOG(ctx, ERROR,
            "memory_static_max must be greater than or equal to "
            "memory_dynamic_max (%lu KiB)",
            (unsigned long)target);
        return ERROR_INVAL;
    }
    if ( xc_domain_setmaxmem(xch, domid, max_memkb) )
    {
        if ( errno == ENOMEM )
            LOG(ctx, ERROR,
                "domain %u cannot grow beyond the memory it was built "
                "with (its RAM is sized at creation)",
                domid);
        else
            LOGE(ctx, ERROR, "cannot set the maximum memory of domain %u",
                 domid);
        return libxl__rc_of_errno(errno) == ERROR_NOMEM
                   ? ERROR_INVAL
                   : libxl__rc_of_errno(errno);
    }
    rc = write_kb(ctx, domid, "static-max", max_memkb);
    if ( !rc )
        store_memory(ctx, domid, 0, max_memkb);
    return rc;
}
