/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_types.h: the one in-memory description of a domain. The xl.cfg
 * and libvirt-XML front ends (libxlutil) both fill it and both print it;
 * libxl builds domains from it and keeps it, as JSON, in its state
 * directory; `xl list -l` prints that JSON. Field names follow Xen's
 * libxl IDL (libxl_types.idl) where Xen has the same setting, so that the
 * JSON reads as Xen users know it ("c_info", "b_info", "disks", "nics",
 * "on_poweroff", ...).
 *
 * Ownership: every pointer is malloc'd and owned by the structure;
 * libxl_domain_config_dispose() frees all of it. Strings may be NULL
 * (unset). Counts go with their arrays (num_disks with disks, ...).
 *
 * This header is the contract between libxl (tools/libs/light), libxlutil
 * (tools/libs/util) and xl (tools/xl): change it in one commit with all
 * of them.
 */
#ifndef LIBXL_TYPES_H
#define LIBXL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A tri-state setting: not given in the config, given false, given true. */
typedef enum {
    LIBXL_DEFBOOL_DEFAULT = 0,
    LIBXL_DEFBOOL_FALSE = -1,
    LIBXL_DEFBOOL_TRUE = 1,
} libxl_defbool;

enum libxl_domain_type {
    LIBXL_DOMAIN_TYPE_INVALID = -1,
    LIBXL_DOMAIN_TYPE_PV = 2, /* the only type built here */
};

/* on_poweroff / on_reboot / on_watchdog / on_crash / on_soft_reset. */
enum libxl_action_on_shutdown {
    LIBXL_ACTION_ON_SHUTDOWN_DESTROY = 1,
    LIBXL_ACTION_ON_SHUTDOWN_RESTART = 2,
    LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME = 3,
    LIBXL_ACTION_ON_SHUTDOWN_PRESERVE = 4,
    LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY = 5,
    LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART = 6,
    LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET = 7,
};

enum libxl_disk_format {
    LIBXL_DISK_FORMAT_UNKNOWN = 0,
    LIBXL_DISK_FORMAT_QCOW = 1,
    LIBXL_DISK_FORMAT_QCOW2 = 2,
    LIBXL_DISK_FORMAT_VHD = 3,
    LIBXL_DISK_FORMAT_RAW = 4,
    LIBXL_DISK_FORMAT_EMPTY = 5,
    LIBXL_DISK_FORMAT_QED = 6,
};

enum libxl_disk_backend {
    LIBXL_DISK_BACKEND_UNKNOWN = 0,
    LIBXL_DISK_BACKEND_PHY = 1,
    LIBXL_DISK_BACKEND_TAP = 2,
    LIBXL_DISK_BACKEND_QDISK = 3,
    LIBXL_DISK_BACKEND_STANDALONE = 4,
};

/* One disk= entry (xl-disk-configuration(5)). */
struct libxl_device_disk {
    uint32_t backend_domid;
    char *backend_domname; /* backend=, NULL for domain 0 */
    char *pdev_path; /* target: image file or block device */
    char *vdev; /* xvda, hda, sdb, ... (mandatory) */
    enum libxl_disk_backend backend;
    enum libxl_disk_format format; /* raw when not given */
    char *script;
    bool removable; /* cdrom */
    bool readwrite; /* access=rw (default) */
    bool is_cdrom; /* devtype=cdrom */
    bool direct_io_safe;
    libxl_defbool discard_enable; /* discard / no-discard */
    libxl_defbool trusted; /* trusted / untrusted */
    int devid; /* filled by libxl when attached, -1 before */
};

