/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xs_conformance: the behaviours Xen's clients rely on, each as
 * Xen's C xenstored and its docs/misc/xenstore.txt have it (issue 11):
 * transaction isolation, node size and path limits for unprivileged
 * domains only, RM of a missing node, path characters and special
 * names, SET_PERMS errors, watch events on removal and in transactions,
 * registration order, features and watch depth, ENOSYS, GET_QUOTA's
 * format and the smaller ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "test_xs_harness.h"

#define MSG(lit) (lit), sizeof(lit) /* a literal with its NULs */

static void expect_error(uint32_t type, const char *err)
{
    CU_ASSERT_EQUAL(type, XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, err);
}

/* Collect the paths of the pending events of cl, "a b c ". */
static const char *events(struct client *cl)
{
    static char out[2048];
    char buf[512];
    unsigned int len;

    out[0] = '\0';
    conn_flush_output(cl->conn); /* events for others wait in its queue */
    while ( has_pending(cl) && next_event(cl, buf, &len) == XS_WATCH_EVENT )
    {
        strncat(out, buf, sizeof(out) - strlen(out) - 2);
        strcat(out, " ");
    }
    return out;
}

/* Watch path with token, and swallow the registration event. */
static void watch(struct client *cl, const char *path, const char *token)
{
    char buf[256];
    int n = snprintf(buf, sizeof(buf), "%s%c%s", path, '\0', token);

    CU_ASSERT_EQUAL(req(cl, XS_WATCH, 0, buf, n + 1), XS_WATCH);
    events(cl);
}

static void watch_depth(struct client *cl, const char *path, unsigned int depth)
{
    char buf[256];
    int n =
        snprintf(buf, sizeof(buf), "%s%c%s%c%u", path, '\0', "t", '\0', depth);

    CU_ASSERT_EQUAL(req(cl, XS_WATCH, 0, buf, n + 1), XS_WATCH);
    events(cl);
}

static void end_tx_for(struct client *cl, uint32_t tx, const char *how,
                       uint32_t expect)
{
    CU_ASSERT_EQUAL(req(cl, XS_TRANSACTION_END, tx, how, 2), expect);
}

static void end_tx(uint32_t tx, const char *how, uint32_t expect)
{
    end_tx_for(&dom0, tx, how, expect);
}

/* 1. A transaction sees the tree as of its start, and its own writes. */
static void test_transaction_isolation(void)
{
    uint32_t t;

    setup();
    write_node(&dom0, 0, "/iso/a", "0");
    write_node(&dom0, 0, "/iso/b", "b");
    t = start_tx(&dom0);
    write_node(&dom0, 0, "/iso/a", "1");
    write_node(&dom0, 0, "/iso/new", "n");
    req_s(&dom0, XS_RM, "/iso/b");
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t, MSG("/iso/a")), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "0");
    expect_error(req(&dom0, XS_READ, t, MSG("/iso/new")), "ENOENT");
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t, MSG("/iso/b")), XS_READ);
    CU_ASSERT_EQUAL(req(&dom0, XS_DIRECTORY, t, MSG("/iso")), XS_DIRECTORY);
    CU_ASSERT_EQUAL(memcmp(reply_buf, "a\0b\0", 5), 0);
    /* Its own writes, over the old state. */
    CU_ASSERT_EQUAL(write_node(&dom0, t, "/iso/b/c", "mine"), XS_WRITE);
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t, MSG("/iso/b/c")), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "mine");
    /* It read what changed since: the commit conflicts. */
    end_tx(t, "T", XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "EAGAIN");
    expect_error(req_s(&dom0, XS_READ, "/iso/b/c"), "ENOENT");

    /* One that touched nothing changed commits. */
    t = start_tx(&dom0);
    CU_ASSERT_EQUAL(write_node(&dom0, t, "/iso/t/x", "1"), XS_WRITE);
    write_node(&dom0, 0, "/iso/a", "2");
    end_tx(t, "T", XS_TRANSACTION_END);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/iso/t/x"), XS_READ);

    /* Removed then created again in one transaction. */
    write_node(&dom0, 0, "/iso/r/old", "o");
    t = start_tx(&dom0);
    CU_ASSERT_EQUAL(req(&dom0, XS_RM, t, MSG("/iso/r")), XS_RM);
    CU_ASSERT_EQUAL(write_node(&dom0, t, "/iso/r/new", "n"), XS_WRITE);
    expect_error(req(&dom0, XS_READ, t, MSG("/iso/r/old")), "ENOENT");
    CU_ASSERT_EQUAL(req(&dom0, XS_DIRECTORY, t, MSG("/iso/r")), XS_DIRECTORY);
    CU_ASSERT_STRING_EQUAL(reply_buf, "new");
    end_tx(t, "T", XS_TRANSACTION_END);
    expect_error(req_s(&dom0, XS_READ, "/iso/r/old"), "ENOENT");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/iso/r/new"), XS_READ);

    /* Written again below a removed node: none of the old subtree shows. */
    write_node(&dom0, 0, "/iso/q/a/b", "old");
    write_node(&dom0, 0, "/iso/q/a/b/kid", "k");
    t = start_tx(&dom0);
    CU_ASSERT_EQUAL(req(&dom0, XS_RM, t, MSG("/iso/q")), XS_RM);
    CU_ASSERT_EQUAL(write_node(&dom0, t, "/iso/q/a/b/c", "1"), XS_WRITE);
    CU_ASSERT_EQUAL(req(&dom0, XS_READ, t, MSG("/iso/q/a/b")), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "");
    CU_ASSERT_EQUAL(req(&dom0, XS_DIRECTORY, t, MSG("/iso/q/a/b")),
                    XS_DIRECTORY);
    CU_ASSERT_STRING_EQUAL(reply_buf, "c");
    expect_error(req(&dom0, XS_READ, t, MSG("/iso/q/a/b/kid")), "ENOENT");
    end_tx(t, "T", XS_TRANSACTION_END);
    expect_error(req_s(&dom0, XS_READ, "/iso/q/a/b/kid"), "ENOENT");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/iso/q/a/b"), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "");
    teardown();
}

