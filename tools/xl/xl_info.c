/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_info.c: what runs and on what: `xl list`, `vm-list`, `info`,
 * `domid`, `domname`, `uptime`, `dmesg`. The text output is Xen's, byte
 * for byte (scripts parse it); `--format json` gives the same facts,
 * and more of the runtime state, as JSON.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include <public/sched.h>

#include "xl.h"
#include "xl_json.h"

static const char shutdown_letters[] = "-rscwS";
static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

/* Names of the domains, domain 0's "Domain-0" even if none is stored. */
static char **names_of(const struct libxl_dominfo *info, int nb)
{
    uint32_t *ids = calloc(nb ? nb : 1, sizeof(*ids));
    char **names = calloc(nb ? nb : 1, sizeof(*names));
    int i, rc;

    if ( !ids || !names )
    {
        fprintf(stderr, "out of memory\n");
        exit(XL_EXIT_FAIL);
    }
    for ( i = 0; i < nb; i++ )
        ids[i] = info[i].domid;
    rc = libxl_domids_to_names(ctx, ids, nb, names);
    if ( rc )
        fail_rc(rc, "cannot read the domains' names");
    for ( i = 0; i < nb; i++ )
        if ( !names[i] && ids[i] == 0 )
            names[i] = strdup("Domain-0");
    free(ids);
    return names;
}

static void free_names(char **names, int nb)
{
    int i;

    for ( i = 0; i < nb; i++ )
        free(names[i]);
    free(names);
}

static void state_string(const struct libxl_dominfo *d, char s[7])
{
    unsigned int r = d->shutdown ? d->shutdown_reason : 0;

    s[0] = d->running ? 'r' : '-';
    s[1] = d->blocked ? 'b' : '-';
    s[2] = d->paused ? 'p' : '-';
    s[3] = d->shutdown ? 's' : '-';
    s[4] = r < sizeof(shutdown_letters) - 1 ? shutdown_letters[r] : '?';
    s[5] = d->dying ? 'd' : '-';
    s[6] = '\0';
}

static void list_text(const struct libxl_dominfo *info, int nb, char **names,
                      bool verbose, bool context, bool numa, uint32_t nr_nodes)
{
    int i;

    printf("Name                                        ID   Mem "
           "VCPUs\tState\tTime(s)");
    if ( verbose )
        printf(
            "   UUID                            Reason-Code\tSecurity Label");
    else if ( context )
        printf("   Security Label");
    if ( numa )
        printf(" NODE Affinity");
    printf("\n");
    for ( i = 0; i < nb; i++ )
    {
        char state[7];

        state_string(&info[i], state);
        printf("%-40s %5d %5lu %5d     %s  %8.1f",
               names[i] ? names[i] : "(null)", info[i].domid,
               (unsigned long)((info[i].current_memkb +
                                info[i].outstanding_memkb) /
                               1024),
               info[i].vcpu_online, state, (float)info[i].cpu_time / 1e9);
        if ( verbose )
        {
            printf(" " LIBXL_UUID_FMT, LIBXL_UUID_BYTES(info[i].uuid));
            if ( info[i].shutdown )
                printf(" %8x", info[i].shutdown_reason);
            else
                printf(" %8s", "-");
        }
        if ( verbose || context )
            printf(" %16s", "-"); /* no security labels here */
        if ( numa )
        {
            struct libxl_bitmap nodes = { { 0 } };

            /* One node: every domain's memory is on node 0. */
            nodes.map[0] = 1;
            putchar(' ');
            print_bitmap(&nodes, nr_nodes, stdout);
        }
        putchar('\n');
    }
}

