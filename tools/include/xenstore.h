/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenstore.h: libxenstore, the client side of the xenstore protocol for
 * domain 0 programs, with Xen's function names. Calls return NULL or
 * false with errno set on failure. A handle is safe to share between
 * threads (one request at a time); watch events arrive on xs_fileno().
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <stdbool.h>
#include <stdint.h>

#define XBT_NULL 0
typedef uint32_t xs_transaction_t;

#define XS_OPEN_READONLY (1UL << 0)
#define XS_OPEN_SOCKETONLY (1UL << 1)

enum xs_perm_type {
    XS_PERM_NONE = 0,
    XS_PERM_READ = 1,
    XS_PERM_WRITE = 2,
    XS_PERM_OWNER = 8,
};

struct xs_permissions {
    unsigned int id;
    enum xs_perm_type perms;
};

/* Indexes of the strings xs_read_watch returns. */
#define XS_WATCH_PATH 0
#define XS_WATCH_TOKEN 1

struct xs_handle;

/* Connect to $XENSTORED_PATH or $XEN_RUNDIR/xenstored.sock. */
struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *h);
struct xs_handle *xs_daemon_open(void);
void xs_daemon_close(struct xs_handle *h);

/* Value of path (malloc'd, NUL-terminated; *len without the NUL). */
void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
/* Children of path: one malloc'd block, the array then the strings. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
                    unsigned int *num);

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t, const char *path,
                                          unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num);
/* "r5" <-> {5, XS_PERM_READ}; strings NUL-separated. */
bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len);
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings);

bool xs_watch(struct xs_handle *h, const char *path, const char *token);
/*
 * A watch matching only depth levels below path (0: path itself), if
 * the daemon offers XENSTORE_SERVER_FEATURE_WATCHDEPTH; the _try_ form
 * falls back to a plain watch where it does not.
 */
bool xs_watch_depth(struct xs_handle *h, const char *path, const char *token,
                    unsigned int depth);
bool xs_watch_try_depth(struct xs_handle *h, const char *path,
                        const char *token, unsigned int depth);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
/* Readable when a watch event is waiting. */
int xs_fileno(struct xs_handle *h);
/* The next event (blocking): {path, token}, one malloc'd block. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
/* The next event if one is waiting, else NULL with errno EAGAIN. */
char **xs_check_watch(struct xs_handle *h);

xs_transaction_t xs_transaction_start(struct xs_handle *h);
/* false with errno EAGAIN when the commit conflicted: run it again. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);
/* Run fn in transactions until it commits (or max_tries); fn returns 0. */
int xs_transaction_retry(struct xs_handle *h,
                         int (*fn)(struct xs_handle *, xs_transaction_t,
                                   void *),
                         void *arg, unsigned int max_tries);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
char *xs_control_command(struct xs_handle *h, const char *cmd, const void *data,
                         unsigned int len);
bool xs_reset_watches(struct xs_handle *h);

/* XENSTORE_SERVER_FEATURE_* the daemon offers (the caller's own). */
bool xs_get_features_supported(struct xs_handle *h, unsigned int *features);
/* A domain's features; settable only before its INTRODUCE. */
bool xs_get_features_domain(struct xs_handle *h, unsigned int domid,
                            unsigned int *features);
bool xs_set_features_domain(struct xs_handle *h, unsigned int domid,
                            unsigned int features);

/*
 * Quotas by Xen's names ("nodes", "watches", ...); 0 means no limit.
 * xs_get_quota_names: one malloc'd block (array and strings), free() it.
 */
const char **xs_get_quota_names(struct xs_handle *h, unsigned int *num);
bool xs_get_global_quota(struct xs_handle *h, const char *quota,
                         unsigned int *value);
bool xs_set_global_quota(struct xs_handle *h, const char *quota,
                         unsigned int value);
bool xs_get_domain_quota(struct xs_handle *h, unsigned int domid,
                         const char *quota, unsigned int *value);
bool xs_set_domain_quota(struct xs_handle *h, unsigned int domid,
                         const char *quota, unsigned int value);

#endif /* XENSTORE_H */
