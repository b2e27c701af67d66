/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xs_protocol: xenstored's message handling in-process (ASan and
 * UBSan), over socketpairs standing in for clients: a privileged dom0
 * client and an unprivileged domain 5. Every data message type,
 * permissions, watches, transactions with conflicts, domain messages,
 * quotas and limits (memory, outstanding requests, write rate, stale
 * watch events), CONTROL, malformed messages, and a bounded fuzz of the
 * parser.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cunit_main.h"
#include "test_xs_harness.h"

static void test_data_ops(void)
{
    setup();
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/a/b/c", "hello"), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/a/b/c"), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "hello");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/a/b"), XS_READ); /* parents */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/a/d"), XS_MKDIR);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_DIRECTORY, "/a"), XS_DIRECTORY);
    CU_ASSERT_EQUAL(memcmp(reply_buf, "b\0d\0", 4), 0);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/a"), XS_RM);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/a/b/c"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOENT");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/a"), XS_RM); /* parent exists */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/a/b"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOENT");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/"), XS_ERROR);
    /* Relative paths are under the caller's home. */
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "rel", "x"), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/local/domain/0/rel"), XS_READ);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_DOMAIN_PATH, "12"), XS_GET_DOMAIN_PATH);
    CU_ASSERT_STRING_EQUAL(reply_buf, "/local/domain/12");
    teardown();
}

static void test_bad_messages(void)
{
    setup();
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "no//double"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EINVAL");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/trailing/"), XS_ERROR);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/bad char"), XS_ERROR);
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, 0, "/noterm", 7), XS_ERROR);
    CU_ASSERT_EQUAL(req_s(&dom0, 999, "/x"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOSYS");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_WATCH_EVENT, "/x"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOSYS");
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, 42, "/x", 3), XS_ERROR); /* no tx */
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOENT");
    {
        char big[XS_NODE_SIZE_MAX + 100];

        memset(big, 'v', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        /* Domain 0 is held to the payload limit only. */
        CU_ASSERT_EQUAL(write_node(&dom0, 0, "/big", big), XS_WRITE);
    }
    /* A length over the payload limit ends the connection. */
    {
        struct xsd_sockmsg h = { .type = XS_READ, .len = 100000 };

        CU_ASSERT_EQUAL(write(dom5.fd, &h, sizeof(h)), (ssize_t)sizeof(h));
        CU_ASSERT_FALSE(conn_handle_input(dom5.conn));
    }
    teardown();
}