/* 2. Node size is limited for unprivileged domains only. */
static void test_node_size(void)
{
    static char value[XENSTORE_PAYLOAD_MAX + 1];
    char name[128];
    struct client g;
    unsigned int i;
    uint32_t t;

    setup();
    memset(value, 'v', 4000);
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/big", value), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/big"), XS_READ);
    CU_ASSERT_EQUAL(strlen(reply_buf), 4000);
    open_guest(&g, 8);
    /* 16 bytes of header and 8 a permission count, as on Xen. */
    value[2024] = '\0';
    CU_ASSERT_EQUAL(write_node(&g, 0, "fits", value), XS_WRITE);
    value[2024] = 'v';
    value[2025] = '\0';
    expect_error(write_node(&g, 0, "too-big", value), "ENOSPC");
    /* In a transaction too. */
    t = start_tx(&g);
    expect_error(write_node(&g, t, "too-big", value), "ENOSPC");
    CU_ASSERT_EQUAL(req(&g, XS_TRANSACTION_END, t, "F", 2), XS_TRANSACTION_END);
    /* A parent whose child list would outgrow it: 20 names of 101 bytes. */
    for ( i = 0; i < 21; i++ )
    {
        snprintf(name, sizeof(name), "wide/%0100u", i);
        CU_ASSERT_EQUAL(write_node(&g, 0, name, ""),
                        i < 20 ? XS_WRITE : XS_ERROR);
    }
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOSPC");
    set_quota_for(8, "node-size", 0); /* 0: no limit, as on Xen */
    CU_ASSERT_EQUAL(write_node(&g, 0, "too-big", value), XS_WRITE);
    CU_ASSERT_EQUAL(write_node(&g, 0, name, ""), XS_WRITE);
    client_close(&g);

    /* Domain 0: a value filling the payload, a parent of any size. */
    memset(value, 'v', sizeof(value) - 1);
    value[XENSTORE_PAYLOAD_MAX - sizeof("/full")] = '\0';
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/full", value), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/full"), XS_READ);
    CU_ASSERT_EQUAL(strlen(reply_buf), XENSTORE_PAYLOAD_MAX - sizeof("/full"));
    for ( i = 0; i < 30; i++ )
    {
        snprintf(name, sizeof(name), "/wide/%0100u", i);
        CU_ASSERT_EQUAL(write_node(&dom0, 0, name, ""), XS_WRITE);
    }
    teardown();
}

