/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ratelimit.c: a token bucket shared by all unprivileged domains for
 * requests that change the store. When it is empty, their connections
 * are simply not read until it refills: the requests wait (in the ring
 * or the socket) instead of failing, and dom0 is never held up.
 */
#include <time.h>

#include "xenstored.h"

static double rate = 2000, burst = 200; /* Changes a second; a burst. */
static double tokens = 200;
static struct timespec last;

void ratelimit_configure(double per_second, unsigned int burst_size)
{
    rate = per_second;
    burst = burst_size ? burst_size : 1;
    tokens = burst;
}

static void refill(void)
{
    struct timespec now;
    double dt;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if ( last.tv_sec )
    {
        dt = (now.tv_sec - last.tv_sec) + (now.tv_nsec - last.tv_nsec) / 1e9;
        tokens += dt * rate;
        if ( tokens > burst )
            tokens = burst;
    }
    last = now;
}

bool ratelimit_may_read(const struct connection *c)
{
    if ( c->privileged || !rate )
        return true;
    refill();
    return tokens >= 1;
}

void ratelimit_charge(const struct connection *c, uint32_t type)
{
    if ( c->privileged )
        return;
    switch ( type )
    {
    case XS_WRITE:
    case XS_MKDIR:
    case XS_RM:
    case XS_SET_PERMS:
    case XS_TRANSACTION_END:
        tokens -= 1;
        break;
    default:
        break;
    }
}
