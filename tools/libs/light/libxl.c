/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl.c: the context: logging, error strings, and the connections to
 * the hypervisor and xenstored, opened when first needed and dropped by
 * libxl_ctx_idle() so that a waiting process holds none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libxl_internal.h"

int libxl_ctx_alloc(libxl_ctx **pctx, libxl_log_fn *log, void *opaque,
                    enum libxl_log_level min_level)
{
    libxl_ctx *ctx = calloc(1, sizeof(*ctx));
    const char *dir = getenv("XEN_STATE_DIR");

    *pctx = NULL;
    if ( !ctx )
        return ERROR_NOMEM;
    ctx->log = log;
    ctx->log_opaque = opaque;
    ctx->min_level = min_level;
    ctx->batch_fd = -1;
    if ( dir && *dir )
        snprintf(ctx->state_dir, sizeof(ctx->state_dir), "%s", dir);
    else
        snprintf(ctx->state_dir, sizeof(ctx->state_dir), "%s/libxl",
                 xc_rundir());
    *pctx = ctx;
    return 0;
}

void libxl_ctx_idle(libxl_ctx *ctx)
{
    if ( ctx->xch )
        xc_interface_close(ctx->xch);
    ctx->xch = NULL;
    if ( ctx->xsh )
        xs_close(ctx->xsh);
    ctx->xsh = NULL;
    if ( ctx->batch_fd >= 0 )
        close(ctx->batch_fd);
    ctx->batch_fd = -1;
    ctx->batch_in_off = ctx->batch_in_len = 0;
}

void libxl_ctx_free(libxl_ctx *ctx)
{
    if ( !ctx )
        return;
    libxl_ctx_idle(ctx);
    free(ctx);
}

int libxl_ctx_connect(libxl_ctx *ctx)
{
    if ( !libxl__xch(ctx) )
        return ERROR_NO_HYPERVISOR;
    if ( !libxl__xsh(ctx) )
        return ERROR_NO_XENSTORE;
    return 0;
}

void libxl_ctx_set_no_xenstore(libxl_ctx *ctx)
{
    ctx->no_xenstore = true;
}

const char *libxl_state_dir(libxl_ctx *ctx)
{
    return ctx->state_dir;
}

void libxl__log(libxl_ctx *ctx, enum libxl_log_level level, const char *fmt,
                ...)
{
    static const char *const names[] = { "debug", "info", "warning", "error" };
    char msg[1024];
    va_list ap;

    if ( level < ctx->min_level )
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if ( ctx->log )
        ctx->log(ctx->log_opaque, level, msg);
    else
        fprintf(stderr, "libxl: %s: %s\n", names[level], msg);
}

const char *libxl_strerror(int rc)
{
    switch ( rc )
    {
    case 0:
        return "success";
    case ERROR_NOMEM:
        return "out of memory";
    case ERROR_INVAL:
        return "invalid argument";
    case ERROR_NI:
        return "not implemented";
    case ERROR_TIMEDOUT:
    case ERROR_GUEST_TIMEDOUT:
        return "timed out";
    case ERROR_NOPARAVIRT:
        return "the guest has no PV control interface";
    case ERROR_DEVICE_EXISTS:
        return "the device exists already";
    case ERROR_DOMAIN_NOTFOUND:
        return "no such domain";
    case ERROR_NOTFOUND:
        return "not found";
    case ERROR_DOMAIN_DESTROYED:
        return "the domain was destroyed";
    case ERROR_NO_HYPERVISOR:
        return "the hypervisor does not answer";
    case ERROR_NO_XENSTORE:
        return "xenstored does not answer";
    default:
        return "failed";
    }
}

xc_interface *libxl__xch(libxl_ctx *ctx)
{
    if ( !ctx->xch )
    {
        ctx->xch = xc_interface_open(NULL, NULL, 0);
        if ( !ctx->xch )
            LOGE(ctx, ERROR, "cannot reach the hypervisor in %s", xc_rundir());
    }
    return ctx->xch;
}

struct xs_handle *libxl__xsh(libxl_ctx *ctx)
{
    if ( !ctx->xsh )
    {
        ctx->xsh = xs_open(0);
        if ( !ctx->xsh )
            LOGE(ctx, ERROR, "cannot reach xenstored");
    }
    return ctx->xsh;
}

char *libxl__sprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    return n < 0 ? NULL : s;
}

int libxl__rc_of_errno(int err)
{
    switch ( err )
    {
    case ESRCH:
        return ERROR_DOMAIN_NOTFOUND;
    case ENOMEM:
        return ERROR_NOMEM;
    case EINVAL:
    case E2BIG:
    case ERANGE:
        return ERROR_INVAL;
    case ENOSYS:
    case EOPNOTSUPP:
        return ERROR_NI;
    case ECONNREFUSED:
    case EPIPE:
    case ECONNRESET:
        return ERROR_NO_HYPERVISOR;
    default:
        return ERROR_FAIL;
    }
}

int libxl__domain_exists(libxl_ctx *ctx, uint32_t domid)
{
    xc_interface *xch = libxl__xch(ctx);
    xc_domaininfo_t info;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    if ( xc_domain_getinfo_single(xch, domid, &info) )
        return libxl__rc_of_errno(errno);
    return 0;
}

void libxl__dom_path(char *buf, size_t len, uint32_t domid)
{
    snprintf(buf, len, "/local/domain/%u", domid);
}

char *libxl__vm_path(libxl_ctx *ctx, uint32_t domid)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    return libxl__xs_read(ctx, XBT_NULL, path);
}
