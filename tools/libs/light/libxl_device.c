/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_device.c: virtual disks and network interfaces as xenstore
 * nodes, as Xen's libxl writes them: a backend directory under domain 0
 * (owned by it, readable by the guest), a frontend directory in the
 * guest's device/ (owned by the guest, readable by the backend) and
 * libxl's own record under /libxl/<domid>/device. The backends that act
 * on these nodes come with the split-driver work; until one has picked a
 * device up (its backend state is still Initialising), a detach removes
 * the nodes at once instead of waiting for the xenbus close handshake.
 * The domain's stored configuration keeps the device list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <public/io/xenbus.h>

#include "libxl_internal.h"


#define SCRIPT_DIR "/etc/xen/scripts"
#define DEFAULT_BRIDGE "xenbr0"
#define DEFAULT_VIFSCRIPT "vif-bridge"
#define DEFAULT_MTU 1500
#define CLOSE_TIMEOUT_MS 10000

enum kind { KIND_VBD, KIND_QDISK, KIND_VIF };
static const char *const kind_names[] = { "vbd", "qdisk", "vif" };

struct device_paths {
    char be[128], fe[128], lx[128];
};

/* Disks of every backend type have their frontend under device/vbd. */
static void device_paths(struct device_paths *p, uint32_t domid,
                         enum kind kind, int devid)
{
    const char *fe_kind = kind == KIND_VIF ? "vif" : "vbd";

    snprintf(p->be, sizeof(p->be), "/local/domain/0/backend/%s/%u/%d",
             kind_names[kind], domid, devid);
    snprintf(p->fe, sizeof(p->fe), "/local/domain/%u/device/%s/%d", domid,
             fe_kind, devid);
    snprintf(p->lx, sizeof(p->lx), "/libxl/%u/device/%s/%d", domid, fe_kind,
             devid);
}

/* ---- numbering ---- */

/* A drive letter run ("a".."zz") as a number, -1 if none. */
static int letters_to_index(const char **p)
{
    int index = -1;

    while ( **p >= 'a' && **p <= 'z' )
    {
        index = (index + 1) * 26 + (**p - 'a');
        (*p)++;
        if ( index > (1 << 20) )
            return -1;
    }
    return index;
}

/* "<prefix><letters>[partition]": disk index and partition, or -1. */
static int parse_vdev(const char *vdev, const char *prefix, int max_disk,
                      int max_part, int *disk, int *part)
{
    size_t n = strlen(prefix);
    const char *p = vdev + n;
    char *end;
    long pl = 0;

    if ( strncmp(vdev, prefix, n) )
        return -1;
    *disk = letters_to_index(&p);
    if ( *disk < 0 || *disk > max_disk )
        return -1;
    if ( *p )
    {
        if ( *p == '0' )
            return -1;
        pl = strtol(p, &end, 10);
        if ( *end || pl > max_part || pl < 1 )
            return -1;
    }
    *part = pl;
    return 0;
}

int libxl_vdev_to_devid(const char *vdev)
{
    int disk, part;

    if ( !vdev )
        return -1;
    /* Xen's numbering (xen-vbd-interface(7)). */
    if ( !parse_vdev(vdev, "xvd", (1 << 20) - 1, 255, &disk, &part) )
        return disk <= 15 && part <= 15 ? (202 << 8) | (disk << 4) | part
                                        : (1 << 28) | (disk << 8) | part;
    if ( !parse_vdev(vdev, "hd", 3, 63, &disk, &part) )
        return ((disk < 2 ? 3 : 22) << 8) | ((disk & 1) << 6) | part;
    if ( !parse_vdev(vdev, "sd", 15, 15, &disk, &part) )
        return (8 << 8) | (disk << 4) | part;
    return -1;
}

/* ---- defaults ---- */

int libxl__device_disk_setdefault(libxl_ctx *ctx,
                                  struct libxl_device_disk *disk)
{
    int devid = libxl_vdev_to_devid(disk->vdev);

