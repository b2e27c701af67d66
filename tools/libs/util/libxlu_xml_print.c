/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml_print.c: the domain description as libvirt-style domain
 * XML, the reverse of libxlu_xml_parse.c, checked against the schema
 * before it is handed out. Settings libvirt's format has no place for
 * (on_watchdog, cpus_soft, a disk's script, ...) are named by
 * xlu_xml_unrepresented() so that a converter can say what it drops.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <uuid/uuid.h>

#include "libxlu_xml.h"

#define LIBVIRT_RATE_INTERVAL_US 50000 /* what a rate read from XML gets */

struct writer {
    bool failed;
    char bad[64]; /* the element or attribute whose text XML cannot hold */
};

/*
 * XML 1.0 holds UTF-8 text without control characters other than tab,
 * newline and carriage return; xl.cfg strings may hold any byte.
 */
static bool xml_text_ok(struct writer *w, const char *what, const char *s)
{
    const unsigned char *p;

    for ( p = (const unsigned char *)s; p && *p; p++ )
        if ( *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r' )
            break;
    if ( s && (*p || !xmlCheckUTF8((const xmlChar *)s)) )
    {
        if ( !w->failed )
            snprintf(w->bad, sizeof(w->bad), "%s", what);
        w->failed = true;
        return false;
    }
    return true;
}

static xmlNodePtr add(struct writer *w, xmlNodePtr parent, const char *name,
                      const char *content)
{
    xmlNodePtr n;

    if ( !xml_text_ok(w, name, content) )
        return NULL;
    n = xmlNewTextChild(parent, NULL, (const xmlChar *)name,
                        (const xmlChar *)content);
    if ( !n )
        w->failed = true;
    return n;
}

static void set(struct writer *w, xmlNodePtr node, const char *name,
                const char *value)
{
    if ( !node || !value || !xml_text_ok(w, name, value) )
        return;
    if ( !xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value) )
        w->failed = true;
}

static void setu(struct writer *w, xmlNodePtr node, const char *name,
                 unsigned long long v)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%llu", v);
    set(w, node, name, buf);
}

static xmlNodePtr add_number(struct writer *w, xmlNodePtr parent,
                             const char *name, unsigned long long v)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%llu", v);
    return add(w, parent, name, buf);
}

static void write_cpus(struct writer *w, xmlNodePtr dom,
                       const struct libxl_domain_build_info *b)
{
    xmlNodePtr vcpu = add_number(w, dom, "vcpu", b->max_vcpus), tune, pin;
    char set_text[LIBXL_BITMAP_BITS * 4 + 8];
    unsigned int i;

    set(w, vcpu, "placement", "static");
    if ( b->avail_vcpus != b->max_vcpus )
        setu(w, vcpu, "current", b->avail_vcpus);
    if ( !libxl_bitmap_is_full(&b->cpumap) &&
         !xlu_cpumap_format(&b->cpumap, set_text, sizeof(set_text)) )
        set(w, vcpu, "cpuset", set_text);
    if ( !b->sched_weight && !b->sched_cap && !b->num_vcpu_hard_affinity )
        return;
    tune = add(w, dom, "cputune", NULL);
    if ( b->sched_weight )
        add_number(w, tune, "shares", b->sched_weight);
    if ( b->sched_cap )
    {
        /* cap % of one pCPU = global_quota / global_period. */
        add_number(w, tune, "global_period", 100000);
        add_number(w, tune, "global_quota", b->sched_cap * 1000ULL);
    }
    for ( i = 0; i < b->num_vcpu_hard_affinity && i < b->max_vcpus; i++ )
    {
        /* "all" is no pin; libvirt's cpuset has no word for it. */
        if ( libxl_bitmap_is_full(&b->vcpu_hard_affinity[i]) ||
             xlu_cpumap_format(&b->vcpu_hard_affinity[i], set_text,
                               sizeof(set_text)) )
            continue;
        pin = add(w, tune, "vcpupin", NULL);
        setu(w, pin, "vcpu", i);
        set(w, pin, "cpuset", set_text);
    }
}

