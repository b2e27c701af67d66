/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_types.c: life cycle of the in-memory domain description
 * (libxl_types.h): init with the defaults xl.cfg documents, dispose,
 * deep copy, and the names xl.cfg gives actions, formats and backends.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxl_types.h>

void libxl_device_disk_init(struct libxl_device_disk *d)
{
    memset(d, 0, sizeof(*d));
    d->format = LIBXL_DISK_FORMAT_RAW;
    d->readwrite = true;
    d->devid = -1;
}

void libxl_device_disk_dispose(struct libxl_device_disk *d)
{
    free(d->backend_domname);
    free(d->pdev_path);
    free(d->vdev);
    free(d->script);
    libxl_device_disk_init(d);
}

void libxl_device_nic_init(struct libxl_device_nic *n)
{
    memset(n, 0, sizeof(*n));
    n->devid = -1;
}

void libxl_device_nic_dispose(struct libxl_device_nic *n)
{
    free(n->backend_domname);
    free(n->model);
    free(n->ip);
    free(n->bridge);
    free(n->ifname);
    free(n->script);
    free(n->gatewaydev);
    libxl_device_nic_init(n);
}

void libxl_device_channel_init(struct libxl_device_channel *c)
{
    memset(c, 0, sizeof(*c));
    c->devid = -1;
}

void libxl_device_channel_dispose(struct libxl_device_channel *c)
{
    free(c->backend_domname);
    free(c->name);
    free(c->connection);
    free(c->path);
    libxl_device_channel_init(c);
}

void libxl_domain_config_init(struct libxl_domain_config *c)
{
    memset(c, 0, sizeof(*c));
    c->c_info.type = LIBXL_DOMAIN_TYPE_PV;
    c->b_info.max_vcpus = 1;
    c->b_info.avail_vcpus = 1;
    libxl_bitmap_set_any(&c->b_info.cpumap);
    /* libxl's default when neither memory= nor maxmem= is given. */
    c->b_info.max_memkb = 32 * 1024;
    c->b_info.target_memkb = 32 * 1024;
    c->on_poweroff = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_reboot = LIBXL_ACTION_ON_SHUTDOWN_RESTART;
    c->on_watchdog = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_crash = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;
}

void libxl_domain_config_dispose(struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    unsigned int i;

    free(c->c_info.name);
    free(c->c_info.ssidref_label);
    free(b->vcpu_hard_affinity);
    free(b->vcpu_soft_affinity);
    free(b->cpus_text);
    free(b->cpus_soft_text);
    free(b->kernel);
    free(b->ramdisk);
    free(b->cmdline);
    free(b->root);
    free(b->extra);
    for ( i = 0; i < c->num_disks; i++ )
        libxl_device_disk_dispose(&c->disks[i]);
    free(c->disks);
    for ( i = 0; i < c->num_nics; i++ )
        libxl_device_nic_dispose(&c->nics[i]);
    free(c->nics);
    for ( i = 0; i < c->num_channels; i++ )
        libxl_device_channel_dispose(&c->channels[i]);
    free(c->channels);
    libxl_domain_config_init(c);
}

/* strdup that keeps NULL; *ok goes false on ENOMEM. */
static char *dup_or_null(const char *s, bool *ok)
{
    char *d;

    if ( !s )
        return NULL;
    d = strdup(s);
    if ( !d )
        *ok = false;
    return d;
}

/* A copy of n elements of size sz (NULL when n is 0). */
static void *dup_array(const void *src, size_t n, size_t sz, bool *ok)
{
    void *d;

    if ( !n || !src )
        return NULL;
    d = calloc(n, sz);
    if ( !d )
    {
        *ok = false;
        return NULL;
    }
    memcpy(d, src, n * sz);
    return d;
}

static void copy_disk(struct libxl_device_disk *d,
                      const struct libxl_device_disk *s, bool *ok)
{
    *d = *s;
    d->backend_domname = dup_or_null(s->backend_domname, ok);
    d->pdev_path = dup_or_null(s->pdev_path, ok);
    d->vdev = dup_or_null(s->vdev, ok);
    d->script = dup_or_null(s->script, ok);
}

static void copy_nic(struct libxl_device_nic *d,
                     const struct libxl_device_nic *s, bool *ok)
{
    *d = *s;
    d->backend_domname = dup_or_null(s->backend_domname, ok);
    d->model = dup_or_null(s->model, ok);
    d->ip = dup_or_null(s->ip, ok);
    d->bridge = dup_or_null(s->bridge, ok);
    d->ifname = dup_or_null(s->ifname, ok);
    d->script = dup_or_null(s->script, ok);
    d->gatewaydev = dup_or_null(s->gatewaydev, ok);
}

static void copy_channel(struct libxl_device_channel *d,
                         const struct libxl_device_channel *s, bool *ok)
{
    *d = *s;
    d->backend_domname = dup_or_null(s->backend_domname, ok);
    d->name = dup_or_null(s->name, ok);
    d->connection = dup_or_null(s->connection, ok);
    d->path = dup_or_null(s->path, ok);
}

