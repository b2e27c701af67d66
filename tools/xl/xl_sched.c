/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_sched.c: `sched-credit`: a domain's weight and cap, and the credit
 * scheduler's time slice and rate limit (one pool, Pool-0), with Xen's
 * options and output.
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "xl_json.h"

#define POOL_NAME "Pool-0"

static int domain_line(uint32_t domid, yajl_gen g)
{
    char *name = libxl_domid_to_name(ctx, domid);
    int weight, cap, rc = libxl_domain_sched_params_get(ctx, domid, &weight,
                                                        &cap);

    if ( !name && !domid )
        name = strdup("Domain-0");
    if ( rc )
    {
        fprintf(stderr, "libxl_domain_sched_params_get failed.\n");
        free(name);
        return exit_code_of(rc);
    }
    if ( g )
    {
        yajl_gen_map_open(g);
        json_str(g, "name", name);
        json_int(g, "domid", domid);
        json_int(g, "weight", weight);
        json_int(g, "cap", cap);
        yajl_gen_map_close(g);
    }
    else
        printf("%-33s %4d %6d %4d\n", name ? name : "(null)", domid, weight,
               cap);
    free(name);
    return XL_EXIT_OK;
}

static void header(void)
{
    printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
}

static int pool_line(yajl_gen g)
{
    struct libxl_sched_credit_params p;
    int rc = libxl_sched_credit_params_get(ctx, 0, &p);

    if ( g )
    {
        json_str(g, "pool", POOL_NAME);
        json_str(g, "scheduler", "credit");
        if ( !rc )
        {
            json_int(g, "tslice_ms", p.tslice_ms);
            json_int(g, "ratelimit_us", p.ratelimit_us);
            json_int(g, "migration_delay_us", p.vcpu_migr_delay_us);
        }
    }
    else if ( rc )
        printf("Cpupool %s: [sched params unavailable]\n", POOL_NAME);
    else
        printf("Cpupool %s: tslice=%dms ratelimit=%dus migration-delay=%dus\n",
               POOL_NAME, p.tslice_ms, p.ratelimit_us, p.vcpu_migr_delay_us);
    return rc;
}

static int list_all(yajl_gen g)
{
    struct libxl_dominfo *info;
    int nb, i, rc = XL_EXIT_OK;

    info = libxl_list_domain(ctx, &nb);
    if ( !info )
        fail_rc(ERROR_NO_HYPERVISOR, "libxl_list_domain failed");
    if ( g )
        yajl_gen_map_open(g);
    pool_line(g);
    if ( g )
    {
        json_key(g, "domains");
        yajl_gen_array_open(g);
    }
    else
        header();
    for ( i = 0; i < nb && !rc; i++ )
        rc = domain_line(info[i].domid, g);
    free(info);
    if ( g )
    {
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
        return json_print(g);
    }
    return rc;
}

static int parse_int(const char *s, const char *what, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if ( end == s || *end )
    {
        fprintf(stderr, "invalid %s: %s\n", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_pool(bool opt_t, int tslice, bool opt_r, int ratelimit,
                    bool opt_m, int migrdelay)
{
    struct libxl_sched_credit_params p;
    int rc = libxl_sched_credit_params_get(ctx, 0, &p);

    if ( rc )
    {
        fprintf(stderr, "libxl_sched_credit_params_get failed.\n");
        return exit_code_of(rc);
    }
    if ( opt_t )
        p.tslice_ms = tslice;
    if ( opt_r )
        p.ratelimit_us = ratelimit;
    if ( opt_m )
        p.vcpu_migr_delay_us = migrdelay;
    rc = libxl_sched_credit_params_set(ctx, 0, &p);
    if ( rc )
        fprintf(stderr, "libxl_sched_credit_params_set failed.\n");
    return exit_code_of(rc);
}

int main_sched_credit(int argc, char **argv)
{
    static const struct option opts[] = {
        { "domain", 1, 0, 'd' },
        { "weight", 1, 0, 'w' },
        { "cap", 1, 0, 'c' },
        { "schedparam", 0, 0, 's' },
        { "tslice_ms", 1, 0, 't' },
        { "ratelimit_us", 1, 0, 'r' },
        { "migration_delay_us", 1, 0, 'm' },
        { "cpupool", 1, 0, 'p' },
        FORMAT_LONG_OPT,
        COMMON_LONG_OPTS,
    };
    const char *dom = NULL, *pool = NULL;
    int weight = -1, cap = -1, tslice = 0, ratelimit = 0, migrdelay = 0;
    bool opt_w = false, opt_c = false, opt_t = false, opt_r = false,
         opt_m = false, opt_s = false, json = false;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "d:w:c:p:t:r:m:sF:", opts, "sched-credit", 0)
    {
    case 'd':
        dom = optarg;
        break;
    case 'w':
        opt_w = true;
        if ( parse_int(optarg, "weight", &weight) )
            return XL_EXIT_USAGE;
        break;
    case 'c':
        opt_c = true;
        if ( parse_int(optarg, "cap", &cap) )
            return XL_EXIT_USAGE;
        break;
    case 't':
        opt_t = true;
        if ( parse_int(optarg, "tslice_ms", &tslice) )
            return XL_EXIT_USAGE;
        break;
    case 'r':
        opt_r = true;
        if ( parse_int(optarg, "ratelimit_us", &ratelimit) )
            return XL_EXIT_USAGE;
        break;
    case 'm':
        opt_m = true;
        if ( parse_int(optarg, "migration_delay_us", &migrdelay) )
            return XL_EXIT_USAGE;
        break;
    case 's':
        opt_s = true;
        break;
    case 'p':
        pool = optarg;
        break;
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    if ( (pool || opt_s) && (dom || opt_w || opt_c) )
    {
        fprintf(stderr, "Specifying a cpupool or schedparam is not allowed "
                        "with domain options.\n");
        return XL_EXIT_USAGE;
    }
    if ( !dom && (opt_w || opt_c) )
    {
        fprintf(stderr, "Must specify a domain.\n");
        return XL_EXIT_USAGE;
    }
    if ( !opt_s && (opt_t || opt_r || opt_m) )
    {
        fprintf(stderr, "Must specify schedparam to set schedule parameter "
                        "values.\n");
        return XL_EXIT_USAGE;
    }
    if ( pool && strcmp(pool, POOL_NAME) && strcmp(pool, "0") )
    {
        fprintf(stderr, "unknown cpupool '%s'\n", pool);
        return XL_EXIT_FAIL;
    }
    if ( opt_s )
    {
        if ( opt_t || opt_r || opt_m )
            return set_pool(opt_t, tslice, opt_r, ratelimit, opt_m, migrdelay);
        if ( json )
        {
            yajl_gen g = json_new();

            yajl_gen_map_open(g);
            pool_line(g);
            yajl_gen_map_close(g);
            return json_print(g);
        }
        return pool_line(NULL) ? XL_EXIT_FAIL : XL_EXIT_OK;
    }
    if ( !dom )
        return list_all(json ? json_new() : NULL);
    if ( !opt_w && !opt_c )
    {
        yajl_gen g = json ? json_new() : NULL;

        if ( g )
            yajl_gen_array_open(g);
        else
            header();
        rc = domain_line(find_domain(dom), g);
        if ( g )
        {
            yajl_gen_array_close(g);
            rc = rc ? rc : json_print(g);
        }
        return rc;
    }
    rc = libxl_domain_sched_params_set(ctx, find_domain(dom),
                                       opt_w ? weight : -1, opt_c ? cap : -1);
    if ( rc )
        fprintf(stderr, "libxl_domain_sched_params_set failed.\n");
    return exit_code_of(rc);
}
