/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl.h: libxenlight, the domain lifecycle for xl, xen-run and the
 * tests. A domain is built from one struct libxl_domain_config
 * (libxl_types.h): created, given its xenstore home (the nodes and
 * permissions Xen's libxl writes), introduced to xenstored, recorded as
 * JSON in the state directory, unpaused; a creation that fails half way
 * leaves nothing behind. Then it is listed, paused, asked to shut down
 * or reboot through control/shutdown, tuned (memory, vCPUs, affinity,
 * scheduler), given devices, dumped and destroyed.
 *
 * Calls are synchronous and not thread-safe on one context. Functions
 * return 0 or a negative ERROR_* code (Xen's numbers) and log the reason
 * through the context's logger; functions returning pointers return NULL
 * on failure. Names follow Xen's libxl where Xen has the same call.
 */
#ifndef LIBXL_H
#define LIBXL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxl_types.h>

/* Error codes, as Xen's libxl numbers them. */
#define ERROR_NONSPECIFIC -1
#define ERROR_FAIL -3
#define ERROR_NI -4 /* not implemented */
#define ERROR_NOMEM -5
#define ERROR_INVAL -6
#define ERROR_GUEST_TIMEDOUT -8
#define ERROR_TIMEDOUT -9
#define ERROR_NOPARAVIRT -10 /* the guest has no PV control interface */
#define ERROR_DEVICE_EXISTS -17
#define ERROR_DOMAIN_NOTFOUND -21
#define ERROR_NOTFOUND -23
#define ERROR_DOMAIN_DESTROYED -24
/* This project's: a daemon the call needs does not answer. */
#define ERROR_NO_HYPERVISOR -100
#define ERROR_NO_XENSTORE -101

#define LIBXL_TOOLSTACK_DOMID 0
#define INVALID_DOMID ~0U

typedef struct libxl__ctx libxl_ctx;

enum libxl_log_level {
    LIBXL_LOG_DEBUG = 0,
    LIBXL_LOG_INFO = 1,
    LIBXL_LOG_WARNING = 2,
    LIBXL_LOG_ERROR = 3,
};
/* Receives each message (no trailing newline). NULL: "libxl: ..." on stderr. */
typedef void libxl_log_fn(void *opaque, enum libxl_log_level level,
                          const char *msg);

/*
 * A context. Nothing is connected yet: the hypervisor ($XEN_RUNDIR's
 * privcmd socket) and xenstored are reached when a call first needs
 * them, and libxl_ctx_idle() lets both go (a long-lived process that
 * waits most of the time, like xl's per-domain monitor, holds no
 * connection while it sleeps). Messages below min_level are dropped.
 */
int libxl_ctx_alloc(libxl_ctx **pctx, libxl_log_fn *log, void *opaque,
                    enum libxl_log_level min_level);
void libxl_ctx_free(libxl_ctx *ctx);
void libxl_ctx_idle(libxl_ctx *ctx);
/*
 * A context for a hypervisor without xenstored (xen-run's private one):
 * domains are built without a xenstore home and destroyed without
 * touching xenstore, and nothing tries to reach the daemon.
 */
void libxl_ctx_set_no_xenstore(libxl_ctx *ctx);
/* Check now that the hypervisor and xenstored answer (0, or ERROR_NO_*). */
int libxl_ctx_connect(libxl_ctx *ctx);
const char *libxl_strerror(int rc);

/*
 * The state directory: one <domid>.json per domain libxl built (its
 * configuration), <domid>.next.json after config-update. Default
 * $XEN_RUNDIR/libxl (domains live as long as their hypervisor, so their
 * state goes with its run directory); $XEN_STATE_DIR overrides it.
 */
const char *libxl_state_dir(libxl_ctx *ctx);

/* ---- domains ---- */

struct libxl_dominfo {
    uint8_t uuid[16];
    uint32_t domid;
    uint32_t ssidref;
    bool running, blocked, paused, shutdown, dying;
    unsigned int shutdown_reason; /* SHUTDOWN_* (public/sched.h) */
    uint64_t outstanding_memkb, current_memkb, shared_memkb, paged_memkb;
    uint64_t max_memkb;
    uint64_t cpu_time; /* ns */
    uint32_t vcpu_max_id, vcpu_online;
    uint32_t cpupool;
};

/* ERROR_DOMAIN_NOTFOUND if there is no such domain. */
int libxl_domain_info(libxl_ctx *ctx, struct libxl_dominfo *info,
                      uint32_t domid);
/* Every domain, domain 0 first (malloc'd; free()). */
struct libxl_dominfo *libxl_list_domain(libxl_ctx *ctx, int *nb_domain);

/* A domain's name (malloc'd), NULL if it has none or does not exist. */
char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid);
/*
 * Names of many domains in one xenstore round trip: names[i] for
 * domids[i] (malloc'd strings, NULL where none); 0 or an error.
 */
int libxl_domids_to_names(libxl_ctx *ctx, const uint32_t *domids,
                          unsigned int n, char **names);
int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid);
/* A domain id or a name, as every xl command takes them. */
int libxl_domain_qualifier_to_domid(libxl_ctx *ctx, const char *q,
                                    uint32_t *domid);
