/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_nic.c: `network-attach`, `network-detach`, `network-list`: virtual
 * network interfaces of a running domain (xl-network-configuration(5)
 * keys), with xl.conf's vif defaults, their nodes written as Xen's are.
 */
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "xl.h"
#include "xl_json.h"

static void set_defaults(struct libxl_device_nic *n)
{
    if ( !n->script && xlconf.default_vifscript )
        n->script = strdup(xlconf.default_vifscript);
    if ( !n->bridge && xlconf.default_bridge )
        n->bridge = strdup(xlconf.default_bridge);
    if ( !n->gatewaydev && xlconf.default_gatewaydev )
        n->gatewaydev = strdup(xlconf.default_gatewaydev);
    if ( !n->backend_domname && xlconf.default_vifbackend )
        n->backend_domname = strdup(xlconf.default_vifbackend);
}

int main_networkattach(int argc, char **argv)
{
    struct libxl_device_nic nic;
    char err[256], *spec;
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "network-attach", 1)
    {
    }
    domid = find_domain(argv[optind]);
    spec = join_args(argc - optind - 1, argv + optind + 1, ',');
    libxl_device_nic_init(&nic);
    if ( !spec || xlu_vif_parse(spec, -1, &nic, err, sizeof(err)) )
    {
        fprintf(stderr, "invalid network specification '%s': %s\n",
                spec ? spec : "", spec ? err : "out of memory");
        free(spec);
        return XL_EXIT_BAD_CONFIG;
    }
    free(spec);
    set_defaults(&nic);
    if ( dryrun_only )
    {
        struct libxl_domain_config one;
        char *json;

        libxl_domain_config_init(&one);
        one.nics = &nic;
        one.num_nics = 1;
        json = libxl_domain_config_to_json(&one);
        printf("vif: %s\n", json ? json : "null");
        free(json);
        libxl_device_nic_dispose(&nic);
        return XL_EXIT_OK;
    }
    rc = libxl_device_nic_add(ctx, domid, &nic);
    libxl_device_nic_dispose(&nic);
    if ( rc )
    {
        fprintf(stderr, "libxl_device_nic_add failed.\n");
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

static void print_nic(const struct libxl_device_nic *n,
                      const struct libxl_devinfo *d)
{
    printf("%-3d %-2d ", d->devid, d->backend_id);
    printf(LIBXL_MAC_FMT, LIBXL_MAC_BYTES(n->mac));
    printf("%6d %5d %6d %5d/%-11d %-30s\n", d->devid, d->state, d->evtch,
           d->rref, d->rref_rx, d->backend);
}

static void json_nic(yajl_gen g, uint32_t domid,
                     const struct libxl_device_nic *n,
                     const struct libxl_devinfo *d)
{
    char mac[18];

    snprintf(mac, sizeof(mac), LIBXL_MAC_FMT, LIBXL_MAC_BYTES(n->mac));
    yajl_gen_map_open(g);
    json_int(g, "domid", domid);
    json_int(g, "devid", d->devid);
    json_str(g, "mac", mac);
    json_str(g, "bridge", n->bridge);
    json_str(g, "ip", n->ip);
    json_int(g, "backend_id", d->backend_id);
    json_int(g, "state", d->state);
    json_int(g, "event_channel", d->evtch);
    json_int(g, "tx_ring_ref", d->rref);
    json_int(g, "rx_ring_ref", d->rref_rx);
    json_str(g, "backend", d->backend);
    json_str(g, "frontend", d->frontend);
    yajl_gen_map_close(g);
}

int main_networklist(int argc, char **argv)
{
    static const struct option opts[] = { FORMAT_LONG_OPT, COMMON_LONG_OPTS };
    bool json = false;
    yajl_gen g = NULL;
    int opt, i, j, nb;

    SWITCH_FOREACH_OPT(opt, "F:", opts, "network-list", 1)
    {
    case 'F':
        parse_format(optarg, &json);
        break;
    }
    if ( json )
    {
        g = json_new();
        yajl_gen_array_open(g);
    }
    else
        printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE",
               "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref",
               "BE-path");
    for ( i = optind; i < argc; i++ )
    {
        uint32_t domid = find_domain(argv[i]);
        struct libxl_device_nic *nics = libxl_device_nic_list(ctx, domid, &nb);

        for ( j = 0; nics && j < nb; j++ )
        {
            struct libxl_devinfo d;

            if ( !libxl_device_nic_getinfo(ctx, domid, &nics[j], &d) )
            {
                if ( g )
                    json_nic(g, domid, &nics[j], &d);
                else
                    print_nic(&nics[j], &d);
                libxl_devinfo_dispose(&d);
            }
            libxl_device_nic_dispose(&nics[j]);
        }
        free(nics);
    }
    if ( g )
    {
        yajl_gen_array_close(g);
        return json_print(g);
    }
    return XL_EXIT_OK;
}

int main_networkdetach(int argc, char **argv)
{
    const char *which;
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "network-detach", 2)
    {
    }
    domid = find_domain(argv[optind]);
    which = argv[optind + 1];
    rc = strchr(which, ':') ? libxl_device_nic_remove(ctx, domid, -1, which)
                            : libxl_device_nic_remove(ctx, domid, atoi(which),
                                                      NULL);
    if ( rc == ERROR_NOTFOUND || rc == ERROR_INVAL )
    {
        fprintf(stderr, "Unknown device %s.\n", which);
        return XL_EXIT_FAIL;
    }
    if ( rc )
    {
        fprintf(stderr, "libxl_device_nic_del failed.\n");
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}
