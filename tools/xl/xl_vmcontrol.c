/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_vmcontrol.c: a domain's life: `create`, `destroy`, `shutdown`,
 * `reboot`, `pause`, `unpause`, `rename`, `config-update`, `dump-core`.
 * After a create, a per-domain monitor (xl_monitor.c) carries out the
 * domain's on_* actions, as Xen's xl does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <libxlutil.h>
#include <public/sched.h>

#include "xl.h"

/* xl.conf's vif defaults for interfaces whose spec left them out. */
static void apply_nic_defaults(struct libxl_domain_config *c)
{
    unsigned int i;

    for ( i = 0; i < c->num_nics; i++ )
    {
        struct libxl_device_nic *n = &c->nics[i];

        if ( !n->script && xlconf.default_vifscript )
            n->script = strdup(xlconf.default_vifscript);
        if ( !n->bridge && xlconf.default_bridge )
            n->bridge = strdup(xlconf.default_bridge);
        if ( !n->gatewaydev && xlconf.default_gatewaydev )
            n->gatewaydev = strdup(xlconf.default_gatewaydev);
        if ( !n->backend_domname && xlconf.default_vifbackend )
            n->backend_domname = strdup(xlconf.default_vifbackend);
    }
}

/* An xl.cfg or XML file, then key=value overrides; exits 4 if bad. */
static void load_config(const char *path, char *const *overrides,
                        unsigned int nr, struct libxl_domain_config *c)
{
    struct xlu_error err;
    int rc;

    if ( access(path, R_OK) )
    {
        fprintf(stderr, "Failed to read config file: %s: %s\n", path,
                strerror(errno));
        exit(XL_EXIT_BAD_CONFIG);
    }
    memset(&err, 0, sizeof(err));
    /* xl.cfg or domain XML, whichever the file holds. */
    rc = xlu_parse_domain_config_file(path, (const char *const *)overrides, nr,
                                      c, &err, xlu_warn_stderr, NULL);
    if ( rc )
    {
        xlu_error_print(&err, stderr);
        exit(XL_EXIT_BAD_CONFIG);
    }
    apply_nic_defaults(c);
}

