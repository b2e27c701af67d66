/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenbus.c: talk to xenstored over the ring page of start_info
 * (store_mfn, store_evtchn): requests into req[], replies from rsp[],
 * free-running indexes, a kick on the event channel after each side
 * moves. One request at a time; watch events that arrive are dropped.
 */
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>
#include <public/io/xs_wire.h>

#define REPLY_TIMEOUT_NS (5ULL * 1000000000ULL)

/* Watch events that arrived while waiting for replies. */
struct watch_event {
    char *data; /* "path\0token\0" */
    struct watch_event *next;
};

static struct watch_event *events;
static struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static struct thread *waiter;
static uint32_t next_req_id;

static void on_event(evtchn_port_t p, void *data)
{
    (void)p;
    (void)data;
    if ( waiter )
        wake(waiter);
}

void xenbus_init(void)
{
    ring = (struct xenstore_domain_interface *)(VIRT_BASE +
                                                (start_info.store_mfn << 12));
    port = start_info.store_evtchn;
    bind_evtchn(port, on_event, NULL);
}

/*
 * Tell xenstored the indexes moved: once per message rather than per
 * index update (each notify is an exit), and before waiting on it.
 */
static bool unnotified;

static void kick(void)
{
    if ( !unnotified )
        return;
    unnotified = false;
    notify_remote_via_evtchn(port);
}

/* Sleep briefly, woken early by a ring event. */
static int wait_a_little(uint64_t deadline)
{
    kick();
    if ( monotonic_clock() > deadline )
        return -XEN_ETIMEDOUT;
    waiter = current_thread();
    msleep(5);
    waiter = NULL;
    return 0;
}

static int ring_put(const void *data, unsigned int len, uint64_t deadline)
{
    const char *p = data;

    while ( len )
    {
        XENSTORE_RING_IDX cons, prod = ring->req_prod;
        unsigned int space, i;

        /*
         * Our last req_prod before its req_cons: xenstored tells us of
         * room only if it then sees the full ring we may see here.
         */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        cons = __atomic_load_n(&ring->req_cons, __ATOMIC_ACQUIRE);
        space = XENSTORE_RING_SIZE - (prod - cons);

        if ( space > XENSTORE_RING_SIZE )
            return -XEN_EIO;
        if ( !space )
        {
            if ( wait_a_little(deadline) )
                return -XEN_ETIMEDOUT;
            continue;
        }
        if ( space > len )
            space = len;
        for ( i = 0; i < space; i++ )
            ring->req[MASK_XENSTORE_IDX(prod + i)] = p[i];
        __atomic_store_n(&ring->req_prod, prod + space, __ATOMIC_RELEASE);
        unnotified = true;
        p += space;
        len -= space;
    }
    return 0;
}

static int ring_get(void *data, unsigned int len, uint64_t deadline)
{
    char *p = data;

    while ( len )
    {
        XENSTORE_RING_IDX prod =
            __atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE);
        XENSTORE_RING_IDX cons = ring->rsp_cons;
        unsigned int avail = prod - cons, i;

        if ( avail > XENSTORE_RING_SIZE )
            return -XEN_EIO;
        if ( !avail )
        {
            if ( wait_a_little(deadline) )
                return -XEN_ETIMEDOUT;
            continue;
        }
        if ( avail > len )
            avail = len;
        for ( i = 0; i < avail; i++ )
            p[i] = ring->rsp[MASK_XENSTORE_IDX(cons + i)];
        __atomic_store_n(&ring->rsp_cons, cons + avail, __ATOMIC_RELEASE);
        /*
         * Room matters to xenstored only if it found the ring full: tell
         * it then (the fence pairs with the one in its ring_write()).
         */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if ( __atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE) - cons >=
             XENSTORE_RING_SIZE )
            unnotified = true;
        p += avail;
        len -= avail;
    }
    return 0;
}

/* One whole message: its header, and its body malloc'd and NUL-ended. */
static int read_message(struct xsd_sockmsg *hdr, char **body, uint64_t deadline)
{
    int rc = ring_get(hdr, sizeof(*hdr), deadline);

    if ( rc )
        return rc;
    if ( hdr->len > XENSTORE_PAYLOAD_MAX )
        return -XEN_EIO;
    *body = malloc(hdr->len + 1);
    if ( !*body )
        return -XEN_ENOMEM;
    rc = ring_get(*body, hdr->len, deadline);
    if ( rc )
    {
        free(*body);
        return rc;
    }
    (*body)[hdr->len] = '\0';
    kick();
    return 0;
}