/* 2b. A transaction cannot take a guest past its node quota. */
static void test_tx_node_quota(void)
{
    struct client g, h;
    char path[32];
    unsigned int i;
    uint32_t t;

    setup();
    open_guest(&g, 21);
    set_quota_for(21, "nodes", 4); /* its home and three more */
    /* Every node a write creates counts. */
    expect_error(write_node(&g, 0, "deep/a/b/c", "x"), "ENOSPC");
    CU_ASSERT_EQUAL(write_node(&g, 0, "deep/a/b", "x"), XS_WRITE);
    expect_error(write_node(&g, 0, "deep/a/b/c", "x"), "ENOSPC");
    CU_ASSERT_EQUAL(req_s(&g, XS_RM, "deep"), XS_RM);
    /* Nodes created in a transaction count when it commits. */
    t = start_tx(&g);
    for ( i = 0; i < 4; i++ )
    {
        snprintf(path, sizeof(path), "n%u", i);
        CU_ASSERT_EQUAL(write_node(&g, t, path, "x"),
                        i < 3 ? XS_WRITE : XS_ERROR);
    }
    /* Another connection's nodes leave this one over quota at commit. */
    client_open(&h, 21, false);
    CU_ASSERT_EQUAL(write_node(&h, 0, "other", "x"), XS_WRITE);
    client_close(&h);
    end_tx_for(&g, t, "T", XS_ERROR);
    CU_ASSERT_STRING_EQUAL(reply_buf, "ENOSPC");
    expect_error(req_s(&g, XS_READ, "n0"), "ENOENT");
    CU_ASSERT_EQUAL(req_s(&g, XS_RM, "other"), XS_RM);
    /* Within the quota it commits. */
    t = start_tx(&g);
    for ( i = 0; i < 3; i++ )
    {
        snprintf(path, sizeof(path), "n%u", i);
        CU_ASSERT_EQUAL(write_node(&g, t, path, "x"), XS_WRITE);
    }
    end_tx_for(&g, t, "T", XS_TRANSACTION_END);
    expect_error(write_node(&g, 0, "n9", "x"), "ENOSPC");
    /* Removing nodes in the transaction makes room for others. */
    t = start_tx(&g);
    CU_ASSERT_EQUAL(req(&g, XS_RM, t, MSG("n0")), XS_RM);
    CU_ASSERT_EQUAL(req(&g, XS_RM, t, MSG("n1")), XS_RM);
    CU_ASSERT_EQUAL(write_node(&g, t, "m0", "x"), XS_WRITE);
    CU_ASSERT_EQUAL(write_node(&g, t, "m1", "x"), XS_WRITE);
    end_tx_for(&g, t, "T", XS_TRANSACTION_END);
    set_quota_for(21, "nodes", XS_NODES_PER_DOMAIN);
    client_close(&g);
    teardown();
}

/* 3. RM of a missing node is fine if its parent exists. */
static void test_rm_missing(void)
{
    uint32_t t;

    setup();
    CU_ASSERT_EQUAL(req_s(&dom0, XS_MKDIR, "/p"), XS_MKDIR);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/p/none"), XS_RM);
    expect_error(req_s(&dom0, XS_RM, "/none/none"), "ENOENT");
    t = start_tx(&dom0);
    CU_ASSERT_EQUAL(req(&dom0, XS_RM, t, MSG("/p/none")), XS_RM);
    expect_error(req(&dom0, XS_RM, t, MSG("/none/none")), "ENOENT");
    end_tx(t, "T", XS_TRANSACTION_END);
    teardown();
}