static void write_os(struct writer *w, xmlNodePtr dom,
                     const struct libxl_domain_build_info *b)
{
    xmlNodePtr os = add(w, dom, "os", NULL), type;

    type = add(w, os, "type", "linux");
    set(w, type, "arch", "x86_64");
    set(w, type, "machine", "xenpv");
    if ( b->kernel )
        add(w, os, "kernel", b->kernel);
    if ( b->ramdisk )
        add(w, os, "initrd", b->ramdisk);
    if ( b->cmdline )
        add(w, os, "cmdline", b->cmdline);
}

static void write_disk(struct writer *w, xmlNodePtr devs,
                       const struct libxl_device_disk *d)
{
    bool block = d->pdev_path && !strncmp(d->pdev_path, "/dev/", 5);
    xmlNodePtr disk = add(w, devs, "disk", NULL), driver, target;
    const char *name = NULL;

    set(w, disk, "type", block ? "block" : "file");
    set(w, disk, "device", d->is_cdrom ? "cdrom" : "disk");
    if ( d->backend == LIBXL_DISK_BACKEND_PHY )
        name = "phy";
    else if ( d->backend == LIBXL_DISK_BACKEND_QDISK )
        name = "qemu";
    else if ( d->backend == LIBXL_DISK_BACKEND_TAP )
        name = "tap";
    driver = add(w, disk, "driver", NULL);
    set(w, driver, "name", name);
    if ( d->format != LIBXL_DISK_FORMAT_EMPTY )
        set(w, driver, "type", libxl_disk_format_to_string(d->format));
    if ( d->discard_enable != LIBXL_DEFBOOL_DEFAULT )
        set(w, driver, "discard",
            d->discard_enable == LIBXL_DEFBOOL_TRUE ? "unmap" : "ignore");
    if ( d->pdev_path )
        set(w, add(w, disk, "source", NULL), block ? "dev" : "file",
            d->pdev_path);
    if ( d->backend_domname )
        set(w, add(w, disk, "backenddomain", NULL), "name", d->backend_domname);
    target = add(w, disk, "target", NULL);
    set(w, target, "dev", d->vdev);
    set(w, target, "bus", "xen");
    if ( !d->readwrite && !d->is_cdrom )
        add(w, disk, "readonly", NULL);
}

/* The KB/s libvirt gives a rate, and whether that is exactly n's rate. */
static unsigned long long rate_kbps(const struct libxl_device_nic *n,
                                    bool *exact)
{
    unsigned __int128 bytes_per_sec;
    unsigned long long kbps;

    bytes_per_sec = (unsigned __int128)n->rate_bytes_per_interval * 1000000 /
                    n->rate_interval_usecs;
    kbps = (unsigned long long)((bytes_per_sec + 500) / 1000);
    if ( !kbps )
        kbps = 1;
    *exact =
        n->rate_interval_usecs == LIBVIRT_RATE_INTERVAL_US &&
        (unsigned __int128)kbps * 1000 * LIBVIRT_RATE_INTERVAL_US / 1000000 ==
            n->rate_bytes_per_interval;
    return kbps;
}

static void write_ips(struct writer *w, xmlNodePtr iface, const char *ips)
{
    char *copy = strdup(ips), *item, *save = NULL, *slash;
    xmlNodePtr ip;

    if ( !copy )
    {
        w->failed = true;
        return;
    }
    for ( item = strtok_r(copy, " ", &save); item;
          item = strtok_r(NULL, " ", &save) )
    {
        slash = strchr(item, '/');
        if ( slash )
            *slash++ = '\0';
        ip = add(w, iface, "ip", NULL);
        set(w, ip, "address", item);
        set(w, ip, "prefix", slash);
    }
    free(copy);
}