static int error_number(const char *name)
{
    static const struct {
        const char *name;
        int err;
    } errs[] = {
        { "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES },
        { "EEXIST", XEN_EEXIST }, { "ENOENT", XEN_ENOENT },
        { "ENOSPC", XEN_ENOSPC }, { "EAGAIN", XEN_EAGAIN },
        { "E2BIG", XEN_E2BIG },   { "EPERM", XEN_EPERM },
        { "ENOMEM", XEN_ENOMEM }, { "EBUSY", XEN_EBUSY },
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(errs); i++ )
        if ( !strcmp(errs[i].name, name) )
            return -errs[i].err;
    return -XEN_EIO;
}

static void queue_event(char *body)
{
    struct watch_event *e = malloc(sizeof(*e)), **pp;

    if ( !e )
    {
        free(body);
        return;
    }
    e->data = body;
    e->next = NULL;
    for ( pp = &events; *pp; pp = &(*pp)->next )
        ;
    *pp = e;
}

int xenbus_request(uint32_t type, uint32_t tx, const void *payload,
                   unsigned int len, char **reply, unsigned int *reply_len)
{
    uint64_t deadline = monotonic_clock() + REPLY_TIMEOUT_NS;
    struct xsd_sockmsg req = {
        .type = type, .req_id = ++next_req_id, .tx_id = tx, .len = len
    };
    int rc;

    if ( !ring || len > XENSTORE_PAYLOAD_MAX )
        return -XEN_EINVAL;
    rc = ring_put(&req, sizeof(req), deadline);
    if ( !rc )
        rc = ring_put(payload, len, deadline);
    kick();
    while ( !rc )
    {
        struct xsd_sockmsg rsp;
        char *body;

        rc = read_message(&rsp, &body, deadline);
        if ( rc )
            break;
        if ( rsp.type == XS_WATCH_EVENT )
        {
            queue_event(body);
            continue;
        }
        if ( rsp.req_id != req.req_id )
        {
            free(body);
            continue;
        }
        if ( rsp.type == XS_ERROR )
        {
            rc = error_number(body);
            free(body);
            return rc;
        }
        if ( reply )
            *reply = body;
        else
            free(body);
        if ( reply_len )
            *reply_len = rsp.len;
        return 0;
    }
    return rc;
}

int xenbus_write(uint32_t tx, const char *path, const char *value)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t pl = strlen(path) + 1, vl = strlen(value);

    if ( pl + vl > sizeof(buf) )
        return -XEN_E2BIG;
    memcpy(buf, path, pl);
    memcpy(buf + pl, value, vl);
    return xenbus_request(XS_WRITE, tx, buf, pl + vl, NULL, NULL);
}

char *xenbus_read(uint32_t tx, const char *path, int *err)
{
    char *value = NULL;

    *err = xenbus_request(XS_READ, tx, path, strlen(path) + 1, &value, NULL);
    return *err ? NULL : value;
}

int xenbus_rm(uint32_t tx, const char *path)
{
    return xenbus_request(XS_RM, tx, path, strlen(path) + 1, NULL, NULL);
}

int xenbus_transaction_start(uint32_t *tx)
{
    char *reply = NULL;
    int rc = xenbus_request(XS_TRANSACTION_START, 0, "", 1, &reply, NULL);

    if ( !rc )
    {
        *tx = strtoul(reply, NULL, 10);
        free(reply);
    }
    return rc;
}

int xenbus_transaction_end(uint32_t tx, int abort)
{
    return xenbus_request(XS_TRANSACTION_END, tx, abort ? "F" : "T", 2, NULL,
                          NULL);
}

int xenbus_watch(const char *path, const char *token)
{
    char buf[512];
    size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

    if ( pl + tl > sizeof(buf) )
        return -XEN_E2BIG;
    memcpy(buf, path, pl);
    memcpy(buf + pl, token, tl);
    return xenbus_request(XS_WATCH, 0, buf, pl + tl, NULL, NULL);
}

int xenbus_unwatch(const char *path, const char *token)
{
    char buf[512];
    size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

    if ( pl + tl > sizeof(buf) )
        return -XEN_E2BIG;
    memcpy(buf, path, pl);
    memcpy(buf + pl, token, tl);
    return xenbus_request(XS_UNWATCH, 0, buf, pl + tl, NULL, NULL);
}

char *xenbus_wait_for_watch(uint64_t timeout_ns)
{
    uint64_t deadline = monotonic_clock() + timeout_ns;

    while ( !events )
    {
        struct xsd_sockmsg rsp;
        char *body;

        /* Nothing queued: read what xenstored sends. */
        if ( read_message(&rsp, &body, deadline) )
            return NULL;
        if ( rsp.type == XS_WATCH_EVENT )
            queue_event(body);
        else
            free(body);
    }
    {
        struct watch_event *e = events;
        char *data = e->data;

        events = e->next;
        free(e);
        return data;
    }
}

int xenbus_switch_state(const char *dir, XenbusState state)
{
    char path[256], value[4];

    snprintf(path, sizeof(path), "%s/state", dir);
    snprintf(value, sizeof(value), "%d", state);
    return xenbus_write(0, path, value);
}

XenbusState xenbus_read_state(const char *dir)
{
    char path[256], *v;
    XenbusState state;
    int err;

    snprintf(path, sizeof(path), "%s/state", dir);
    v = xenbus_read(0, path, &err);
    state = v ? (XenbusState)strtoul(v, NULL, 10) : XenbusStateUnknown;
    free(v);
    return state;
}

int xenbus_wait_for_state_change(const char *dir, XenbusState *state,
                                 uint64_t timeout_ns)
{
    uint64_t deadline = monotonic_clock() + timeout_ns;
    char path[256];
    XenbusState now;
    int rc;

    snprintf(path, sizeof(path), "%s/state", dir);
    rc = xenbus_watch(path, "state");
    if ( rc )
        return rc;
    while ( (now = xenbus_read_state(dir)) == *state )
    {
        uint64_t left =
            monotonic_clock() < deadline ? deadline - monotonic_clock() : 0;
        char *ev = left ? xenbus_wait_for_watch(left) : NULL;

        if ( !ev )
        {
            xenbus_unwatch(path, "state");
            return -XEN_ETIMEDOUT;
        }
        free(ev);
    }
    xenbus_unwatch(path, "state");
    *state = now;
    return 0;
}
