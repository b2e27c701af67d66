/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_vcpu.c: `vcpu-list`, `vcpu-pin`, `vcpu-set`, with Xen's output.
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "xl_json.h"

static void print_vcpu(const char *name, uint32_t domid,
                       const struct libxl_vcpuinfo *v, int nr_cpus)
{
    printf("%-32s %5u %5u", name, domid, v->vcpuid);
    if ( !v->online )
        printf("%5c %3c%cp ", '-', '-', '-');
    else
        printf("%5u %3c%c- ", v->cpu, v->running ? 'r' : '-',
               v->blocked ? 'b' : '-');
    printf("%9.1f  ", (float)v->vcpu_time / 1e9);
    print_bitmap(&v->cpumap, nr_cpus, stdout);
    printf(" / ");
    print_bitmap(&v->cpumap_soft, nr_cpus, stdout);
    printf("\n");
}

static void json_vcpu(yajl_gen g, const char *name, uint32_t domid,
                      const struct libxl_vcpuinfo *v, int nr_cpus)
{
    char state[4] = { v->online && v->running ? 'r' : '-',
                      v->online && v->blocked ? 'b' : '-',
                      v->online ? '-' : 'p', '\0' };

    yajl_gen_map_open(g);
    json_str(g, "name", name);
    json_int(g, "domid", domid);
    json_int(g, "vcpu", v->vcpuid);
    json_key(g, "cpu");
    if ( v->online )
        yajl_gen_integer(g, v->cpu);
    else
        yajl_gen_null(g);
    json_str(g, "state", state);
    json_bool(g, "online", v->online);
    json_bool(g, "running", v->running);
    json_bool(g, "blocked", v->blocked);
    json_double(g, "time", (double)v->vcpu_time / 1e9);
    json_bitmap(g, "hard_affinity", &v->cpumap, nr_cpus);
    json_bitmap(g, "soft_affinity", &v->cpumap_soft, nr_cpus);
    yajl_gen_map_close(g);
}

static void list_domain(uint32_t domid, int nr_cpus, yajl_gen g)
{
    struct libxl_vcpuinfo *v;
    char *name = libxl_domid_to_name(ctx, domid);
    int nb, host_cpus, i;

    if ( !name && !domid )
        name = strdup("Domain-0");
    v = libxl_list_vcpu(ctx, domid, &nb, &host_cpus);
    for ( i = 0; v && i < nb; i++ )
    {
        if ( g )
            json_vcpu(g, name ? name : "(null)", domid, &v[i], nr_cpus);
        else
            print_vcpu(name ? name : "(null)", domid, &v[i], nr_cpus);
    }
    free(v);
    free(name);
}

int main_vcpulist(int argc, char **argv)
{
    static const struct option opts[] = { FORMAT_LONG_OPT, COMMON_LONG_OPTS };
    struct libxl_physinfo pi;
    bool json = false;
    yajl_gen g = NULL;
    int opt, i;

    SWITCH_FOREACH_OPT(opt, "F:", opts, "vcpu-list", 0)
    {
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    if ( libxl_get_physinfo(ctx, &pi) )
        fail_rc(ERROR_NO_HYPERVISOR, "libxl_physinfo failed");
    if ( json )
    {
        g = json_new();
        yajl_gen_array_open(g);
    }
    else
        printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
               "State", "Time(s)", "Affinity (Hard / Soft)");
    if ( optind >= argc )
    {
        struct libxl_dominfo *info;
        int nb;

        info = libxl_list_domain(ctx, &nb);
        if ( !info )
            fail_rc(ERROR_NO_HYPERVISOR, "libxl_list_domain failed");
        for ( i = 0; i < nb; i++ )
            list_domain(info[i].domid, pi.nr_cpus, g);
        free(info);
    }
    else
        for ( i = optind; i < argc; i++ )
            list_domain(find_domain(argv[i]), pi.nr_cpus, g);
    if ( g )
    {
        yajl_gen_array_close(g);
        return json_print(g);
    }
    return XL_EXIT_OK;
}