static void write_nic(struct writer *w, xmlNodePtr devs,
                      const struct libxl_device_nic *n)
{
    xmlNodePtr iface = add(w, devs, "interface", NULL), bw;
    char mac[18];
    bool exact;

    set(w, iface, "type", n->bridge ? "bridge" : "ethernet");
    if ( n->mac_set )
    {
        snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0],
                 n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
        set(w, add(w, iface, "mac", NULL), "address", mac);
    }
    if ( n->bridge )
        set(w, add(w, iface, "source", NULL), "bridge", n->bridge);
    if ( n->ip )
        write_ips(w, iface, n->ip);
    if ( n->script )
        set(w, add(w, iface, "script", NULL), "path", n->script);
    if ( n->ifname )
        set(w, add(w, iface, "target", NULL), "dev", n->ifname);
    if ( n->model )
        set(w, add(w, iface, "model", NULL), "type", n->model);
    if ( n->mtu )
        setu(w, add(w, iface, "mtu", NULL), "size", n->mtu);
    if ( n->backend_domname )
        set(w, add(w, iface, "backenddomain", NULL), "name",
            n->backend_domname);
    if ( n->rate_interval_usecs )
    {
        bw = add(w, add(w, iface, "bandwidth", NULL), "outbound", NULL);
        setu(w, bw, "average", rate_kbps(n, &exact));
    }
}

static void write_channel(struct writer *w, xmlNodePtr devs,
                          const struct libxl_device_channel *ch)
{
    bool sock = ch->connection && !strcmp(ch->connection, "socket");
    xmlNodePtr node = add(w, devs, "channel", NULL), src, target;

    set(w, node, "type", sock ? "unix" : "pty");
    if ( sock )
    {
        src = add(w, node, "source", NULL);
        set(w, src, "mode", "bind");
        set(w, src, "path", ch->path);
    }
    target = add(w, node, "target", NULL);
    set(w, target, "type", "xen");
    set(w, target, "name", ch->name);
}

static void write_devices(struct writer *w, xmlNodePtr dom,
                          const struct libxl_domain_config *c)
{
    xmlNodePtr devs = add(w, dom, "devices", NULL), console;
    unsigned int i;

    for ( i = 0; i < c->num_disks; i++ )
        write_disk(w, devs, &c->disks[i]);
    for ( i = 0; i < c->num_nics; i++ )
        write_nic(w, devs, &c->nics[i]);
    for ( i = 0; i < c->num_channels; i++ )
        write_channel(w, devs, &c->channels[i]);
    console = add(w, devs, "console", NULL);
    set(w, console, "type", "pty");
    console = add(w, console, "target", NULL);
    set(w, console, "type", "xen");
    set(w, console, "port", "0");
    if ( c->b_info.max_event_channels )
    {
        console = add(w, devs, "controller", NULL);
        set(w, console, "type", "xenbus");
        setu(w, console, "maxEventChannels", c->b_info.max_event_channels);
    }
}

static void write_domain(struct writer *w, xmlNodePtr dom,
                         const struct libxl_domain_config *c)
{
    const struct libxl_domain_create_info *ci = &c->c_info;
    xmlNodePtr n;
    char uuid[37];

    set(w, dom, "type", "xen");
    add(w, dom, "name", ci->name);
    if ( ci->uuid_set )
    {
        uuid_unparse_lower(ci->uuid, uuid);
        add(w, dom, "uuid", uuid);
    }
    set(w, add_number(w, dom, "memory", c->b_info.max_memkb), "unit", "KiB");
    set(w, add_number(w, dom, "currentMemory", c->b_info.target_memkb), "unit",
        "KiB");
    write_cpus(w, dom, &c->b_info);
    write_os(w, dom, &c->b_info);
    add(w, dom, "on_poweroff",
        libxl_action_on_shutdown_to_string(c->on_poweroff));
    add(w, dom, "on_reboot", libxl_action_on_shutdown_to_string(c->on_reboot));
    add(w, dom, "on_crash", libxl_action_on_shutdown_to_string(c->on_crash));
    if ( ci->ssidref_label )
    {
        n = add(w, dom, "seclabel", NULL);
        set(w, n, "type", "static");
        set(w, n, "relabel", "no");
        add(w, n, "label", ci->ssidref_label);
    }
    write_devices(w, dom, c);
}