/* One vif= entry (xl-network-configuration(5)). */
struct libxl_device_nic {
    uint32_t backend_domid;
    char *backend_domname;
    int devid; /* index in the list unless devid= says otherwise */
    unsigned int mtu; /* 0: default (1500) */
    char *model;
    uint8_t mac[6];
    bool mac_set; /* false: libxl generates one in 00:16:3e */
    char *ip; /* ip=, space separated list as given */
    char *bridge; /* NULL: xenbr0 */
    char *ifname; /* vifname=, NULL: vif<domid>.<devid> */
    char *script; /* NULL: xl.conf's default_vifscript, then vif-bridge */
    char *gatewaydev;
    /* rate=: bytes that may be sent per interval (0 = no limit). */
    uint64_t rate_bytes_per_interval;
    uint32_t rate_interval_usecs;
    libxl_defbool trusted;
};

/* One channel= entry. */
struct libxl_device_channel {
    uint32_t backend_domid;
    char *backend_domname;
    int devid;
    char *name; /* name= (org.qemu.guest_agent.0, ...) */
    char *connection; /* "pty" or "socket" */
    char *path; /* path= for socket */
};

/* A set of pCPUs, one bit each; `all` when the config said "all". */
#define LIBXL_BITMAP_BITS 256
struct libxl_bitmap {
    uint64_t map[LIBXL_BITMAP_BITS / 64]; /* up to 256 pCPUs */
};

/* Bit operations (Xen's libxl_utils.h names); bits past the end are no-ops. */
static inline void libxl_bitmap_set(struct libxl_bitmap *m, unsigned int bit)
{
    if ( bit < LIBXL_BITMAP_BITS )
        m->map[bit / 64] |= UINT64_C(1) << (bit % 64);
}
static inline void libxl_bitmap_reset(struct libxl_bitmap *m, unsigned int bit)
{
    if ( bit < LIBXL_BITMAP_BITS )
        m->map[bit / 64] &= ~(UINT64_C(1) << (bit % 64));
}
static inline bool libxl_bitmap_test(const struct libxl_bitmap *m,
                                     unsigned int bit)
{
    return bit < LIBXL_BITMAP_BITS && (m->map[bit / 64] >> (bit % 64) & 1);
}
static inline void libxl_bitmap_set_any(struct libxl_bitmap *m)
{
    for ( unsigned int i = 0; i < LIBXL_BITMAP_BITS / 64; i++ )
        m->map[i] = ~UINT64_C(0);
}
static inline void libxl_bitmap_set_none(struct libxl_bitmap *m)
{
    for ( unsigned int i = 0; i < LIBXL_BITMAP_BITS / 64; i++ )
        m->map[i] = 0;
}
static inline bool libxl_bitmap_is_full(const struct libxl_bitmap *m)
{
    for ( unsigned int i = 0; i < LIBXL_BITMAP_BITS / 64; i++ )
        if ( m->map[i] != ~UINT64_C(0) )
            return false;
    return true;
}
static inline bool libxl_bitmap_is_empty(const struct libxl_bitmap *m)
{
    for ( unsigned int i = 0; i < LIBXL_BITMAP_BITS / 64; i++ )
        if ( m->map[i] )
            return false;
    return true;
}

/* Creation-time information (c_info in Xen's JSON). */
struct libxl_domain_create_info {
    enum libxl_domain_type type;
    char *name; /* mandatory */
    uint8_t uuid[16];
    bool uuid_set; /* false: libxl generates one (libuuid) */
    char *ssidref_label; /* seclabel=, accepted and kept */
};