    if ( devid < 0 )
    {
        LOG(ctx, ERROR, "invalid or unsupported virtual disk identifier %s",
            disk->vdev ? disk->vdev : "(none)");
        return ERROR_INVAL;
    }
    disk->devid = devid;
    if ( disk->format == LIBXL_DISK_FORMAT_UNKNOWN )
        disk->format = LIBXL_DISK_FORMAT_RAW;
    if ( disk->backend == LIBXL_DISK_BACKEND_TAP )
    {
        LOG(ctx, ERROR, "blktap is not supported");
        return ERROR_INVAL;
    }
    if ( disk->backend == LIBXL_DISK_BACKEND_UNKNOWN )
        disk->backend = disk->format == LIBXL_DISK_FORMAT_RAW
                            ? LIBXL_DISK_BACKEND_PHY
                            : LIBXL_DISK_BACKEND_QDISK;
    if ( disk->backend == LIBXL_DISK_BACKEND_PHY &&
         disk->format != LIBXL_DISK_FORMAT_RAW )
    {
        LOG(ctx, ERROR, "disk %s: the phy backend takes raw images only",
            disk->vdev);
        return ERROR_INVAL;
    }
    if ( disk->backend_domid != 0 )
    {
        LOG(ctx, ERROR, "disk %s: backends run in domain 0 only", disk->vdev);
        return ERROR_INVAL;
    }
    if ( disk->is_cdrom )
        disk->removable = true;
    if ( !disk->pdev_path && !disk->is_cdrom )
    {
        LOG(ctx, ERROR, "disk %s has no target", disk->vdev);
        return ERROR_INVAL;
    }
    return 0;
}

void libxl__device_nic_setdefault(struct libxl_device_nic *nic, int devid)
{
    if ( nic->devid < 0 )
        nic->devid = devid;
    if ( !nic->mac_set )
    {
        uint8_t r[16];

        /* Xen's OUI (00:16:3e), the rest random. */
        libxl__uuid_generate(r);
        nic->mac[0] = 0x00;
        nic->mac[1] = 0x16;
        nic->mac[2] = 0x3e;
        nic->mac[3] = r[0] & 0x7f;
        nic->mac[4] = r[1];
        nic->mac[5] = r[2];
        nic->mac_set = true;
    }
    if ( !nic->bridge )
        nic->bridge = strdup(DEFAULT_BRIDGE);
    if ( !nic->script )
        nic->script = strdup(DEFAULT_VIFSCRIPT);
    if ( !nic->mtu )
        nic->mtu = DEFAULT_MTU;
}

/* ---- xenstore nodes ---- */

/* A script name as an absolute path in Xen's script directory. */
static void put_script(struct libxl__xs_batch *b, const char *be,
                       const char *script)
{
    if ( script[0] == '/' )
        libxl__xs_batch_printf(b, be, "script", "%s", script);
    else
        libxl__xs_batch_printf(b, be, "script", "%s/%s", SCRIPT_DIR, script);
}

/* The directories of one device with their permissions (Xen's). */
static void queue_dirs(struct libxl__xs_batch *b, uint32_t domid,
                       const struct device_paths *p)
{
    struct xs_permissions fe_perms[2] = {
        { .id = domid, .perms = XS_PERM_NONE },
        { .id = 0, .perms = XS_PERM_READ },
    };
    struct xs_permissions be_perms[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = domid, .perms = XS_PERM_READ },
    };

    libxl__xs_batch_rm(b, p->lx);
    libxl__xs_batch_printf(b, p->lx, "frontend", "%s", p->fe);
    libxl__xs_batch_printf(b, p->lx, "backend", "%s", p->be);
    libxl__xs_batch_rm(b, p->fe);
    libxl__xs_batch_mknod(b, p->fe, fe_perms, 2);
    libxl__xs_batch_printf(b, p->fe, "backend", "%s", p->be);
    libxl__xs_batch_printf(b, p->fe, "backend-id", "0");
    libxl__xs_batch_printf(b, p->fe, "state", "%d", XenbusStateInitialising);
    libxl__xs_batch_rm(b, p->be);
    libxl__xs_batch_mknod(b, p->be, be_perms, 2);
    libxl__xs_batch_printf(b, p->be, "frontend", "%s", p->fe);
    libxl__xs_batch_printf(b, p->be, "frontend-id", "%u", domid);
    libxl__xs_batch_printf(b, p->be, "online", "1");
    libxl__xs_batch_printf(b, p->be, "state", "%d", XenbusStateInitialising);
}