static void test_permissions(void)
{
    setup();
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/secret", "s"), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom5, XS_READ, "/secret"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EACCES");
    CU_ASSERT_EQUAL(write_node(&dom5, 0, "/secret", "x"), XS_ERROR);
    /* dom0 grants read to domain 5. */
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_PERMS, 0, "/secret\0n0\0r5", 14),
                    XS_SET_PERMS);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_PERMS, "/secret"), XS_GET_PERMS);
    CU_ASSERT_EQUAL(memcmp(reply_buf, "n0\0r5\0", 6), 0);
    CU_ASSERT_EQUAL(req_s(&dom5, XS_READ, "/secret"), XS_READ);
    CU_ASSERT_EQUAL(write_node(&dom5, 0, "/secret", "x"), XS_ERROR);
    /* The home directory given to domain 5 is its own. */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/local/domain/5"), XS_MKDIR);
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_PERMS, 0, "/local/domain/5\0n5", 19),
                    XS_SET_PERMS);
    CU_ASSERT_EQUAL(write_node(&dom5, 0, "data/x", "1"), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom5, XS_GET_PERMS, "data/x"), XS_GET_PERMS);
    CU_ASSERT_STRING_EQUAL(reply_buf, "n5");
    /* It may not give a node away, nor do privileged things. */
    CU_ASSERT_EQUAL(req(&dom5, XS_SET_PERMS, 0, "data/x\0n0", 10), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EPERM");
    CU_ASSERT_EQUAL(req(&dom5, XS_SET_PERMS, 0, "data/x\0q5", 10), XS_ERROR);
    CU_ASSERT_EQUAL(req(&dom5, XS_INTRODUCE, 0, "9\0001\0002", 6), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EACCES");
    teardown();
}

static void test_watches(void)
{
    char buf[512];
    unsigned int len;

    setup();
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "/w\0tok", 7), XS_WATCH);
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT); /* at once */
    CU_ASSERT_EQUAL(memcmp(buf, "/w\0tok", 7), 0);
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/w/x/y", "1"), XS_WRITE);
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf, "/w/x/y");
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/other", "1"), XS_WRITE);
    CU_ASSERT_FALSE(has_pending(&dom0));
    /* Removing a parent fires watches below it. */
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "/w/x/y\0deep", 12), XS_WATCH);
    next_event(&dom0, buf, &len);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/w"), XS_RM);
    CU_ASSERT_TRUE(has_pending(&dom0));
    while ( has_pending(&dom0) )
        CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_EQUAL(req(&dom0, XS_UNWATCH, 0, "/w\0tok", 7), XS_UNWATCH);
    CU_ASSERT_EQUAL(req(&dom0, XS_UNWATCH, 0, "/w\0tok", 7), XS_ERROR);
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "/w\0tok", 7), XS_WATCH);
    next_event(&dom0, buf, &len);
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "/w\0tok", 7),
                    XS_ERROR); /* twice */
    /* Relative watch paths come back relative. */
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "rel\0r", 6), XS_WATCH);
    next_event(&dom0, buf, &len);
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "rel/k", "1"), XS_WRITE);
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf, "rel/k");
    /* Special watches. */
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "@introduceDomain\0i", 19),
                    XS_WATCH);
    next_event(&dom0, buf, &len);
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, "@releaseDomain\0r", 17), XS_WATCH);
    next_event(&dom0, buf, &len);
    CU_ASSERT_EQUAL(req(&dom0, XS_INTRODUCE, 0, "9\000123\0004", 8),
                    XS_INTRODUCE);
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf, "@introduceDomain");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_IS_DOMAIN_INTRODUCED, "9"),
                    XS_IS_DOMAIN_INTRODUCED);
    CU_ASSERT_STRING_EQUAL(reply_buf, "T");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RELEASE, "9"), XS_RELEASE);
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf, "@releaseDomain");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_IS_DOMAIN_INTRODUCED, "9"),
                    XS_IS_DOMAIN_INTRODUCED);
    CU_ASSERT_STRING_EQUAL(reply_buf, "F");
    CU_ASSERT_EQUAL(req(&dom0, XS_RESET_WATCHES, 0, "", 0), XS_RESET_WATCHES);
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "rel/k", "2"), XS_WRITE);
    CU_ASSERT_FALSE(has_pending(&dom0));
    teardown();
}

static void test_transactions(void)
{
    uint32_t t1, t2;

    setup();
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/t/a", "0"), XS_WRITE);
    t1 = start_tx(&dom0);
    CU_ASSERT_NOT_EQUAL(t1, 0);
    CU_ASSERT_EQUAL(write_node(&dom0, t1, "/t/a", "1"), XS_WRITE);
    CU_ASSERT_EQUAL(write_node(&dom0, t1, "/t/new", "n"), XS_WRITE);
    /* Isolated: outside still sees the old tree. */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/t/a"), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "0");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/t/new"), XS_ERROR);
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t1, "/t/new", 7), XS_READ);
    CU_ASSERT_EQUAL(req(&dom0, XS_DIRECTORY, t1, "/t", 3), XS_DIRECTORY);
    CU_ASSERT_EQUAL(memcmp(reply_buf, "a\0new\0", 6), 0);
    CU_ASSERT_EQUAL(req(&dom0, XS_TRANSACTION_END, t1, "T", 2),
                    XS_TRANSACTION_END);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/t/a"), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "1");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/t/new"), XS_READ);

    /* Conflict: t1 read /t/a, someone changed it, commit fails. */
    t1 = start_tx(&dom0);
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t1, "/t/a", 5), XS_READ);
    CU_ASSERT_EQUAL(write_node(&dom0, t1, "/t/b", "from t1"), XS_WRITE);
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/t/a", "changed"), XS_WRITE);
    CU_ASSERT_EQUAL(req(&dom0, XS_TRANSACTION_END, t1, "T", 2), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EAGAIN");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/t/b"), XS_ERROR);

    /* Disjoint transactions both commit. */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/x1"), XS_MKDIR);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/x2"), XS_MKDIR);
    t1 = start_tx(&dom0);
    t2 = start_tx(&dom0);
    CU_ASSERT_EQUAL(write_node(&dom0, t1, "/x1/k", "1"), XS_WRITE);
    CU_ASSERT_EQUAL(write_node(&dom0, t2, "/x2/k", "2"), XS_WRITE);
    CU_ASSERT_EQUAL(req(&dom0, XS_TRANSACTION_END, t1, "T", 2),
                    XS_TRANSACTION_END);
    CU_ASSERT_EQUAL(req(&dom0, XS_TRANSACTION_END, t2, "T", 2),
                    XS_TRANSACTION_END);

    /* Abort discards; rm in a transaction hides the subtree. */
    t1 = start_tx(&dom0);
    CU_ASSERT_EQUAL(req(&dom0, XS_RM, t1, "/t", 3), XS_RM);
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t1, "/t/a", 5), XS_ERROR);
    CU_ASSERT_EQUAL(req(&dom0, XS_TRANSACTION_END, t1, "F", 2),
                    XS_TRANSACTION_END);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/t/a"), XS_READ);
    CU_ASSERT_EQUAL(req(&dom0, XS_TRANSACTION_END, t1, "T", 2), XS_ERROR);
    teardown();
}