/* 4. Path characters; '@' names only where a message allows them. */
static void test_path_characters(void)
{
    setup();
    expect_error(write_node(&dom0, 0, "/a.b", "x"), "EINVAL");
    expect_error(write_node(&dom0, 0, "/a b", "x"), "EINVAL");
    CU_ASSERT_EQUAL(write_node(&dom0, 0, "/a-b_c@d/E9", "x"), XS_WRITE);
    expect_error(req_s(&dom0, XS_READ, "@releaseDomain"), "EINVAL");
    expect_error(write_node(&dom0, 0, "@releaseDomain", "x"), "EINVAL");
    expect_error(req_s(&dom0, XS_MKDIR, "@foo"), "EINVAL");
    expect_error(req_s(&dom0, XS_RM, "@releaseDomain"), "EINVAL");
    expect_error(req_s(&dom0, XS_DIRECTORY, "@releaseDomain"), "EINVAL");
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 0, MSG("@releaseDomain\0r")),
                    XS_WATCH);
    /* The special names are nodes for their permissions only. */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_PERMS, "@introduceDomain"),
                    XS_GET_PERMS);
    CU_ASSERT_STRING_EQUAL(reply_buf, "n0");
    expect_error(req_s(&dom0, XS_GET_PERMS, "@other"), "ENOENT");
    teardown();
}

/* 5. Path length limits an unprivileged domain, not domain 0. */
static void test_path_length(void)
{
    char path[XENSTORE_PAYLOAD_MAX];
    struct client g;
    unsigned int i;

    setup();
    open_guest(&g, 8);
    /* 20 components of 100 bytes, and 28 more: 2048 after the home. */
    for ( i = 0; i < 20; i++ )
    {
        memset(path + i * 101, 'c', 100);
        path[i * 101 + 100] = '/';
    }
    memset(path + 2020, 'd', 28);
    path[2048] = '\0';
    CU_ASSERT_EQUAL(write_node(&g, 0, path, ""), XS_WRITE);
    strcpy(path + 2048, "e");
    expect_error(write_node(&g, 0, path, ""), "EINVAL");
    /* Domain 0 goes past 3072 bytes, within the payload. */
    path[0] = '/';
    memset(path + 1, 'x', 3499);
    path[3500] = '\0';
    for ( i = 100; i < 3500; i += 100 )
        path[i] = '/';
    CU_ASSERT_EQUAL(write_node(&dom0, 0, path, "deep"), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, path), XS_READ);
    CU_ASSERT_STRING_EQUAL(reply_buf, "deep");
    /* 2,040 levels, removed at once: no stack spent per level on paths. */
    for ( i = 0; i < 2040; i++ )
        memcpy(path + 2 * i, "/z", 2);
    path[2 * 2040] = '\0';
    CU_ASSERT_EQUAL(write_node(&dom0, 0, path, "v"), XS_WRITE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/z"), XS_RM);
    expect_error(req_s(&dom0, XS_READ, "/z/z"), "ENOENT");
    client_close(&g);
    teardown();
}

/* 6. SET_PERMS: a missing owner is ENOENT; malformed entries EINVAL. */
static void test_set_perms_errors(void)
{
    struct client g;

    setup();
    req_s(&dom0, XS_MKDIR, "/sp");
    expect_error(req(&dom0, XS_SET_PERMS, 0, MSG("/sp\0n99")), "ENOENT");
    expect_error(req(&dom0, XS_SET_PERMS, 0, MSG("/sp\0x5")), "EINVAL");
    expect_error(req(&dom0, XS_SET_PERMS, 0, MSG("/sp\0r")), "EINVAL");
    expect_error(req(&dom0, XS_SET_PERMS, 0, MSG("/sp\0r5z")), "EINVAL");
    expect_error(req(&dom0, XS_SET_PERMS, 0, MSG("/sp")), "EINVAL");
    expect_error(req(&dom0, XS_SET_PERMS, 0, MSG("/none\0n0")), "ENOENT");
    /* A listed domain that does not exist is kept, and grants nothing. */
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_PERMS, 0, MSG("/sp\0n0\0r99\0r0x5")),
                    XS_SET_PERMS);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_PERMS, "/sp"), XS_GET_PERMS);
    CU_ASSERT_EQUAL(memcmp(reply_buf, "n0\0r99\0r5\0", 10), 0);
    client_open(&g, 99, false);
    expect_error(req_s(&g, XS_READ, "/sp"), "EACCES");
    CU_ASSERT_EQUAL(req_s(&dom5, XS_READ, "/sp"), XS_READ); /* r0x5 */
    client_close(&g);
    /* More entries than node-permissions (5) allows a guest: ENOSPC. */
    open_guest(&g, 8);
    req_s(&g, XS_MKDIR, "n");
    expect_error(req(&g, XS_SET_PERMS, 0, MSG("n\0n8\0r0\0r0\0r0\0r0\0r0")),
                 "ENOSPC");
    client_close(&g);
    teardown();
}