static const char *format_prefix(enum libxl_disk_format f)
{
    switch ( f )
    {
    case LIBXL_DISK_FORMAT_QCOW:
        return "qcow";
    case LIBXL_DISK_FORMAT_QCOW2:
        return "qcow2";
    case LIBXL_DISK_FORMAT_VHD:
        return "vhd";
    case LIBXL_DISK_FORMAT_QED:
        return "qed";
    default:
        return "aio";
    }
}

static void queue_disk(struct libxl__xs_batch *b, uint32_t domid,
                       const struct libxl_device_disk *d)
{
    bool phy = d->backend == LIBXL_DISK_BACKEND_PHY;
    struct device_paths p;
    const char *type = d->is_cdrom ? "cdrom" : "disk";
    bool discard = d->discard_enable == LIBXL_DEFBOOL_DEFAULT
                       ? d->readwrite
                       : d->discard_enable == LIBXL_DEFBOOL_TRUE;
    const char *lx_keys[2] = { p.lx, NULL };
    unsigned int i;

    device_paths(&p, domid, phy ? KIND_VBD : KIND_QDISK, d->devid);
    queue_dirs(b, domid, &p);
    /* Xen copies the backend's keys into libxl's record too. */
    lx_keys[1] = p.be;
    for ( i = 0; i < 2; i++ )
    {
        const char *dir = lx_keys[i];

        if ( phy )
        {
            libxl__xs_batch_printf(b, dir, "params", "%s", d->pdev_path ? d->pdev_path : "");
            put_script(b, dir, d->script ? d->script : "block");
        }
        else
            libxl__xs_batch_printf(b, dir, "params", "%s:%s", format_prefix(d->format),
                d->pdev_path ? d->pdev_path : "");
        libxl__xs_batch_printf(b, dir, "removable", "%d", d->removable ? 1 : 0);
        libxl__xs_batch_printf(b, dir, "bootable", "1");
        libxl__xs_batch_printf(b, dir, "dev", "%s", d->vdev);
        libxl__xs_batch_printf(b, dir, "type", "%s", phy ? "phy" : "qdisk");
        libxl__xs_batch_printf(b, dir, "mode", "%s", d->readwrite ? "w" : "r");
        libxl__xs_batch_printf(b, dir, "device-type", "%s", type);
        if ( d->direct_io_safe )
            libxl__xs_batch_printf(b, dir, "direct-io-safe", "1");
        libxl__xs_batch_printf(b, dir, "discard-enable", "%s", discard ? "1" : "0");
    }
    libxl__xs_batch_printf(b, p.fe, "virtual-device", "%d", d->devid);
    libxl__xs_batch_printf(b, p.fe, "device-type", "%s", type);
    libxl__xs_batch_printf(b, p.fe, "protocol", "x86_64-abi");
    if ( d->trusted != LIBXL_DEFBOOL_DEFAULT )
        libxl__xs_batch_printf(b, p.fe, "trusted", "%s",
            d->trusted == LIBXL_DEFBOOL_TRUE ? "1" : "0");
}

