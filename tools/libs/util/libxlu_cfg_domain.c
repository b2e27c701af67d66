/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_cfg_domain.c: the xl.cfg keys of a PV domain, read from the
 * settings into a struct libxl_domain_config, with Xen's meaning and
 * defaults (xl.cfg(5); docs/man/xl.cfg.5.md says where this differs).
 * A value of the wrong type, out of range or malformed is an error that
 * names the file, the line and the key; a key this mapping does not read
 * is a warning, as in Xen. On error the config is disposed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "libxlu_internal.h"

#define MAX_MEMORY_MIB (1ULL << 30) /* 1 PiB */
#define MAX_EVENT_CHANNELS (1U << 17)

struct mapper {
    struct xlu_cfg *cfg;
    struct libxl_domain_config *c;
    struct xlu_error *err;
    xlu_warn_fn *warn;
    void *opaque;
    bool failed;
};

static void map_error(struct mapper *m, const struct xlu_setting *s, int line,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void map_error(struct mapper *m, const struct xlu_setting *s, int line,
                      const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    if ( m->failed )
        return;
    m->failed = true;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    xlu__error(m->err, s->source, line ? line : s->line, s->name, "%s", msg);
}

/* A problem with no setting to point at (a missing key). */
static void missing(struct mapper *m, const char *key, const char *msg)
{
    if ( m->failed )
        return;
    m->failed = true;
    xlu__error(m->err, m->cfg->file, 0, key, "%s", msg);
}

static void map_warn(struct mapper *m, const struct xlu_setting *s,
                     const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void map_warn(struct mapper *m, const struct xlu_setting *s,
                     const char *fmt, ...)
{
    char msg[300];
    va_list ap;

    if ( !m->warn )
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    m->warn(m->opaque, s->source, s->line, msg);
}

/* The setting of a single-value key, or NULL when absent or wrong. */
static const struct xlu_setting *get_atom(struct mapper *m, const char *name)
{
    const struct xlu_setting *s = xlu__cfg_find(m->cfg, name);

    if ( !s || m->failed )
        return NULL;
    if ( s->value->kind != XLU_ATOM )
    {
        map_error(m, s, 0, "expected a single value, not a [list]");
        return NULL;
    }
    return s;
}

static const char *get_string(struct mapper *m, const char *name)
{
    const struct xlu_setting *s = get_atom(m, name);

    return s ? s->value->atom : NULL;
}

/* A number (decimal, 0octal or 0xhex) in [min, max]; false if absent. */
static bool get_number(struct mapper *m, const char *name,
                       unsigned long long min, unsigned long long max,
                       unsigned long long *out)
{
    const struct xlu_setting *s = get_atom(m, name);

    if ( !s )
        return false;
    if ( s->appended )
        map_error(m, s, 0, "`+=' cannot be used with a number");
    else if ( !xlu__parse_ulong(s->value->atom, 0, ~0ULL, out) )
        map_error(m, s, 0, "`%.60s' is not a number", s->value->atom);
    else if ( *out < min || *out > max )
        map_error(m, s, 0, "%llu is out of range (%llu-%llu)", *out, min, max);
    return !m->failed;
}

/* The setting of a list key whose entries are all strings. */
static const struct xlu_setting *get_string_list(struct mapper *m,
                                                 const char *name)
{
    const struct xlu_setting *s = xlu__cfg_find(m->cfg, name);
    unsigned int i;

    if ( !s || m->failed )
        return NULL;
    if ( s->value->kind != XLU_LIST )
    {
        map_error(m, s, 0, "expected a [list] of strings");
        return NULL;
    }
    for ( i = 0; i < s->value->nitems; i++ )
        if ( s->value->items[i]->kind != XLU_ATOM )
        {
            map_error(m, s, s->value->items[i]->line,
                      "entry %u is a list, expected a string", i + 1);
            return NULL;
        }
    return s;
}

static void set_string(struct mapper *m, char **dst, const char *v)
{
    if ( !v || m->failed )
        return;
    free(*dst);
    *dst = strdup(v);
    if ( !*dst )
        missing(m, "", "out of memory");
}

static void map_identity(struct mapper *m)
{
    struct libxl_domain_create_info *ci = &m->c->c_info;
    const struct xlu_setting *s;
    const char *name = get_string(m, "name");

    if ( !name && !m->failed )
        missing(m, "name", "missing: every domain needs name=");
    if ( name && !*name )
        map_error(m, xlu__cfg_find(m->cfg, "name"), 0, "empty domain name");
    else if ( name && !xlu__domain_name_ok(name) )
        map_error(m, xlu__cfg_find(m->cfg, "name"), 0,
                  "a domain name may not hold `/' or control characters");
    set_string(m, &ci->name, name);

    if ( (s = get_atom(m, "uuid")) )
    {
        if ( uuid_parse(s->value->atom, ci->uuid) )
            map_error(m, s, 0, "`%.60s' is not a UUID", s->value->atom);
        ci->uuid_set = true;
    }
    if ( (s = get_atom(m, "seclabel")) && *s->value->atom )
    {
        /* As Xen's xl with XSM off: kept, warned about, not enforced. */
        set_string(m, &ci->ssidref_label, s->value->atom);
        map_warn(m, s,
                 "seclabel: XSM disabled: seclabel not supported "
                 "(kept in the config, not enforced)");
    }
}

static void map_type(struct mapper *m)
{
    const struct xlu_setting *type = get_atom(m, "type");
    const struct xlu_setting *builder = get_atom(m, "builder");

    if ( type && strcmp(type->value->atom, "pv") )
        map_error(m, type, 0, "type \"%.40s\" is not supported here (only pv)",
                  type->value->atom);
    if ( builder && !type )
    {
        /* Xen's deprecated spelling: "generic" is pv. */
        if ( strcmp(builder->value->atom, "generic") )
            map_error(m, builder, 0,
                      "builder \"%.40s\" is not supported here (only generic)",
                      builder->value->atom);
        else
            map_warn(m, builder, "builder: deprecated, use type=\"pv\"");
    }
}

static void map_boot(struct mapper *m)
{
    struct libxl_domain_build_info *b = &m->c->b_info;
    const struct xlu_setting *cmdline;
    const char *root, *extra;

    set_string(m, &b->kernel, get_string(m, "kernel"));
    if ( !b->kernel && !m->failed )
        missing(m, "kernel", "missing: a PV domain needs kernel=");
    else if ( b->kernel && !*b->kernel )
        map_error(m, xlu__cfg_find(m->cfg, "kernel"), 0, "empty kernel path");
    /* An empty ramdisk= is none, as an empty seclabel= is no label. */
    if ( get_string(m, "ramdisk") && *get_string(m, "ramdisk") )
        set_string(m, &b->ramdisk, get_string(m, "ramdisk"));
    cmdline = get_atom(m, "cmdline");
    root = get_string(m, "root");
    extra = get_string(m, "extra");
    if ( m->failed )
        return;
    if ( cmdline )
    {
        set_string(m, &b->cmdline, cmdline->value->atom);
        if ( root || extra )
            map_warn(m, cmdline,
                     "ignoring root= and extra= in favour of "
                     "cmdline=");
        return;
    }
    set_string(m, &b->root, root);
    set_string(m, &b->extra, extra);
    if ( root || extra )
    {
        b->cmdline = xlu__join_root_extra(root, extra);
        if ( !b->cmdline )
            missing(m, "cmdline", "out of memory");
    }
}

static void map_memory(struct mapper *m)
{
    struct libxl_domain_build_info *b = &m->c->b_info;
    unsigned long long memory = 0, maxmem = 0;
    bool have_mem = get_number(m, "memory", 1, MAX_MEMORY_MIB, &memory);
    bool have_max = get_number(m, "maxmem", 1, MAX_MEMORY_MIB, &maxmem);

    if ( m->failed )
        return;
    /* Either defaults to the other; neither: libxl's 32 MiB (init). */
    if ( have_mem && !have_max )
        maxmem = memory;
    if ( have_max && !have_mem )
        memory = maxmem;
    if ( !have_mem && !have_max )
        return;
    if ( maxmem < memory )
    {
        map_error(m, xlu__cfg_find(m->cfg, "maxmem"), 0,
                  "maxmem (%llu MiB) is less than memory (%llu MiB)", maxmem,
                  memory);
        return;
    }
    b->target_memkb = memory * 1024;
    b->max_memkb = maxmem * 1024;
}

static void map_vcpus(struct mapper *m)
{
    struct libxl_domain_build_info *b = &m->c->b_info;
    unsigned long long vcpus = 1, maxvcpus;

    get_number(m, "vcpus", 1, XLU_MAX_VCPUS, &vcpus);
    maxvcpus = vcpus;
    if ( get_number(m, "maxvcpus", 1, XLU_MAX_VCPUS, &maxvcpus) &&
         maxvcpus < vcpus )
        map_error(m, xlu__cfg_find(m->cfg, "maxvcpus"), 0,
                  "maxvcpus (%llu) is less than vcpus (%llu)", maxvcpus, vcpus);
    b->avail_vcpus = vcpus;
    b->max_vcpus = maxvcpus;
}

/* cpus= / cpus_soft=: a string for every vCPU, or a list, one per vCPU. */
static void map_affinity(struct mapper *m, const char *key, bool hard)
{
    struct libxl_domain_build_info *b = &m->c->b_info;
    const struct xlu_setting *s = xlu__cfg_find(m->cfg, key);
    struct libxl_bitmap **maps =
        hard ? &b->vcpu_hard_affinity : &b->vcpu_soft_affinity;
    unsigned int *nmaps =
        hard ? &b->num_vcpu_hard_affinity : &b->num_vcpu_soft_affinity;
    unsigned int i, n;
    char reason[160];
    struct libxl_bitmap one;

    if ( !s || m->failed )
        return;
    if ( s->value->kind == XLU_ATOM )
    {
        if ( xlu_cpumap_parse(s->value->atom, &one, reason, sizeof(reason)) )
        {
            map_error(m, s, 0, "%s", reason);
            return;
        }
        set_string(m, hard ? &b->cpus_text : &b->cpus_soft_text,
                   s->value->atom);
        if ( hard )
        {
            b->cpumap = one;
            return;
        }
        n = b->max_vcpus;
    }
    else if ( !(s = get_string_list(m, key)) )
        return;
    else
    {
        n = s->value->nitems;
        if ( n > b->max_vcpus )
        {
            map_warn(m, s, "%s: entries beyond maxvcpus (%u) ignored", key,
                     b->max_vcpus);
            n = b->max_vcpus;
        }
    }
    if ( !n )
        return;
    *maps = calloc(n, sizeof(**maps));
    if ( !*maps )
    {
        missing(m, key, "out of memory");
        return;
    }
    *nmaps = n;
    for ( i = 0; i < n && !m->failed; i++ )
    {
        if ( s->value->kind == XLU_ATOM )
            (*maps)[i] = one;
        else if ( xlu_cpumap_parse(s->value->items[i]->atom, &(*maps)[i],
                                   reason, sizeof(reason)) )
            map_error(m, s, s->value->items[i]->line, "entry %u: %s", i + 1,
                      reason);
    }
}

static void map_scheduling(struct mapper *m)
{
    struct libxl_domain_build_info *b = &m->c->b_info;
    unsigned long long v;

    /* Credit scheduler: weight 1-65535 (Xen's default 256), cap in %. */
    if ( get_number(m, "cpu_weight", 1, 65535, &v) )
        b->sched_weight = v;
    if ( get_number(m, "cap", 0, 65535, &v) )
        b->sched_cap = v;
    if ( get_number(m, "max_event_channels", 1, MAX_EVENT_CHANNELS, &v) )
        b->max_event_channels = v;
}

static void map_action(struct mapper *m, const char *key,
                       enum libxl_action_on_shutdown *a)
{
    const struct xlu_setting *s = get_atom(m, key);

    if ( s && libxl_action_on_shutdown_from_string(s->value->atom, a) )
        map_error(m, s, 0,
                  "unknown action `%.40s' (destroy, restart, rename-restart, "
                  "preserve, coredump-destroy, coredump-restart, soft-reset)",
                  s->value->atom);
}

/* Parses each entry of a device list key into an array of elements. */
typedef int parse_entry_fn(const char *spec, int index, void *elem, char *err,
                           size_t errlen);

static int disk_entry(const char *spec, int index, void *elem, char *err,
                      size_t errlen)
{
    (void)index;
    return xlu_disk_parse(spec, elem, err, errlen);
}

static int vif_entry(const char *spec, int index, void *elem, char *err,
                     size_t errlen)
{
    return xlu_vif_parse(spec, index, elem, err, errlen);
}

static int channel_entry(const char *spec, int index, void *elem, char *err,
                         size_t errlen)
{
    return xlu__channel_parse(spec, index, elem, err, errlen);
}

static void *map_devices(struct mapper *m, const char *key, size_t elem_size,
                         unsigned int *count, parse_entry_fn *parse)
{
    const struct xlu_setting *s = get_string_list(m, key);
    char reason[256];
    unsigned int i;
    char *array;

    if ( !s || !s->value->nitems )
        return NULL;
    array = calloc(s->value->nitems, elem_size);
    if ( !array )
    {
        missing(m, key, "out of memory");
        return NULL;
    }
    for ( i = 0; i < s->value->nitems && !m->failed; i++ )
    {
        if ( parse(s->value->items[i]->atom, i, array + i * elem_size, reason,
                   sizeof(reason)) )
            map_error(m, s, s->value->items[i]->line, "entry %u: %s", i + 1,
                      reason);
        else
            *count = i + 1;
    }
    return array;
}

/* Two disks with one vdev, or two vifs with one devid, cannot both plug. */
static void check_duplicates(struct mapper *m)
{
    struct libxl_domain_config *c = m->c;
    unsigned int i, j;

    for ( i = 0; i < c->num_disks && !m->failed; i++ )
        for ( j = 0; j < i && !m->failed; j++ )
            if ( !strcmp(c->disks[i].vdev, c->disks[j].vdev) )
                map_error(m, xlu__cfg_find(m->cfg, "disk"),
                          xlu__cfg_find(m->cfg, "disk")->value->items[i]->line,
                          "entry %u: vdev %s is already used by entry %u",
                          i + 1, c->disks[i].vdev, j + 1);
    for ( i = 0; i < c->num_nics && !m->failed; i++ )
        for ( j = 0; j < i && !m->failed; j++ )
            if ( c->nics[i].devid == c->nics[j].devid )
                map_error(m, xlu__cfg_find(m->cfg, "vif"),
                          xlu__cfg_find(m->cfg, "vif")->value->items[i]->line,
                          "entry %u: devid %d is already used by entry %u",
                          i + 1, c->nics[i].devid, j + 1);
    for ( i = 0; i < c->num_channels && !m->failed; i++ )
        for ( j = 0; j < i && !m->failed; j++ )
            if ( !strcmp(c->channels[i].name, c->channels[j].name) )
                map_error(
                    m, xlu__cfg_find(m->cfg, "channel"),
                    xlu__cfg_find(m->cfg, "channel")->value->items[i]->line,
                    "entry %u: channel name %s is already used by entry "
                    "%u",
                    i + 1, c->channels[i].name, j + 1);
}

static void map_all_devices(struct mapper *m)
{
    struct libxl_domain_config *c = m->c;

    c->disks =
        map_devices(m, "disk", sizeof(*c->disks), &c->num_disks, disk_entry);
    c->nics = map_devices(m, "vif", sizeof(*c->nics), &c->num_nics, vif_entry);
    c->channels = map_devices(m, "channel", sizeof(*c->channels),
                              &c->num_channels, channel_entry);
    check_duplicates(m);
}

/* Xen keys that mean nothing for a PV domain on this hypervisor. */
static const char *const ignored_keys[] = {
    "bootloader",
    "bootloader_args",
    "pool",
    "vnuma",
    "vfb",
    "vkb",
    "vtpm",
    "p9",
    "pvcalls",
    "usbctrl",
    "usbdev",
    "pci",
    "dtdev",
    "ioports",
    "iomem",
    "irqs",
    "vdispl",
    "vsnd",
    "virtio",
    "vuart",
    "nomigrate",
    "driver_domain",
    "max_grant_frames",
    "max_maptrack_frames",
    "max_grant_version",
    "vpmu",
    "e820_host",
    "localtime",
    "tsc_mode",
    "init_seclabel",
    "cpuid",
    "claim_mode",
    "device_model_version",
    "device_model_override",
};

static void warn_unused(struct mapper *m)
{
    const struct xlu_setting *s, *t;
    unsigned int i;
    bool known;

    for ( s = m->cfg->first; s; s = s->next )
    {
        if ( s->used )
            continue;
        /* One warning per key, at its first line. */
        for ( t = m->cfg->first; t != s && strcmp(t->name, s->name);
              t = t->next )
            ;
        if ( t != s )
            continue;
        known = false;
        for ( i = 0; i < sizeof(ignored_keys) / sizeof(ignored_keys[0]); i++ )
            known = known || !strcmp(s->name, ignored_keys[i]);
        if ( known )
            map_warn(m, s, "%s: does not apply to a PV domain here; ignored",
                     s->name);
        else
            map_warn(m, s, "%s: unknown key; ignored", s->name);
    }
}

static int map_domain(struct xlu_cfg *cfg, struct libxl_domain_config *c,
                      struct xlu_error *err, xlu_warn_fn *warn, void *opaque)
{
    struct mapper m = {
        .cfg = cfg, .c = c, .err = err, .warn = warn, .opaque = opaque
    };

    map_identity(&m);
    map_type(&m);
    map_boot(&m);
    map_memory(&m);
    map_vcpus(&m);
    map_affinity(&m, "cpus", true);
    if ( !m.failed && xlu__hard_affinity_canonical(&c->b_info) )
        missing(&m, "cpus", "out of memory");
    map_affinity(&m, "cpus_soft", false);
    map_scheduling(&m);
    map_action(&m, "on_poweroff", &c->on_poweroff);
    map_action(&m, "on_reboot", &c->on_reboot);
    map_action(&m, "on_watchdog", &c->on_watchdog);
    map_action(&m, "on_crash", &c->on_crash);
    map_action(&m, "on_soft_reset", &c->on_soft_reset);
    if ( !m.failed )
        map_all_devices(&m);
    if ( !m.failed )
        warn_unused(&m);
    return m.failed ? -1 : 0;
}

static int parse_domain_text(const char *name, const char *text, size_t len,
                             const char *const *overrides,
                             unsigned int nr_overrides,
                             struct libxl_domain_config *c,
                             struct xlu_error *err, xlu_warn_fn *warn,
                             void *opaque)
{
    struct xlu_cfg *cfg = xlu__cfg_new(name);
    unsigned int i;
    int rc = -1;

    libxl_domain_config_init(c);
    if ( !cfg )
    {
        xlu__error(err, name, 0, NULL, "out of memory");
        return -1;
    }
    if ( xlu__cfg_read(cfg, cfg->file, text, len, 1, err) )
        goto out;
    /* Each override is read as if it were line N of the command line. */
    for ( i = 0; i < nr_overrides; i++ )
        if ( xlu__cfg_read(cfg, XLU_COMMAND_LINE, overrides[i],
                           strlen(overrides[i]), i + 1, err) )
            goto out;
    rc = map_domain(cfg, c, err, warn, opaque);

out:
    if ( rc )
        libxl_domain_config_dispose(c);
    xlu__cfg_free(cfg);
    return rc;
}

int xlu_cfg_parse_domain_string(const char *name, const char *text,
                                const char *const *overrides,
                                unsigned int nr_overrides,
                                struct libxl_domain_config *c,
                                struct xlu_error *err, xlu_warn_fn *warn,
                                void *opaque)
{
    if ( err )
        memset(err, 0, sizeof(*err));
    return parse_domain_text(name, text ? text : "", text ? strlen(text) : 0,
                             overrides, nr_overrides, c, err, warn, opaque);
}

int xlu_cfg_parse_domain_file(const char *path, const char *const *overrides,
                              unsigned int nr_overrides,
                              struct libxl_domain_config *c,
                              struct xlu_error *err, xlu_warn_fn *warn,
                              void *opaque)
{
    char *text;
    size_t len;
    int rc;

    if ( err )
        memset(err, 0, sizeof(*err));
    libxl_domain_config_init(c);
    if ( xlu__read_file(path, &text, &len, err) )
        return -1;
    rc = parse_domain_text(path, text, len, overrides, nr_overrides, c, err,
                           warn, opaque);
    free(text);
    return rc;
}
