/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xs-restart: keeps using xenstore over its ring while the test kills
 * and restarts xenstored (tests/integration/xenstore-guest-restart.sh).
 * It writes and reads back a counter until domain 0 writes data/flag
 * (after the restart), then checks that its watch registered before the
 * restart fired, and that a transaction opened before it asks to be run
 * again (EAGAIN). Prints "xs-restart: ok" or crashes with a reason.
 */
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>

#define SECOND 1000000000ULL

static void expect(int cond, const char *what)
{
    if ( !cond )
    {
        printk("xs-restart: FAILED: %s\n", what);
        crash(what);
    }
}

/* Write the counter and read it back; true once dom0 set the flag. */
static int one_round(int i)
{
    char buf[16], *v;
    int err;

    snprintf(buf, sizeof(buf), "%d", i);
    expect(xenbus_write(0, "data/count", buf) == 0, "write the counter");
    v = xenbus_read(0, "data/count", &err);
    expect(v && !strcmp(v, buf), "read the counter back");
    free(v);
    v = xenbus_read(0, "data/flag", &err);
    expect(v || err == -XEN_ENOENT, "read the flag");
    free(v);
    return v != NULL;
}

int app_main(const char *cmdline)
{
    uint32_t tx;
    char *v;
    int i;

    (void)cmdline;
    xenbus_init();
    expect(xenbus_watch("data/flag", "flag") == 0, "watch the flag");
    v = xenbus_wait_for_watch(2 * SECOND);
    expect(v && !strcmp(v, "data/flag"), "registration event");
    free(v);
    expect(xenbus_transaction_start(&tx) == 0, "open a transaction");
    for ( i = 0; i < 1000 && !one_round(i); i++ )
        msleep(20);
    expect(i < 1000, "domain 0 set the flag within 20 s");
    printk("xs-restart: %d rounds\n", i + 1);
    v = xenbus_wait_for_watch(2 * SECOND);
    expect(v && !strcmp(v, "data/flag") && !strcmp(v + 10, "flag"),
           "the watch registered before the restart fired");
    free(v);
    expect(xenbus_transaction_end(tx, 0) == -XEN_EAGAIN,
           "a transaction lost in the restart asks to be retried");
    printk("xs-restart: ok\n");
    return 0;
}