static void test_transaction_limit_and_quota(void)
{
    unsigned int i;
    char path[64];

    setup();
    for ( i = 0; i < XS_TRANSACTIONS_PER_CONN; i++ )
        start_tx(&dom5);
    CU_ASSERT_EQUAL(req(&dom5, XS_TRANSACTION_START, 0, "", 1), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOSPC");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/local/domain/5"), XS_MKDIR);
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_PERMS, 0, "/local/domain/5\0n5", 19),
                    XS_SET_PERMS);
    for ( i = 0; i < XS_NODES_PER_DOMAIN + 5; i++ )
    {
        snprintf(path, sizeof(path), "n%u", i);
        if ( write_node(&dom5, 0, path, "v") == XS_ERROR )
            break;
    }
    CU_ASSERT(i < XS_NODES_PER_DOMAIN + 5);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOSPC");
    teardown();
}

static void test_quotas(void)
{
    char path[64];
    unsigned int i, len;

    setup();
    send_msg(&dom0, XS_GET_QUOTA, 0, "", 0);
    CU_ASSERT_EQUAL(recv_msg(&dom0, reply_buf, &len), XS_GET_QUOTA);
    CU_ASSERT_EQUAL(strncmp(reply_buf, "nodes watches ", 14), 0);
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_QUOTA, 0, "7\0nodes\0003", 10),
                    XS_ERROR); /* no domain 7 yet */
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOENT");
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_QUOTA, 0,
                        "bogus\0"
                        "1",
                        8),
                    XS_ERROR);
    CU_ASSERT_EQUAL(req(&dom5, XS_GET_QUOTA, 0, "", 0), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EACCES");
    /* Domain 7 may now own three nodes only. */
    {
        struct client dom7;

        client_open(&dom7, 7, false);
        CU_ASSERT_EQUAL(req(&dom0, XS_SET_QUOTA, 0, "7\0nodes\0003", 10),
                        XS_SET_QUOTA);
        CU_ASSERT_EQUAL(req(&dom0, XS_GET_QUOTA, 0, "7\0nodes", 8),
                        XS_GET_QUOTA);
        CU_ASSERT_STRING_EQUAL(reply_buf, "3");
        CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/local/domain/7"), XS_MKDIR);
        CU_ASSERT_EQUAL(req(&dom0, XS_SET_PERMS, 0, "/local/domain/7\0n7", 19),
                        XS_SET_PERMS);
        for ( i = 0; i < 10; i++ )
        {
            snprintf(path, sizeof(path), "k%u", i);
            if ( write_node(&dom7, 0, path, "v") == XS_ERROR )
                break;
        }
        CU_ASSERT_EQUAL(i, 2); /* its home plus two nodes */
        client_close(&dom7);
    }
    teardown();
}

