/* SPDX-License-Identifier: GPL-2.0-only */
/* privcmd.h: the server end of the privcmd channel (privcmd.c). */
#ifndef XEN_PRIVCMD_H
#define XEN_PRIVCMD_H

#include <signal.h>

/* Create and listen on <rundir>/privcmd. Returns the fd or -errno. */
int privcmd_listen(const char *rundir);
/* Serve requests until *stop becomes non-zero. */
void privcmd_serve(int listen_fd, volatile sig_atomic_t *stop);

/*
 * privcmd_refusals.c: log a refused client (uid not 0) within a rate
 * limit, counting the rest; the serve loop calls the tick now and then to
 * log the count once refusals stop.
 */
void privcmd_refusal(int uid, int pid);
void privcmd_refusals_tick(void);

/* SIGUSR2 asks for a dump of every domain's state to the log. */
extern volatile sig_atomic_t dump_requested;
void dump_all_domains(void);

#endif /* XEN_PRIVCMD_H */
