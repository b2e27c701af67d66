/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timer.h: one-shot timers on the hypervisor's clock. Callbacks run on the
 * timer thread, one at a time, without the timer lock held; they must not
 * block for long.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <stdbool.h>
#include <xen/time.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int heap_offset; /* position in the heap, 0 = not queued */
    bool killed;
};

void timer_subsys_init(void);
void timer_subsys_stop(void);
void init_timer(struct timer *t, void (*fn)(void *), void *data);
/* (Re)arm the timer to fire at system time `expires` (ns). */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Stop the timer for good; waits for a running callback to finish. */
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);

#endif /* XEN_TIMER_H */