/* 7. Removal fires by Xen's rule; a transaction no extra parent event. */
static void test_rm_watch_events(void)
{
    struct client w;
    uint32_t t;

    setup();
    client_open(&w, 0, true);
    write_node(&dom0, 0, "/r/a/b/c", "x");
    watch(&dom0, "/", "root");
    watch(&dom0, "/r/a/b", "mid");
    watch(&w, "/r/a/b/c/none", "below");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RM, "/r/a"), XS_RM);
    CU_ASSERT_STRING_EQUAL(events(&dom0), "/r/a/b /r/a ");
    CU_ASSERT_STRING_EQUAL(events(&w), "");

    req_s(&dom0, XS_MKDIR, "/q");
    watch(&w, "/q", "q");
    t = start_tx(&dom0);
    CU_ASSERT_EQUAL(write_node(&dom0, t, "/q/new", "n"), XS_WRITE);
    end_tx(t, "T", XS_TRANSACTION_END);
    CU_ASSERT_STRING_EQUAL(events(&w), "/q/new ");
    /* And a removal in a transaction, by the same rule. */
    write_node(&dom0, 0, "/q/new/deeper", "d");
    events(&w);
    t = start_tx(&dom0);
    CU_ASSERT_EQUAL(req(&dom0, XS_RM, t, MSG("/q/new")), XS_RM);
    end_tx(t, "T", XS_TRANSACTION_END);
    CU_ASSERT_STRING_EQUAL(events(&w), "/q/new ");
    client_close(&w);
    teardown();
}

/* 8. A connection's watches fire in registration order. */
static void test_watch_order(void)
{
    char buf[512];
    unsigned int len;

    setup();
    req_s(&dom0, XS_MKDIR, "/o");
    watch(&dom0, "/o", "first");
    watch(&dom0, "/", "second");
    watch(&dom0, "/o/x", "third");
    write_node(&dom0, 0, "/o/x", "1");
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf + strlen(buf) + 1, "first");
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf + strlen(buf) + 1, "second");
    CU_ASSERT_EQUAL(next_event(&dom0, buf, &len), XS_WATCH_EVENT);
    CU_ASSERT_STRING_EQUAL(buf + strlen(buf) + 1, "third");
    teardown();
}

