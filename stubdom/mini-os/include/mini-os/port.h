/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port.h: what the portable parts of the guest kernel (the network
 * stack in net/, the ring and handshake logic of the frontends) need of
 * their C library: memory, strings, a log line. In the guest that is
 * mini-os's own small libc; on the host, where the unit tests build the
 * same files, the host's.
 */
#ifndef MINIOS_PORT_H
#define MINIOS_PORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if __STDC_HOSTED__
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#else
#include <mini-os/lib.h>
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void free(void *p);
#endif

/* One line of diagnostics (the guest console, or stderr on the host). */
void port_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* MINIOS_PORT_H */