static void list_json_runtime(yajl_gen g, const struct libxl_dominfo *d,
                              const char *name)
{
    char state[7], uuid[37];

    state_string(d, state);
    snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(d->uuid));
    yajl_gen_map_open(g);
    json_str(g, "name", name);
    json_int(g, "domid", d->domid);
    json_str(g, "uuid", uuid);
    json_str(g, "state", state);
    json_bool(g, "running", d->running);
    json_bool(g, "blocked", d->blocked);
    json_bool(g, "paused", d->paused);
    json_bool(g, "shutdown", d->shutdown);
    json_str(g, "shutdown_reason",
             d->shutdown && d->shutdown_reason < 6
                 ? shutdown_names[d->shutdown_reason]
                 : NULL);
    json_bool(g, "dying", d->dying);
    json_int(g, "current_memkb", d->current_memkb);
    json_int(g, "outstanding_memkb", d->outstanding_memkb);
    json_int(g, "max_memkb", d->max_memkb);
    json_int(g, "vcpu_online", d->vcpu_online);
    json_int(g, "vcpu_max_id", d->vcpu_max_id);
    json_double(g, "cpu_time", (double)d->cpu_time / 1e9);
    json_int(g, "ssidref", d->ssidref);
    json_int(g, "cpupool", d->cpupool);
}

/*
 * -l: Xen's array of {"domid", "config"}; with --format json, each
 * entry also holds the runtime state beside the config.
 */
