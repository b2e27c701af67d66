/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_host.c: the host and the hypervisor, as `xl info` and `xl dmesg`
 * show them: physical information, version and build, the console ring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/version.h>

#include "libxl_internal.h"

#define CONSOLE_CHUNK 16384
#define CONSOLE_MAX (4 << 20)

int libxl_get_physinfo(libxl_ctx *ctx, struct libxl_physinfo *info)
{
    xc_interface *xch = libxl__xch(ctx);
    struct xen_sysctl_physinfo pi;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( xc_physinfo(xch, &pi) )
    {
        LOGE(ctx, ERROR, "cannot read the host's information");
        return libxl__rc_of_errno(errno);
    }
    memset(info, 0, sizeof(*info));
    info->threads_per_core = pi.threads_per_core;
    info->cores_per_socket = pi.cores_per_socket;
    info->max_cpu_id = pi.max_cpu_id;
    info->nr_cpus = pi.nr_cpus;
    info->cpu_khz = pi.cpu_khz;
    info->nr_nodes = pi.nr_nodes;
    info->total_pages = pi.total_pages;
    info->free_pages = pi.free_pages;
    info->scrub_pages = pi.scrub_pages;
    info->outstanding_pages = pi.outstanding_pages;
    memcpy(info->hw_cap, pi.hw_cap, sizeof(info->hw_cap));
    info->cap_pv = pi.capabilities & XEN_SYSCTL_PHYSCAP_pv;
    info->cap_hvm = pi.capabilities & XEN_SYSCTL_PHYSCAP_hvm;
    info->cap_gnttab_v1 = true;
    return 0;
}

/* A string query into buf; "" if the hypervisor does not answer it. */
static void version_string(xc_interface *xch, int cmd, char *buf, size_t len,
                           size_t arg_len)
{
    char *arg = calloc(1, arg_len);

    buf[0] = '\0';
    if ( arg && xc_version(xch, cmd, arg) >= 0 )
        snprintf(buf, len, "%.*s", (int)arg_len, arg);
    free(arg);
}

int libxl_get_version_info(libxl_ctx *ctx, struct libxl_version_info *vi)
{
    xc_interface *xch = libxl__xch(ctx);
    xen_compile_info_t ci;
    xen_platform_parameters_t pp = { 0 };
    int v;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    memset(vi, 0, sizeof(*vi));
    v = xc_version(xch, XENVER_version, NULL);
    if ( v < 0 )
    {
        LOGE(ctx, ERROR, "cannot read the hypervisor's version");
        return libxl__rc_of_errno(errno);
    }
    vi->xen_version_major = v >> 16;
    vi->xen_version_minor = v & 0xffff;
    version_string(xch, XENVER_extraversion, vi->xen_version_extra,
                   sizeof(vi->xen_version_extra), sizeof(xen_extraversion_t));
    version_string(xch, XENVER_capabilities, vi->capabilities,
                   sizeof(vi->capabilities), sizeof(xen_capabilities_info_t));
    version_string(xch, XENVER_changeset, vi->changeset, sizeof(vi->changeset),
                   sizeof(xen_changeset_info_t));
    version_string(xch, XENVER_commandline, vi->commandline,
                   sizeof(vi->commandline), sizeof(xen_commandline_t));
    memset(&ci, 0, sizeof(ci));
    if ( xc_version(xch, XENVER_compile_info, &ci) >= 0 )
    {
        snprintf(vi->compiler, sizeof(vi->compiler), "%.*s",
                 (int)sizeof(ci.compiler), ci.compiler);
        snprintf(vi->compile_by, sizeof(vi->compile_by), "%.*s",
                 (int)sizeof(ci.compile_by), ci.compile_by);
        snprintf(vi->compile_domain, sizeof(vi->compile_domain), "%.*s",
                 (int)sizeof(ci.compile_domain), ci.compile_domain);
        snprintf(vi->compile_date, sizeof(vi->compile_date), "%.*s",
                 (int)sizeof(ci.compile_date), ci.compile_date);
    }
    if ( xc_version(xch, XENVER_platform_parameters, &pp) >= 0 )
        vi->virt_start = pp.virt_start;
    v = xc_version(xch, XENVER_pagesize, NULL);
    vi->pagesize = v > 0 ? v : 4096;
    return 0;
}

char *libxl_xen_console_read(libxl_ctx *ctx, bool clear)
{
    xc_interface *xch = libxl__xch(ctx);
    size_t used = 0, cap = CONSOLE_CHUNK + 1;
    char *buf = malloc(cap);
    uint64_t index = 0;

    if ( !xch || !buf )
    {
        free(buf);
        return NULL;
    }
    for ( ;; )
    {
        unsigned int size = CONSOLE_CHUNK;

        if ( used + CONSOLE_CHUNK + 1 > cap )
        {
            char *n = used + CONSOLE_CHUNK + 1 > CONSOLE_MAX
                          ? NULL
                          : realloc(buf, cap * 2);

            if ( !n )
                break;
            buf = n;
            cap *= 2;
        }
        if ( xc_readconsolering(xch, buf + used, &size, 0, 1, &index) )
        {
            LOGE(ctx, ERROR, "cannot read the hypervisor's console");
            free(buf);
            return NULL;
        }
        if ( !size )
            break;
        used += size;
    }
    buf[used] = '\0';
    if ( clear )
    {
        unsigned int none = 0;
        char dummy;

        xc_readconsolering(xch, &dummy, &none, 1, 1, &index);
    }
    return buf;
}

int libxl_xenstore_features(libxl_ctx *ctx, unsigned int *features)
{
    struct xs_handle *xsh = libxl__xsh(ctx);

    if ( !xsh )
        return ERROR_NO_XENSTORE;
    libxl__xs_count(ctx);
    return xs_get_features_supported(xsh, features) ? 0 : ERROR_FAIL;
}