/* 9. GET_FEATURE/SET_FEATURE, and watch depth. */
static void test_features_and_depth(void)
{
    struct client g;

    setup();
    CU_ASSERT_EQUAL(req(&dom0, XS_GET_FEATURE, 0, "", 0), XS_GET_FEATURE);
    CU_ASSERT_STRING_EQUAL(reply_buf, "6"); /* ERROR | WATCHDEPTH */
    CU_ASSERT_EQUAL(req(&dom5, XS_GET_FEATURE, 0, "", 0), XS_GET_FEATURE);
    expect_error(req_s(&dom5, XS_GET_FEATURE, "5"), "EACCES");
    expect_error(req(&dom5, XS_SET_FEATURE, 0,
                     MSG("5\0"
                         "2")),
                 "EACCES");
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_FEATURE, 0,
                        MSG("5\0"
                            "2")),
                    XS_SET_FEATURE);
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_FEATURE, "5"), XS_GET_FEATURE);
    CU_ASSERT_STRING_EQUAL(reply_buf, "2");
    expect_error(req(&dom0, XS_SET_FEATURE, 0,
                     MSG("5\0"
                         "1")),
                 "EINVAL");
    expect_error(req(&dom0, XS_SET_FEATURE, 0,
                     MSG("99\0"
                         "2")),
                 "ENOENT");
    expect_error(req_s(&dom0, XS_GET_FEATURE, "99"), "ENOENT");
    CU_ASSERT_EQUAL(req(&dom0, XS_INTRODUCE, 0,
                        MSG("9\0"
                            "1\0"
                            "2")),
                    XS_INTRODUCE);
    expect_error(req(&dom0, XS_SET_FEATURE, 0,
                     MSG("9\0"
                         "2")),
                 "EBUSY");

    write_node(&dom0, 0, "/d/a/b", "x");
    watch_depth(&dom0, "/d", 1);
    write_node(&dom0, 0, "/d/a/b", "y");
    CU_ASSERT_STRING_EQUAL(events(&dom0), "");
    write_node(&dom0, 0, "/d/a", "y");
    write_node(&dom0, 0, "/d", "y");
    CU_ASSERT_STRING_EQUAL(events(&dom0), "/d/a /d ");
    CU_ASSERT_EQUAL(req(&dom0, XS_RESET_WATCHES, 0, "", 0), XS_RESET_WATCHES);
    watch_depth(&dom0, "/", 1);
    write_node(&dom0, 0, "/d/a", "z");
    write_node(&dom0, 0, "/d", "z");
    CU_ASSERT_STRING_EQUAL(events(&dom0), "/d ");
    expect_error(req(&dom0, XS_WATCH, 0, MSG("/d\0t\0-1")), "EINVAL");
    CU_ASSERT_EQUAL(req(&dom0, XS_RESET_WATCHES, 0, "", 0), XS_RESET_WATCHES);

    /* Special events: with depth 1 (or on name/domid) they carry it. */
    watch(&dom0, "@releaseDomain", "plain");
    watch_depth(&dom0, "@releaseDomain", 1);
    watch(&dom0, "@releaseDomain/9", "one");
    watch(&dom0, "@releaseDomain/7", "other");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_RELEASE, "9"), XS_RELEASE);
    CU_ASSERT_STRING_EQUAL(events(&dom0),
                           "@releaseDomain @releaseDomain/9 @releaseDomain/9 ");
    /* Guests hear of them only if the special node's perms allow it. */
    open_guest(&g, 8);
    watch(&g, "@introduceDomain", "i");
    req(&dom0, XS_INTRODUCE, 0,
        MSG("10\0"
            "1\0"
            "2"));
    CU_ASSERT_STRING_EQUAL(events(&g), "");
    CU_ASSERT_EQUAL(
        req(&dom0, XS_SET_PERMS, 0, MSG("@introduceDomain\0n0\0r8")),
        XS_SET_PERMS);
    /* Changing the node's permissions is an event on it, as on Xen. */
    CU_ASSERT_STRING_EQUAL(events(&g), "@introduceDomain ");
    req(&dom0, XS_INTRODUCE, 0,
        MSG("11\0"
            "1\0"
            "2"));
    CU_ASSERT_STRING_EQUAL(events(&g), "@introduceDomain ");
    client_close(&g);
    teardown();
}

/* 10. Unknown and reply-only types: ENOSYS, even from a guest. */
static void test_enosys(void)
{
    static const uint32_t types[] = { XS_WATCH_EVENT, XS_ERROR, 20,
                                      XS_TYPE_COUNT,  999,      XS_INVALID };
    unsigned int i;

    setup();
    for ( i = 0; i < sizeof(types) / sizeof(types[0]); i++ )
    {
        expect_error(req_s(&dom0, types[i], "/x"), "ENOSYS");
        expect_error(req_s(&dom5, types[i], "/x"), "ENOSYS");
    }
    teardown();
}

/* 11. GET_QUOTA in Xen's format. */
static void test_get_quota(void)
{
    setup();
    CU_ASSERT_EQUAL(req(&dom0, XS_GET_QUOTA, 0, "", 0), XS_GET_QUOTA);
    CU_ASSERT_STRING_EQUAL(reply_buf,
                           "nodes watches outstanding memory soft-memory "
                           "transactions transaction-nodes node-permissions "
                           "path-max node-size");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_QUOTA, "nodes"), XS_GET_QUOTA);
    CU_ASSERT_STRING_EQUAL(reply_buf, "1000");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_QUOTA, "memory"), XS_GET_QUOTA);
    CU_ASSERT_STRING_EQUAL(reply_buf, "2621440");
    CU_ASSERT_EQUAL(req(&dom0, XS_SET_QUOTA, 0,
                        MSG("5\0watches\0"
                            "7")),
                    XS_SET_QUOTA);
    CU_ASSERT_EQUAL(req(&dom0, XS_GET_QUOTA, 0, MSG("5\0watches")),
                    XS_GET_QUOTA);
    CU_ASSERT_STRING_EQUAL(reply_buf, "7");
    CU_ASSERT_EQUAL(req_s(&dom0, XS_GET_QUOTA, "watches"), XS_GET_QUOTA);
    CU_ASSERT_STRING_EQUAL(reply_buf, "128");
    expect_error(req_s(&dom0, XS_GET_QUOTA, "bogus"), "EINVAL");
    expect_error(req(&dom0, XS_GET_QUOTA, 0, MSG("5\0nodes\0x")), "EINVAL");
    expect_error(req(&dom0, XS_GET_QUOTA, 0, MSG("99\0nodes")), "ENOENT");
    expect_error(req(&dom5, XS_GET_QUOTA, 0, "", 0), "EACCES");
    teardown();
}

