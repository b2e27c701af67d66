/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenbus: the guest side of xenstore over its ring: write and read its
 * own nodes (relative paths, under its home), be refused a node it may
 * not read, a transaction; prints "xenbus: ok" or crashes with a reason.
 */
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>

static void expect(int cond, const char *what)
{
    if ( !cond )
    {
        printk("xenbus: FAILED: %s\n", what);
        crash(what);
    }
}

/*
 * Values larger than the 1 KiB rings: the request and the reply each
 * fill a ring several times, so each side waits for the other to make
 * room and must be told when it has.
 */
static void big_values(void)
{
    static char big[2000];
    unsigned int i, round;
    char *v;
    int err;

    for ( i = 0; i < sizeof(big) - 1; i++ )
        big[i] = 'a' + i % 26;
    for ( round = 0; round < 5; round++ )
    {
        big[0] = '0' + round;
        expect(xenbus_write(0, "data/big", big) == 0, "write a 2 KB value");
        v = xenbus_read(0, "data/big", &err);
        expect(v && !strcmp(v, big), "read a 2 KB value back");
        free(v);
    }
}

int app_main(const char *cmdline)
{
    char *v;
    int err;
    uint32_t tx;

    (void)cmdline;
    xenbus_init();
    expect(xenbus_write(0, "data/greeting", "hello from the guest") == 0,
           "write under home");
    v = xenbus_read(0, "data/greeting", &err);
    expect(v && !strcmp(v, "hello from the guest"), "read it back");
    free(v);
    v = xenbus_read(0, "name", &err);
    /* xen-run names a domain after its kernel file. */
    expect(v && !strcmp(v, "special-xenbus"), "read what the toolstack wrote");
    printk("xenbus: my name is %s\n", v);
    free(v);
    expect(xenbus_write(0, "name", "renamed") == -XEN_EACCES,
           "the name is not the guest's to change");
    v = xenbus_read(0, "/local/domain/0/private", &err);
    expect(!v && err == -XEN_EACCES, "dom0's node is not readable");
    v = xenbus_read(0, "data/none", &err);
    expect(!v && err == -XEN_ENOENT, "missing node");
    expect(xenbus_transaction_start(&tx) == 0, "transaction start");
    expect(xenbus_write(tx, "data/tx", "1") == 0, "write in transaction");
    expect(xenbus_transaction_end(tx, 0) == 0, "transaction commit");
    v = xenbus_read(0, "data/tx", &err);
    expect(v && !strcmp(v, "1"), "committed value");
    free(v);
    expect(xenbus_rm(0, "data/tx") == 0, "rm");

    /* Watches: one event on registration, one per change below. */
    expect(xenbus_watch("data/watched", "tok") == 0, "watch");
    v = xenbus_wait_for_watch(2000000000ULL);
    expect(v && !strcmp(v, "data/watched") && !strcmp(v + 13, "tok"),
           "registration event");
    free(v);
    expect(xenbus_write(0, "data/watched/x", "1") == 0, "write below watch");
    v = xenbus_wait_for_watch(2000000000ULL);
    expect(v && !strcmp(v, "data/watched/x"), "change event");
    free(v);
    expect(xenbus_unwatch("data/watched", "tok") == 0, "unwatch");

    /* The state machine the split drivers use (device/ is the toolstack's
     * to create, as with libxl: here under data/). */
    expect(xenbus_switch_state("data/test/0", XenbusStateInitialising) == 0,
           "switch state");
    expect(xenbus_read_state("data/test/0") == XenbusStateInitialising,
           "read state");
    {
        XenbusState st = XenbusStateInitialising;

        expect(xenbus_switch_state("data/test/0", XenbusStateConnected) == 0,
               "switch to connected");
        expect(xenbus_wait_for_state_change("data/test/0", &st,
                                            2000000000ULL) == 0 &&
                   st == XenbusStateConnected,
               "state change seen");
    }
    big_values();
    printk("xenbus: ok\n");
    return 0;
}
