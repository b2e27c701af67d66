/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_json.c: the domain description as JSON (yajl), in the layout of
 * Xen's libxl_domain_config as `xl list -l` prints it: the keys of
 * libxl_types.idl, enums as their lower-case IDL names ("restart_rename"),
 * defbools as "True"/"False" (left out when default), bitmaps as arrays
 * of set bits, keyed unions as "key.member" ("type.pv",
 * "connection.socket"). The reader is libxl_json_parse.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include <libxl_types.h>

#include <libxl_json.h>

/* Xen's IDL spelling of the actions, indexed by the enum. */
static const char *const idl_action_names[] = {
    [LIBXL_ACTION_ON_SHUTDOWN_DESTROY] = "destroy",
    [LIBXL_ACTION_ON_SHUTDOWN_RESTART] = "restart",
    [LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME] = "restart_rename",
    [LIBXL_ACTION_ON_SHUTDOWN_PRESERVE] = "preserve",
    [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY] = "coredump_destroy",
    [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART] = "coredump_restart",
    [LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET] = "soft_reset",
};

const char *libxl_action_on_shutdown_idl_name(enum libxl_action_on_shutdown a)
{
    unsigned int n = sizeof(idl_action_names) / sizeof(idl_action_names[0]);

    if ( (unsigned int)a >= n || !idl_action_names[a] )
        return NULL;
    return idl_action_names[a];
}

int libxl_action_on_shutdown_from_idl_name(const char *s,
                                           enum libxl_action_on_shutdown *a)
{
    unsigned int i, n = sizeof(idl_action_names) / sizeof(idl_action_names[0]);

    for ( i = 0; i < n; i++ )
        if ( idl_action_names[i] && !strcmp(s, idl_action_names[i]) )
        {
            *a = i;
            return 0;
        }
    /* Also the xl.cfg spelling, for hand-written files. */
    return libxl_action_on_shutdown_from_string(s, a);
}

/* A generator that remembers its first failure, so callers chain calls. */
struct jgen {
    yajl_gen g;
    bool failed;
};

static void check(struct jgen *j, yajl_gen_status s)
{
    if ( s != yajl_gen_status_ok )
        j->failed = true;
}

static void key(struct jgen *j, const char *k)
{
    if ( !j->failed )
        check(j, yajl_gen_string(j->g, (const unsigned char *)k, strlen(k)));
}

static void str(struct jgen *j, const char *v)
{
    if ( !j->failed )
        check(j, yajl_gen_string(j->g, (const unsigned char *)v, strlen(v)));
}

static void num(struct jgen *j, long long v)
{
    if ( !j->failed )
        check(j, yajl_gen_integer(j->g, v));
}

static void boolean(struct jgen *j, bool v)
{
    if ( !j->failed )
        check(j, yajl_gen_bool(j->g, v));
}

static void map_open(struct jgen *j)
{
    if ( !j->failed )
        check(j, yajl_gen_map_open(j->g));
}

static void map_close(struct jgen *j)
{
    if ( !j->failed )
        check(j, yajl_gen_map_close(j->g));
}

static void array_open(struct jgen *j)
{
    if ( !j->failed )
        check(j, yajl_gen_array_open(j->g));
}

static void array_close(struct jgen *j)
{
    if ( !j->failed )
        check(j, yajl_gen_array_close(j->g));
}

/* "k": "v", left out when v is NULL (Xen omits unset strings). */
static void kv_str(struct jgen *j, const char *k, const char *v)
{
    if ( !v )
        return;
    key(j, k);
    str(j, v);
}

static void kv_num(struct jgen *j, const char *k, long long v)
{
    key(j, k);
    num(j, v);
}

/*
 * Xen's generator leaves out a field that holds its IDL default: 0 (or
 * false) for fields without an init_val, -1 for a devid.
 */
static void kv_num_nz(struct jgen *j, const char *k, long long v)
{
    if ( v )
        kv_num(j, k, v);
}

static void kv_devid(struct jgen *j, int devid)
{
    if ( devid != -1 )
        kv_num(j, "devid", devid);
}