static int list_json(const struct libxl_dominfo *info, int nb, char **names,
                     bool details, bool runtime)
{
    yajl_gen g = json_new();
    int i;

    yajl_gen_array_open(g);
    for ( i = 0; i < nb; i++ )
    {
        struct libxl_domain_config c;
        /* Domain 0 was not built by libxl: it has no configuration. */
        bool have =
            details && info[i].domid != 0 &&
            !libxl_retrieve_domain_configuration(ctx, info[i].domid, &c);

        if ( details && !have && !runtime )
            continue; /* Xen's -l lists only domains with a config */
        if ( runtime )
            list_json_runtime(g, &info[i], names[i]);
        else
        {
            yajl_gen_map_open(g);
            json_int(g, "domid", info[i].domid);
        }
        if ( have )
        {
            json_config(g, "config", &c);
            libxl_domain_config_dispose(&c);
        }
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    return json_print(g);
}

int main_list(int argc, char **argv)
{
    static const struct option opts[] = {
        { "long", 0, 0, 'l' },    { "verbose", 0, 0, 'v' },
        { "context", 0, 0, 'Z' }, { "cpupool", 0, 0, 'c' },
        { "numa", 0, 0, 'n' },    FORMAT_LONG_OPT,
        COMMON_LONG_OPTS,
    };
    bool details = false, verbose = false, context = false, numa = false,
         json = false;
    struct libxl_dominfo *info;
    struct libxl_physinfo pi = { 0 };
    char **names;
    int opt, nb, rc, i;

    SWITCH_FOREACH_OPT(opt, "lvZcnF:", opts, "list", 0)
    {
    case 'l':
        details = true;
        break;
    case 'v':
        verbose = true;
        break;
    case 'Z':
        context = true;
        break;
    case 'c':
        break; /* one pool: nothing to add */
    case 'n':
        numa = true;
        break;
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    if ( optind >= argc )
    {
        info = libxl_list_domain(ctx, &nb);
        if ( !info )
            fail_rc(ERROR_NO_HYPERVISOR, "libxl_list_domain failed");
    }
    else
    {
        nb = argc - optind;
        info = calloc(nb, sizeof(*info));
        for ( i = 0; info && i < nb; i++ )
        {
            rc =
                libxl_domain_info(ctx, &info[i], find_domain(argv[optind + i]));
            if ( rc )
            {
                fprintf(stderr, "Error: Domain '%s' does not exist.\n",
                        argv[optind + i]);
                return exit_code_of(rc);
            }
        }
    }
    if ( !info )
        return XL_EXIT_FAIL;
    names = names_of(info, nb);
    if ( numa && libxl_get_physinfo(ctx, &pi) )
        fail_rc(ERROR_FAIL, "libxl_physinfo failed");
    if ( details || json )
        rc = list_json(info, nb, names, details || json, json);
    else
    {
        list_text(info, nb, names, verbose, context, numa, pi.nr_nodes);
        rc = XL_EXIT_OK;
    }
    free_names(names, nb);
    free(info);
    return rc;
}

int main_vm_list(int argc, char **argv)
{
    static const struct option opts[] = { FORMAT_LONG_OPT, COMMON_LONG_OPTS };
    struct libxl_dominfo *info;
    bool json = false;
    char **names;
    int opt, nb, i;

    SWITCH_FOREACH_OPT(opt, "F:", opts, "vm-list", 0)
    {
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    info = libxl_list_domain(ctx, &nb);
    if ( !info )
        fail_rc(ERROR_NO_HYPERVISOR, "libxl_list_vm failed");
    names = names_of(info, nb);
    if ( json )
    {
        yajl_gen g = json_new();

        yajl_gen_array_open(g);
        for ( i = 0; i < nb; i++ )
        {
            char uuid[37];

            snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT,
                     LIBXL_UUID_BYTES(info[i].uuid));
            yajl_gen_map_open(g);
            json_str(g, "uuid", uuid);
            json_int(g, "domid", info[i].domid);
            json_str(g, "name", names[i]);
            yajl_gen_map_close(g);
        }
        yajl_gen_array_close(g);
        json_print(g);
    }
    else
    {
        printf("UUID                                  ID    name\n");
        for ( i = 0; i < nb; i++ )
            printf(LIBXL_UUID_FMT "  %d    %-30s\n",
                   LIBXL_UUID_BYTES(info[i].uuid), info[i].domid,
                   names[i] ? names[i] : "(null)");
    }
    free_names(names, nb);
    free(info);
    return XL_EXIT_OK;
}

int main_domid(int argc, char **argv)
{
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "domid", 1)
    {
    }
    rc = libxl_name_to_domid(ctx, argv[optind], &domid);
    if ( rc )
    {
        if ( rc == ERROR_NO_HYPERVISOR || rc == ERROR_NO_XENSTORE )
            fail_rc(rc, "xl");
        fprintf(stderr,
                "Can't get domid of domain name '%s', maybe this domain "
                "does not exist.\n",
                argv[optind]);
        return XL_EXIT_NO_DOMAIN;
    }
    printf("%u\n", domid);
    return XL_EXIT_OK;
}

int main_domname(int argc, char **argv)
{
    struct libxl_dominfo info;
    char *end, *name;
    unsigned long domid;
    int opt;

    SWITCH_FOREACH_OPT(opt, "", NULL, "domname", 1)
    {
    }
    domid = strtoul(argv[optind], &end, 10);
    if ( end == argv[optind] || *end )
    {
        fprintf(stderr, "Invalid domain id.\n\n");
        return XL_EXIT_USAGE;
    }
    name = libxl_domain_info(ctx, &info, domid)
               ? NULL
               : libxl_domid_to_name(ctx, domid);
    if ( !name && domid == 0 )
        name = strdup("Domain-0");
    if ( !name )
    {
        fprintf(stderr,
                "Can't get domain name of domain id '%lu', maybe this "
                "domain does not exist.\n",
                domid);
        return XL_EXIT_NO_DOMAIN;
    }
    printf("%s\n", name);
    free(name);
    return XL_EXIT_OK;
}

/* ---- xl info ---- */

/* `xl info KEY` prints only that key's value. */
static const char *info_name;

static void maybe_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void maybe_printf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if ( n < 0 )
        return;
    if ( !info_name )
        fputs(s, stdout);
    else
    {
        char *colon = strchr(s, ':');

        if ( !strncmp(s, info_name, strlen(info_name)) && colon &&
             colon[1] == ' ' )
            fputs(colon + 2, stdout);
    }
    free(s);
}

static void output_topology(const struct libxl_physinfo *pi)
{
    uint32_t i;

    printf("cpu_topology           :\n");
    printf("cpu:    core    socket     node\n");
    for ( i = 0; i <= pi->max_cpu_id; i++ )
        printf("%3d:    %4d     %4d     %4d\n", i,
               i % (pi->cores_per_socket ? pi->cores_per_socket : 1),
               i / (pi->cores_per_socket ? pi->cores_per_socket : 1), 0);
    printf("device topology        :\n");
    printf("device           node\n");
    printf("No device topology data available\n");
    printf("numa_info              :\n");
    printf("node:    memsize    memfree    distances\n");
    printf("%4d:    %6lu     %6lu      %d\n", 0,
           (unsigned long)(pi->total_pages >> 8),
           (unsigned long)(pi->free_pages >> 8), 10);
}