static void copy_build_info(struct libxl_domain_build_info *d,
                            const struct libxl_domain_build_info *s, bool *ok)
{
    *d = *s;
    d->vcpu_hard_affinity =
        dup_array(s->vcpu_hard_affinity, s->num_vcpu_hard_affinity,
                  sizeof(struct libxl_bitmap), ok);
    d->num_vcpu_hard_affinity =
        d->vcpu_hard_affinity ? s->num_vcpu_hard_affinity : 0;
    d->vcpu_soft_affinity =
        dup_array(s->vcpu_soft_affinity, s->num_vcpu_soft_affinity,
                  sizeof(struct libxl_bitmap), ok);
    d->num_vcpu_soft_affinity =
        d->vcpu_soft_affinity ? s->num_vcpu_soft_affinity : 0;
    d->cpus_text = dup_or_null(s->cpus_text, ok);
    d->cpus_soft_text = dup_or_null(s->cpus_soft_text, ok);
    d->kernel = dup_or_null(s->kernel, ok);
    d->ramdisk = dup_or_null(s->ramdisk, ok);
    d->cmdline = dup_or_null(s->cmdline, ok);
    d->root = dup_or_null(s->root, ok);
    d->extra = dup_or_null(s->extra, ok);
}

int libxl_domain_config_copy(struct libxl_domain_config *dst,
                             const struct libxl_domain_config *src)
{
    bool ok = true;
    unsigned int i;

    *dst = *src;
    dst->c_info.name = dup_or_null(src->c_info.name, &ok);
    dst->c_info.ssidref_label = dup_or_null(src->c_info.ssidref_label, &ok);
    copy_build_info(&dst->b_info, &src->b_info, &ok);

    /* Device arrays: each element deep-copied, counted only if allocated. */
    dst->disks =
        src->num_disks ? calloc(src->num_disks, sizeof(*dst->disks)) : NULL;
    dst->num_disks = dst->disks ? src->num_disks : 0;
    for ( i = 0; i < dst->num_disks; i++ )
        copy_disk(&dst->disks[i], &src->disks[i], &ok);
    dst->nics =
        src->num_nics ? calloc(src->num_nics, sizeof(*dst->nics)) : NULL;
    dst->num_nics = dst->nics ? src->num_nics : 0;
    for ( i = 0; i < dst->num_nics; i++ )
        copy_nic(&dst->nics[i], &src->nics[i], &ok);
    dst->channels = src->num_channels
                        ? calloc(src->num_channels, sizeof(*dst->channels))
                        : NULL;
    dst->num_channels = dst->channels ? src->num_channels : 0;
    for ( i = 0; i < dst->num_channels; i++ )
        copy_channel(&dst->channels[i], &src->channels[i], &ok);

    if ( !ok || dst->num_disks != src->num_disks ||
         dst->num_nics != src->num_nics ||
         dst->num_channels != src->num_channels )
    {
        libxl_domain_config_dispose(dst);
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* xl.cfg's spelling (xl_parse.c's table in Xen), indexed by the enum. */
static const char *const action_names[] = {
    [LIBXL_ACTION_ON_SHUTDOWN_DESTROY] = "destroy",
    [LIBXL_ACTION_ON_SHUTDOWN_RESTART] = "restart",
    [LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME] = "rename-restart",
    [LIBXL_ACTION_ON_SHUTDOWN_PRESERVE] = "preserve",
    [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY] = "coredump-destroy",
    [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART] = "coredump-restart",
    [LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET] = "soft-reset",
};

#define NR_NAMES(t) (sizeof(t) / sizeof((t)[0]))

const char *libxl_action_on_shutdown_to_string(enum libxl_action_on_shutdown a)
{
    if ( (unsigned int)a >= NR_NAMES(action_names) || !action_names[a] )
        return NULL;
    return action_names[a];
}

int libxl_action_on_shutdown_from_string(const char *s,
                                         enum libxl_action_on_shutdown *a)
{
    unsigned int i;

    for ( i = 0; s && i < NR_NAMES(action_names); i++ )
        if ( action_names[i] && !strcmp(s, action_names[i]) )
        {
            *a = i;
            return 0;
        }
    return -1;
}

static const char *const format_names[] = {
    [LIBXL_DISK_FORMAT_UNKNOWN] = "unknown",
    [LIBXL_DISK_FORMAT_QCOW] = "qcow",
    [LIBXL_DISK_FORMAT_QCOW2] = "qcow2",
    [LIBXL_DISK_FORMAT_VHD] = "vhd",
    [LIBXL_DISK_FORMAT_RAW] = "raw",
    [LIBXL_DISK_FORMAT_EMPTY] = "empty",
    [LIBXL_DISK_FORMAT_QED] = "qed",
};

const char *libxl_disk_format_to_string(enum libxl_disk_format f)
{
    if ( (unsigned int)f >= NR_NAMES(format_names) )
        return NULL;
    return format_names[f];
}

static const char *const backend_names[] = {
    [LIBXL_DISK_BACKEND_UNKNOWN] = "unknown",
    [LIBXL_DISK_BACKEND_PHY] = "phy",
    [LIBXL_DISK_BACKEND_TAP] = "tap",
    [LIBXL_DISK_BACKEND_QDISK] = "qdisk",
    [LIBXL_DISK_BACKEND_STANDALONE] = "standalone",
};

const char *libxl_disk_backend_to_string(enum libxl_disk_backend b)
{
    if ( (unsigned int)b >= NR_NAMES(backend_names) )
        return NULL;
    return backend_names[b];
}

/* The reverse of the two tables above (used by the parsers). */
int libxl_disk_format_from_string(const char *s, enum libxl_disk_format *f)
{
    unsigned int i;

    for ( i = 0; s && i < NR_NAMES(format_names); i++ )
        if ( !strcmp(s, format_names[i]) )
        {
            *f = i;
            return 0;
        }
    return -1;
}

int libxl_disk_backend_from_string(const char *s, enum libxl_disk_backend *b)
{
    unsigned int i;

    for ( i = 0; s && i < NR_NAMES(backend_names); i++ )
        if ( !strcmp(s, backend_names[i]) )
        {
            *b = i;
            return 0;
        }
    return -1;
}
