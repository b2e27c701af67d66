/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenbus.c: talk to xenstored over the ring page of start_info
 * (store_mfn, store_evtchn): requests into req[], replies from rsp[],
 * free-running indexes, a kick on the event channel after each side
 * moves.
 *
 * Several threads may use xenbus at once (the kernel's control/shutdown
 * watcher and the application): replies are matched to their request by
 * id, watch events are queued by owner (the kernel's own token or the
 * application's queue), and a message is written whole before another
 * thread may write. Whoever waits drains the ring: every byte read goes
 * into one reassembly buffer, so a reply longer than the ring, read in
 * parts, is never torn between two readers.
 */
#include <mini-os/os.h>
#include <mini-os/xenbus.h>
#include <public/errno.h>
#include <public/io/xs_wire.h>

#define REPLY_TIMEOUT_NS (5ULL * 1000000000ULL)
#define MAX_PENDING 8
#define MAX_WAITERS 8

/* Watch events that arrived for the application. */
struct watch_event {
    char *data; /* "path\0token\0" */
    struct watch_event *next;
};

static struct watch_event *events;
static struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static uint32_t next_req_id;

/* Requests waiting for their reply. */
static struct pending {
    uint32_t req_id; /* 0: free slot */
    bool done;
    int err;
    char *body;
    unsigned int len;
} pending[MAX_PENDING];

/* Threads sleeping until the ring moves. */
static struct thread *waiters[MAX_WAITERS];

/* The message being read: its header, then its body. */
static struct {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];
    unsigned int have; /* bytes of header + body read so far */
} in;

static bool writer_busy; /* a message is half-written */
static bool unnotified; /* indexes moved since the last kick */

/* The kernel's own watches (control/shutdown, frontends' backend state). */
#define MAX_KERNEL_WATCHES 8
static struct {
    const char *token;
    void (*fn)(void);
} kernel_watches[MAX_KERNEL_WATCHES];

static void on_event(evtchn_port_t p, void *data)
{
    unsigned int i;

    (void)p;
    (void)data;
    for ( i = 0; i < MAX_WAITERS; i++ )
        if ( waiters[i] )
            wake(waiters[i]);
}

void xenbus_init(void)
{
    if ( ring )
        return;
    ring = (struct xenstore_domain_interface *)(VIRT_BASE +
                                                (start_info.store_mfn << 12));
    port = start_info.store_evtchn;
    bind_evtchn(port, on_event, NULL);
}

/*
 * Tell xenstored the indexes moved: once per message rather than per
 * index update (each notify is an exit), and before waiting on it.
 */
static void kick(void)
{
    if ( !unnotified )
        return;
    unnotified = false;
    notify_remote_via_evtchn(port);
}

static bool rsp_waiting(void)
{
    return __atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE) != ring->rsp_cons;
}

/*
 * Sleep until an event on the ring (or the deadline, 0: none). The
 * condition is checked with events masked, so an event between the
 * check and the sleep still wakes us.
 */
static int wait_ring(uint64_t deadline, bool (*ready)(void))
{
    struct thread *self = current_thread();
    unsigned int slot;

    kick();
    if ( deadline && monotonic_clock() > deadline )
        return -XEN_ETIMEDOUT;
    for ( slot = 0; slot < MAX_WAITERS && waiters[slot]; slot++ )
        ;
    if ( slot == MAX_WAITERS )
    {
        msleep(5); /* too many sleepers: poll */
        return 0;
    }
    waiters[slot] = self;
    local_irq_disable();
    if ( ready() )
    {
        waiters[slot] = NULL;
        local_irq_enable();
        return 0;
    }
    if ( deadline )
    {
        uint64_t ms = (deadline - monotonic_clock()) / 1000000 + 1;

        msleep(ms > 0xffffffffULL ? 0xffffffffU : (uint32_t)ms);
    }
    else
    {
        local_irq_enable();
        block_current();
    }
    waiters[slot] = NULL;
    return 0;
}

static bool ring_has_room(void)
{
    return ring->req_prod - __atomic_load_n(&ring->req_cons, __ATOMIC_ACQUIRE) <
           XENSTORE_RING_SIZE;
}