static int info_collect(struct libxl_physinfo *pi,
                        struct libxl_version_info *vi, int *sched)
{
    int rc = libxl_get_physinfo(ctx, pi);

    if ( !rc )
        rc = libxl_get_version_info(ctx, vi);
    if ( !rc )
    {
        *sched = libxl_get_scheduler(ctx);
        rc = *sched < 0 ? *sched : 0;
    }
    return rc;
}

static void info_text(const struct utsname *u, const struct libxl_physinfo *pi,
                      const struct libxl_version_info *vi, int sched, bool numa,
                      bool xenstore)
{
    unsigned int mib = (1 << 20) / vi->pagesize;

    maybe_printf("host                   : %s\n", u->nodename);
    maybe_printf("release                : %s\n", u->release);
    maybe_printf("version                : %s\n", u->version);
    maybe_printf("machine                : %s\n", u->machine);
    maybe_printf("nr_cpus                : %d\n", pi->nr_cpus);
    maybe_printf("max_cpu_id             : %d\n", pi->max_cpu_id);
    maybe_printf("nr_nodes               : %d\n", pi->nr_nodes);
    maybe_printf("cores_per_socket       : %d\n", pi->cores_per_socket);
    maybe_printf("threads_per_core       : %d\n", pi->threads_per_core);
    maybe_printf("cpu_mhz                : %d.%03d\n", pi->cpu_khz / 1000,
                 pi->cpu_khz % 1000);
    maybe_printf("hw_caps                : "
                 "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n",
                 pi->hw_cap[0], pi->hw_cap[1], pi->hw_cap[2], pi->hw_cap[3],
                 pi->hw_cap[4], pi->hw_cap[5], pi->hw_cap[6], pi->hw_cap[7]);
    maybe_printf("virt_caps              :%s%s%s\n", pi->cap_pv ? " pv" : "",
                 pi->cap_hvm ? " hvm" : "",
                 pi->cap_gnttab_v1 ? " gnttab-v1" : "");
    maybe_printf("total_memory           : %lu\n",
                 (unsigned long)(pi->total_pages / mib));
    maybe_printf(
        "free_memory            : %lu\n",
        (unsigned long)((pi->free_pages - pi->outstanding_pages) / mib));
    maybe_printf("sharing_freed_memory   : %lu\n",
                 (unsigned long)(pi->sharing_freed_pages / mib));
    maybe_printf("sharing_used_memory    : %lu\n",
                 (unsigned long)(pi->sharing_used_frames / mib));
    maybe_printf("outstanding_claims     : %lu\n",
                 (unsigned long)(pi->outstanding_pages / mib));
    maybe_printf("free_cpus              : %d\n", 0);
    if ( numa )
        output_topology(pi);
    maybe_printf("xen_major              : %d\n", vi->xen_version_major);
    maybe_printf("xen_minor              : %d\n", vi->xen_version_minor);
    maybe_printf("xen_extra              : %s\n", vi->xen_version_extra);
    maybe_printf("xen_version            : %d.%d%s\n", vi->xen_version_major,
                 vi->xen_version_minor, vi->xen_version_extra);
    maybe_printf("xen_caps               : %s\n", vi->capabilities);
    maybe_printf("xen_scheduler          : %s\n",
                 libxl_scheduler_to_string(sched));
    maybe_printf("xen_pagesize           : %u\n", vi->pagesize);
    maybe_printf("platform_params        : virt_start=0x%lx\n",
                 (unsigned long)vi->virt_start);
    maybe_printf("xen_changeset          : %s\n", vi->changeset);
    maybe_printf("xen_commandline        : %s\n", vi->commandline);
    maybe_printf("cc_compiler            : %s\n", vi->compiler);
    maybe_printf("cc_compile_by          : %s\n", vi->compile_by);
    maybe_printf("cc_compile_domain      : %s\n", vi->compile_domain);
    maybe_printf("cc_compile_date        : %s\n", vi->compile_date);
    maybe_printf("build_id               : %s\n", vi->build_id);
    if ( xenstore )
    {
        unsigned int features = 0;

        /* As Xen's: 0 when xenstored does not say. */
        if ( libxl_xenstore_features(ctx, &features) )
            features = 0;
        maybe_printf("xenstore_features      : 0x%08x\n", features);
    }
    maybe_printf("xend_config_format     : 4\n");
}

