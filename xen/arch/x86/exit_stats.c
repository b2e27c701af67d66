/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exit_stats.c: counting a domain's exits by kind (asm/exit_stats.h).
 * The counters are the domain's, bumped with relaxed atomics: a few
 * nanoseconds against an exit's tens of microseconds.
 */
#include <stdio.h>

#include <asm/arch.h>
#include <asm/exit_stats.h>
#include <xen/domain.h>
#include <xen/lib.h>

void exit_stats_count(struct vcpu *v, enum exit_kind kind)
{
    __atomic_add_fetch(&v->domain->arch.stats.kind[kind], 1, __ATOMIC_RELAXED);
}

void exit_stats_vector(struct vcpu *v, unsigned int vector)
{
    struct exit_stats *s = &v->domain->arch.stats;

    __atomic_add_fetch(&s->kind[EXIT_EXCEPTION], 1, __ATOMIC_RELAXED);
    if ( vector < 32 )
        __atomic_add_fetch(&s->vector[vector], 1, __ATOMIC_RELAXED);
}

void exit_stats_log(struct domain *d)
{
    static const char *const names[EXIT_NR_KINDS] = {
        [EXIT_HYPERCALL_PAGE] = "hypercall-page",
        [EXIT_HYPERCALL_SYSCALL] = "hypercall-syscall",
        [EXIT_USER_SYSCALL] = "user-syscall",
        [EXIT_PORT_IO] = "port-io",
        [EXIT_EXCEPTION] = "exception",
        [EXIT_KICK] = "kick",
        [EXIT_UPCALL] = "upcall",
        [EXIT_PT_WRITE] = "pt-write",
    };
    const struct exit_stats *s = &d->arch.stats;
    char line[768];
    int n = 0;

    for ( unsigned int i = 0; i < EXIT_NR_KINDS; i++ )
        n += snprintf(line + n, sizeof(line) - n, " %s %llu", names[i],
                      (unsigned long long)s->kind[i]);
    for ( unsigned int i = 0; i < 32 && n < (int)sizeof(line); i++ )
        if ( s->vector[i] )
            n += snprintf(line + n, sizeof(line) - n, " vec%u %llu", i,
                          (unsigned long long)s->vector[i]);
    if ( n < (int)sizeof(line) )
        snprintf(line + n, sizeof(line) - n, " zap %lu frame-drop %llu",
                 d->arch.zap.done, (unsigned long long)s->frames_dropped);
    printk("domain %u exits:%s", d->domain_id, line);
}