static void test_directory_part(void)
{
    char path[64];
    unsigned int i, len;

    setup();
    for ( i = 0; i < 500; i++ )
    {
        snprintf(path, sizeof(path), "/many/child-with-a-long-name-%03u", i);
        write_node(&dom0, 0, path, "");
    }
    CU_ASSERT_EQUAL(req_s(&dom0, XS_DIRECTORY, "/many"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "E2BIG");
    send_msg(&dom0, XS_DIRECTORY_PART, 0,
             "/many\0"
             "0",
             8);
    CU_ASSERT_EQUAL(recv_msg(&dom0, reply_buf, &len), XS_DIRECTORY_PART);
    CU_ASSERT(len > 1000 && len <= XENSTORE_PAYLOAD_MAX);
    teardown();
}

static void test_memory_quota(void)
{
    char value[201], path[32];
    struct client dom9;
    unsigned int i;

    setup();
    open_guest(&dom9, 9);
    set_quota_for(9, "memory", 1000);
    memset(value, 'x', 200);
    value[200] = '\0';
    for ( i = 0; i < 20; i++ )
    {
        snprintf(path, sizeof(path), "k%u", i);
        if ( write_node(&dom9, 0, path, value) == XS_ERROR )
            break;
    }
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOMEM");
    CU_ASSERT(i >= 2 && i < 5); /* ~230 bytes a node against 1000 */
    /* At the ceiling, a node can still be made smaller... */
    CU_ASSERT_EQUAL(write_node(&dom9, 0, "k0", "small"), XS_WRITE);
    /* ...and removing nodes gives the room back. */
    CU_ASSERT_EQUAL(req_s(&dom9, XS_RM, "k1"), XS_RM);
    CU_ASSERT_EQUAL(write_node(&dom9, 0, "again", value), XS_WRITE);
    /* Watches count too. */
    for ( i = 0; i < 50; i++ )
    {
        char w[64];
        int n = snprintf(w, sizeof(w), "k0%ctoken-number-%u", '\0', i);

        if ( req(&dom9, XS_WATCH, 0, w, n + 1) == XS_ERROR )
            break;
    }
    CU_ASSERT(i < 50);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOMEM");
    /* Domain 0 is not limited. */
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/local/domain/9/big", value),
                    XS_WRITE);
    client_close(&dom9);
    teardown();
}

/* Replies a guest has not taken hold its further requests back. */
static void test_outstanding_requests(void)
{
    struct client dom11;
    unsigned int i, len;

    setup();
    open_guest(&dom11, 11);
    set_quota_for(11, "outstanding", 2);
    for ( i = 0; i < 3; i++ )
        send_raw(&dom11, XS_READ, 0, "/local/domain/11", 17);
    pump(&dom11);
    CU_ASSERT_TRUE(dom11.conn->deferred);
    CU_ASSERT_EQUAL(dom11.conn->out_replies, 2);
    CU_ASSERT(unread_by_daemon(&dom11) > 0); /* the third waits */
    CU_ASSERT_EQUAL(conn_poll_timeout_ms(), 1);
    /* Domain 0 is served meanwhile. */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/local/domain/11"), XS_READ);
    /* Once the guest takes its replies, the third is answered. */
    conn_flush_output(dom11.conn);
    pump(&dom11);
    conn_flush_output(dom11.conn);
    for ( i = 0; i < 3; i++ )
        CU_ASSERT_EQUAL(recv_msg(&dom11, reply_buf, &len), XS_READ);
    CU_ASSERT_FALSE(dom11.conn->deferred);
    client_close(&dom11);
    teardown();
}

/* The write rate shared by guests: held back, not failed; dom0 unaffected. */
static void test_rate_limit(void)
{
    struct client dom12;
    unsigned int i, len;

    setup();
    open_guest(&dom12, 12);
    ratelimit_configure(1e-6, 3); /* three changes, then (nearly) none */
    for ( i = 0; i < 4; i++ )
    {
        char buf[32];
        int n = snprintf(buf, sizeof(buf), "n%u%cv", i, '\0');

        send_raw(&dom12, XS_WRITE, 0, buf, n + 1);
    }
    pump(&dom12);
    conn_flush_output(dom12.conn);
    CU_ASSERT_TRUE(dom12.conn->deferred);
    CU_ASSERT(unread_by_daemon(&dom12) > 0);
    for ( i = 0; i < 3; i++ )
        CU_ASSERT_EQUAL(recv_msg(&dom12, reply_buf, &len), XS_WRITE);
    CU_ASSERT_FALSE(has_pending(&dom12));
    /* Domain 0 changes the store meanwhile. */
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/local/domain/12/by-dom0", "v"),
                    XS_WRITE);
    ratelimit_configure(0, 0);
    pump(&dom12);
    conn_flush_output(dom12.conn);
    CU_ASSERT_EQUAL(recv_msg(&dom12, reply_buf, &len), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/local/domain/12/n3"), XS_READ);
    client_close(&dom12);
    teardown();
}