static int info_json(const struct utsname *u, const struct libxl_physinfo *pi,
                     const struct libxl_version_info *vi, int sched)
{
    unsigned int mib = (1 << 20) / vi->pagesize;
    yajl_gen g = json_new();
    char buf[128];

    yajl_gen_map_open(g);
    json_str(g, "host", u->nodename);
    json_str(g, "release", u->release);
    json_str(g, "version", u->version);
    json_str(g, "machine", u->machine);
    json_int(g, "nr_cpus", pi->nr_cpus);
    json_int(g, "max_cpu_id", pi->max_cpu_id);
    json_int(g, "nr_nodes", pi->nr_nodes);
    json_int(g, "cores_per_socket", pi->cores_per_socket);
    json_int(g, "threads_per_core", pi->threads_per_core);
    json_double(g, "cpu_mhz", pi->cpu_khz / 1000.0);
    json_str(g, "virt_caps", pi->cap_pv ? "pv gnttab-v1" : "");
    json_int(g, "total_memory", pi->total_pages / mib);
    json_int(g, "free_memory", (pi->free_pages - pi->outstanding_pages) / mib);
    json_int(g, "outstanding_claims", pi->outstanding_pages / mib);
    json_int(g, "free_cpus", 0);
    json_int(g, "xen_major", vi->xen_version_major);
    json_int(g, "xen_minor", vi->xen_version_minor);
    json_str(g, "xen_extra", vi->xen_version_extra);
    snprintf(buf, sizeof(buf), "%d.%d%s", vi->xen_version_major,
             vi->xen_version_minor, vi->xen_version_extra);
    json_str(g, "xen_version", buf);
    json_str(g, "xen_caps", vi->capabilities);
    json_str(g, "xen_scheduler", libxl_scheduler_to_string(sched));
    json_int(g, "xen_pagesize", vi->pagesize);
    json_int(g, "virt_start", vi->virt_start);
    json_str(g, "xen_changeset", vi->changeset);
    json_str(g, "xen_commandline", vi->commandline);
    json_str(g, "cc_compiler", vi->compiler);
    json_str(g, "cc_compile_by", vi->compile_by);
    json_str(g, "cc_compile_domain", vi->compile_domain);
    json_str(g, "cc_compile_date", vi->compile_date);
    json_str(g, "build_id", vi->build_id);
    json_int(g, "xend_config_format", 4);
    yajl_gen_map_close(g);
    return json_print(g);
}