static void queue_nic(struct libxl__xs_batch *b, uint32_t domid,
                      const struct libxl_device_nic *n)
{
    struct device_paths p;
    const char *dirs[2];
    unsigned int i;

    device_paths(&p, domid, KIND_VIF, n->devid);
    queue_dirs(b, domid, &p);
    dirs[0] = p.be;
    dirs[1] = p.lx;
    for ( i = 0; i < 2; i++ )
    {
        const char *dir = dirs[i];

        put_script(b, dir, n->script);
        if ( n->ifname )
            libxl__xs_batch_printf(b, dir, "vifname", "%s", n->ifname);
        libxl__xs_batch_printf(b, dir, "mac", LIBXL_MAC_FMT, LIBXL_MAC_BYTES(n->mac));
        if ( n->ip )
            libxl__xs_batch_printf(b, dir, "ip", "%s", n->ip);
        if ( n->gatewaydev )
            libxl__xs_batch_printf(b, dir, "gatewaydev", "%s", n->gatewaydev);
        if ( n->rate_interval_usecs > 0 )
            libxl__xs_batch_printf(b, dir, "rate", "%lu,%u",
                (unsigned long)n->rate_bytes_per_interval,
                n->rate_interval_usecs);
        if ( n->mtu != DEFAULT_MTU )
            libxl__xs_batch_printf(b, dir, "mtu", "%u", n->mtu);
        libxl__xs_batch_printf(b, dir, "bridge", "%s", n->bridge);
        libxl__xs_batch_printf(b, dir, "handle", "%d", n->devid);
        libxl__xs_batch_printf(b, dir, "type", "vif");
        libxl__xs_batch_printf(b, dir, "hotplug-status", "%s", "");
    }
    libxl__xs_batch_printf(b, p.fe, "handle", "%d", n->devid);
    libxl__xs_batch_printf(b, p.fe, "mac", LIBXL_MAC_FMT, LIBXL_MAC_BYTES(n->mac));
    libxl__xs_batch_printf(b, p.fe, "mtu", "%u", n->mtu);
    libxl__xs_batch_printf(b, p.fe, "trusted", "%s",
        n->trusted == LIBXL_DEFBOOL_FALSE ? "0" : "1");
}

int libxl__devices_add_all(libxl_ctx *ctx, uint32_t domid,
                           struct libxl_domain_config *c,
                           struct libxl__xs_batch *b)
{
    unsigned int i, j;

    for ( i = 0; i < c->num_disks; i++ )
        for ( j = 0; j < i; j++ )
            if ( c->disks[i].devid == c->disks[j].devid )
            {
                LOG(ctx, ERROR, "disk %s is given twice", c->disks[i].vdev);
                return ERROR_DEVICE_EXISTS;
            }
    for ( i = 0; i < c->num_nics; i++ )
        for ( j = 0; j < i; j++ )
            if ( c->nics[i].devid == c->nics[j].devid )
            {
                LOG(ctx, ERROR, "network device %d is given twice",
                    c->nics[i].devid);
                return ERROR_DEVICE_EXISTS;
            }
    for ( i = 0; i < c->num_disks; i++ )
        queue_disk(b, domid, &c->disks[i]);
    for ( i = 0; i < c->num_nics; i++ )
        queue_nic(b, domid, &c->nics[i]);
    return 0;
}

/* ---- attach, detach, list ---- */

/* The stored config and a batch to change the domain's nodes with. */
static int begin_change(libxl_ctx *ctx, uint32_t domid,
                        struct libxl_domain_config *c,
                        struct libxl__xs_batch **b)
{
    int rc = libxl__domain_exists(ctx, domid);

    if ( rc )
        return rc;
    if ( domid == 0 )
    {
        LOG(ctx, ERROR, "domain 0 has no virtual devices");
        return ERROR_INVAL;
    }
    rc = libxl_retrieve_domain_configuration(ctx, domid, c);
    if ( rc )
        return rc;
    *b = libxl__xs_batch_new();
    if ( !*b )
    {
        libxl_domain_config_dispose(c);
        return ERROR_NOMEM;
    }
    return 0;
}

/* Run the batch, then store the config; dispose of both. */
static int end_change(libxl_ctx *ctx, uint32_t domid,
                      struct libxl_domain_config *c,
                      struct libxl__xs_batch *b)
{
    int rc = libxl__xs_batch_run(ctx, b, true);

    if ( !rc )
        rc = libxl_store_domain_configuration(ctx, domid, c);
    libxl__xs_batch_free(b);
    libxl_domain_config_dispose(c);
    return rc;
}

static void *grow(void *array, unsigned int n, size_t size)
{
    return realloc(array, (n + 1) * size);
}

/* Deep copies of one device, through the config copy (libxl_types.c). */
static int copy_disk(struct libxl_device_disk *dst,
                     struct libxl_device_disk *src)
{
    struct libxl_domain_config one, dup;