/* 12. The smaller ones. */
static void test_small_ones(void)
{
    unsigned int len;

    setup();
    write_node(&dom0, 0, "/s", "v");
    expect_error(req(&dom0, XS_READ, 0, MSG("/s\0/s")), "EINVAL");
    expect_error(req(&dom0, XS_DIRECTORY, 0, MSG("/s\0x")), "EINVAL");
    expect_error(req(&dom0, XS_GET_PERMS, 0, MSG("/s\0x")), "EINVAL");
    expect_error(req(&dom0, XS_RM, 0, MSG("/s\0x")), "EINVAL");
    /* DIRECTORY_PART at or past the end: generation, empty list. */
    write_node(&dom0, 0, "/s/c", "");
    CU_ASSERT_EQUAL(req(&dom0, XS_DIRECTORY_PART, 0,
                        MSG("/s\0"
                            "2")),
                    XS_DIRECTORY_PART);
    send_msg(&dom0, XS_DIRECTORY_PART, 0,
             MSG("/s\0"
                 "100"));
    CU_ASSERT_EQUAL(recv_msg(&dom0, reply_buf, &len), XS_DIRECTORY_PART);
    CU_ASSERT_EQUAL(len, strlen(reply_buf) + 2);
    CU_ASSERT_EQUAL(reply_buf[len - 1], '\0');
    send_msg(&dom0, XS_DIRECTORY_PART, 0,
             MSG("/s\0"
                 "0"));
    CU_ASSERT_EQUAL(recv_msg(&dom0, reply_buf, &len), XS_DIRECTORY_PART);
    CU_ASSERT_EQUAL(memcmp(reply_buf + strlen(reply_buf) + 1, "c\0", 3), 0);
    expect_error(req(&dom0, XS_DIRECTORY_PART, 0, MSG("/s")), "EINVAL");
    /* TRANSACTION_END without a transaction. */
    expect_error(req(&dom0, XS_TRANSACTION_END, 0, MSG("T")), "ENOENT");
    expect_error(req(&dom0, XS_TRANSACTION_END, 0, MSG("X")), "EINVAL");
    /* The initial tree. */
    CU_ASSERT_EQUAL(req_s(&dom0, XS_READ, "/tool/xenstored"), XS_READ);
    /* WATCH ignores the transaction id; others need a real one. */
    CU_ASSERT_EQUAL(req(&dom0, XS_WATCH, 77, MSG("/s\0t")), XS_WATCH);
    expect_error(req(&dom0, XS_READ, 77, MSG("/s")), "ENOENT");
    /* A guest learns nothing of nodes under one it may not read. */
    expect_error(req_s(&dom5, XS_READ, "/s/none"), "EACCES");
    teardown();
}

static const struct unit_case cases[] = {
    { "transactions see the tree as of their start",
      test_transaction_isolation },
    { "node size limits unprivileged domains only", test_node_size },
    { "a transaction keeps a guest within its node quota", test_tx_node_quota },
    { "RM of a missing node whose parent exists", test_rm_missing },
    { "path characters and special names", test_path_characters },
    { "path length limits unprivileged domains only", test_path_length },
    { "SET_PERMS errors", test_set_perms_errors },
    { "watch events on removal and in transactions", test_rm_watch_events },
    { "watches fire in registration order", test_watch_order },
    { "features and watch depth", test_features_and_depth },
    { "unknown and reply-only types: ENOSYS", test_enosys },
    { "GET_QUOTA in Xen's format", test_get_quota },
    { "READ args, DIRECTORY_PART end, TRANSACTION_END, /tool/xenstored",
      test_small_ones },
};
UNIT_MAIN("xenstored conformance with Xen", cases)