int main_info(int argc, char **argv)
{
    static const struct option opts[] = {
        { "numa", 0, 0, 'n' },
        { "xenstore", 0, 0, 'x' },
        FORMAT_LONG_OPT,
        COMMON_LONG_OPTS,
    };
    struct libxl_physinfo pi;
    struct libxl_version_info vi;
    struct utsname u;
    bool numa = false, json = false, xenstore = false;
    int opt, sched, rc;

    SWITCH_FOREACH_OPT(opt, "nxF:", opts, "info", 0)
    {
    case 'n':
        numa = true;
        break;
    case 'x':
        xenstore = true;
        break;
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    if ( !numa && !xenstore && optind < argc )
        info_name = argv[optind];
    if ( uname(&u) )
        return XL_EXIT_FAIL;
    rc = info_collect(&pi, &vi, &sched);
    if ( rc )
        fail_rc(rc, "cannot read the host's information");
    if ( json )
        return info_json(&u, &pi, &vi, sched);
    info_text(&u, &pi, &vi, sched, numa, xenstore);
    return XL_EXIT_OK;
}

/* ---- uptime ---- */

static char *uptime_to_string(unsigned long uptime, bool short_mode)
{
    int day = uptime / 86400, hour = uptime % 86400 / 3600,
        min = uptime % 3600 / 60, sec = uptime % 60;
    char *s = NULL;
    const char *days = day > 1 ? "days" : "day";

    if ( short_mode )
        (void)(day ? asprintf(&s, "%d %s, %2d:%02d", day, days, hour, min)
                   : asprintf(&s, "%2d:%02d", hour, min));
    else
        (void)(day ? asprintf(&s, "%d %s, %2d:%02d:%02d", day, days, hour, min,
                              sec)
                   : asprintf(&s, "%2d:%02d:%02d", hour, min, sec));
    return s;
}

/* Domain 0 has lived as long as the host, as Xen reckons it. */
static long dom0_uptime(void)
{
    FILE *f = fopen("/proc/uptime", "r");
    double up = -1;

    if ( !f || fscanf(f, "%lf", &up) != 1 )
        up = -1;
    if ( f )
        fclose(f);
    return (long)up;
}

static void print_uptime(uint32_t domid, const char *name, long up,
                         bool short_mode, time_t now, yajl_gen g)
{
    char *s = uptime_to_string(up, short_mode);

    if ( g )
    {
        yajl_gen_map_open(g);
        json_str(g, "name", name);
        json_int(g, "domid", domid);
        json_int(g, "uptime_seconds", up);
        json_str(g, "uptime", s);
        yajl_gen_map_close(g);
    }
    else if ( short_mode )
    {
        char now_s[16];
        struct tm tm;

        strftime(now_s, sizeof(now_s), "%H:%M:%S", localtime_r(&now, &tm));
        printf(" %s up %s, %s (%d)\n", now_s, s, name, domid);
    }
    else
        printf("%-33s %4d %s\n", name, domid, s);
    free(s);
}

/* One domain's line; false if its start time is unknown. */
static void uptime_of(uint32_t domid, const char *name, bool short_mode,
                      time_t now, yajl_gen g)
{
    double start;
    long up;

    if ( domid == 0 )
        up = dom0_uptime();
    else if ( libxl_vm_get_start_time(ctx, domid, &start) )
        return;
    else
        up = now - (time_t)start;
    if ( up < 0 )
        up = 0;
    print_uptime(domid, name ? name : "(null)", up, short_mode, now, g);
}

int main_uptime(int argc, char **argv)
{
    static const struct option opts[] = { FORMAT_LONG_OPT, COMMON_LONG_OPTS };
    bool short_mode = false, json = false;
    time_t now = time(NULL);
    struct libxl_dominfo *info;
    yajl_gen g = NULL;
    char **names;
    int opt, nb, i;

    SWITCH_FOREACH_OPT(opt, "sF:", opts, "uptime", 0)
    {
    case 's':
        short_mode = true;
        break;
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    if ( optind < argc )
    {
        nb = argc - optind;
        info = calloc(nb, sizeof(*info));
        for ( i = 0; info && i < nb; i++ )
            info[i].domid = find_domain(argv[optind + i]);
    }
    else
        info = libxl_list_domain(ctx, &nb);
    if ( !info )
        fail_rc(ERROR_NO_HYPERVISOR, "Could not list vms");
    names = names_of(info, nb);
    if ( json )
    {
        g = json_new();
        yajl_gen_array_open(g);
    }
    else if ( !short_mode )
        printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    for ( i = 0; i < nb; i++ )
        uptime_of(info[i].domid, names[i], short_mode, now, g);
    free_names(names, nb);
    free(info);
    if ( g )
    {
        yajl_gen_array_close(g);
        return json_print(g);
    }
    return XL_EXIT_OK;
}

int main_dmesg(int argc, char **argv)
{
    static const struct option opts[] = { { "clear", 0, 0, 'c' },
                                          COMMON_LONG_OPTS };
    bool clear = false;
    char *text;
    int opt;

    SWITCH_FOREACH_OPT(opt, "c", opts, "dmesg", 0)
    {
    case 'c':
        clear = true;
        break;
    }
    text = libxl_xen_console_read(ctx, clear);
    if ( !text )
        fail_rc(ERROR_NO_HYPERVISOR, "cannot read the hypervisor's console");
    fputs(text, stdout);
    free(text);
    return XL_EXIT_OK;
}
