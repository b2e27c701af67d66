/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_internal.h: what libxl's files share: the context (lazy
 * connections to the hypervisor and xenstored, logger, counters), the
 * xenstore helpers (counted one-request calls through libxenstore, and
 * batches sent in one round trip over libxl's own connection), paths of
 * a domain's xenstore home and of its state files.
 */
#ifndef LIBXL_INTERNAL_H
#define LIBXL_INTERNAL_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxl.h>
#include <xenctrl.h>
#include <xenstore.h>

struct libxl__ctx {
    libxl_log_fn *log;
    void *log_opaque;
    enum libxl_log_level min_level;
    xc_interface *xch; /* NULL until needed */
    struct xs_handle *xsh; /* NULL until needed */
    int batch_fd; /* libxl's own xenstored connection (batches), -1 */
    uint32_t batch_req_id;
    /* Replies received, not yet taken: one recv brings many. */
    unsigned int batch_in_off, batch_in_len;
    char batch_in[64 << 10];
    struct libxl_xs_stats xs_stats;
    bool no_xenstore; /* libxl_ctx_set_no_xenstore(): never reach it */
    char state_dir[PATH_MAX];
};

void libxl__log(libxl_ctx *ctx, enum libxl_log_level level, const char *fmt,
                ...) __attribute__((format(printf, 3, 4)));
#define LOG(ctx, lvl, ...) libxl__log((ctx), LIBXL_LOG_##lvl, __VA_ARGS__)
/* The same with ": strerror(errno)" appended. */
#define LOGE(ctx, lvl, fmt, ...)                                               \
    libxl__log((ctx), LIBXL_LOG_##lvl, fmt ": %s", ##__VA_ARGS__,              \
               strerror(errno))

/* The connections, opened on first use; NULL (reason logged) if down. */
xc_interface *libxl__xch(libxl_ctx *ctx);
struct xs_handle *libxl__xsh(libxl_ctx *ctx);

/* malloc'd printf, NULL on ENOMEM. */
char *libxl__sprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* ---- xenstore, one request per call (counted) ---- */

/* The value (malloc'd), NULL if absent (errno ENOENT) or on error. */
char *libxl__xs_read(libxl_ctx *ctx, xs_transaction_t t, const char *path);
int libxl__xs_write(libxl_ctx *ctx, xs_transaction_t t, const char *path,
                    const char *value);
int libxl__xs_rm(libxl_ctx *ctx, xs_transaction_t t, const char *path);
char **libxl__xs_directory(libxl_ctx *ctx, xs_transaction_t t, const char *path,
                           unsigned int *num);
/* Count one request of one round trip made through libxenstore. */
void libxl__xs_count(libxl_ctx *ctx);

/* ---- xenstore batches: many requests, one round trip ---- */

struct libxl__xs_batch;

struct libxl__xs_batch *libxl__xs_batch_new(void);
void libxl__xs_batch_free(struct libxl__xs_batch *b);
/* Queue requests; a failure to queue (ENOMEM) fails the run. */
void libxl__xs_batch_write(struct libxl__xs_batch *b, const char *path,
                           const char *value);
/* base/key = printf(fmt, ...). */
void libxl__xs_batch_printf(struct libxl__xs_batch *b, const char *base,
                            const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A node with a value of "" and these permissions (Xen's mknod). */
void libxl__xs_batch_mknod(struct libxl__xs_batch *b, const char *path,
                           const struct xs_permissions *perms,
                           unsigned int nperms);
void libxl__xs_batch_set_perms(struct libxl__xs_batch *b, const char *path,
                               const struct xs_permissions *perms,
                               unsigned int nperms);
/* Removal; a node already gone is no error. */
void libxl__xs_batch_rm(struct libxl__xs_batch *b, const char *path);
/* A read; its index for libxl__xs_batch_value(). A missing node is NULL. */
unsigned int libxl__xs_batch_read(struct libxl__xs_batch *b, const char *path);
/* Introduce a domain (after everything queued before it). */
void libxl__xs_batch_introduce(struct libxl__xs_batch *b, uint32_t domid,
                               uint64_t mfn, uint32_t port);
/*
 * Send everything, then read every reply. In a transaction (started
 * first and committed after, the whole batch run again on EAGAIN), or
 * not. 0, or an ERROR_* code with the failing request logged.
 */
int libxl__xs_batch_run(libxl_ctx *ctx, struct libxl__xs_batch *b,
                        bool transaction);
const char *libxl__xs_batch_value(const struct libxl__xs_batch *b,
                                  unsigned int index);

/* ---- paths ---- */

/* The domain's xenstore home, /local/domain/<domid>, into buf. */
void libxl__dom_path(char *buf, size_t len, uint32_t domid);
/* Its /vm/<uuid> path (malloc'd), read from its "vm" node. */
char *libxl__vm_path(libxl_ctx *ctx, uint32_t domid);
/* <state dir>/<domid><suffix> into buf; -1 if it does not fit. */
int libxl__state_path(libxl_ctx *ctx, uint32_t domid, const char *suffix,
                      char *buf, size_t len);

/* ---- helpers shared by the files ---- */

/* errno after a failed libxenctrl call as an ERROR_* code. */
int libxl__rc_of_errno(int err);
/* The domain exists (0), ERROR_DOMAIN_NOTFOUND, or another error. */
int libxl__domain_exists(libxl_ctx *ctx, uint32_t domid);
void libxl__uuid_to_string(const uint8_t uuid[16], char out[37]);
int libxl__uuid_from_string(const char *s, uint8_t uuid[16]);
void libxl__uuid_generate(uint8_t uuid[16]);
/* Write data to path atomically (path.tmp, then renamed). 0 or -errno. */
int libxl__write_file_atomic(const char *path, const char *data, size_t len);
/* Read a whole small file (malloc'd, NUL-terminated), NULL with errno. */
char *libxl__read_file(const char *path, size_t *len);
/* A kernel or ramdisk: follows links, up to 1 GiB. */
char *libxl__read_image(const char *path, size_t *len);
/* Remove the domain's state files. */
void libxl__state_remove(libxl_ctx *ctx, uint32_t domid);
/* Store the config as the domain's state (creation, updates). */
int libxl__state_store(libxl_ctx *ctx, uint32_t domid, const char *suffix,
                       const struct libxl_domain_config *c);
/* Remove a domain's xenstore home, /vm and /libxl entries (one batch). */
int libxl__xs_domain_cleanup(libxl_ctx *ctx, uint32_t domid,
                             const uint8_t uuid[16]);

/* Disks and nics the config holds get xenstore nodes (libxl_device.c). */
int libxl__devices_add_all(libxl_ctx *ctx, uint32_t domid,
                           struct libxl_domain_config *c,
                           struct libxl__xs_batch *b);
/* Fill what a device config left to libxl (devid, MAC). */
int libxl__device_disk_setdefault(libxl_ctx *ctx,
                                  struct libxl_device_disk *disk);
void libxl__device_nic_setdefault(struct libxl_device_nic *nic, int devid);

#endif /* LIBXL_INTERNAL_H */