/* Xen's lock around creation (xl.conf lockfile). */
static int acquire_lock(void)
{
    int fd = open(xlconf.lockfile, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

    if ( fd < 0 )
    {
        fprintf(stderr, "cannot open the lockfile %s errno=%d\n",
                xlconf.lockfile, errno);
        return -1;
    }
    while ( flock(fd, LOCK_EX) )
        if ( errno != EINTR )
        {
            fprintf(stderr, "cannot acquire lock %s errno=%d\n",
                    xlconf.lockfile, errno);
            close(fd);
            return -1;
        }
    return fd;
}

/*
 * autoballoon=off: xl makes sure the host has the memory free. With it
 * on (Xen's "auto"), domain 0 here is the host itself, whose kernel
 * hands memory to the lazily backed guest as the guest touches it.
 */
static bool memory_fits(const struct libxl_domain_config *c)
{
    struct libxl_physinfo pi;

    if ( xlconf.autoballoon || libxl_get_physinfo(ctx, &pi) )
        return true;
    return (pi.free_pages - pi.outstanding_pages) * 4 >= c->b_info.max_memkb;
}

int main_create(int argc, char **argv)
{
    static const struct option opts[] = {
        { "dryrun", 0, 0, 'n' },     { "quiet", 0, 0, 'q' },
        { "defconfig", 1, 0, 'f' },  { "paused", 0, 0, 'p' },
        { "console", 0, 0, 'c' },    { "foreground", 0, 0, 'F' },
        { "no-monitor", 0, 0, 'e' }, COMMON_LONG_OPTS,
    };
    const char *file = NULL;
    bool dryrun = dryrun_only, quiet = false, paused = false, console = false,
         foreground = false, monitor = true;
    struct libxl_domain_config c;
    uint32_t domid;
    int opt, rc, lock;

    SWITCH_FOREACH_OPT(opt, "nqf:pcFeVAd", opts, "create", 0)
    {
    case 'n':
        dryrun = true;
        break;
    case 'q':
        quiet = true;
        break;
    case 'f':
        file = optarg;
        break;
    case 'p':
        paused = true;
        break;
    case 'c':
        console = true;
        break;
    case 'F':
        foreground = true;
        break;
    case 'e':
        monitor = false;
        break;
    case 'V':
    case 'A':
        fprintf(stderr, "there is no VNC console here: option ignored\n");
        break;
    case 'd':
        break;
    }
    /* The file comes as -f or first (unless it is an override). */
    if ( !file && optind < argc && !strchr(argv[optind], '=') )
        file = argv[optind++];
    if ( !file )
    {
        fprintf(stderr, "'xl create' requires a configuration file.\n\n");
        help("create");
        return XL_EXIT_USAGE;
    }
    if ( !quiet )
        fprintf(stderr, "Parsing config from %s\n", file);
    libxl_domain_config_init(&c);
    load_config(file, argv + optind, argc - optind, &c);
    if ( dryrun )
    {
        char *json = libxl_domain_config_to_json(&c);

        if ( !json )
            return XL_EXIT_FAIL;
        fputs(json, stdout);
        if ( json[0] && json[strlen(json) - 1] != '\n' )
            putchar('\n');
        free(json);
        libxl_domain_config_dispose(&c);
        return XL_EXIT_OK;
    }
    lock = acquire_lock();
    if ( lock < 0 )
        return XL_EXIT_FAIL;
    if ( !memory_fits(&c) )
    {
        fprintf(stderr, "failed to free memory for the domain\n");
        close(lock);
        return XL_EXIT_FAIL;
    }
    rc = libxl_domain_create_new(ctx, &c, &domid,
                                 paused ? LIBXL_CREATE_PAUSED : 0);
    close(lock);
    if ( rc )
    {
        libxl_domain_config_dispose(&c);
        return rc == ERROR_INVAL ? XL_EXIT_BAD_CONFIG : exit_code_of(rc);
    }
    if ( !quiet && verbosity )
    {
        struct libxl_xs_stats st;

        libxl_xs_stats_get(ctx, &st);
        fprintf(stderr, "Created domain %s (domid %u)\n", c.c_info.name, domid);
        /* What the create cost in xenstore traffic (bench/toolstack.sh). */
        fprintf(stderr, "xenstore: %lu requests in %lu round trips\n",
                st.requests, st.round_trips);
    }
    if ( foreground && !console )
    {
        rc = monitor_domain(domid, &c, true);
        libxl_domain_config_dispose(&c);
        return rc;
    }
    if ( monitor && monitor_domain(domid, &c, false) )
        fprintf(stderr, "cannot start the domain's monitor: its on_* "
                        "actions will not be carried out\n");
    libxl_domain_config_dispose(&c);
    return console ? console_attach(domid, quiet) : XL_EXIT_OK;
}

int main_destroy(int argc, char **argv)
{
    uint32_t domid;
    bool force = false;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "f", NULL, "destroy", 1)
    {
    case 'f':
        force = true;
        break;
    }
    domid = find_domain(argv[optind]);
    if ( domid == 0 && !force )
    {
        fprintf(stderr, "Not destroying domain 0; use -f to force.\n"
                        "This can only be done when using a disaggregated "
                        "hardware domain and toolstack.\n\n");
        return XL_EXIT_FAIL;
    }
    rc = libxl_domain_destroy(ctx, domid);
    if ( rc )
    {
        fprintf(stderr, "destroy failed (rc=%d)\n", rc);
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

/* Ask for (or, with -F, force) a shutdown or reboot; false on failure. */
static bool ask(uint32_t domid, bool reboot, bool fallback)
{
    int rc;

    fprintf(stderr, "%s domain %u\n", reboot ? "Rebooting" : "Shutting down",
            domid);
    rc = reboot ? libxl_domain_reboot(ctx, domid)
                : libxl_domain_shutdown(ctx, domid);
    if ( rc == ERROR_NOPARAVIRT )
    {
        if ( fallback )
        {
            /*
             * No ACPI here: the fallback is the hypervisor's own
             * shutdown, with the reason the guest would have given.
             */
            fprintf(stderr, "PV control interface not available: shutting "
                            "the domain down from the hypervisor.\n");
            rc = libxl_domain_force_shutdown(
                ctx, domid, reboot ? SHUTDOWN_reboot : SHUTDOWN_poweroff);
        }
        else
        {
            fprintf(stderr,
                    "PV control interface not available: external "
                    "graceful %s not possible.\n",
                    reboot ? "reboot" : "shutdown");
            fprintf(stderr, "Use \"-F\" to fallback to ACPI %s event.\n",
                    reboot ? "reset" : "power");
        }
    }
    if ( rc )
        fprintf(stderr, "%s failed (rc=%d)\n", reboot ? "reboot" : "shutdown",
                rc);
    return !rc;
}

/*
 * -w: wait until each domain has shut down or gone. A reboot is waited
 * for until the domain (restarted by its monitor under a new id) is
 * gone: the old domain's end.
 */
static int wait_for(const uint32_t *domids, int nr)
{
    int i, rc, failed = 0;

    fprintf(stderr, "Waiting for %d domains\n", nr);
    for ( i = 0; i < nr; i++ )
    {
        unsigned int reason;

        rc = libxl_domain_wait_shutdown(ctx, domids[i], -1, 100, &reason);
        if ( rc == 1 )
            fprintf(stderr, "Domain %d has been shut down, reason code %u\n",
                    domids[i], reason);
        else if ( rc == 0 )
            fprintf(stderr, "Domain %d has been destroyed\n", domids[i]);
        else
        {
            fprintf(stderr, "Failed to wait for domain %d (rc=%d)\n", domids[i],
                    rc);
            failed = 1;
        }
    }
    return failed ? XL_EXIT_FAIL : XL_EXIT_OK;
}

static int shutdown_or_reboot(int argc, char **argv, bool reboot)
{
    static const struct option opts[] = {
        { "all", 0, 0, 'a' },
        { "wait", 0, 0, 'w' },
        COMMON_LONG_OPTS,
    };
    const char *what = reboot ? "reboot" : "shutdown";
    bool all = false, wait = false, fallback = false;
    struct libxl_dominfo *info = NULL;
    uint32_t *domids = NULL;
    int opt, nb = 0, i, nr = 0, failed = 0;

    SWITCH_FOREACH_OPT(opt, "awF", opts, what, 0)
    {
    case 'a':
        all = true;
        break;
    case 'w':
        wait = true;
        break;
    case 'F':
        fallback = true;
        break;
    }
    if ( optind >= argc && !all )
    {
        fprintf(stderr, "You must specify -a or a domain id.\n\n");
        return XL_EXIT_USAGE;
    }
    if ( all )
    {
        info = libxl_list_domain(ctx, &nb);
        if ( !info )
            fail_rc(ERROR_NO_HYPERVISOR, "libxl_list_domain failed");
    }
    else
        nb = argc - optind;
    domids = calloc(nb ? nb : 1, sizeof(*domids));
    if ( !domids )
        return XL_EXIT_FAIL;
    for ( i = 0; i < nb; i++ )
    {
        uint32_t domid = all ? info[i].domid : find_domain(argv[optind + i]);

        if ( all && (domid == 0 || info[i].shutdown || info[i].dying) )
            continue;
        if ( ask(domid, reboot, fallback) )
            domids[nr++] = domid;
        else
            failed = 1;
    }
    free(info);
    if ( wait && nr )
        failed |= wait_for(domids, nr) != XL_EXIT_OK;
    free(domids);
    return failed ? XL_EXIT_FAIL : XL_EXIT_OK;
}

int main_shutdown(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, false);
}

int main_reboot(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, true);
}

