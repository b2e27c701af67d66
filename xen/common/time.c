/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * time.c: the hypervisor's clock. System time is CLOCK_MONOTONIC in ns
 * since time_init(); the wall clock at system time 0 is recorded once so
 * that guests can compute wall time from system time.
 */
#include <time.h>

#include <xen/time.h>

static struct timespec boot_mono;
static uint64_t boot_wall_sec;
static uint32_t boot_wall_nsec;

void time_init(void)
{
    struct timespec wall;
    int64_t ns;

    clock_gettime(CLOCK_REALTIME, &wall);
    clock_gettime(CLOCK_MONOTONIC, &boot_mono);
    /* Wall time at the instant NOW() == 0 (taken just above). */
    ns = (int64_t)wall.tv_sec * 1000000000LL + wall.tv_nsec;
    boot_wall_sec = ns / 1000000000LL;
    boot_wall_nsec = ns % 1000000000LL;
}

s_time_t NOW(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (s_time_t)(ts.tv_sec - boot_mono.tv_sec) * 1000000000LL +
           (ts.tv_nsec - boot_mono.tv_nsec);
}

void wallclock_at_boot(uint64_t *sec, uint32_t *nsec)
{
    *sec = boot_wall_sec;
    *nsec = boot_wall_nsec;
}