    libxl_domain_config_init(&one);
    one.disks = src;
    one.num_disks = 1;
    if ( libxl_domain_config_copy(&dup, &one) )
        return ERROR_NOMEM;
    *dst = dup.disks[0];
    free(dup.disks);
    dup.disks = NULL;
    dup.num_disks = 0;
    libxl_domain_config_dispose(&dup);
    return 0;
}

static int copy_nic(struct libxl_device_nic *dst, struct libxl_device_nic *src)
{
    struct libxl_domain_config one, dup;

    libxl_domain_config_init(&one);
    one.nics = src;
    one.num_nics = 1;
    if ( libxl_domain_config_copy(&dup, &one) )
        return ERROR_NOMEM;
    *dst = dup.nics[0];
    free(dup.nics);
    dup.nics = NULL;
    dup.num_nics = 0;
    libxl_domain_config_dispose(&dup);
    return 0;
}

/* Give up a change begun with begin_change(). */
static int abandon_change(struct libxl_domain_config *c,
                          struct libxl__xs_batch *b, int rc)
{
    libxl__xs_batch_free(b);
    libxl_domain_config_dispose(c);
    return rc;
}

int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                          struct libxl_device_disk *disk)
{
    struct libxl_domain_config c;
    struct libxl__xs_batch *b;
    struct libxl_device_disk *disks;
    unsigned int i;
    int rc;

    rc = libxl__device_disk_setdefault(ctx, disk);
    if ( rc )
        return rc;
    rc = begin_change(ctx, domid, &c, &b);
    if ( rc )
        return rc;
    for ( i = 0; i < c.num_disks; i++ )
        if ( c.disks[i].devid == disk->devid )
        {
            LOG(ctx, ERROR, "domain %u has a disk %s already", domid,
                disk->vdev);
            return abandon_change(&c, b, ERROR_DEVICE_EXISTS);
        }
    disks = grow(c.disks, c.num_disks, sizeof(*disks));
    if ( !disks )
        return abandon_change(&c, b, ERROR_NOMEM);
    c.disks = disks;
    if ( copy_disk(&c.disks[c.num_disks], disk) )
        return abandon_change(&c, b, ERROR_NOMEM);
    queue_disk(b, domid, &c.disks[c.num_disks++]);
    return end_change(ctx, domid, &c, b);
}

int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                         struct libxl_device_nic *nic)
{
    struct libxl_domain_config c;
    struct libxl__xs_batch *b;
    struct libxl_device_nic *nics;
    int rc, devid = 0;
    unsigned int i;

    rc = begin_change(ctx, domid, &c, &b);
    if ( rc )
        return rc;
    /* The next free index, as Xen numbers a new vif. */
    for ( i = 0; i < c.num_nics; i++ )
        if ( c.nics[i].devid >= devid )
            devid = c.nics[i].devid + 1;
    libxl__device_nic_setdefault(nic, devid);
    for ( i = 0; i < c.num_nics; i++ )
        if ( c.nics[i].devid == nic->devid )
        {
            LOG(ctx, ERROR, "domain %u has a network device %d already",
                domid, nic->devid);
            return abandon_change(&c, b, ERROR_DEVICE_EXISTS);
        }
    nics = grow(c.nics, c.num_nics, sizeof(*nics));
    if ( !nics )
        return abandon_change(&c, b, ERROR_NOMEM);
    c.nics = nics;
    if ( copy_nic(&c.nics[c.num_nics], nic) )
        return abandon_change(&c, b, ERROR_NOMEM);
    queue_nic(b, domid, &c.nics[c.num_nics++]);
    return end_change(ctx, domid, &c, b);
}

static int backend_state(libxl_ctx *ctx, const char *be)
{
    char path[160], *v;
    int state;

    snprintf(path, sizeof(path), "%s/state", be);
    v = libxl__xs_read(ctx, XBT_NULL, path);
    state = v ? atoi(v) : -1;
    free(v);
    return state;
}

/*
 * A backend that has taken the device up is asked to close it (online 0,
 * Closing) and given CLOSE_TIMEOUT_MS to reach Closed, as Xen's libxl
 * does; then the nodes go.
 */
