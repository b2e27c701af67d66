/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_print.c: a domain description as an xl.cfg file that parses
 * back to the same description: every key this library reads, in the
 * order xl.cfg(5) presents them, strings double-quoted with the escapes
 * the lexer knows, disks in the key=value form with target= last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "libxlu_internal.h"

char *xlu__join_root_extra(const char *root, const char *extra)
{
    char *s = NULL;
    int rc;

    /* Xen's rule: "root=R E", "root=R" or "E". */
    if ( root && extra )
        rc = asprintf(&s, "root=%s %s", root, extra);
    else if ( root )
        rc = asprintf(&s, "root=%s", root);
    else
        rc = asprintf(&s, "%s", extra ? extra : "");
    return rc < 0 ? NULL : s;
}

bool xlu__cmdline_is_root_extra(const struct libxl_domain_build_info *b)
{
    char *joined;
    bool same;

    if ( (!b->root && !b->extra) || !b->cmdline )
        return false;
    joined = xlu__join_root_extra(b->root, b->extra);
    same = joined && !strcmp(joined, b->cmdline);
    free(joined);
    return same;
}

static void quote(FILE *f, const char *s)
{
    fputc('"', f);
    for ( ; *s; s++ )
    {
        unsigned char c = *s;

        if ( c == '"' || c == '\\' )
            fprintf(f, "\\%c", c);
        else if ( c == '\n' )
            fputs("\\n", f);
        else if ( c == '\t' )
            fputs("\\t", f);
        else if ( c < 0x20 || c == 0x7f )
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void print_string(FILE *f, const char *key, const char *v)
{
    if ( !v )
        return;
    fprintf(f, "%s = ", key);
    quote(f, v);
    fputc('\n', f);
}

/* A list of strings, one per line; an entry that failed to format is
 * reported by the caller through `ok'. */
static void print_list(FILE *f, const char *key, char **items, unsigned int n,
                       bool *ok)
{
    unsigned int i;

    if ( !n )
        return;
    fprintf(f, "%s = [\n", key);
    for ( i = 0; i < n; i++ )
    {
        if ( !items[i] )
        {
            *ok = false;
            continue;
        }
        fputs("    ", f);
        quote(f, items[i]);
        fputs(",\n", f);
    }
    fputs("]\n", f);
}

static void print_affinity_list(FILE *f, const char *key,
                                const struct libxl_bitmap *maps, unsigned int n,
                                bool *ok)
{
    char **items = calloc(n ? n : 1, sizeof(*items));
    unsigned int i;

    if ( !items )
    {
        *ok = false;
        return;
    }
    for ( i = 0; i < n; i++ )
        items[i] = xlu__cpumap_format_alloc(&maps[i]);
    print_list(f, key, items, n, ok);
    for ( i = 0; i < n; i++ )
        free(items[i]);
    free(items);
}

static bool all_equal(const struct libxl_bitmap *maps, unsigned int n)
{
    unsigned int i;

    for ( i = 1; i < n; i++ )
        if ( memcmp(&maps[i], &maps[0], sizeof(maps[0])) )
            return false;
    return true;
}

static void print_cpus(FILE *f, const struct libxl_domain_build_info *b,
                       bool *ok)
{
    char *s;

    if ( b->num_vcpu_hard_affinity )
        print_affinity_list(f, "cpus", b->vcpu_hard_affinity,
                            b->num_vcpu_hard_affinity, ok);
    else if ( !libxl_bitmap_is_full(&b->cpumap) )
    {
        s = xlu__cpumap_format_alloc(&b->cpumap);
        *ok = *ok && s;
        print_string(f, "cpus", s);
        free(s);
    }
    /* A string is copied to every vCPU when read: print it back as one. */
    if ( b->num_vcpu_soft_affinity == b->max_vcpus &&
         all_equal(b->vcpu_soft_affinity, b->num_vcpu_soft_affinity) )
    {
        s = xlu__cpumap_format_alloc(&b->vcpu_soft_affinity[0]);
        *ok = *ok && s;
        print_string(f, "cpus_soft", s);
        free(s);
    }
    else if ( b->num_vcpu_soft_affinity )
        print_affinity_list(f, "cpus_soft", b->vcpu_soft_affinity,
                            b->num_vcpu_soft_affinity, ok);
}

static void print_build(FILE *f, const struct libxl_domain_build_info *b,
                        bool *ok)
{
    print_string(f, "kernel", b->kernel);
    print_string(f, "ramdisk", b->ramdisk);
    if ( xlu__cmdline_is_root_extra(b) )
    {
        print_string(f, "root", b->root);
        print_string(f, "extra", b->extra);
    }
    else
        print_string(f, "cmdline", b->cmdline);
    /* xl.cfg counts MiB; a KiB remainder (only JSON has one) rounds up. */
    fprintf(f, "memory = %llu\n",
            (unsigned long long)(b->target_memkb + 1023) / 1024);
    if ( b->max_memkb != b->target_memkb )
        fprintf(f, "maxmem = %llu\n",
                (unsigned long long)(b->max_memkb + 1023) / 1024);
    fprintf(f, "vcpus = %u\n", b->avail_vcpus);
    if ( b->max_vcpus != b->avail_vcpus )
        fprintf(f, "maxvcpus = %u\n", b->max_vcpus);
    print_cpus(f, b, ok);
    if ( b->sched_weight )
        fprintf(f, "cpu_weight = %u\n", b->sched_weight);
    if ( b->sched_cap )
        fprintf(f, "cap = %u\n", b->sched_cap);
    if ( b->max_event_channels )
        fprintf(f, "max_event_channels = %u\n", b->max_event_channels);
}

static void print_actions(FILE *f, const struct libxl_domain_config *c,
                          bool *ok)
{
    const struct {
        const char *key;
        enum libxl_action_on_shutdown a;
    } actions[] = {
        { "on_poweroff", c->on_poweroff },     { "on_reboot", c->on_reboot },
        { "on_watchdog", c->on_watchdog },     { "on_crash", c->on_crash },
        { "on_soft_reset", c->on_soft_reset },
    };
    unsigned int i;
    const char *name;

    for ( i = 0; i < sizeof(actions) / sizeof(actions[0]); i++ )
    {
        name = libxl_action_on_shutdown_to_string(actions[i].a);
        *ok = *ok && name;
        print_string(f, actions[i].key, name);
    }
}

static void print_devices(FILE *f, const struct libxl_domain_config *c,
                          bool *ok)
{
    unsigned int n = c->num_disks, i;
    char **items;

    if ( c->num_nics > n )
        n = c->num_nics;
    if ( c->num_channels > n )
        n = c->num_channels;
    items = calloc(n ? n : 1, sizeof(*items));
    if ( !items )
    {
        *ok = false;
        return;
    }
    for ( i = 0; i < c->num_disks; i++ )
        items[i] = xlu__disk_format(&c->disks[i]);
    print_list(f, "disk", items, c->num_disks, ok);
    for ( i = 0; i < c->num_disks; i++ )
        free(items[i]);
    for ( i = 0; i < c->num_nics; i++ )
        items[i] = xlu__vif_format(&c->nics[i], i);
    print_list(f, "vif", items, c->num_nics, ok);
    for ( i = 0; i < c->num_nics; i++ )
        free(items[i]);
    for ( i = 0; i < c->num_channels; i++ )
        items[i] = xlu__channel_format(&c->channels[i]);
    print_list(f, "channel", items, c->num_channels, ok);
    for ( i = 0; i < c->num_channels; i++ )
        free(items[i]);
    free(items);
}

char *xlu_cfg_print_domain(const struct libxl_domain_config *c)
{
    const struct libxl_domain_create_info *ci = &c->c_info;
    char *out = NULL, uuid[37];
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    bool ok = true;

    if ( !f )
        return NULL;
    print_string(f, "name", ci->name);
    if ( ci->uuid_set )
    {
        uuid_unparse_lower(ci->uuid, uuid);
        print_string(f, "uuid", uuid);
    }
    print_string(f, "type", "pv");
    print_string(f, "seclabel", ci->ssidref_label);
    print_build(f, &c->b_info, &ok);
    print_actions(f, c, &ok);
    print_devices(f, c, &ok);
    if ( fclose(f) || !ok )
    {
        free(out);
        return NULL;
    }
    return out;
}
