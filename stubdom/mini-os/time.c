/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * time.c: time from the per-vCPU pvclock (rdtsc scaled by the
 * hypervisor's mul/shift), wall clock from shared_info, and the timer
 * VIRQ that wakes sleeping threads.
 */
#include <mini-os/os.h>

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t monotonic_clock(void)
{
    struct vcpu_time_info *t = &HYPERVISOR_shared_info->vcpu_info[0].time;
    uint32_t version;
    uint64_t ns;

    do
    {
        version = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
        {
            int64_t signed_delta = (int64_t)(rdtsc() - t->tsc_timestamp);
            /* A timestamp ahead of our TSC must not make time leap. */
            uint64_t delta = signed_delta > 0 ? (uint64_t)signed_delta : 0;

            if ( t->tsc_shift >= 0 )
                delta <<= t->tsc_shift;
            else
                delta >>= -t->tsc_shift;
            ns = t->system_time +
                 (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >>
                            32);
        }
        mb();
    } while ( (version & 1) || version != t->version );
    return ns;
}

void wall_clock(uint64_t *sec, uint32_t *nsec)
{
    shared_info_t *s = HYPERVISOR_shared_info;
    uint32_t version;
    uint64_t ns;

    do
    {
        version = __atomic_load_n(&s->wc_version, __ATOMIC_ACQUIRE);
        ns = ((uint64_t)s->wc_sec_hi << 32 | s->wc_sec) * 1000000000ULL +
             s->wc_nsec;
        mb();
    } while ( (version & 1) || version != s->wc_version );
    ns += monotonic_clock();
    *sec = ns / 1000000000ULL;
    *nsec = ns % 1000000000ULL;
}

static void timer_handler(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    /* The scheduler checks sleepers' deadlines on every pass. */
}

void time_init(void)
{
    if ( !bind_virq(VIRQ_TIMER, timer_handler, NULL) )
        crash("cannot bind VIRQ_TIMER");
}
