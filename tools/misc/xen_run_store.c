/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_run_store.c: the xenstore nodes a domain booted by xen-run finds,
 * laid out as libxl lays them out, and shutdown requests to it. See
 * xen_run_store.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "xen_run_store.h"

/* Nodes the guest may write, as libxl__domain_make makes them. */
static const char *const guest_nodes[] = {
    "control/shutdown",
    "control/feature-poweroff",
    "control/feature-reboot",
    "control/feature-suspend",
    "control/sysrq",
    "data",
    "drivers",
    "feature",
    "attr",
    "error",
    "device/suspend/event-channel",
};

/* Directories the guest may read but not write. */
static const char *const read_only_dirs[] = { "control", "device", "cpu",
                                              "memory" };

static bool write_node(struct xs_handle *xsh, xs_transaction_t t,
                       const char *home, const char *key, const char *value,
                       struct xs_permissions *perms, unsigned int nr_perms)
{
    char path[160];

    snprintf(path, sizeof(path), "%s/%s", home, key);
    return xs_write(xsh, t, path, value, strlen(value)) &&
           xs_set_permissions(xsh, t, path, perms, nr_perms);
}

static bool write_home(struct xs_handle *xsh, xs_transaction_t t,
                       uint32_t domid, const char *name)
{
    /* Owned by domain 0, readable by the guest; its own nodes it owns. */
    struct xs_permissions ro[2] = { { .id = 0, .perms = XS_PERM_NONE },
                                    { .id = domid, .perms = XS_PERM_READ } };
    struct xs_permissions rw = { .id = domid, .perms = XS_PERM_NONE };
    char home[64], id[16];
    unsigned int i;

    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    snprintf(id, sizeof(id), "%u", domid);
    xs_rm(xsh, t, home);
    if ( !xs_mkdir(xsh, t, home) || !xs_set_permissions(xsh, t, home, ro, 2) )
        return false;
    for ( i = 0; i < sizeof(read_only_dirs) / sizeof(read_only_dirs[0]); i++ )
        if ( !write_node(xsh, t, home, read_only_dirs[i], "", ro, 2) )
            return false;
    for ( i = 0; i < sizeof(guest_nodes) / sizeof(guest_nodes[0]); i++ )
        if ( !write_node(xsh, t, home, guest_nodes[i], "", &rw, 1) )
            return false;
    return write_node(xsh, t, home, "domid", id, ro, 2) &&
           write_node(xsh, t, home, "name", name, ro, 2) &&
           write_node(xsh, t, home, "control/platform-feature-xs_reset_watches",
                      "1", ro, 2);
}

int run_store_introduce(struct xs_handle *xsh, uint32_t domid, const char *name,
                        unsigned long store_mfn, unsigned int store_evtchn)
{
    unsigned int tries;

    for ( tries = 0; tries < 16; tries++ )
    {
        xs_transaction_t t = xs_transaction_start(xsh);
        bool ok = t != XBT_NULL && write_home(xsh, t, domid, name);

        if ( t == XBT_NULL )
            break;
        if ( xs_transaction_end(xsh, t, !ok) && ok )
            return xs_introduce_domain(xsh, domid, store_mfn, store_evtchn)
                       ? 0
                       : -1;
        if ( !ok || errno != EAGAIN )
            break;
    }
    return -1;
}

void run_store_release(struct xs_handle *xsh, uint32_t domid)
{
    char home[64];

    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    xs_release_domain(xsh, domid);
    xs_rm(xsh, XBT_NULL, home);
}

int run_store_request(struct xs_handle *xsh, uint32_t domid, const char *what)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    return xs_write(xsh, XBT_NULL, path, what, strlen(what)) ? 0 : -1;
}

static volatile sig_atomic_t pending_signal, poweroff_asked;
static struct launch_env *catch_env;

static void on_request_signal(int sig)
{
    bool poweroff = sig == SIGINT || sig == SIGTERM;

    /* A second poweroff request means "now": the fatal handlers again. */
    if ( poweroff && poweroff_asked )
    {
        launch_stop_on_signals(catch_env);
        raise(sig);
        return;
    }
    if ( poweroff )
        poweroff_asked = 1;
    pending_signal = sig;
}

void run_store_catch_signals(struct launch_env *env)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGUSR1, SIGUSR2 };
    struct sigaction sa = { .sa_handler = on_request_signal };
    unsigned int i;

    catch_env = env;
    sigemptyset(&sa.sa_mask);
    for ( i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++ )
        sigaction(sigs[i], &sa, NULL);
}

const char *run_store_pending(void)
{
    int sig = pending_signal;

    pending_signal = 0;
    switch ( sig )
    {
    case 0:
        return NULL;
    case SIGUSR1:
        return "reboot";
    case SIGUSR2:
        return "suspend";
    default:
        return "poweroff";
    }
}