int main_vcpupin(int argc, char **argv)
{
    static const struct option opts[] = { { "force", 0, 0, 'f' },
                                          COMMON_LONG_OPTS };
    struct libxl_bitmap hard, soft;
    bool have_hard = false, have_soft = false;
    const char *vcpu, *hard_s, *soft_s;
    uint32_t domid;
    long vcpuid;
    char *end;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "f", opts, "vcpu-pin", 3)
    {
    case 'f':
        break; /* the affinity is set as asked either way */
    }
    domid = find_domain(argv[optind]);
    vcpu = argv[optind + 1];
    hard_s = argv[optind + 2];
    soft_s = argc > optind + 3 ? argv[optind + 3] : NULL;
    vcpuid = strtol(vcpu, &end, 10);
    if ( end == vcpu || *end || vcpuid < 0 )
    {
        if ( strcmp(vcpu, "all") )
        {
            fprintf(stderr, "Error: Invalid argument %s as VCPU.\n", vcpu);
            return XL_EXIT_USAGE;
        }
        vcpuid = -1;
    }
    memset(&hard, 0, sizeof(hard));
    memset(&soft, 0, sizeof(soft));
    if ( strcmp(hard_s, "-") )
    {
        if ( parse_cpurange(hard_s, &hard) )
            return XL_EXIT_USAGE;
        have_hard = true;
    }
    if ( soft_s && strcmp(soft_s, "-") )
    {
        if ( parse_cpurange(soft_s, &soft) )
            return XL_EXIT_USAGE;
        have_soft = true;
    }
    if ( dryrun_only )
    {
        int nr = libxl_get_max_cpus(ctx);

        printf("cpumap: ");
        if ( have_hard )
            print_bitmap(&hard, nr, stdout);
        else
            printf("-");
        if ( have_soft )
        {
            printf(" ");
            print_bitmap(&soft, nr, stdout);
        }
        printf("\n");
        return XL_EXIT_OK;
    }
    rc = libxl_set_vcpuaffinity(ctx, domid, vcpuid, have_hard ? &hard : NULL,
                                have_soft ? &soft : NULL);
    if ( rc )
    {
        if ( vcpuid >= 0 )
            fprintf(stderr, "Could not set affinity for vcpu `%ld'.\n",
                    vcpuid);
        else
            fprintf(stderr, "Could not set affinity.\n");
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

int main_vcpuset(int argc, char **argv)
{
    static const struct option opts[] = { { "ignore-host", 0, 0, 'i' },
                                          COMMON_LONG_OPTS };
    bool check_host = true;
    unsigned long count;
    uint32_t domid;
    char *end;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "i", opts, "vcpu-set", 2)
    {
    case 'i':
        check_host = false;
        break;
    }
    domid = find_domain(argv[optind]);
    count = strtoul(argv[optind + 1], &end, 10);
    if ( end == argv[optind + 1] || *end )
    {
        fprintf(stderr, "Error: Invalid argument.\n");
        return XL_EXIT_USAGE;
    }
    if ( check_host )
    {
        struct libxl_dominfo info;
        int host = libxl_get_max_cpus(ctx);

        if ( !libxl_domain_info(ctx, &info, domid) &&
             count > info.vcpu_online && host > 0 && count > (unsigned)host )
        {
            fprintf(stderr,
                    "You are overcommmitting! You have %d physical CPUs and "
                    "want %lu vCPUs! Aborting, use --ignore-host to "
                    "continue\n",
                    host, count);
            return XL_EXIT_FAIL;
        }
    }
    rc = libxl_set_vcpuonline(ctx, domid, count);
    if ( rc == ERROR_DOMAIN_NOTFOUND )
        fprintf(stderr, "Domain %u does not exist.\n", domid);
    else if ( rc )
        fprintf(stderr,
                "libxl_set_vcpuonline failed domid=%u max_vcpus=%lu, rc: %d\n",
                domid, count, rc);
    return exit_code_of(rc);
}
