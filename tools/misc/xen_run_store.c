/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_run_store.c: the signals that ask xen-run's domains to power off,
 * reboot or suspend (the requests go through libxl). See
 * xen_run_store.h.
 */
#include <signal.h>
#include <stdbool.h>

#include "xen_run_store.h"

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
