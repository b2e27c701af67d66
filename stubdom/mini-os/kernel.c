/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel.c: start of day. Copies start_info, brings up the console,
 * traps, memory, events, time and threads, starts the thread that
 * honours the toolstack's control/shutdown requests (shutdown.c), then
 * runs the application's app_main() in a thread and powers off when it
 * returns.
 */
#include <mini-os/os.h>
#include <public/version.h>

start_info_t start_info;

/*
 * A kernel that drives its xenstore ring by hand (a hostile-ring test)
 * defines this true: the kernel then leaves the ring alone.
 */
extern const bool minios_no_shutdown_watch __attribute__((weak));

static void app_thread(void *arg)
{
    int rc;

    (void)arg;
    rc = app_main(kernel_cmdline);
    if ( rc )
        printk("app_main returned %d\n", rc);
    poweroff();
}

void start_kernel(start_info_t *si)
{
    long ver;

    memcpy(&start_info, si, sizeof(start_info));
    strncpy(kernel_cmdline, (const char *)start_info.cmd_line,
            sizeof(kernel_cmdline) - 1);
    console_init();
    traps_init();
    mm_init();
    events_init();
    batch_hypercall(NULL, &ver, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    batch_flush(); /* one exit for all of the above */
    printk("mini-os: Xen %ld.%ld, %lu pages, cmdline '%s'\n", ver >> 16,
           ver & 0xffff, start_info.nr_pages, kernel_cmdline);
    events_start();
    time_init();
    if ( !&minios_no_shutdown_watch || !minios_no_shutdown_watch )
        shutdown_watch_start();
    create_thread("app", app_thread, NULL);
    sched_start();
}

void shutdown_with(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    for ( ;; )
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

void poweroff(void)
{
    shutdown_with(SHUTDOWN_poweroff);
}

void crash(const char *why)
{
    printk("mini-os: crashing: %s\n", why);
    shutdown_with(SHUTDOWN_crash);
}