static int close_backend(libxl_ctx *ctx, const struct device_paths *p)
{
    char path[160];
    int state = backend_state(ctx, p->be), waited;

    if ( state <= XenbusStateInitialising )
        return 0; /* no backend ever picked it up */
    snprintf(path, sizeof(path), "%s/online", p->be);
    libxl__xs_write(ctx, XBT_NULL, path, "0");
    snprintf(path, sizeof(path), "%s/state", p->be);
    libxl__xs_write(ctx, XBT_NULL, path, "5");
    for ( waited = 0; waited < CLOSE_TIMEOUT_MS; waited += 50 )
    {
        struct timespec ts = { 0, 50 * 1000000 };

        state = backend_state(ctx, p->be);
        if ( state == XenbusStateClosed || state < 0 )
            return 0;
        nanosleep(&ts, NULL);
    }
    LOG(ctx, WARNING, "%s did not close in time: removing it anyway", p->be);
    return 0;
}

static void queue_removal(struct libxl__xs_batch *b,
                          const struct device_paths *p)
{
    libxl__xs_batch_rm(b, p->fe);
    libxl__xs_batch_rm(b, p->be);
    libxl__xs_batch_rm(b, p->lx);
}

int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid, const char *vdev)
{
    int devid = libxl_vdev_to_devid(vdev), rc;
    struct libxl_domain_config c;
    struct libxl__xs_batch *b;
    struct device_paths p;
    unsigned int i;

    if ( devid < 0 )
        return ERROR_INVAL;
    rc = begin_change(ctx, domid, &c, &b);
    if ( rc )
        return rc;
    /* The stored JSON names a disk by vdev only (as Xen's): no devid. */
    for ( i = 0; i < c.num_disks; i++ )
        if ( (c.disks[i].devid > 0 ? c.disks[i].devid
                                   : libxl_vdev_to_devid(c.disks[i].vdev)) ==
             devid )
            break;
    if ( i == c.num_disks )
        return abandon_change(&c, b, ERROR_NOTFOUND);
    device_paths(&p, domid,
                 c.disks[i].backend == LIBXL_DISK_BACKEND_PHY ? KIND_VBD
                                                               : KIND_QDISK,
                 devid);
    close_backend(ctx, &p);
    queue_removal(b, &p);
    libxl_device_disk_dispose(&c.disks[i]);
    memmove(&c.disks[i], &c.disks[i + 1],
            (c.num_disks - i - 1) * sizeof(c.disks[0]));
    c.num_disks--;
    return end_change(ctx, domid, &c, b);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int v[6], i;
    char tail;

    if ( sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
                &v[5], &tail) != 6 )
        return -1;
    for ( i = 0; i < 6; i++ )
    {
        if ( v[i] > 255 )
            return -1;
        mac[i] = v[i];
    }
    return 0;
}

int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid, int devid,
                            const char *mac)
{
    struct libxl_domain_config c;
    struct libxl__xs_batch *b;
    struct device_paths p;
    uint8_t want[6];
    unsigned int i;
    int rc;

    if ( mac && parse_mac(mac, want) )
        return ERROR_INVAL;
    rc = begin_change(ctx, domid, &c, &b);
    if ( rc )
        return rc;
    for ( i = 0; i < c.num_nics; i++ )
        if ( mac ? !memcmp(c.nics[i].mac, want, 6) : c.nics[i].devid == devid )
            break;
    if ( i == c.num_nics )
        return abandon_change(&c, b, ERROR_NOTFOUND);
    device_paths(&p, domid, KIND_VIF, c.nics[i].devid);
    close_backend(ctx, &p);
    queue_removal(b, &p);
    libxl_device_nic_dispose(&c.nics[i]);
    memmove(&c.nics[i], &c.nics[i + 1],
            (c.num_nics - i - 1) * sizeof(c.nics[0]));
    c.num_nics--;
    return end_change(ctx, domid, &c, b);
}

