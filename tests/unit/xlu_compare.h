/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlu_compare.h: what the round-trip and fuzz tests share: a config's
 * JSON as the one way to compare two configs, the config as domain XML
 * keeps it (the settings XML has no place for reset, as the XML printer
 * drops them and xlu_xml_unrepresented() names them), and reading the
 * files under tests/configs/.
 */
#ifndef TESTS_UNIT_XLU_COMPARE_H
#define TESTS_UNIT_XLU_COMPARE_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxlutil.h>

#ifndef XLU_TEST_CONFIGS
#error "XLU_TEST_CONFIGS must name tests/configs (tests/unit/unit_xlu.mk)"
#endif

/* Two configs are the same when their JSON (every field) is. */
static inline bool same_config(const struct libxl_domain_config *a,
                               const struct libxl_domain_config *b,
                               const char *what)
{
    char *ja = libxl_domain_config_to_json(a);
    char *jb = libxl_domain_config_to_json(b);
    bool same = ja && jb && !strcmp(ja, jb);

    if ( !same )
        fprintf(stderr,
                "    %s: configs differ:\n--- first\n%s\n--- second\n%s\n",
                what, ja ? ja : "(null)", jb ? jb : "(null)");
    free(ja);
    free(jb);
    return same;
}

/* The rate the XML printer writes: whole KB/s, over libvirt's 50 ms. */
static inline void rate_as_xml(struct libxl_device_nic *n)
{
    unsigned __int128 bytes_per_sec;
    unsigned long long kbps;

    if ( !n->rate_interval_usecs )
        return;
    bytes_per_sec = (unsigned __int128)n->rate_bytes_per_interval * 1000000 /
                    n->rate_interval_usecs;
    kbps = (unsigned long long)((bytes_per_sec + 500) / 1000);
    if ( !kbps )
        kbps = 1;
    n->rate_interval_usecs = 50000;
    n->rate_bytes_per_interval = kbps * 50;
}

/* c as domain XML keeps it: what XML has no place for is reset. */
static inline void strip_xml_unshared(struct libxl_domain_config *c)
{
    unsigned int i;

    c->on_watchdog = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;
    free(c->b_info.vcpu_soft_affinity);
    c->b_info.vcpu_soft_affinity = NULL;
    c->b_info.num_vcpu_soft_affinity = 0;
    for ( i = 0; i < c->num_disks; i++ )
    {
        struct libxl_device_disk *d = &c->disks[i];

        free(d->script);
        d->script = NULL;
        d->direct_io_safe = false;
        d->trusted = LIBXL_DEFBOOL_DEFAULT;
        if ( d->backend == LIBXL_DISK_BACKEND_STANDALONE )
            d->backend = LIBXL_DISK_BACKEND_UNKNOWN;
    }
    for ( i = 0; i < c->num_nics; i++ )
    {
        struct libxl_device_nic *n = &c->nics[i];

        free(n->gatewaydev);
        n->gatewaydev = NULL;
        n->trusted = LIBXL_DEFBOOL_DEFAULT;
        n->devid = i;
        rate_as_xml(n);
    }
    for ( i = 0; i < c->num_channels; i++ )
    {
        free(c->channels[i].backend_domname);
        c->channels[i].backend_domname = NULL;
    }
}

/* The whole of a file (NUL-terminated, malloc'd), or NULL. */
static inline char *read_whole(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    long len;

    if ( !f )
        return NULL;
    if ( !fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 &&
         !fseek(f, 0, SEEK_SET) && (buf = malloc(len + 1)) )
    {
        if ( fread(buf, 1, len, f) != (size_t)len )
        {
            free(buf);
            buf = NULL;
        }
        else
            buf[len] = '\0';
    }
    fclose(f);
    return buf;
}

/* The names of dir's files ending in suffix, sorted (malloc'd, n set). */
static inline char **list_configs(const char *dir, const char *suffix,
                                  unsigned int *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL, **grown, *tmp;
    size_t sl = strlen(suffix), l;
    unsigned int i, j;

    *n = 0;
    while ( d && (e = readdir(d)) )
    {
        l = strlen(e->d_name);
        if ( e->d_name[0] == '.' || l <= sl ||
             strcmp(e->d_name + l - sl, suffix) )
            continue;
        grown = realloc(names, (*n + 1) * sizeof(*names));
        if ( !grown )
            break;
        names = grown;
        if ( asprintf(&names[*n], "%s/%s", dir, e->d_name) < 0 )
            break;
        (*n)++;
    }
    if ( d )
        closedir(d);
    for ( i = 0; i < *n; i++ )
        for ( j = i + 1; j < *n; j++ )
            if ( strcmp(names[i], names[j]) > 0 )
            {
                tmp = names[i];
                names[i] = names[j];
                names[j] = tmp;
            }
    return names;
}

static inline void free_list(char **names, unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n; i++ )
        free(names[i]);
    free(names);
}

#endif /* TESTS_UNIT_XLU_COMPARE_H */