static bool writer_free(void)
{
    return !writer_busy;
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
            if ( wait_ring(deadline, ring_has_room) )
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

/* A whole message has arrived in `in`: hand it to whoever waits. */
static void dispatch(void)
{
    unsigned int i, len = in.hdr.len;
    char *body;

    in.body[len] = '\0';
    if ( in.hdr.type == XS_WATCH_EVENT )
    {
        size_t path_len = strlen(in.body);
        const char *token = in.body + path_len + 1;

        for ( i = 0; path_len + 1 < len && i < MAX_KERNEL_WATCHES; i++ )
            if ( kernel_watches[i].token &&
                 !strcmp(token, kernel_watches[i].token) )
            {
                kernel_watches[i].fn();
                return;
            }
        body = malloc(len + 1);
        if ( body )
        {
            memcpy(body, in.body, len + 1);
            queue_event(body);
        }
        return;
    }
    for ( i = 0; i < MAX_PENDING; i++ )
        if ( pending[i].req_id && pending[i].req_id == in.hdr.req_id &&
             !pending[i].done )
            break;
    if ( i == MAX_PENDING )
        return; /* nobody waits for it (a request sent without waiting) */
    pending[i].done = true;
    pending[i].len = len;
    if ( in.hdr.type == XS_ERROR )
    {
        pending[i].err = error_number(in.body);
        return;
    }
    pending[i].body = malloc(len + 1);
    if ( pending[i].body )
        memcpy(pending[i].body, in.body, len + 1);
    else
        pending[i].err = -XEN_ENOMEM;
}

/*
 * Read whatever the ring holds into the reassembly buffer, dispatching
 * each message as it completes. Never sleeps. -XEN_EIO if xenstored
 * broke the protocol (the ring is then of no more use).
 */
static int ring_drain(void)
{
    for ( ;; )
    {
        XENSTORE_RING_IDX prod =
            __atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE);
        XENSTORE_RING_IDX cons = ring->rsp_cons;
        unsigned int avail = prod - cons, want, i;
        char *dst;

        if ( avail > XENSTORE_RING_SIZE )
            return -XEN_EIO;
        if ( !avail )
            return 0;
        if ( in.have < sizeof(in.hdr) )
        {
            want = sizeof(in.hdr) - in.have;
            dst = (char *)&in.hdr + in.have;
        }
        else
        {
            want = sizeof(in.hdr) + in.hdr.len - in.have;
            dst = in.body + (in.have - sizeof(in.hdr));
        }
        if ( want > avail )
            want = avail;
        for ( i = 0; i < want; i++ )
            dst[i] = ring->rsp[MASK_XENSTORE_IDX(cons + i)];
        __atomic_store_n(&ring->rsp_cons, cons + want, __ATOMIC_RELEASE);
        /*
         * Room matters to xenstored only if it found the ring full: tell
         * it then (the fence pairs with the one in its ring_write()).
         */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if ( __atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE) - cons >=
             XENSTORE_RING_SIZE )
            unnotified = true;
        in.have += want;
        if ( in.have == sizeof(in.hdr) && in.hdr.len > XENSTORE_PAYLOAD_MAX )
            return -XEN_EIO;
        if ( in.have >= sizeof(in.hdr) &&
             in.have == sizeof(in.hdr) + in.hdr.len )
        {
            in.have = 0;
            dispatch();
        }
    }
}

/* Write one whole message; the caller's req_id is in hdr. */
static int send_message(const struct xsd_sockmsg *hdr, const void *payload,
                        uint64_t deadline)
{
    int rc;

    while ( writer_busy )
        if ( wait_ring(deadline, writer_free) )
            return -XEN_ETIMEDOUT;
    writer_busy = true;
    rc = ring_put(hdr, sizeof(*hdr), deadline);
    if ( !rc )
        rc = ring_put(payload, hdr->len, deadline);
    writer_busy = false;
    return rc;
}

static int claim_slot(uint32_t req_id)
{
    unsigned int i;

    for ( i = 0; i < MAX_PENDING; i++ )
        if ( !pending[i].req_id )
        {
            pending[i] = (struct pending){ .req_id = req_id };
            return i;
        }
    return -1;
}

static struct pending *waiting_slot; /* for slot_done() below */

static bool slot_done(void)
{
    return waiting_slot->done || rsp_waiting();
}