static void kv_defbool(struct jgen *j, const char *k, libxl_defbool b)
{
    if ( b == LIBXL_DEFBOOL_DEFAULT )
        return;
    kv_str(j, k, b == LIBXL_DEFBOOL_TRUE ? "True" : "False");
}

static void gen_bitmap(struct jgen *j, const struct libxl_bitmap *m)
{
    unsigned int i;

    array_open(j);
    for ( i = 0; i < LIBXL_BITMAP_BITS; i++ )
        if ( libxl_bitmap_test(m, i) )
            num(j, i);
    array_close(j);
}

static void gen_bitmaps(struct jgen *j, const char *k,
                        const struct libxl_bitmap *maps, unsigned int n)
{
    unsigned int i;

    if ( !n )
        return;
    key(j, k);
    array_open(j);
    for ( i = 0; i < n; i++ )
        gen_bitmap(j, &maps[i]);
    array_close(j);
}

static void gen_c_info(struct jgen *j, const struct libxl_domain_create_info *c)
{
    char uuid[37];
    const uint8_t *u = c->uuid;

    key(j, "c_info");
    map_open(j);
    kv_str(j, "type", "pv");
    kv_str(j, "ssid_label", c->ssidref_label);
    kv_str(j, "name", c->name);
    if ( c->uuid_set )
    {
        snprintf(uuid, sizeof(uuid),
                 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                 "%02x%02x%02x%02x%02x%02x",
                 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
                 u[10], u[11], u[12], u[13], u[14], u[15]);
        kv_str(j, "uuid", uuid);
    }
    map_close(j);
}

static void gen_b_info(struct jgen *j, const struct libxl_domain_build_info *b)
{
    struct libxl_bitmap avail;
    unsigned int i;

    key(j, "b_info");
    map_open(j);
    kv_num(j, "max_vcpus", b->max_vcpus);
    libxl_bitmap_set_none(&avail);
    for ( i = 0; i < b->avail_vcpus; i++ )
        libxl_bitmap_set(&avail, i);
    key(j, "avail_vcpus");
    gen_bitmap(j, &avail);
    if ( !libxl_bitmap_is_full(&b->cpumap) )
    {
        key(j, "cpumap");
        gen_bitmap(j, &b->cpumap);
    }
    gen_bitmaps(j, "vcpu_hard_affinity", b->vcpu_hard_affinity,
                b->num_vcpu_hard_affinity);
    gen_bitmaps(j, "vcpu_soft_affinity", b->vcpu_soft_affinity,
                b->num_vcpu_soft_affinity);
    kv_num(j, "max_memkb", b->max_memkb);
    kv_num(j, "target_memkb", b->target_memkb);
    key(j, "sched_params");
    map_open(j);
    kv_num_nz(j, "weight", b->sched_weight);
    kv_num_nz(j, "cap", b->sched_cap);
    map_close(j);
    kv_num_nz(j, "event_channels", b->max_event_channels);
    kv_str(j, "kernel", b->kernel);
    kv_str(j, "cmdline", b->cmdline);
    kv_str(j, "ramdisk", b->ramdisk);
    key(j, "type.pv");
    map_open(j);
    map_close(j);
    map_close(j);
}

static void gen_disk(struct jgen *j, const struct libxl_device_disk *d)
{
    map_open(j);
    kv_num_nz(j, "backend_domid", d->backend_domid);
    kv_str(j, "backend_domname", d->backend_domname);
    kv_str(j, "pdev_path", d->pdev_path);
    kv_str(j, "vdev", d->vdev);
    if ( d->backend != LIBXL_DISK_BACKEND_UNKNOWN )
        kv_str(j, "backend", libxl_disk_backend_to_string(d->backend));
    if ( d->format != LIBXL_DISK_FORMAT_UNKNOWN )
        kv_str(j, "format", libxl_disk_format_to_string(d->format));
    kv_str(j, "script", d->script);
    kv_num_nz(j, "removable", d->removable);
    kv_num_nz(j, "readwrite", d->readwrite);
    kv_num_nz(j, "is_cdrom", d->is_cdrom);
    if ( d->direct_io_safe )
    {
        key(j, "direct_io_safe");
        boolean(j, true);
    }
    kv_defbool(j, "discard_enable", d->discard_enable);
    kv_defbool(j, "trusted", d->trusted);
    map_close(j);
}