/* Build-time information (b_info in Xen's JSON). */
struct libxl_domain_build_info {
    unsigned int max_vcpus; /* maxvcpus= (default vcpus) */
    unsigned int avail_vcpus; /* vcpus= (online at boot, default 1) */
    /*
     * cpus=: one mask for all vCPUs (cpumap, a string in xl.cfg), or one
     * per vCPU (vcpu_hard_affinity, a list in xl.cfg). cpus_soft=: as Xen
     * does, a string is copied into vcpu_soft_affinity once per vCPU
     * (max_vcpus entries), a list gives one entry per listed vCPU.
     */
    struct libxl_bitmap cpumap; /* all bits set when not given */
    struct libxl_bitmap *vcpu_hard_affinity; /* num_vcpu_hard_affinity */
    unsigned int num_vcpu_hard_affinity;
    struct libxl_bitmap *vcpu_soft_affinity;
    unsigned int num_vcpu_soft_affinity;
    char *cpus_text; /* cpus= as written, for printing it back */
    char *cpus_soft_text;
    uint64_t max_memkb; /* maxmem= (default memory) in KiB */
    uint64_t target_memkb; /* memory= in KiB */
    unsigned int max_event_channels; /* 0: default (1023) */
    /* Credit scheduler: weight 1-65535 (0 = default 256), cap % (0 none). */
    unsigned int sched_weight;
    unsigned int sched_cap;
    char *kernel; /* mandatory for PV here */
    char *ramdisk;
    char *cmdline; /* cmdline=, or root= and extra= joined as Xen does */
    char *root; /* as given, for printing */
    char *extra;
};

struct libxl_domain_config {
    struct libxl_domain_create_info c_info;
    struct libxl_domain_build_info b_info;

    struct libxl_device_disk *disks;
    unsigned int num_disks;
    struct libxl_device_nic *nics;
    unsigned int num_nics;
    struct libxl_device_channel *channels;
    unsigned int num_channels;

    enum libxl_action_on_shutdown on_poweroff; /* default destroy */
    enum libxl_action_on_shutdown on_reboot; /* default restart */
    enum libxl_action_on_shutdown on_watchdog; /* default destroy */
    enum libxl_action_on_shutdown on_crash; /* default destroy */
    enum libxl_action_on_shutdown on_soft_reset; /* default soft-reset */
};

/*
 * Fill with the defaults above (nothing allocated): type pv, 1 vCPU,
 * 32 MiB (libxl's default when the config gives no memory), every pCPU,
 * the on_* defaults. Devices: disk raw and read-write, devid -1.
 */
void libxl_domain_config_init(struct libxl_domain_config *c);
/* Free everything it owns and re-initialise it. */
void libxl_domain_config_dispose(struct libxl_domain_config *c);
/* Deep copy; 0, or -1 (ENOMEM). */
int libxl_domain_config_copy(struct libxl_domain_config *dst,
                             const struct libxl_domain_config *src);

void libxl_device_disk_init(struct libxl_device_disk *d);
void libxl_device_disk_dispose(struct libxl_device_disk *d);
void libxl_device_nic_init(struct libxl_device_nic *n);
void libxl_device_nic_dispose(struct libxl_device_nic *n);
void libxl_device_channel_init(struct libxl_device_channel *c);
void libxl_device_channel_dispose(struct libxl_device_channel *c);

/* Names as xl.cfg and the JSON spell them ("destroy", "rename-restart"). */
const char *libxl_action_on_shutdown_to_string(enum libxl_action_on_shutdown a);
/* 0 and *a set, or -1 if s names no action. */
int libxl_action_on_shutdown_from_string(const char *s,
                                         enum libxl_action_on_shutdown *a);
const char *libxl_disk_format_to_string(enum libxl_disk_format f);
const char *libxl_disk_backend_to_string(enum libxl_disk_backend b);
/* "raw", "qcow2", ... / "phy", "qdisk", ...: 0 and *f set, or -1. */
int libxl_disk_format_from_string(const char *s, enum libxl_disk_format *f);
int libxl_disk_backend_from_string(const char *s, enum libxl_disk_backend *b);

/*
 * JSON (yajl), as `xl list -l` prints it and as libxl's state directory
 * keeps it: Xen's libxl_domain_config layout. to_json returns a malloc'd,
 * pretty-printed string (NULL on ENOMEM); from_json fills c (initialised
 * first) and returns 0, or -1 with a reason in err.
 */
char *libxl_domain_config_to_json(const struct libxl_domain_config *c);
int libxl_domain_config_from_json(struct libxl_domain_config *c,
                                  const char *json, char *err, size_t errlen);

#endif /* LIBXL_TYPES_H */