/* Rename; old_name NULL skips the check that it is still called so. */
int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *old_name,
                        const char *new_name);
/* Seconds since the epoch when the domain was built (/vm/<uuid>/start_time). */
int libxl_vm_get_start_time(libxl_ctx *ctx, uint32_t domid, double *start);

/* Create flags. */
#define LIBXL_CREATE_PAUSED (1U << 0) /* leave it paused (xl create -p) */
/* The caller serves the console ring itself: no backend for xenconsoled. */
#define LIBXL_CREATE_OWN_CONSOLE (1U << 1)
/* No state file: the caller owns the domain's life (xen-run). */
#define LIBXL_CREATE_NO_STATE (1U << 2)

/* Where a new domain's rings are, for a caller that serves them. */
struct libxl_domain_rings {
    uint64_t console_mfn, store_mfn;
    uint32_t console_port, store_port;
};

/*
 * Build and start a domain from c. Fills in what the config left to
 * libxl (a UUID, nic devids and MACs, disk devids), so that c is then
 * what was built; *domid is the new domain. On failure nothing is left:
 * no domain, no xenstore nodes, no state file.
 */
int libxl_domain_create_new(libxl_ctx *ctx, struct libxl_domain_config *c,
                            uint32_t *domid, unsigned int flags);
/*
 * The same in two steps, for a caller that needs the domain's id before
 * its kernel is loaded (xen-run joins two domains by an event channel
 * whose port goes on their command lines): begin checks and completes c
 * and makes the empty domain; the caller may then change the command
 * line (or the name: begin checked the one it had); finish builds it,
 * writes its xenstore home, records it and starts it, filling *rings if
 * not NULL. A failed finish destroys the domain; after a successful
 * begin, a caller that gives up calls libxl_domain_destroy.
 */
int libxl_domain_create_begin(libxl_ctx *ctx, struct libxl_domain_config *c,
                              uint32_t *domid);
int libxl_domain_create_finish(libxl_ctx *ctx, struct libxl_domain_config *c,
                               uint32_t domid, unsigned int flags,
                               struct libxl_domain_rings *rings);
/* An unbound event channel of domid that remote may bind (*port). */
int libxl_evtchn_alloc_unbound(libxl_ctx *ctx, uint32_t domid, uint32_t remote,
                               int *port);
/* Destroy at once; its xenstore home and state file go with it. */
int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid);
int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid);
int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid);
/*
 * Ask the guest to power off / reboot by writing control/shutdown, as
 * Xen does. ERROR_NOPARAVIRT if the guest never said it honours that
 * request (control/feature-poweroff or -reboot); the request is then
 * not written.
 */
int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid);
int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid);
/*
 * Write request ("poweroff", "reboot", "suspend") into control/shutdown
 * whether or not the guest said it honours it (xen-run's signals).
 */
int libxl_domain_control_request(libxl_ctx *ctx, uint32_t domid,
                                 const char *request);
