/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_console.c: where a domain's console is: xenconsoled serves it on
 * a pty and publishes the pty's path in the domain's console/tty, as
 * Xen's does; `xl console` and `xl create -c` open that.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libxl_internal.h"

int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid, char **path)
{
    char node[64], *tty;
    int rc = libxl__domain_exists(ctx, domid);

    if ( rc )
        return rc;
    snprintf(node, sizeof(node), "/local/domain/%u/console/tty", domid);
    tty = libxl__xs_read(ctx, XBT_NULL, node);
    if ( !tty || !*tty )
    {
        free(tty);
        return ERROR_NOTFOUND;
    }
    *path = tty;
    return 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int libxl_console_wait_tty(libxl_ctx *ctx, uint32_t domid, int timeout_ms,
                           char **path)
{
    int64_t deadline = now_ms() + timeout_ms;
    struct xs_handle *watch = xs_open(0);
    char node[64];
    int rc;

    /* A watch on the node wakes us when xenconsoled writes it. */
    snprintf(node, sizeof(node), "/local/domain/%u/console/tty", domid);
    if ( watch && !xs_watch(watch, node, "tty") )
    {
        xs_close(watch);
        watch = NULL;
    }
    for ( ;; )
    {
        struct pollfd pfd = { .fd = watch ? xs_fileno(watch) : -1,
                              .events = POLLIN };
        int64_t left;
        char **ev;

        rc = libxl_console_get_tty(ctx, domid, path);
        if ( rc != ERROR_NOTFOUND )
            break;
        left = deadline - now_ms();
        if ( left <= 0 )
        {
            LOG(ctx, ERROR,
                "the console of domain %u has no pty (is xenconsoled "
                "running?)",
                domid);
            rc = ERROR_TIMEDOUT;
            break;
        }
        if ( poll(&pfd, 1, left < 100 ? left : 100) > 0 && watch )
        {
            if ( pfd.revents & (POLLHUP | POLLERR) )
            {
                xs_close(watch);
                watch = NULL;
                continue;
            }
            while ( (ev = xs_check_watch(watch)) )
                free(ev);
        }
    }
    if ( watch )
        xs_close(watch);
    return rc;
}

void libxl_xs_stats_get(libxl_ctx *ctx, struct libxl_xs_stats *s)
{
    *s = ctx->xs_stats;
}
