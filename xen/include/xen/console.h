/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console.h: the hypervisor console ring (what `xl dmesg` shows) and the
 * log it is fed from.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xen_sysctl_readconsole;

/*
 * The log file (root's, 0600, capped at max_bytes and then rotated to
 * <path>.1). 0, or -errno (-EPERM with the reason in why).
 */
int log_open(const char *path, bool foreground, bool debug, size_t max_bytes,
             char *why, size_t len);
void log_close(void);

/* Append bytes to the console ring (oldest bytes are overwritten). */
void console_ring_append(const char *buf, size_t len);
/* sysctl readconsole. */
long console_ring_read(struct xen_sysctl_readconsole *op);

#endif /* XEN_CONSOLE_H */