int xenbus_request(uint32_t type, uint32_t tx, const void *payload,
                   unsigned int len, char **reply, unsigned int *reply_len)
{
    uint64_t deadline = monotonic_clock() + REPLY_TIMEOUT_NS;
    struct xsd_sockmsg req = {
        .type = type, .req_id = ++next_req_id, .tx_id = tx, .len = len
    };
    struct pending *p;
    int rc, slot;

    if ( !ring || len > XENSTORE_PAYLOAD_MAX )
        return -XEN_EINVAL;
    if ( !req.req_id )
        req.req_id = ++next_req_id;
    while ( (slot = claim_slot(req.req_id)) < 0 )
        msleep(1);
    p = &pending[slot];
    rc = send_message(&req, payload, deadline);
    kick();
    while ( !rc && !p->done )
    {
        rc = ring_drain();
        if ( rc || p->done )
            break;
        waiting_slot = p;
        rc = wait_ring(deadline, slot_done);
    }
    if ( !rc )
        rc = p->err;
    if ( !rc && reply )
        *reply = p->body;
    else
        free(p->body);
    if ( !rc && reply_len )
        *reply_len = p->len;
    p->req_id = 0;
    return rc;
}

int xenbus_send_nowait(uint32_t type, const void *payload, unsigned int len)
{
    struct xsd_sockmsg req = { .type = type,
                               .req_id = ++next_req_id,
                               .len = len };

    if ( !ring || len > XENSTORE_PAYLOAD_MAX )
        return -XEN_EINVAL;
    return send_message(&req, payload, monotonic_clock() + REPLY_TIMEOUT_NS);
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

static int watch_payload(const char *path, const char *token, char *buf,
                         size_t size)
{
    size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

    if ( pl + tl > size )
        return -XEN_E2BIG;
    memcpy(buf, path, pl);
    memcpy(buf + pl, token, tl);
    return pl + tl;
}

int xenbus_watch(const char *path, const char *token)
{
    char buf[512];
    int len = watch_payload(path, token, buf, sizeof(buf));

    return len < 0 ? len : xenbus_request(XS_WATCH, 0, buf, len, NULL, NULL);
}

int xenbus_unwatch(const char *path, const char *token)
{
    char buf[512];
    int len = watch_payload(path, token, buf, sizeof(buf));

    return len < 0 ? len : xenbus_request(XS_UNWATCH, 0, buf, len, NULL, NULL);
}

int xenbus_kernel_watch(const char *path, const char *token, void (*fn)(void))
{
    char buf[512];
    int len = watch_payload(path, token, buf, sizeof(buf));

    unsigned int i;

    if ( len < 0 )
        return len;
    for ( i = 0; i < MAX_KERNEL_WATCHES; i++ )
        if ( !kernel_watches[i].token ||
             !strcmp(kernel_watches[i].token, token) )
            break;
    if ( i == MAX_KERNEL_WATCHES )
        return -XEN_ENOSPC;
    kernel_watches[i].token = token;
    kernel_watches[i].fn = fn;
    return xenbus_send_nowait(XS_WATCH, buf, len);
}

static bool (*until_cond)(void);

static bool until_ready(void)
{
    return until_cond() || rsp_waiting();
}

int xenbus_wait_until(bool (*cond)(void), uint64_t timeout_ns)
{
    uint64_t deadline = timeout_ns ? monotonic_clock() + timeout_ns : 0;
    int rc;

    while ( !cond() )
    {
        if ( !ring )
            return -XEN_EINVAL;
        rc = ring_drain();
        if ( rc )
            return rc;
        if ( cond() )
            break;
        until_cond = cond;
        rc = wait_ring(deadline, until_ready);
        if ( rc )
            return rc;
    }
    return 0;
}

static bool event_queued(void)
{
    return events || rsp_waiting();
}

char *xenbus_wait_for_watch(uint64_t timeout_ns)
{
    uint64_t deadline = monotonic_clock() + timeout_ns;
    struct watch_event *e;
    char *data;

    while ( !events )
        if ( !ring || ring_drain() ||
             (!events && wait_ring(deadline, event_queued)) )
            return NULL;
    e = events;
    data = e->data;
    events = e->next;
    free(e);
    return data;
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
