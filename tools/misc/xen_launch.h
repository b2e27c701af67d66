/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_launch.h: helpers of the launchers: find or start a hypervisor,
 * signal or stop it, read a file whole.
 */
#ifndef XEN_LAUNCH_H
#define XEN_LAUNCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <xenctrl.h>

struct launch_env {
    pid_t hv_pid; /* our private hypervisor, -1 if none */
    char rundir[PATH_MAX]; /* its run directory */
};

/*
 * Use the hypervisor of $XEN_RUNDIR if it answers; otherwise start
 * <dir of argv0>/xen in a fresh run directory (0700) and point XEN_RUNDIR
 * at it. A $XEN_RUNDIR that is not root's alone, or whose hypervisor is
 * not root's, is refused (docs/security.md). Prints the reason and
 * returns -1 on failure.
 */
int launch_hypervisor(struct launch_env *env, const char *argv0,
                      unsigned int pcpus);
/*
 * Send sig to the hypervisor xch talks to: our own child, or the process
 * behind the connection (never a pid read from a file). 0 or -1.
 */
int launch_signal_hypervisor(const struct launch_env *env, xc_interface *xch,
                             int sig);
void launch_stop(struct launch_env *env);
/*
 * Stop env's hypervisor (and clean up) if a signal ends the launcher. With
 * a hypervisor that is not ours, the signal is only noted: the launcher
 * sees launch_fatal_pending() (the signal, or 0), destroys its domains and
 * calls launch_die(), which dies of it.
 */
void launch_stop_on_signals(struct launch_env *env);
int launch_fatal_pending(void);
void launch_die(void);

/* The whole file, malloc'd; NULL (reason printed) on failure. */
uint8_t *launch_read_file(const char *path, size_t *size);

#endif /* XEN_LAUNCH_H */
