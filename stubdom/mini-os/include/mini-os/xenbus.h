/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenbus.h: the guest's xenstore client over its shared ring. Calls
 * wait (with a timeout) for xenstored's reply; errors are negative
 * errno values named by xenstored's error replies.
 */
#ifndef MINIOS_XENBUS_H
#define MINIOS_XENBUS_H

#include <stdbool.h>
#include <stdint.h>

#include <public/io/xenbus.h>

void xenbus_init(void);
/* One request; the reply payload is malloc'd into *reply. */
int xenbus_request(uint32_t type, uint32_t tx, const void *payload,
                   unsigned int len, char **reply, unsigned int *reply_len);
/* One request whose reply nobody waits for (it is dropped). */
int xenbus_send_nowait(uint32_t type, const void *payload, unsigned int len);
int xenbus_write(uint32_t tx, const char *path, const char *value);
/* The value (malloc'd, NUL-terminated), or NULL with *err set. */
char *xenbus_read(uint32_t tx, const char *path, int *err);
int xenbus_rm(uint32_t tx, const char *path);
int xenbus_transaction_start(uint32_t *tx);
int xenbus_transaction_end(uint32_t tx, int abort);

/* Watches: events are queued; wait for the next ("path\0token\0"). */
int xenbus_watch(const char *path, const char *token);
int xenbus_unwatch(const char *path, const char *token);
char *xenbus_wait_for_watch(uint64_t timeout_ns);
/*
 * The kernel's own watches (up to 8, told apart by token), registered
 * without waiting for the reply: their events call fn (from whichever thread is reading the ring: fn only
 * notes the event) instead of being queued for xenbus_wait_for_watch().
 */
int xenbus_kernel_watch(const char *path, const char *token, void (*fn)(void));
/*
 * Read the ring until cond() holds (timeout 0: no limit, and no timer
 * armed while waiting).
 */
int xenbus_wait_until(bool (*cond)(void), uint64_t timeout_ns);

/* The xenbus state of a device directory (its "state" key). */
int xenbus_switch_state(const char *dir, XenbusState state);
XenbusState xenbus_read_state(const char *dir);
/* Wait until the state differs from *state; it is stored back. */
int xenbus_wait_for_state_change(const char *dir, XenbusState *state,
                                 uint64_t timeout_ns);

#endif /* MINIOS_XENBUS_H */
