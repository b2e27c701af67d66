/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_block.c: `block-attach`, `block-detach`, `block-list`: virtual disks
 * of a running domain, given with Xen's disk specification syntax
 * (xl-disk-configuration(5)); their nodes are written as Xen writes
 * them, and the domain's stored configuration follows.
 */
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "xl.h"
#include "xl_json.h"

/* The arguments after the domain, joined with commas (Xen's multistring). */
int main_blockattach(int argc, char **argv)
{
    struct libxl_device_disk disk;
    char err[256], *spec;
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "block-attach", 2)
    {
    }
    domid = find_domain(argv[optind]);
    spec = join_args(argc - optind - 1, argv + optind + 1, ',');
    libxl_device_disk_init(&disk);
    if ( !spec || xlu_disk_parse(spec, &disk, err, sizeof(err)) )
    {
        fprintf(stderr, "invalid disk specification '%s': %s\n",
                spec ? spec : "", spec ? err : "out of memory");
        free(spec);
        return XL_EXIT_BAD_CONFIG;
    }
    free(spec);
    if ( dryrun_only )
    {
        struct libxl_domain_config one;
        char *json;

        libxl_domain_config_init(&one);
        one.disks = &disk;
        one.num_disks = 1;
        json = libxl_domain_config_to_json(&one);
        printf("disk: %s\n", json ? json : "null");
        free(json);
        libxl_device_disk_dispose(&disk);
        return XL_EXIT_OK;
    }
    rc = libxl_device_disk_add(ctx, domid, &disk);
    libxl_device_disk_dispose(&disk);
    if ( rc )
    {
        fprintf(stderr, "libxl_device_disk_add failed.\n");
        return rc == ERROR_INVAL ? XL_EXIT_BAD_CONFIG : exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

int main_blocklist(int argc, char **argv)
{
    static const struct option opts[] = { FORMAT_LONG_OPT, COMMON_LONG_OPTS };
    bool json = false;
    yajl_gen g = NULL;
    int opt, i, j, nb;

    SWITCH_FOREACH_OPT(opt, "F:", opts, "block-list", 1)
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
        printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle",
               "state", "evt-ch", "ring-ref", "BE-path");
    for ( i = optind; i < argc; i++ )
    {
        uint32_t domid;
        struct libxl_device_disk *disks;

        if ( libxl_domain_qualifier_to_domid(ctx, argv[i], &domid) )
        {
            fprintf(stderr, "%s is an invalid domain identifier\n", argv[i]);
            continue;
        }
        disks = libxl_device_disk_list(ctx, domid, &nb);
        for ( j = 0; disks && j < nb; j++ )
        {
            struct libxl_devinfo d;

            if ( !libxl_device_disk_getinfo(ctx, domid, &disks[j], &d) )
            {
                if ( g )
                {
                    yajl_gen_map_open(g);
                    json_int(g, "domid", domid);
                    json_str(g, "vdev", disks[j].vdev);
                    json_int(g, "devid", d.devid);
                    json_str(g, "target", disks[j].pdev_path);
                    json_int(g, "backend_id", d.backend_id);
                    json_int(g, "state", d.state);
                    json_int(g, "event_channel", d.evtch);
                    json_int(g, "ring_ref", d.rref);
                    json_str(g, "backend", d.backend);
                    json_str(g, "frontend", d.frontend);
                    yajl_gen_map_close(g);
                }
                else
                    printf("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", d.devid,
                           d.backend_id, d.frontend_id, d.state, d.evtch,
                           d.rref, d.backend);
                libxl_devinfo_dispose(&d);
            }
            libxl_device_disk_dispose(&disks[j]);
        }
        free(disks);
    }
    if ( g )
    {
        yajl_gen_array_close(g);
        return json_print(g);
    }
    return XL_EXIT_OK;
}

int main_blockdetach(int argc, char **argv)
{
    static const struct option opts[] = { { "force", 0, 0, 'f' },
                                          COMMON_LONG_OPTS };
    const char *vdev;
    uint32_t domid;
    char *end;
    long devid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "f", opts, "block-detach", 2)
    {
    case 'f':
        break; /* no backend to wait for today: removal is immediate */
    }
    domid = find_domain(argv[optind]);
    vdev = argv[optind + 1];
    devid = strtol(vdev, &end, 10);
    rc = ERROR_NOTFOUND;
    if ( end != vdev && !*end )
    {
        /* A device number: find the disk that has it. */
        struct libxl_device_disk *disks;
        int nb, i;

        disks = libxl_device_disk_list(ctx, domid, &nb);
        for ( i = 0; disks && i < nb; i++ )
        {
            if ( rc == ERROR_NOTFOUND && disks[i].devid == devid )
                rc = libxl_device_disk_remove(ctx, domid, disks[i].vdev);
            libxl_device_disk_dispose(&disks[i]);
        }
        free(disks);
    }
    else
        rc = libxl_device_disk_remove(ctx, domid, vdev);
    if ( rc == ERROR_NOTFOUND || rc == ERROR_INVAL )
    {
        fprintf(stderr, "Error: Device %s not connected.\n", vdev);
        return XL_EXIT_FAIL;
    }
    if ( rc )
    {
        fprintf(stderr, "libxl_device_disk_safe_remove failed.\n");
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}