/* Shut the domain down from the hypervisor with reason (SHUTDOWN_*). */
int libxl_domain_force_shutdown(libxl_ctx *ctx, uint32_t domid,
                                unsigned int reason);
/*
 * Keep a shut-down domain under a new name and UUID (rename-restart):
 * name becomes name + suffix, its /vm entry and state file follow.
 */
int libxl_domain_preserve(libxl_ctx *ctx, uint32_t domid, const char *suffix);

/*
 * Wait until the domain has shut down (*reason = SHUTDOWN_*, returns 1)
 * or no longer exists (returns 0), at most timeout_ms (-1: no limit;
 * ERROR_TIMEDOUT then). Watches @releaseDomain and checks the domain's
 * state each poll_ms meanwhile, holding no connection while it sleeps.
 */
int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid, int timeout_ms,
                               int poll_ms, unsigned int *reason);

/* ---- configuration kept in the state directory ---- */

/* The configuration the domain was built with (c is initialised here). */
int libxl_retrieve_domain_configuration(libxl_ctx *ctx, uint32_t domid,
                                        struct libxl_domain_config *c);
/* Replace it (after a change that must survive, e.g. a device). */
int libxl_store_domain_configuration(libxl_ctx *ctx, uint32_t domid,
                                     const struct libxl_domain_config *c);
/* xl config-update: the configuration for the domain's next restart. */
int libxl_domain_set_next_config(libxl_ctx *ctx, uint32_t domid,
                                 const struct libxl_domain_config *c);
/* The next configuration, or ERROR_NOTFOUND when there is none. */
int libxl_domain_get_next_config(libxl_ctx *ctx, uint32_t domid,
                                 struct libxl_domain_config *c);

/* ---- vCPUs ---- */

struct libxl_vcpuinfo {
    uint32_t vcpuid;
    uint32_t cpu;
    bool online, blocked, running;
    uint64_t vcpu_time; /* ns */
    struct libxl_bitmap cpumap, cpumap_soft;
};

/* The domain's vCPUs (malloc'd); *nr_cpus: pCPUs of the host. */
struct libxl_vcpuinfo *libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid,
                                       int *nb_vcpu, int *nr_cpus);
/* Hard and/or soft affinity (NULL: leave it); vcpuid -1: every vCPU. */
int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid, int vcpuid,
                           const struct libxl_bitmap *hard,
                           const struct libxl_bitmap *soft);
/* vCPUs 0..count-1 online, the others offline (cpu/N/availability). */
int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid, unsigned int count);
int libxl_get_max_cpus(libxl_ctx *ctx);

/* ---- memory ---- */

/* The balloon target (memory/target), absolute or relative, in KiB. */
int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                            int64_t target_memkb, bool relative);
int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t *target_memkb);
/* The most the domain may have (at most what it was built with). */
int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t max_memkb);

/* ---- scheduler ---- */

#define LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT -1
#define LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT -1
/* The running scheduler (XEN_SCHEDULER_*), or an error. */
int libxl_get_scheduler(libxl_ctx *ctx);
const char *libxl_scheduler_to_string(int sched);
int libxl_domain_sched_params_get(libxl_ctx *ctx, uint32_t domid, int *weight,
                                  int *cap);
/* A value of -1 (..._DEFAULT) leaves that parameter as it is. */
int libxl_domain_sched_params_set(libxl_ctx *ctx, uint32_t domid, int weight,
                                  int cap);
struct libxl_sched_credit_params {
    int tslice_ms;
    int ratelimit_us;
    int vcpu_migr_delay_us;
};
int libxl_sched_credit_params_get(libxl_ctx *ctx, uint32_t poolid,
                                  struct libxl_sched_credit_params *p);
int libxl_sched_credit_params_set(libxl_ctx *ctx, uint32_t poolid,
                                  const struct libxl_sched_credit_params *p);

/* ---- the host ---- */