static void gen_nic(struct jgen *j, const struct libxl_device_nic *n)
{
    char mac[18];

    map_open(j);
    kv_num_nz(j, "backend_domid", n->backend_domid);
    kv_str(j, "backend_domname", n->backend_domname);
    kv_devid(j, n->devid);
    kv_num_nz(j, "mtu", n->mtu);
    kv_str(j, "model", n->model);
    if ( n->mac_set )
    {
        snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0],
                 n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
        kv_str(j, "mac", mac);
    }
    kv_str(j, "ip", n->ip);
    kv_str(j, "bridge", n->bridge);
    kv_str(j, "ifname", n->ifname);
    kv_str(j, "script", n->script);
    if ( n->rate_bytes_per_interval || n->rate_interval_usecs )
    {
        kv_num(j, "rate_bytes_per_interval", n->rate_bytes_per_interval);
        kv_num(j, "rate_interval_usecs", n->rate_interval_usecs);
    }
    kv_str(j, "gatewaydev", n->gatewaydev);
    kv_defbool(j, "trusted", n->trusted);
    map_close(j);
}

static void gen_channel(struct jgen *j, const struct libxl_device_channel *c)
{
    map_open(j);
    kv_num_nz(j, "backend_domid", c->backend_domid);
    kv_str(j, "backend_domname", c->backend_domname);
    kv_devid(j, c->devid);
    kv_str(j, "name", c->name);
    if ( c->connection && !strcmp(c->connection, "socket") )
    {
        key(j, "connection.socket");
        map_open(j);
        kv_str(j, "path", c->path);
        map_close(j);
    }
    else if ( c->connection && !strcmp(c->connection, "pty") )
    {
        key(j, "connection.pty");
        map_open(j);
        map_close(j);
    }
    map_close(j);
}

static void gen_config(struct jgen *j, const struct libxl_domain_config *c)
{
    unsigned int i;

    map_open(j);
    gen_c_info(j, &c->c_info);
    gen_b_info(j, &c->b_info);
    if ( c->num_disks )
    {
        key(j, "disks");
        array_open(j);
        for ( i = 0; i < c->num_disks; i++ )
            gen_disk(j, &c->disks[i]);
        array_close(j);
    }
    if ( c->num_nics )
    {
        key(j, "nics");
        array_open(j);
        for ( i = 0; i < c->num_nics; i++ )
            gen_nic(j, &c->nics[i]);
        array_close(j);
    }
    if ( c->num_channels )
    {
        key(j, "channels");
        array_open(j);
        for ( i = 0; i < c->num_channels; i++ )
            gen_channel(j, &c->channels[i]);
        array_close(j);
    }
    kv_str(j, "on_poweroff", libxl_action_on_shutdown_idl_name(c->on_poweroff));
    kv_str(j, "on_reboot", libxl_action_on_shutdown_idl_name(c->on_reboot));
    kv_str(j, "on_watchdog", libxl_action_on_shutdown_idl_name(c->on_watchdog));
    kv_str(j, "on_crash", libxl_action_on_shutdown_idl_name(c->on_crash));
    kv_str(j, "on_soft_reset",
           libxl_action_on_shutdown_idl_name(c->on_soft_reset));
    map_close(j);
}

int libxl_domain_config_gen_json(yajl_gen g,
                                 const struct libxl_domain_config *c)
{
    struct jgen j = { .g = g };

    gen_config(&j, c);
    return j.failed ? -1 : 0;
}

char *libxl_domain_config_to_json(const struct libxl_domain_config *c)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    char *out = NULL;

    if ( !g )
        return NULL;
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_config(g, yajl_gen_indent_string, "    ");
    if ( !libxl_domain_config_gen_json(g, c) &&
         yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok )
    {
        out = malloc(len + 1);
        if ( out )
        {
            memcpy(out, buf, len);
            out[len] = '\0';
        }
    }
    yajl_gen_free(g);
    return out;
}