static int pause_or_unpause(int argc, char **argv, bool pause)
{
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, pause ? "pause" : "unpause", 1)
    {
    }
    rc = pause ? libxl_domain_pause(ctx, find_domain(argv[optind]))
               : libxl_domain_unpause(ctx, find_domain(argv[optind]));
    if ( rc )
        fprintf(stderr, "%s failed (rc=%d)\n", pause ? "pause" : "unpause", rc);
    return exit_code_of(rc);
}

int main_pause(int argc, char **argv)
{
    return pause_or_unpause(argc, argv, true);
}

int main_unpause(int argc, char **argv)
{
    return pause_or_unpause(argc, argv, false);
}

int main_rename(int argc, char **argv)
{
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "rename", 2)
    {
    }
    domid = find_domain(argv[optind]);
    rc = libxl_domain_rename(ctx, domid, NULL, argv[optind + 1]);
    if ( rc )
    {
        fprintf(stderr, "Can't rename domain '%s'.\n", argv[optind]);
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

int main_config_update(int argc, char **argv)
{
    struct libxl_domain_config c, now;
    const char *file = NULL;
    uint32_t domid;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "f:d", NULL, "config-update", 1)
    {
    case 'f':
        file = optarg;
        break;
    case 'd':
        break;
    }
    domid = find_domain(argv[optind++]);
    if ( !file && optind < argc && !strchr(argv[optind], '=') )
        file = argv[optind++];
    if ( !file )
    {
        fprintf(stderr, "'xl config-update' requires a configuration file.\n");
        return XL_EXIT_USAGE;
    }
    fprintf(stderr, "WARNING: xl now has better capability to manage domain "
                    "configuration, avoid using this command when possible\n");
    libxl_domain_config_init(&c);
    load_config(file, argv + optind, argc - optind, &c);
    /* The domain keeps its identity across the restart. */
    if ( !libxl_retrieve_domain_configuration(ctx, domid, &now) )
    {
        if ( !c.c_info.uuid_set )
        {
            memcpy(c.c_info.uuid, now.c_info.uuid, sizeof(c.c_info.uuid));
            c.c_info.uuid_set = true;
        }
        libxl_domain_config_dispose(&now);
    }
    if ( dryrun_only )
    {
        char *json = libxl_domain_config_to_json(&c);

        if ( json )
            puts(json);
        free(json);
        libxl_domain_config_dispose(&c);
        return XL_EXIT_OK;
    }
    rc = libxl_domain_set_next_config(ctx, domid, &c);
    libxl_domain_config_dispose(&c);
    if ( rc )
    {
        fprintf(stderr, "cannot store the new configuration (rc=%d)\n", rc);
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}

int main_dump_core(int argc, char **argv)
{
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "", NULL, "dump-core", 2)
    {
    }
    rc = libxl_domain_core_dump(ctx, find_domain(argv[optind]),
                                argv[optind + 1]);
    if ( rc )
    {
        fprintf(stderr, "core dump failed (rc=%d).\n", rc);
        return exit_code_of(rc);
    }
    return XL_EXIT_OK;
}