struct libxl_device_disk *libxl_device_disk_list(libxl_ctx *ctx,
                                                 uint32_t domid, int *num)
{
    struct libxl_domain_config c;
    struct libxl_device_disk *out;

    *num = 0;
    if ( libxl_retrieve_domain_configuration(ctx, domid, &c) )
        return NULL;
    out = c.disks;
    *num = c.num_disks;
    c.disks = NULL;
    c.num_disks = 0;
    libxl_domain_config_dispose(&c);
    return out;
}

struct libxl_device_nic *libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                                               int *num)
{
    struct libxl_domain_config c;
    struct libxl_device_nic *out;

    *num = 0;
    if ( libxl_retrieve_domain_configuration(ctx, domid, &c) )
        return NULL;
    out = c.nics;
    *num = c.num_nics;
    c.nics = NULL;
    c.num_nics = 0;
    libxl_domain_config_dispose(&c);
    return out;
}

void libxl_devinfo_dispose(struct libxl_devinfo *info)
{
    free(info->backend);
    free(info->frontend);
    memset(info, 0, sizeof(*info));
}

/* Read a frontend key as a number, -1 if absent. */
static int fe_number(struct libxl__xs_batch *b, unsigned int index)
{
    const char *v = libxl__xs_batch_value(b, index);

    return v ? (int)strtoul(v, NULL, 10) : -1;
}

static int device_getinfo(libxl_ctx *ctx, uint32_t domid, const char *fe_kind,
                          int devid, const char *ring_key,
                          const char *ring_key2, struct libxl_devinfo *info)
{
    struct libxl__xs_batch *b = libxl__xs_batch_new();
    char lx[128], fe[128], path[192];
    unsigned int i_be, i_state, i_evt, i_ring, i_ring2 = 0;
    const char *be;
    int rc;

    memset(info, 0, sizeof(*info));
    if ( !b )
        return ERROR_NOMEM;
    snprintf(lx, sizeof(lx), "/libxl/%u/device/%s/%d", domid, fe_kind, devid);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/%s/%d", domid, fe_kind,
             devid);
    snprintf(path, sizeof(path), "%s/backend", lx);
    i_be = libxl__xs_batch_read(b, path);
    snprintf(path, sizeof(path), "%s/state", fe);
    i_state = libxl__xs_batch_read(b, path);
    snprintf(path, sizeof(path), "%s/event-channel", fe);
    i_evt = libxl__xs_batch_read(b, path);
    snprintf(path, sizeof(path), "%s/%s", fe, ring_key);
    i_ring = libxl__xs_batch_read(b, path);
    if ( ring_key2 )
    {
        snprintf(path, sizeof(path), "%s/%s", fe, ring_key2);
        i_ring2 = libxl__xs_batch_read(b, path);
    }
    rc = libxl__xs_batch_run(ctx, b, false);
    be = rc ? NULL : libxl__xs_batch_value(b, i_be);
    if ( !rc && !be )
        rc = ERROR_NOTFOUND;
    if ( !rc )
    {
        info->backend = strdup(be);
        info->frontend = strdup(fe);
        info->backend_id = 0;
        sscanf(be, "/local/domain/%u/", &info->backend_id);
        info->frontend_id = domid;
        info->devid = devid;
        info->state = fe_number(b, i_state);
        info->evtch = fe_number(b, i_evt);
        info->rref = fe_number(b, i_ring);
        info->rref_rx = ring_key2 ? fe_number(b, i_ring2) : -1;
        if ( !info->backend || !info->frontend )
        {
            libxl_devinfo_dispose(info);
            rc = ERROR_NOMEM;
        }
    }
    libxl__xs_batch_free(b);
    return rc;
}

int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid,
                              const struct libxl_device_disk *disk,
                              struct libxl_devinfo *info)
{
    int devid = libxl_vdev_to_devid(disk->vdev);

    if ( devid < 0 )
        return ERROR_INVAL;
    return device_getinfo(ctx, domid, "vbd", devid, "ring-ref", NULL, info);
}

int libxl_device_nic_getinfo(libxl_ctx *ctx, uint32_t domid,
                             const struct libxl_device_nic *nic,
                             struct libxl_devinfo *info)
{
    return device_getinfo(ctx, domid, "vif", nic->devid, "tx-ring-ref",
                          "rx-ring-ref", info);
}
