/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exit_stats.h: how often a domain's vCPUs left the guest, and why.
 * Every exit costs tens of microseconds here, so these counts are what
 * a guest's speed is made of; the hypervisor logs them when the domain
 * is destroyed (bench/linux.sh reads them).
 */
#ifndef __ASM_X86_EXIT_STATS_H__
#define __ASM_X86_EXIT_STATS_H__

#include <stdint.h>

enum exit_kind {
    EXIT_HYPERCALL_PAGE, /* `out` from the hypercall page */
    EXIT_HYPERCALL_SYSCALL, /* `syscall` from guest kernel mode */
    EXIT_USER_SYSCALL, /* `syscall` from guest user mode */
    EXIT_PORT_IO, /* other port I/O, emulated */
    EXIT_EXCEPTION, /* any other exception (by vector below) */
    EXIT_KICK, /* a signal from another thread (events, zaps) */
    EXIT_UPCALL, /* event upcalls delivered (not exits themselves) */
    EXIT_PT_WRITE, /* page-table writes emulated (ptwr.c) */
    EXIT_NR_KINDS
};

struct exit_stats {
    uint64_t kind[EXIT_NR_KINDS];
    uint64_t vector[32]; /* EXIT_EXCEPTION by vector */
    uint64_t frames_dropped; /* shadows dropped a frame at a time (zap.c) */
};

struct domain;
struct vcpu;

void exit_stats_count(struct vcpu *v, enum exit_kind kind);
void exit_stats_vector(struct vcpu *v, unsigned int vector);
/* One log line with every count, and the shadow refreshes (zap.c). */
void exit_stats_log(struct domain *d);

#endif
