/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_json_parse.c: reads the JSON of libxl_json.c (and of Xen's
 * `xl list -l`) back into a domain description, with yajl's tree parser.
 * As in Xen, unknown keys are ignored and a missing key has the value
 * Xen's generator leaves out: 0, false, NULL, "destroy" for the on_*
 * actions (Xen's init value). A key of the wrong type, an enum name Xen
 * does not know or a number out of range is an error naming the key.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>
#include <yajl/yajl_tree.h>

#include <libxl_json.h>
#include <libxl_types.h>

/* Deeper nesting than any config has is refused before yajl sees it. */
#define JSON_MAX_DEPTH 32

struct jparse {
    char *err;
    size_t errlen;
    bool failed;
};

static void fail(struct jparse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fail(struct jparse *p, const char *fmt, ...)
{
    va_list ap;

    if ( p->failed )
        return;
    p->failed = true;
    va_start(ap, fmt);
    if ( p->err && p->errlen )
        vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static yajl_val member(yajl_val obj, const char *k)
{
    size_t i;

    if ( !YAJL_IS_OBJECT(obj) )
        return NULL;
    for ( i = 0; i < obj->u.object.len; i++ )
        if ( !strcmp(obj->u.object.keys[i], k) )
            return obj->u.object.values[i];
    return NULL;
}

/* A string member, copied into *dst (freeing what was there). */
static void get_str(struct jparse *p, yajl_val obj, const char *where,
                    const char *k, char **dst)
{
    yajl_val v = member(obj, k);

    if ( !v || YAJL_IS_NULL(v) || p->failed )
        return;
    if ( !YAJL_IS_STRING(v) )
    {
        fail(p, "%s.%s: expected a string", where, k);
        return;
    }
    free(*dst);
    *dst = strdup(v->u.string);
    if ( !*dst )
        fail(p, "out of memory");
}

/* An integer member in [min, max]; booleans count as 0/1 as in Xen. */
static bool get_int(struct jparse *p, yajl_val obj, const char *where,
                    const char *k, long long min, long long max, long long *dst)
{
    yajl_val v = member(obj, k);
    long long n;

    if ( !v || p->failed )
        return false;
    if ( YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v) )
        n = YAJL_IS_TRUE(v);
    else if ( YAJL_IS_INTEGER(v) )
        n = YAJL_GET_INTEGER(v);
    else
    {
        fail(p, "%s.%s: expected an integer", where, k);
        return false;
    }
    if ( n < min || n > max )
    {
        fail(p, "%s.%s: %lld is out of range [%lld, %lld]", where, k, n, min,
             max);
        return false;
    }
    *dst = n;
    return true;
}

static void get_uint(struct jparse *p, yajl_val obj, const char *where,
                     const char *k, unsigned int max, unsigned int *dst)
{
    long long n;

    if ( get_int(p, obj, where, k, 0, max, &n) )
        *dst = n;
}

static void get_bool(struct jparse *p, yajl_val obj, const char *where,
                     const char *k, bool *dst)
{
    long long n;

    if ( get_int(p, obj, where, k, 0, 1, &n) )
        *dst = n;
}

static void get_defbool(struct jparse *p, yajl_val obj, const char *where,
                        const char *k, libxl_defbool *dst)
{
    yajl_val v = member(obj, k);
    const char *s;

    if ( !v || p->failed )
        return;
    s = YAJL_GET_STRING(v);
    if ( s && !strcmp(s, "True") )
        *dst = LIBXL_DEFBOOL_TRUE;
    else if ( s && !strcmp(s, "False") )
        *dst = LIBXL_DEFBOOL_FALSE;
    else if ( s && !strcmp(s, "<default>") )
        *dst = LIBXL_DEFBOOL_DEFAULT;
    else
        fail(p, "%s.%s: expected \"True\", \"False\" or \"<default>\"", where,
             k);
}

/* An array of set bits. */
static void parse_bitmap(struct jparse *p, yajl_val v, const char *what,
                         struct libxl_bitmap *m)
{
    size_t i;

    libxl_bitmap_set_none(m);
    if ( !YAJL_IS_ARRAY(v) )
    {
        fail(p, "%s: expected an array of CPU numbers", what);
        return;
    }
    for ( i = 0; i < v->u.array.len; i++ )
    {
        yajl_val bit = v->u.array.values[i];

        if ( !YAJL_IS_INTEGER(bit) || YAJL_GET_INTEGER(bit) < 0 ||
             YAJL_GET_INTEGER(bit) >= LIBXL_BITMAP_BITS )
        {
            fail(p, "%s: entries must be integers 0-%d", what,
                 LIBXL_BITMAP_BITS - 1);
            return;
        }
        libxl_bitmap_set(m, YAJL_GET_INTEGER(bit));
    }
}

static void parse_bitmaps(struct jparse *p, yajl_val obj, const char *k,
                          struct libxl_bitmap **maps, unsigned int *n)
{
    yajl_val v = member(obj, k);
    size_t i;

    if ( !v || p->failed )
        return;
    if ( !YAJL_IS_ARRAY(v) )
    {
        fail(p, "b_info.%s: expected an array", k);
        return;
    }
    if ( !v->u.array.len )
        return;
    *maps = calloc(v->u.array.len, sizeof(**maps));
    if ( !*maps )
    {
        fail(p, "out of memory");
        return;
    }
    *n = v->u.array.len;
    for ( i = 0; i < v->u.array.len && !p->failed; i++ )
        parse_bitmap(p, v->u.array.values[i], k, &(*maps)[i]);
}

static void parse_c_info(struct jparse *p, yajl_val obj,
                         struct libxl_domain_create_info *c)
{
    char *type = NULL, *uuid = NULL;

    if ( !YAJL_IS_OBJECT(obj) )
    {
        fail(p, "c_info: expected an object");
        return;
    }
    get_str(p, obj, "c_info", "type", &type);
    if ( type && strcmp(type, "pv") )
        fail(p, "c_info.type: \"%s\" domains are not supported (only pv)",
             type);
    get_str(p, obj, "c_info", "name", &c->name);
    get_str(p, obj, "c_info", "ssid_label", &c->ssidref_label);
    get_str(p, obj, "c_info", "uuid", &uuid);
    if ( uuid && !p->failed )
    {
        if ( uuid_parse(uuid, c->uuid) )
            fail(p, "c_info.uuid: \"%s\" is not a UUID", uuid);
        c->uuid_set = true;
    }
    free(type);
    free(uuid);
}

static void parse_sched(struct jparse *p, yajl_val obj,
                        struct libxl_domain_build_info *b)
{
    yajl_val s = member(obj, "sched_params");
    long long n;

    if ( !s )
        return;
    if ( !YAJL_IS_OBJECT(s) )
    {
        fail(p, "b_info.sched_params: expected an object");
        return;
    }
    /* Xen's "default" is -1. */
    if ( get_int(p, s, "b_info.sched_params", "weight", -1, 65535, &n) )
        b->sched_weight = n < 0 ? 0 : n;
    if ( get_int(p, s, "b_info.sched_params", "cap", -1, 65535, &n) )
        b->sched_cap = n < 0 ? 0 : n;
}

static void parse_avail_vcpus(struct jparse *p, yajl_val obj,
                              struct libxl_domain_build_info *b)
{
    yajl_val v = member(obj, "avail_vcpus");
    struct libxl_bitmap m;
    unsigned int n = 0;

    if ( !v )
    {
        b->avail_vcpus = b->max_vcpus;
        return;
    }
    parse_bitmap(p, v, "b_info.avail_vcpus", &m);
    if ( p->failed )
        return;
    while ( n < LIBXL_BITMAP_BITS && libxl_bitmap_test(&m, n) )
        libxl_bitmap_reset(&m, n++);
    /* Online vCPUs are counted from 0 here: a gap cannot be expressed. */
    if ( !n || n > b->max_vcpus || !libxl_bitmap_is_empty(&m) )
        fail(p, "b_info.avail_vcpus: must be vCPUs 0 to N-1, N <= max_vcpus");
    b->avail_vcpus = n;
}

static void parse_b_info(struct jparse *p, yajl_val obj,
                         struct libxl_domain_build_info *b)
{
    yajl_val pv = member(obj, "type.pv"), v;
    long long n;

    if ( !YAJL_IS_OBJECT(obj) )
    {
        fail(p, "b_info: expected an object");
        return;
    }
    get_uint(p, obj, "b_info", "max_vcpus", 4096, &b->max_vcpus);
    if ( !b->max_vcpus )
        b->max_vcpus = 1;
    parse_avail_vcpus(p, obj, b);
    v = member(obj, "cpumap");
    if ( v && !p->failed )
        parse_bitmap(p, v, "b_info.cpumap", &b->cpumap);
    parse_bitmaps(p, obj, "vcpu_hard_affinity", &b->vcpu_hard_affinity,
                  &b->num_vcpu_hard_affinity);
    parse_bitmaps(p, obj, "vcpu_soft_affinity", &b->vcpu_soft_affinity,
                  &b->num_vcpu_soft_affinity);
    if ( get_int(p, obj, "b_info", "max_memkb", 1, INT64_MAX, &n) )
        b->max_memkb = n;
    if ( get_int(p, obj, "b_info", "target_memkb", 1, INT64_MAX, &n) )
        b->target_memkb = n;
    parse_sched(p, obj, b);
    get_uint(p, obj, "b_info", "event_channels", UINT32_MAX,
             &b->max_event_channels);
    /* Older Xen kept kernel, cmdline and ramdisk under "type.pv". */
    if ( YAJL_IS_OBJECT(pv) )
    {
        get_str(p, pv, "b_info.type.pv", "kernel", &b->kernel);
        get_str(p, pv, "b_info.type.pv", "cmdline", &b->cmdline);
        get_str(p, pv, "b_info.type.pv", "ramdisk", &b->ramdisk);
    }
    get_str(p, obj, "b_info", "kernel", &b->kernel);
    get_str(p, obj, "b_info", "cmdline", &b->cmdline);
    get_str(p, obj, "b_info", "ramdisk", &b->ramdisk);
}

static void parse_disk(struct jparse *p, yajl_val o,
                       struct libxl_device_disk *d)
{
    const char *w = "disks[]";
    char *backend = NULL, *format = NULL;

    memset(d, 0, sizeof(*d));
    d->devid = -1;
    get_uint(p, o, w, "backend_domid", 0x7fef, &d->backend_domid);
    get_str(p, o, w, "backend_domname", &d->backend_domname);
    get_str(p, o, w, "pdev_path", &d->pdev_path);
    get_str(p, o, w, "vdev", &d->vdev);
    get_str(p, o, w, "backend", &backend);
    if ( backend && libxl_disk_backend_from_string(backend, &d->backend) )
        fail(p, "%s.backend: unknown backend \"%s\"", w, backend);
    get_str(p, o, w, "format", &format);
    if ( format && libxl_disk_format_from_string(format, &d->format) )
        fail(p, "%s.format: unknown format \"%s\"", w, format);
    get_str(p, o, w, "script", &d->script);
    get_bool(p, o, w, "removable", &d->removable);
    get_bool(p, o, w, "readwrite", &d->readwrite);
    get_bool(p, o, w, "is_cdrom", &d->is_cdrom);
    get_bool(p, o, w, "direct_io_safe", &d->direct_io_safe);
    get_defbool(p, o, w, "discard_enable", &d->discard_enable);
    get_defbool(p, o, w, "trusted", &d->trusted);
    if ( !p->failed && !d->vdev )
        fail(p, "%s.vdev: missing", w);
    free(backend);
    free(format);
}

static void parse_mac(struct jparse *p, const char *s, uint8_t mac[6])
{
    unsigned int b[6], i;
    char tail;

    if ( sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
                &b[4], &b[5], &tail) != 6 )
    {
        fail(p, "nics[].mac: \"%s\" is not a MAC address", s);
        return;
    }
    for ( i = 0; i < 6; i++ )
        mac[i] = b[i];
}

static void parse_nic(struct jparse *p, yajl_val o, struct libxl_device_nic *n)
{
    const char *w = "nics[]";
    char *mac = NULL;
    long long v;

    memset(n, 0, sizeof(*n));
    n->devid = -1;
    get_uint(p, o, w, "backend_domid", 0x7fef, &n->backend_domid);
    get_str(p, o, w, "backend_domname", &n->backend_domname);
    if ( get_int(p, o, w, "devid", -1, INT_MAX, &v) )
        n->devid = v;
    get_uint(p, o, w, "mtu", 65535, &n->mtu);
    get_str(p, o, w, "model", &n->model);
    get_str(p, o, w, "mac", &mac);
    if ( mac && !p->failed )
    {
        parse_mac(p, mac, n->mac);
        n->mac_set = true;
    }
    get_str(p, o, w, "ip", &n->ip);
    get_str(p, o, w, "bridge", &n->bridge);
    get_str(p, o, w, "ifname", &n->ifname);
    get_str(p, o, w, "script", &n->script);
    if ( get_int(p, o, w, "rate_bytes_per_interval", 0, INT64_MAX, &v) )
        n->rate_bytes_per_interval = v;
    get_uint(p, o, w, "rate_interval_usecs", UINT32_MAX,
             &n->rate_interval_usecs);
    get_str(p, o, w, "gatewaydev", &n->gatewaydev);
    get_defbool(p, o, w, "trusted", &n->trusted);
    free(mac);
}

static void parse_channel(struct jparse *p, yajl_val o,
                          struct libxl_device_channel *c)
{
    const char *w = "channels[]";
    yajl_val sock = member(o, "connection.socket");
    long long v;

    memset(c, 0, sizeof(*c));
    c->devid = -1;
    get_uint(p, o, w, "backend_domid", 0x7fef, &c->backend_domid);
    get_str(p, o, w, "backend_domname", &c->backend_domname);
    if ( get_int(p, o, w, "devid", -1, INT_MAX, &v) )
        c->devid = v;
    get_str(p, o, w, "name", &c->name);
    if ( sock )
    {
        c->connection = strdup("socket");
        get_str(p, sock, "channels[].connection.socket", "path", &c->path);
    }
    else if ( member(o, "connection.pty") )
        c->connection = strdup("pty");
    if ( (sock || member(o, "connection.pty")) && !c->connection )
        fail(p, "out of memory");
}

/* An array member: a calloc'd array of n elements, each parsed by fn. */
#define PARSE_ARRAY(p, obj, k, arr, n, fn)                                     \
    do                                                                         \
    {                                                                          \
        yajl_val a_ = member(obj, k);                                          \
        size_t i_;                                                             \
        if ( !a_ || (p)->failed )                                              \
            break;                                                             \
        if ( !YAJL_IS_ARRAY(a_) )                                              \
        {                                                                      \
            fail(p, "%s: expected an array", k);                               \
            break;                                                             \
        }                                                                      \
        if ( !a_->u.array.len )                                                \
            break;                                                             \
        (arr) = calloc(a_->u.array.len, sizeof(*(arr)));                       \
        if ( !(arr) )                                                          \
        {                                                                      \
            fail(p, "out of memory");                                          \
            break;                                                             \
        }                                                                      \
        for ( i_ = 0; i_ < a_->u.array.len && !(p)->failed; i_++ )             \
        {                                                                      \
            (n) = i_ + 1;                                                      \
            if ( !YAJL_IS_OBJECT(a_->u.array.values[i_]) )                     \
                fail(p, "%s[%zu]: expected an object", k, i_);                 \
            else                                                               \
                fn(p, a_->u.array.values[i_], &(arr)[i_]);                     \
        }                                                                      \
    } while ( 0 )

static void parse_action(struct jparse *p, yajl_val obj, const char *k,
                         enum libxl_action_on_shutdown *a)
{
    char *s = NULL;

    *a = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    get_str(p, obj, "config", k, &s);
    if ( s && libxl_action_on_shutdown_from_idl_name(s, a) )
        fail(p, "%s: unknown action \"%s\"", k, s);
    free(s);
}

int libxl_domain_config_parse_json(struct libxl_domain_config *c, yajl_val obj,
                                   char *err, size_t errlen)
{
    struct jparse p = { .err = err, .errlen = errlen };
    yajl_val v;

    libxl_domain_config_init(c);
    if ( !YAJL_IS_OBJECT(obj) )
        fail(&p, "expected a JSON object");
    if ( (v = member(obj, "c_info")) )
        parse_c_info(&p, v, &c->c_info);
    if ( (v = member(obj, "b_info")) && !p.failed )
        parse_b_info(&p, v, &c->b_info);
    PARSE_ARRAY(&p, obj, "disks", c->disks, c->num_disks, parse_disk);
    PARSE_ARRAY(&p, obj, "nics", c->nics, c->num_nics, parse_nic);
    PARSE_ARRAY(&p, obj, "channels", c->channels, c->num_channels,
                parse_channel);
    parse_action(&p, obj, "on_poweroff", &c->on_poweroff);
    parse_action(&p, obj, "on_reboot", &c->on_reboot);
    parse_action(&p, obj, "on_watchdog", &c->on_watchdog);
    parse_action(&p, obj, "on_crash", &c->on_crash);
    parse_action(&p, obj, "on_soft_reset", &c->on_soft_reset);
    if ( !p.failed && !c->c_info.name )
        fail(&p, "c_info.name: missing");
    if ( p.failed )
    {
        libxl_domain_config_dispose(c);
        return -1;
    }
    return 0;
}

/* Nesting depth outside strings; yajl's tree code recurses per level. */
static bool too_deep(const char *json)
{
    int depth = 0;
    bool in_str = false;

    for ( ; *json; json++ )
    {
        if ( in_str )
        {
            if ( *json == '\\' && json[1] )
                json++;
            else if ( *json == '"' )
                in_str = false;
        }
        else if ( *json == '"' )
            in_str = true;
        else if ( *json == '{' || *json == '[' )
        {
            if ( ++depth > JSON_MAX_DEPTH )
                return true;
        }
        else if ( *json == '}' || *json == ']' )
            depth--;
    }
    return false;
}

int libxl_domain_config_from_json(struct libxl_domain_config *c,
                                  const char *json, char *err, size_t errlen)
{
    char yerr[256] = "";
    yajl_val tree;
    int rc;

    libxl_domain_config_init(c);
    if ( too_deep(json) )
    {
        snprintf(err, errlen, "JSON nested more than %d levels deep",
                 JSON_MAX_DEPTH);
        return -1;
    }
    tree = yajl_tree_parse(json, yerr, sizeof(yerr));
    if ( !tree )
    {
        /* yajl's message spans lines; the first one says what is wrong. */
        yerr[strcspn(yerr, "\n")] = '\0';
        snprintf(err, errlen, "invalid JSON: %s", *yerr ? yerr : "?");
        return -1;
    }
    rc = libxl_domain_config_parse_json(c, tree, err, errlen);
    yajl_tree_free(tree);
    return rc;
}
