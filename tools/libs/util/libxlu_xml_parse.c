/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml_parse.c: libvirt-style domain XML, once valid against the
 * schema, into the domain description, converting as libvirt's xen-xl
 * converter does: <memory> is maxmem and <currentMemory> memory (KiB,
 * rounded up to whole MiB as libvirt's libxl driver rounds them),
 * <vcpu> is maxvcpus and its current= vcpus, cpuset= is cpus=,
 * <cputune><shares> is cpu_weight. Devices are turned into the xl.cfg
 * specification strings and read by the same parsers as xl.cfg, so the
 * two formats cannot disagree on what a disk or a vif may be. Errors
 * name the file, the line and the element.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <uuid/uuid.h>

#include "libxlu_xml.h"

#define MAX_MEMORY_KIB (1ULL << 40) /* 1 PiB, as for xl.cfg */
#define MAX_EVENT_CHANNELS (1U << 17)

struct reader {
    const char *file;
    struct libxl_domain_config *c;
    struct xlu_error *err;
    bool failed;
};

static void xml_error(struct reader *r, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void xml_error(struct reader *r, xmlNodePtr node, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    if ( r->failed )
        return;
    r->failed = true;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    xlu__error(r->err, r->file, node ? (int)xmlGetLineNo(node) : 0,
               node ? (const char *)node->name : NULL, "%s", msg);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n;

    for ( n = parent ? parent->children : NULL; n; n = n->next )
        if ( n->type == XML_ELEMENT_NODE &&
             !strcmp((const char *)n->name, name) )
            return n;
    return NULL;
}

/* A malloc'd copy of an attribute, or NULL. */
static char *attr(xmlNodePtr node, const char *name)
{
    xmlChar *v = node ? xmlGetProp(node, (const xmlChar *)name) : NULL;
    char *s = v ? strdup((const char *)v) : NULL;

    xmlFree(v);
    return s;
}

/* An element's text as written (malloc'd), or NULL: names, paths and
 * command lines keep their blanks, as libvirt keeps them. */
static char *raw_text(xmlNodePtr node)
{
    xmlChar *v = node ? xmlNodeGetContent(node) : NULL;
    char *s = v ? strdup((const char *)v) : NULL;

    xmlFree(v);
    return s;
}

/* An element's text without surrounding blanks (malloc'd), or NULL: for
 * numbers, UUIDs and keywords, whose schema types allow the blanks. */
static char *text(xmlNodePtr node)
{
    xmlChar *v = node ? xmlNodeGetContent(node) : NULL;
    char *s, *start, *end;

    if ( !v )
        return NULL;
    for ( start = (char *)v;
          *start == ' ' || *start == '\t' || *start == '\n' || *start == '\r';
          start++ )
        ;
    end = start + strlen(start);
    while ( end > start && (end[-1] == ' ' || end[-1] == '\t' ||
                            end[-1] == '\n' || end[-1] == '\r') )
        end--;
    s = strndup(start, end - start);
    xmlFree(v);
    return s;
}

/* An element's text as a number in [min, max]; false if absent. */
static bool number(struct reader *r, xmlNodePtr node, unsigned long long min,
                   unsigned long long max, unsigned long long *out)
{
    char *s = text(node);
    bool ok = s && xlu__parse_ulong(s, 10, max, out) && *out >= min;

    if ( node && !ok )
        xml_error(r, node, "`%.40s' is not a number in %llu-%llu", s ? s : "",
                  min, max);
    free(s);
    return node && ok;
}

static bool attr_number(struct reader *r, xmlNodePtr node, const char *name,
                        unsigned long long min, unsigned long long max,
                        unsigned long long *out)
{
    char *s = attr(node, name);
    bool ok = s && xlu__parse_ulong(s, 10, max, out) && *out >= min;

    if ( s && !ok )
        xml_error(r, node, "%s=`%.40s' is not a number in %llu-%llu", name, s,
                  min, max);
    free(s);
    return s && ok;
}

unsigned long long xlu__xml_unit_bytes(const char *unit)
{
    static const struct {
        const char *name;
        unsigned long long bytes;
    } units[] = {
        { "b", 1ULL },
        { "bytes", 1ULL },
        { "KB", 1000ULL },
        { "k", 1ULL << 10 },
        { "KiB", 1ULL << 10 },
        { "MB", 1000000ULL },
        { "M", 1ULL << 20 },
        { "MiB", 1ULL << 20 },
        { "GB", 1000000000ULL },
        { "G", 1ULL << 30 },
        { "GiB", 1ULL << 30 },
        { "TB", 1000000000000ULL },
        { "T", 1ULL << 40 },
        { "TiB", 1ULL << 40 },
        { "PB", 1000000000000000ULL },
        { "P", 1ULL << 50 },
        { "PiB", 1ULL << 50 },
        { "EB", 1000000000000000000ULL },
        { "E", 1ULL << 60 },
        { "EiB", 1ULL << 60 },
    };
    unsigned int i;

    if ( !unit )
        return 1024; /* libvirt's default, KiB */
    for ( i = 0; i < sizeof(units) / sizeof(units[0]); i++ )
        if ( !strcmp(unit, units[i].name) )
            return units[i].bytes;
    return 0;
}

/* <memory unit='...'>N</memory> in KiB, rounded up to whole MiB. */
static bool memory_kib(struct reader *r, xmlNodePtr node, uint64_t *kib)
{
    char *unit = attr(node, "unit");
    unsigned long long per = xlu__xml_unit_bytes(unit), n, mib;

    free(unit);
    if ( !number(r, node, 1, ~0ULL, &n) )
        return false;
    if ( !per || n > (MAX_MEMORY_KIB << 10) / per )
    {
        xml_error(r, node, "more memory than the %llu TiB supported",
                  MAX_MEMORY_KIB >> 30);
        return false;
    }
    mib = (n * per + (1ULL << 20) - 1) >> 20;
    *kib = mib << 10;
    return true;
}

static void read_identity(struct reader *r, xmlNodePtr dom)
{
    struct libxl_domain_create_info *ci = &r->c->c_info;
    xmlNodePtr uuid = child(dom, "uuid"), label;
    char *s;

    ci->name = raw_text(child(dom, "name"));
    if ( !ci->name || !*ci->name )
        xml_error(r, child(dom, "name"), "empty domain name");
    else if ( !xlu__domain_name_ok(ci->name) )
        xml_error(r, child(dom, "name"),
                  "a domain name may not hold `/' or control characters");
    if ( uuid )
    {
        s = text(uuid);
        if ( !s || uuid_parse(s, ci->uuid) )
            xml_error(r, uuid, "`%.40s' is not a UUID", s ? s : "");
        ci->uuid_set = true;
        free(s);
    }
    label = child(child(dom, "seclabel"), "label");
    if ( label )
        ci->ssidref_label = raw_text(label);
}

static void read_memory(struct reader *r, xmlNodePtr dom)
{
    struct libxl_domain_build_info *b = &r->c->b_info;
    xmlNodePtr current = child(dom, "currentMemory");

    if ( !memory_kib(r, child(dom, "memory"), &b->max_memkb) )
        return;
    b->target_memkb = b->max_memkb;
    if ( current && memory_kib(r, current, &b->target_memkb) &&
         b->target_memkb > b->max_memkb )
        xml_error(r, current, "currentMemory is larger than memory");
}

static void read_vcpus(struct reader *r, xmlNodePtr dom)
{
    struct libxl_domain_build_info *b = &r->c->b_info;
    xmlNodePtr vcpu = child(dom, "vcpu");
    unsigned long long max = 1, current;
    char *cpuset, reason[160];

    if ( vcpu && !number(r, vcpu, 1, XLU_MAX_VCPUS, &max) )
        return;
    current = max;
    if ( attr_number(r, vcpu, "current", 1, XLU_MAX_VCPUS, &current) &&
         current > max )
        xml_error(r, vcpu, "current=%llu is more than the %llu vCPUs", current,
                  max);
    b->max_vcpus = max;
    b->avail_vcpus = current;
    cpuset = attr(vcpu, "cpuset");
    if ( cpuset && !r->failed )
    {
        if ( xlu_cpumap_parse(cpuset, &b->cpumap, reason, sizeof(reason)) )
            xml_error(r, vcpu, "cpuset: %s", reason);
        b->cpus_text = cpuset;
        cpuset = NULL;
    }
    free(cpuset);
}

static void read_vcpupin(struct reader *r, xmlNodePtr pin)
{
    struct libxl_domain_build_info *b = &r->c->b_info;
    struct libxl_bitmap *maps;
    unsigned long long vcpu;
    unsigned int i;
    char *cpuset = attr(pin, "cpuset"), reason[160];

    if ( !attr_number(r, pin, "vcpu", 0, XLU_MAX_VCPUS, &vcpu) )
        goto out;
    if ( vcpu >= b->max_vcpus )
    {
        xml_error(r, pin, "vcpu=%llu: the domain has %u vCPUs", vcpu,
                  b->max_vcpus);
        goto out;
    }
    if ( vcpu >= b->num_vcpu_hard_affinity )
    {
        /* Grow to vcpu + 1 entries; vCPUs without a pin get cpuset=. */
        maps = realloc(b->vcpu_hard_affinity, (vcpu + 1) * sizeof(*maps));
        if ( !maps )
        {
            xml_error(r, pin, "out of memory");
            goto out;
        }
        for ( i = b->num_vcpu_hard_affinity; i <= vcpu; i++ )
            maps[i] = b->cpumap;
        b->vcpu_hard_affinity = maps;
        b->num_vcpu_hard_affinity = vcpu + 1;
    }
    if ( xlu_cpumap_parse(cpuset, &b->vcpu_hard_affinity[vcpu], reason,
                          sizeof(reason)) )
        xml_error(r, pin, "cpuset: %s", reason);

out:
    free(cpuset);
}

/* shares is the credit weight; global_quota/global_period the cap in %. */
static void read_cputune(struct reader *r, xmlNodePtr dom)
{
    struct libxl_domain_build_info *b = &r->c->b_info;
    xmlNodePtr tune = child(dom, "cputune"), n;
    xmlNodePtr quota_node = child(tune, "global_quota");
    unsigned long long v, period = 100000;
    char *quota;

    if ( !tune )
        return;
    if ( number(r, child(tune, "shares"), 1, 65535, &v) )
        b->sched_weight = v;
    if ( child(tune, "global_period") &&
         !number(r, child(tune, "global_period"), 1000, 1000000, &period) )
        return;
    quota = text(quota_node);
    if ( quota && strcmp(quota, "-1") )
    {
        if ( !xlu__parse_ulong(quota, 10, 65535ULL * period / 100, &v) ||
             v < 1000 )
            xml_error(r, quota_node,
                      "`%.40s' is not -1 (no cap) or a quota of 1000 to "
                      "655.35 periods",
                      quota);
        else
            b->sched_cap = (v * 100 + period - 1) / period;
    }
    free(quota);
    for ( n = tune->children; n && !r->failed; n = n->next )
        if ( n->type == XML_ELEMENT_NODE &&
             !strcmp((const char *)n->name, "vcpupin") )
            read_vcpupin(r, n);
    /* As libvirt: a vCPU without a <vcpupin> runs where cpuset= says. */
    if ( !r->failed && xlu__hard_affinity_canonical(b) )
        xml_error(r, tune, "out of memory");
}

static void read_os(struct reader *r, xmlNodePtr dom)
{
    struct libxl_domain_build_info *b = &r->c->b_info;
    xmlNodePtr os = child(dom, "os");

    b->kernel = raw_text(child(os, "kernel"));
    b->ramdisk = raw_text(child(os, "initrd"));
    b->cmdline = raw_text(child(os, "cmdline"));
}

static void read_action(struct reader *r, xmlNodePtr dom, const char *name,
                        enum libxl_action_on_shutdown *a)
{
    xmlNodePtr node = child(dom, name);
    char *s = text(node);

    if ( s && libxl_action_on_shutdown_from_string(s, a) )
        xml_error(r, node, "unknown action `%.40s'", s);
    free(s);
}

/* A value that goes into a comma-separated specification. */
static bool spec_safe(struct reader *r, xmlNodePtr node, const char *what,
                      const char *v)
{
    if ( v && strchr(v, ',') )
    {
        xml_error(r, node, "%s `%.60s' may not contain `,'", what, v);
        return false;
    }
    return true;
}

/* Appends ", key=value" (or ",flag" when value is "") to the spec. */
static void spec_add(FILE *f, const char *key, const char *value)
{
    if ( !value )
        return;
    fprintf(f, "%s%s%s%s", ftell(f) ? "," : "", key, *value ? "=" : "", value);
}

/* Closes the stream; *buf is only valid once fclose has written it. */
static char *end_spec(FILE *f, char **buf)
{
    if ( fclose(f) )
    {
        free(*buf);
        *buf = NULL;
    }
    return *buf;
}

static char *disk_spec(struct reader *r, xmlNodePtr disk)
{
    xmlNodePtr driver = child(disk, "driver"), source = child(disk, "source");
    char *type = attr(disk, "type"), *device = attr(disk, "device");
    char *dname = attr(driver, "name"), *dtype = attr(driver, "type");
    char *discard = attr(driver, "discard"), *file = attr(source, "file");
    char *dev = attr(source, "dev"), *vdev = attr(child(disk, "target"), "dev");
    char *backend = attr(child(disk, "backenddomain"), "name"), *buf = NULL;
    size_t len;
    FILE *f;

    if ( (file && strcmp(type, "file")) || (dev && strcmp(type, "block")) )
        xml_error(r, source, "a type='%s' disk takes <source %s=...>", type,
                  strcmp(type, "file") ? "dev" : "file");
    else if ( spec_safe(r, disk, "backenddomain name", backend) &&
              (f = open_memstream(&buf, &len)) )
    {
        spec_add(f, "vdev", vdev);
        spec_add(f, "access", child(disk, "readonly") ? "ro" : "rw");
        spec_add(f, "format", dtype);
        if ( device && !strcmp(device, "cdrom") )
            spec_add(f, "devtype", "cdrom");
        spec_add(f, "backendtype",
                 !dname                   ? NULL
                 : !strcmp(dname, "qemu") ? "qdisk"
                                          : dname);
        spec_add(f, "backend", backend);
        if ( discard )
            spec_add(f, strcmp(discard, "unmap") ? "no-discard" : "discard",
                     "");
        spec_add(f, "target", file ? file : dev);
        end_spec(f, &buf);
    }
    free(type);
    free(device);
    free(dname);
    free(dtype);
    free(discard);
    free(file);
    free(dev);
    free(vdev);
    free(backend);
    return buf;
}

/* <ip address='a' prefix='n'/>... as ip=, "a/n b" */
static char *ip_list(xmlNodePtr iface)
{
    char *out = NULL, *addr, *prefix;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    xmlNodePtr n;

    if ( !f )
        return NULL;
    for ( n = iface->children; n; n = n->next )
    {
        if ( n->type != XML_ELEMENT_NODE ||
             strcmp((const char *)n->name, "ip") )
            continue;
        addr = attr(n, "address");
        prefix = attr(n, "prefix");
        fprintf(f, "%s%s%s%s", ftell(f) ? " " : "", addr, prefix ? "/" : "",
                prefix ? prefix : "");
        free(addr);
        free(prefix);
    }
    if ( fclose(f) || !len )
    {
        free(out);
        return NULL;
    }
    return out;
}

static char *vif_spec(struct reader *r, xmlNodePtr iface)
{
    char *type = attr(iface, "type"),
         *mac = attr(child(iface, "mac"), "address");
    char *bridge = attr(child(iface, "source"), "bridge"), *ip = ip_list(iface);
    char *script = attr(child(iface, "script"), "path");
    char *vifname = attr(child(iface, "target"), "dev");
    char *model = attr(child(iface, "model"), "type");
    char *mtu = attr(child(iface, "mtu"), "size");
    char *backend = attr(child(iface, "backenddomain"), "name");
    char *average =
        attr(child(child(iface, "bandwidth"), "outbound"), "average");
    char *buf = NULL, rate[40];
    size_t len;
    FILE *f;

    if ( !strcmp(type, "bridge") && !bridge )
        xml_error(r, iface,
                  "a type='bridge' interface needs <source bridge=...>");
    else if ( !strcmp(type, "ethernet") && bridge )
        xml_error(r, iface, "a type='ethernet' interface has no bridge");
    else if ( spec_safe(r, iface, "script", script) &&
              spec_safe(r, iface, "model", model) &&
              spec_safe(r, iface, "backenddomain name", backend) &&
              (f = open_memstream(&buf, &len)) )
    {
        spec_add(f, "mac", mac);
        spec_add(f, "bridge", bridge);
        spec_add(f, "ip", ip);
        spec_add(f, "script", script);
        spec_add(f, "vifname", vifname);
        spec_add(f, "model", model);
        spec_add(f, "mtu", mtu);
        spec_add(f, "backend", backend);
        /* libvirt's average is in KB/s; xl's K is 1000, as libvirt writes. */
        snprintf(rate, sizeof(rate), "%sKB/s", average ? average : "");
        spec_add(f, "rate", average ? rate : NULL);
        end_spec(f, &buf);
    }
    free(type);
    free(mac);
    free(bridge);
    free(ip);
    free(script);
    free(vifname);
    free(model);
    free(mtu);
    free(backend);
    free(average);
    return buf;
}

static char *channel_spec(struct reader *r, xmlNodePtr ch)
{
    char *type = attr(ch, "type"), *name = attr(child(ch, "target"), "name");
    char *path = attr(child(ch, "source"), "path"), *buf = NULL;
    size_t len;
    FILE *f;

    if ( spec_safe(r, ch, "path", path) && (f = open_memstream(&buf, &len)) )
    {
        spec_add(f, "name", name);
        spec_add(f, "connection", strcmp(type, "unix") ? "pty" : "socket");
        spec_add(f, "path", path);
        end_spec(f, &buf);
    }
    free(type);
    free(name);
    free(path);
    return buf;
}

/* Adds one element to a device array through the xl.cfg parser. */
static void *add_device(struct reader *r, xmlNodePtr node, char *spec,
                        void *array, unsigned int *count, size_t size,
                        int (*parse)(const char *, int, void *, char *, size_t))
{
    char reason[256];
    char *grown;

    if ( r->failed || !spec )
    {
        if ( !spec )
            xml_error(r, node, "out of memory");
        free(spec);
        return array;
    }
    grown = realloc(array, (*count + 1) * size);
    if ( !grown )
        xml_error(r, node, "out of memory");
    else if ( parse(spec, *count, grown + *count * size, reason,
                    sizeof(reason)) )
        xml_error(r, node, "%s", reason);
    else
        (*count)++;
    free(spec);
    return grown ? grown : array;
}

static int parse_disk(const char *spec, int index, void *d, char *err,
                      size_t errlen)
{
    (void)index;
    return xlu_disk_parse(spec, d, err, errlen);
}

static int parse_vif(const char *spec, int index, void *n, char *err,
                     size_t errlen)
{
    return xlu_vif_parse(spec, index, n, err, errlen);
}

static int parse_channel(const char *spec, int index, void *ch, char *err,
                         size_t errlen)
{
    return xlu__channel_parse(spec, index, ch, err, errlen);
}

static void check_unique(struct reader *r, xmlNodePtr node)
{
    struct libxl_domain_config *c = r->c;
    unsigned int i;

    if ( !strcmp((const char *)node->name, "disk") )
        for ( i = 0; i + 1 < c->num_disks; i++ )
            if ( !strcmp(c->disks[i].vdev, c->disks[c->num_disks - 1].vdev) )
                xml_error(r, node, "target dev %s is already used",
                          c->disks[i].vdev);
    if ( !strcmp((const char *)node->name, "channel") )
        for ( i = 0; i + 1 < c->num_channels; i++ )
            if ( !strcmp(c->channels[i].name,
                         c->channels[c->num_channels - 1].name) )
                xml_error(r, node, "channel name %s is already used",
                          c->channels[i].name);
}

static void read_devices(struct reader *r, xmlNodePtr dom)
{
    struct libxl_domain_config *c = r->c;
    xmlNodePtr devices = child(dom, "devices"), n;
    unsigned long long v;

    for ( n = devices ? devices->children : NULL; n && !r->failed; n = n->next )
    {
        const char *name = (const char *)n->name;

        if ( n->type != XML_ELEMENT_NODE )
            continue;
        if ( !strcmp(name, "disk") )
            c->disks = add_device(r, n, disk_spec(r, n), c->disks,
                                  &c->num_disks, sizeof(*c->disks), parse_disk);
        else if ( !strcmp(name, "interface") )
            c->nics = add_device(r, n, vif_spec(r, n), c->nics, &c->num_nics,
                                 sizeof(*c->nics), parse_vif);
        else if ( !strcmp(name, "channel") )
            c->channels = add_device(r, n, channel_spec(r, n), c->channels,
                                     &c->num_channels, sizeof(*c->channels),
                                     parse_channel);
        else if ( !strcmp(name, "controller") &&
                  attr_number(r, n, "maxEventChannels", 1, MAX_EVENT_CHANNELS,
                              &v) )
            c->b_info.max_event_channels = v;
        /* console, input, memballoon, emulator: what every PV domain has. */
        if ( !r->failed )
            check_unique(r, n);
    }
}

static int read_domain(const char *file, xmlDocPtr doc,
                       struct libxl_domain_config *c, struct xlu_error *err)
{
    struct reader r = { .file = file, .c = c, .err = err };
    xmlNodePtr dom = xmlDocGetRootElement(doc);

    read_identity(&r, dom);
    if ( !r.failed )
        read_memory(&r, dom);
    if ( !r.failed )
        read_vcpus(&r, dom);
    if ( !r.failed )
        read_cputune(&r, dom);
    read_os(&r, dom);
    read_action(&r, dom, "on_poweroff", &c->on_poweroff);
    read_action(&r, dom, "on_reboot", &c->on_reboot);
    read_action(&r, dom, "on_crash", &c->on_crash);
    if ( !r.failed )
        read_devices(&r, dom);
    if ( !r.failed && (!c->c_info.name || !c->b_info.kernel) )
        xml_error(&r, dom, "out of memory");
    return r.failed ? -1 : 0;
}

static int parse_xml(const char *name, const char *text, size_t len,
                     struct libxl_domain_config *c, struct xlu_error *err)
{
    xmlDocPtr doc = xlu__xml_read(name, text, len, err);
    int rc;

    if ( !doc )
        return -1;
    rc = read_domain(name, doc, c, err);
    xmlFreeDoc(doc);
    if ( rc )
        libxl_domain_config_dispose(c);
    return rc;
}

int xlu_xml_parse_domain_string(const char *name, const char *text,
                                struct libxl_domain_config *c,
                                struct xlu_error *err)
{
    if ( err )
        memset(err, 0, sizeof(*err));
    libxl_domain_config_init(c);
    return parse_xml(name, text ? text : "", text ? strlen(text) : 0, c, err);
}

int xlu_xml_parse_domain_file(const char *path, struct libxl_domain_config *c,
                              struct xlu_error *err)
{
    char *text;
    size_t len;
    int rc;

    if ( err )
        memset(err, 0, sizeof(*err));
    libxl_domain_config_init(c);
    if ( xlu__read_file(path, &text, &len, err) )
        return -1;
    rc = parse_xml(path, text, len, c, err);
    free(text);
    return rc;
}