struct libxl_physinfo {
    uint32_t threads_per_core, cores_per_socket;
    uint32_t max_cpu_id, nr_cpus, cpu_khz;
    uint32_t nr_nodes;
    uint64_t total_pages, free_pages, scrub_pages, outstanding_pages;
    uint64_t sharing_freed_pages, sharing_used_frames;
    uint32_t hw_cap[8];
    bool cap_pv, cap_hvm, cap_gnttab_v1;
};
int libxl_get_physinfo(libxl_ctx *ctx, struct libxl_physinfo *info);

struct libxl_version_info {
    int xen_version_major, xen_version_minor;
    char xen_version_extra[16];
    char compiler[64], compile_by[16], compile_domain[32], compile_date[32];
    char capabilities[1024];
    char changeset[64];
    uint64_t virt_start;
    int pagesize;
    char commandline[1024];
    char build_id[64];
};
int libxl_get_version_info(libxl_ctx *ctx, struct libxl_version_info *info);
/* What xenstored supports (XENSTORE_SERVER_FEATURE_*): xl info -x. */
int libxl_xenstore_features(libxl_ctx *ctx, unsigned int *features);
/* The hypervisor's console ring (malloc'd, NUL-terminated); clear it after. */
char *libxl_xen_console_read(libxl_ctx *ctx, bool clear);

/* ---- consoles and core dumps ---- */

/* The pty xenconsoled serves the domain's console on (malloc'd). */
int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid, char **path);
/*
 * Wait until xenconsoled has published the console's pty (console/tty),
 * at most timeout_ms; *path is malloc'd.
 */
int libxl_console_wait_tty(libxl_ctx *ctx, uint32_t domid, int timeout_ms,
                           char **path);
/* An ELF core file of the domain's memory and vCPU state (xl dump-core). */
int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid,
                           const char *filename);

/* ---- devices (xenstore nodes and the stored config; backends later) ---- */

struct libxl_devinfo {
    char *backend; /* backend directory (malloc'd) */
    uint32_t backend_id;
    char *frontend;
    uint32_t frontend_id;
    int devid;
    int state; /* frontend's xenbus state, -1 if none */
    int evtch, rref, rref_rx; /* -1 where the frontend wrote none */
};
void libxl_devinfo_dispose(struct libxl_devinfo *info);

/* Xen's vdev number ("xvda" -> 51712), -1 if it is no disk name. */
int libxl_vdev_to_devid(const char *vdev);
int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                          struct libxl_device_disk *disk);
/* By vdev; ERROR_NOTFOUND if the domain has no such disk. */
int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid, const char *vdev);
/* The domain's disks, as the stored config has them (free each + array). */
struct libxl_device_disk *libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid,
                                                 int *num);
int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid,
                              const struct libxl_device_disk *disk,
                              struct libxl_devinfo *info);

int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                         struct libxl_device_nic *nic);
/* By devid, or by MAC ("00:16:3e:..") when mac is not NULL. */
int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid, int devid,
                            const char *mac);
struct libxl_device_nic *libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                                               int *num);
int libxl_device_nic_getinfo(libxl_ctx *ctx, uint32_t domid,
                             const struct libxl_device_nic *nic,
                             struct libxl_devinfo *info);

/* ---- UUIDs ---- */

#define LIBXL_UUID_FMT                                                         \
    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x"
#define LIBXL_UUID_BYTES(u)                                                    \
    (u)[0], (u)[1], (u)[2], (u)[3], (u)[4], (u)[5], (u)[6], (u)[7], (u)[8],    \
        (u)[9], (u)[10], (u)[11], (u)[12], (u)[13], (u)[14], (u)[15]
#define LIBXL_MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define LIBXL_MAC_BYTES(m) (m)[0], (m)[1], (m)[2], (m)[3], (m)[4], (m)[5]

/* ---- measuring ---- */

/* xenstore traffic of this context so far (the create benchmark prints it). */
struct libxl_xs_stats {
    unsigned long requests;
    unsigned long round_trips;
};
void libxl_xs_stats_get(libxl_ctx *ctx, struct libxl_xs_stats *s);

#endif /* LIBXL_H */