/* Watch events a guest leaves untaken past the timeout are dropped. */
static void test_watch_event_timeout(void)
{
    struct client dom13;
    unsigned int len;

    setup();
    open_guest(&dom13, 13);
    send_raw(&dom13, XS_WATCH, 0, "/local/domain/13\0tok", 21);
    send_raw(&dom0, XS_WATCH, 0, "/local/domain/13\0tok0", 22);
    pump(&dom13);
    pump(&dom0);
    write_node(&dom0, 0, "/local/domain/13/x", "1"); /* flushes dom0 only */
    output_set_event_timeout(0);
    output_expire_events();
    output_set_event_timeout(20000);
    /* The guest gets its WATCH reply but neither event. */
    conn_flush_output(dom13.conn);
    CU_ASSERT_EQUAL(recv_msg(&dom13, reply_buf, &len), XS_WATCH);
    CU_ASSERT_FALSE(has_pending(&dom13));
    /* Domain 0's events were already sent: both arrived. */
    CU_ASSERT_EQUAL(next_event(&dom0, reply_buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_EQUAL(next_event(&dom0, reply_buf, &len), XS_WATCH_EVENT);
    client_close(&dom13);
    teardown();
}

static uint32_t control(struct client *cl, const char *cmd, unsigned int len)
{
    return req(cl, XS_CONTROL, 0, cmd, len);
}

/* A CONTROL message from a string literal (NULs inside, one at the end). */
#define CONTROL(cl, lit) control(cl, lit, sizeof(lit))

static void test_control(void)
{
    setup();
    CU_ASSERT_EQUAL(CONTROL(&dom0, "help"), XS_CONTROL);
    CU_ASSERT_PTR_NOT_NULL(strstr(reply_buf, "quota"));
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota"), XS_CONTROL);
    CU_ASSERT_PTR_NOT_NULL(strstr(reply_buf, "outstanding=20\n"));
    /* Literals split where a digit follows \0, which would be octal. */
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota\0watches\0"
                                   "100"),
                    XS_CONTROL);
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota"), XS_CONTROL);
    CU_ASSERT_PTR_NOT_NULL(strstr(reply_buf, "watches=100\n"));
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota\0watches\0"
                                   "128"),
                    XS_CONTROL);
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota\0"
                                   "5\0nodes\0"
                                   "50"),
                    XS_CONTROL);
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota\0"
                                   "5"),
                    XS_CONTROL);
    CU_ASSERT_PTR_NOT_NULL(strstr(reply_buf, "nodes=50\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(reply_buf, "held: nodes="));
    CU_ASSERT_EQUAL(CONTROL(&dom0, "memreport"), XS_CONTROL);
    CU_ASSERT_PTR_NOT_NULL(strstr(reply_buf, "domain 0: "));
    CU_ASSERT_EQUAL(CONTROL(&dom0, "print\0hello"), XS_CONTROL);
    CU_ASSERT_EQUAL(CONTROL(&dom0, "quota\0bogus\0"
                                   "1"),
                    XS_ERROR);
    CU_ASSERT_EQUAL(CONTROL(&dom0, "no-such-command"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EINVAL");
    CU_ASSERT_EQUAL(CONTROL(&dom5, "quota"), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EACCES");
    teardown();
}

/* Random and mutated messages: no crash, no leak (ASan). */
/* n READs of path, request ids 0..n-1, written at once as xl does. */
static void send_pipeline(struct client *cl, unsigned int n, const char *path)
{
    unsigned int len = strlen(path) + 1, i;
    size_t size = n * (sizeof(struct xsd_sockmsg) + len), off = 0;
    char *buf = malloc(size);

    for ( i = 0; i < n; i++ )
    {
        struct xsd_sockmsg h = { .type = XS_READ, .req_id = i, .len = len };

        memcpy(buf + off, &h, sizeof(h));
        memcpy(buf + off + sizeof(h), path, len);
        off += sizeof(h) + len;
    }
    CU_ASSERT_EQUAL(write(cl->fd, buf, size), (ssize_t)size);
    free(buf);
}

/*
 * Reads the n replies of send_pipeline, flushing the daemon's side as
 * the socket drains; each must be the READ of value, in order.
 */
static void check_pipeline_replies(struct client *cl, unsigned int n,
                                   const char *value)
{
    unsigned int vlen = strlen(value), i, got, bad = 0;
    char *body = malloc(vlen + 1);

    for ( i = 0; i < n; i++ )
    {
        struct xsd_sockmsg h;

        CU_ASSERT_TRUE(conn_flush_output(cl->conn));
        if ( read(cl->fd, &h, sizeof(h)) != sizeof(h) )
            break;
        bad += h.type != XS_READ || h.req_id != i || h.len != vlen;
        if ( h.len != vlen )
            break;
        for ( got = 0; got < vlen; )
        {
            ssize_t r;

            conn_flush_output(cl->conn);
            r = read(cl->fd, body + got, vlen - got);
            if ( r <= 0 )
                break;
            got += r;
        }
        bad += memcmp(body, value, vlen) != 0;
    }
    CU_ASSERT_EQUAL(i, n);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_FALSE(has_pending(cl));
    free(body);
}

/*
 * A pipelined batch (xl list reads every domain's name with one write):
 * a bounded run served per turn, the rest kept in hand (the loop does
 * not wait for POLLIN to serve it), another client served between the
 * turns, and every reply in order.
 */
static void test_pipelined_burst(void)
{
    unsigned int n = CONN_BURST + 50;
    struct client other;

    setup();
    client_open(&other, 0, true);
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/pipe", "v"), XS_WRITE);
    send_pipeline(&dom0, n, "/pipe");
    CU_ASSERT_TRUE(conn_handle_burst(dom0.conn));
    CU_ASSERT_EQUAL(dom0.conn->out_replies, CONN_BURST);
    CU_ASSERT_EQUAL(unread_by_daemon(&dom0), 0);
    CU_ASSERT_TRUE(conn_input_pending(dom0.conn));
    CU_ASSERT_EQUAL(conn_poll_timeout_ms(), 0);
    CU_ASSERT_EQUAL(req_s(&other, XS_READ, "/pipe"), XS_READ);
    CU_ASSERT_TRUE(conn_handle_burst(dom0.conn));
    CU_ASSERT_FALSE(conn_input_pending(dom0.conn));
    CU_ASSERT_EQUAL(dom0.conn->out_replies, n);
    check_pipeline_replies(&dom0, n, "v");
    CU_ASSERT_EQUAL(conn_poll_timeout_ms(), 1000);
    client_close(&other);
    teardown();
}

/*
 * Replies sent many to a call into a socket with little room: partial
 * sends resume mid-message and the stream stays whole.
 */
static void test_batched_send_small_socket(void)
{
    unsigned int n = 200, sndbuf = 4096;
    char value[1000];

    setup();
    memset(value, 'x', sizeof(value) - 1);
    value[sizeof(value) - 1] = '\0';
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/big", value), XS_WRITE);
    setsockopt(dom0.conn->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    send_pipeline(&dom0, n, "/big");
    while ( conn_input_pending(dom0.conn) || unread_by_daemon(&dom0) )
        CU_ASSERT_TRUE_FATAL(conn_handle_burst(dom0.conn));
    CU_ASSERT(conn_has_output(dom0.conn)); /* more than the socket takes */
    check_pipeline_replies(&dom0, n, value);
    teardown();
}

static void test_fuzz(void)
{
    unsigned int i, seed = 4242;
    char buf[600];

    setup();
    for ( i = 0; i < 30000; i++ )
    {
        struct client *cl = i % 3 ? &dom5 : &dom0;
        unsigned int len = rand_r(&seed) % sizeof(buf), k;
        uint32_t type = rand_r(&seed) % (XS_TYPE_COUNT + 2);

        for ( k = 0; k < len; k++ )
            buf[k] = "/ab\0@-_019wrnT"[rand_r(&seed) % 14];
        send_msg(cl, type, rand_r(&seed) % 4 ? 0 : rand_r(&seed) % 12, buf,
                 len);
        drop_stashed_events();
        while ( has_pending(cl) )
            recv_msg(cl, reply_buf, NULL);
    }
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/"), XS_READ);
    teardown();
}

static const struct unit_case cases[] = {
    { "read, write, mkdir, directory, rm", test_data_ops },
    { "malformed messages", test_bad_messages },
    { "permissions", test_permissions },
    { "watches and special watches", test_watches },
    { "transactions: isolation, commit, conflict, abort", test_transactions },
    { "transaction limit and node quota", test_transaction_limit_and_quota },
    { "directory_part", test_directory_part },
    { "quotas read and set at run time", test_quotas },
    { "memory quota: nodes and watches", test_memory_quota },
    { "outstanding requests held back", test_outstanding_requests },
    { "write rate shared by guests", test_rate_limit },
    { "stale watch events dropped", test_watch_event_timeout },
    { "CONTROL commands", test_control },
    { "pipelined requests: bounded runs, replies in order",
      test_pipelined_burst },
    { "replies batched into a small socket", test_batched_send_small_socket },
    { "fuzzed messages", test_fuzz },
};
UNIT_MAIN("xenstored protocol", cases)