int xlu_xml_format_domain(const struct libxl_domain_config *c, char **xml,
                          struct xlu_error *err)
{
    struct writer w = { .failed = false };
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr dom = doc ? xmlNewNode(NULL, (const xmlChar *)"domain") : NULL;
    xmlChar *mem = NULL;
    int len = 0;

    if ( err )
        memset(err, 0, sizeof(*err));
    *xml = NULL;
    if ( !dom )
    {
        xmlFreeDoc(doc);
        xlu__error(err, "domain XML", 0, NULL, "out of memory");
        return -1;
    }
    xmlDocSetRootElement(doc, dom);
    write_domain(&w, dom, c);
    if ( w.failed )
        xlu__error(err, "domain XML", 0, w.bad,
                   w.bad[0] ? "a control character or bytes that are not "
                              "UTF-8: XML cannot hold them"
                            : "out of memory");
    /* What this writes must be what the reader accepts. */
    else if ( !xlu__xml_validate("domain XML", doc, err) )
    {
        xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
        *xml = mem ? strndup((const char *)mem, len) : NULL;
        xmlFree(mem);
        if ( !*xml )
            xlu__error(err, "domain XML", 0, NULL, "out of memory");
    }
    xmlFreeDoc(doc);
    return *xml ? 0 : -1;
}

char *xlu_xml_print_domain(const struct libxl_domain_config *c)
{
    char *xml;

    return xlu_xml_format_domain(c, &xml, NULL) ? NULL : xml;
}

/* Appends name to the list in buf; counts it. */
static void lost(char *buf, size_t len, unsigned int *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void lost(char *buf, size_t len, unsigned int *n, const char *fmt, ...)
{
    size_t used = buf ? strlen(buf) : 0;
    va_list ap;

    if ( buf && used < len )
    {
        if ( *n )
            used += snprintf(buf + used, len - used, ", ");
        va_start(ap, fmt);
        if ( used < len )
            vsnprintf(buf + used, len - used, fmt, ap);
        va_end(ap);
    }
    (*n)++;
}

unsigned int xlu_xml_unrepresented(const struct libxl_domain_config *c,
                                   char *buf, size_t len)
{
    unsigned int n = 0, i;
    bool exact;

    if ( buf && len )
        buf[0] = '\0';
    if ( c->on_watchdog != LIBXL_ACTION_ON_SHUTDOWN_DESTROY )
        lost(buf, len, &n, "on_watchdog");
    if ( c->on_soft_reset != LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET )
        lost(buf, len, &n, "on_soft_reset");
    if ( c->b_info.num_vcpu_soft_affinity )
        lost(buf, len, &n, "cpus_soft");
    for ( i = 0; i < c->num_disks; i++ )
    {
        const struct libxl_device_disk *d = &c->disks[i];

        if ( d->script )
            lost(buf, len, &n, "disk %s script", d->vdev);
        if ( d->direct_io_safe )
            lost(buf, len, &n, "disk %s direct-io-safe", d->vdev);
        if ( d->trusted != LIBXL_DEFBOOL_DEFAULT )
            lost(buf, len, &n, "disk %s trusted", d->vdev);
        if ( d->backend == LIBXL_DISK_BACKEND_STANDALONE )
            lost(buf, len, &n, "disk %s backendtype", d->vdev);
    }
    for ( i = 0; i < c->num_nics; i++ )
    {
        const struct libxl_device_nic *nic = &c->nics[i];

        if ( nic->gatewaydev )
            lost(buf, len, &n, "vif %u gatewaydev", i);
        if ( nic->trusted != LIBXL_DEFBOOL_DEFAULT )
            lost(buf, len, &n, "vif %u trusted", i);
        if ( nic->devid != (int)i )
            lost(buf, len, &n, "vif %u devid", i);
        if ( nic->rate_interval_usecs && (rate_kbps(nic, &exact), !exact) )
            lost(buf, len, &n, "vif %u rate (XML keeps KB/s over 50ms)", i);
    }
    for ( i = 0; i < c->num_channels; i++ )
        if ( c->channels[i].backend_domname )
            lost(buf, len, &n, "channel %s backend", c->channels[i].name);
    return n;
}
