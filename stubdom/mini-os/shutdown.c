/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shutdown.c: the toolstack's shutdown requests, as Linux honours them.
 * A thread watches control/shutdown in the domain's xenstore home and
 * says which requests it honours (control/feature-poweroff, -reboot,
 * -suspend = 1). On "poweroff" or "halt", "reboot" or "suspend" it
 * acknowledges by writing "" back, then shuts the domain down with that
 * reason (SCHEDOP_shutdown); a suspend that returns (cancelled, or the
 * domain resumed) carries on watching.
 *
 * The watch is registered without waiting and the thread then sleeps
 * with no timer: a domain with no xenstored behind its ring costs
 * nothing more than one event-channel kick at boot.
 */
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/io/xs_wire.h>

#define SHUTDOWN_TOKEN "minios-shutdown"

static volatile bool request_seen;
static struct thread *watcher;

static void on_shutdown_watch(void)
{
    request_seen = true;
    if ( watcher )
        wake(watcher);
}

static bool request_pending(void)
{
    return request_seen;
}

static void say_feature(const char *key)
{
    char buf[64];
    int len = snprintf(buf, sizeof(buf), "control/%s", key) + 1;

    buf[len++] = '1';
    xenbus_send_nowait(XS_WRITE, buf, len);
}

static void suspend(void)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_suspend };
    long rc;

    /* Xen's PV suspend passes the start_info frame in the third argument. */
    rc = HC(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s,
            virt_to_mfn(&start_info), 0, 0);
    printk("mini-os: %s\n", rc ? "suspend cancelled" : "resumed");
}

/* Act on the value the toolstack wrote; "" (our own ack) is nothing. */
static void handle(const char *what)
{
    unsigned int reason;

    if ( !strcmp(what, "poweroff") || !strcmp(what, "halt") )
        reason = SHUTDOWN_poweroff;
    else if ( !strcmp(what, "reboot") )
        reason = SHUTDOWN_reboot;
    else if ( !strcmp(what, "suspend") )
        reason = SHUTDOWN_suspend;
    else
    {
        if ( *what )
            printk("mini-os: unknown shutdown request '%s'\n", what);
        return;
    }
    xenbus_write(0, "control/shutdown", "");
    printk("mini-os: shutdown request: %s\n", what);
    if ( reason == SHUTDOWN_suspend )
        suspend();
    else
        shutdown_with(reason);
}

static void shutdown_thread(void *arg)
{
    char *what;
    int err;

    (void)arg;
    watcher = current_thread();
    say_feature("feature-poweroff");
    say_feature("feature-reboot");
    say_feature("feature-suspend");
    if ( xenbus_kernel_watch("control/shutdown", SHUTDOWN_TOKEN,
                             on_shutdown_watch) )
        return;
    for ( ;; )
    {
        if ( xenbus_wait_until(request_pending, 0) )
            return; /* the ring is broken: nobody can ask us anything */
        request_seen = false;
        what = xenbus_read(0, "control/shutdown", &err);
        if ( what )
            handle(what);
        free(what);
    }
}

void shutdown_watch_start(void)
{
    xenbus_init();
    create_thread("shutdown", shutdown_thread, NULL);
}
