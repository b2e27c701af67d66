/* SPDX-License-Identifier: GPL-2.0-only */
/* time.h: the hypervisor's clock (ns since the hypervisor started). */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <stdint.h>

typedef int64_t s_time_t;

#define MILLISECS(ms) ((s_time_t)(ms)*1000000LL)
#define MICROSECS(us) ((s_time_t)(us)*1000LL)
#define SECONDS(s) ((s_time_t)(s)*1000000000LL)
#define STIME_MAX INT64_MAX

/* Monotonic system time in ns since the hypervisor started. */
s_time_t NOW(void);

/* Wall-clock time (seconds, ns) corresponding to system time 0. */
void wallclock_at_boot(uint64_t *sec, uint32_t *nsec);

void time_init(void);

#endif /* XEN_TIME_H */
