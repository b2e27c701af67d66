/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored.h: the parts of the xenstore daemon and how they meet: the
 * node store (store.c), path rules (paths.c), permissions (perms.c),
 * transactions (transaction.c), watches (watch.c), connections and wire
 * framing (connection.c), message handlers (handlers.c, handlers_*.c),
 * domains (domain.c).
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

/* Permission bits of one entry. */
#define XS_PERM_NONE 0x0
#define XS_PERM_READ 0x1
#define XS_PERM_WRITE 0x2
#define XS_PERM_BOTH (XS_PERM_READ | XS_PERM_WRITE)
/* The entry names a domain that did not exist when it was set: no effect. */
#define XS_PERM_IGNORE 0x10
/* Not stored: what a check asks for when only the owner may act. */
#define XS_PERM_OWNER_BIT 0x8

struct xs_perm {
    unsigned int domid;
    unsigned int perms;
};

struct node {
    char *path;
    char *value;
    unsigned int len;
    struct xs_perm *perms; /* perms[0]: owner, and the default for others */
    unsigned int nperms;
    char *children; /* names, each NUL-terminated, in creation order */
    unsigned int childlen; /* bytes of children */
    unsigned int nchildren;
    uint64_t generation; /* changes with the node or its children */
    struct node *hash_next;
};

/* Limits (Xen's defaults). */
#define XS_NODE_SIZE_MAX 2048
#define XS_NODES_PER_DOMAIN 1000
#define XS_WATCHES_PER_CONN 128
#define XS_TRANSACTIONS_PER_CONN 10

/* A path as handled here: domain 0's may fill a payload. */
#define XS_PATH_BUF (XENSTORE_PAYLOAD_MAX + 64)

/* What the daemon offers in GET_FEATURE and the ring's server_features. */
#define XS_FEATURES                                                            \
    (XENSTORE_SERVER_FEATURE_ERROR | XENSTORE_SERVER_FEATURE_WATCHDEPTH)

/* The special watch names, which also are permission-only nodes. */
#define XS_SPECIAL_INTRODUCE "@introduceDomain"
#define XS_SPECIAL_RELEASE "@releaseDomain"

/* ---- store.c: the committed tree ---- */
/*
 * Creator id meaning "keep the parent's owner": nodes privileged clients
 * create inherit the parent's permissions whole, as on Xen; nodes an
 * unprivileged domain creates are owned by it.
 */
#define XS_OWNER_INHERIT 0xffffffffU
void store_init(void);
struct node *store_lookup(const char *path);
/* Create path (and missing parents) owned by domid; 0 or -errno. */
int store_write(const char *path, const char *value, unsigned int len,
                unsigned int domid, const struct xs_perm *perms,
                unsigned int nperms);
int store_set_perms(const char *path, const struct xs_perm *perms,
                    unsigned int nperms);
/*
 * Remove path and everything below, calling fn for each node removed
 * (children first) while it still exists: exact is false for path
 * itself, true for its descendants (see watch_fire).
 */
typedef void store_rm_fn(const char *path, bool exact, void *arg);
int store_rm(const char *path, store_rm_fn *fn, void *arg);
uint64_t store_next_generation(void);
/* Nodes at or below path owned by domid. */
unsigned int store_count_owned(const char *path, unsigned int domid);
void store_for_each_special(void (*fn)(const struct node *n, void *arg),
                            void *arg);
/* Packed child lists ("a\0b\0"): offset of name or -1; add; remove. */
int children_find(const char *list, unsigned int len, const char *name);
int children_add(char **list, unsigned int *len, const char *name);
void children_remove(char *list, unsigned int *len, const char *name);

/* ---- paths.c ---- */
struct connection;
bool path_valid(const char *path); /* absolute, or a special name */
bool path_is_special(const char *path); /* @introduceDomain, @releaseDomain */
/* A path as sent, made absolute and checked as Xen does; 0 or -EINVAL. */
int path_canonical(const struct connection *c, const char *in,
                   bool allow_special, char *out, size_t size);
bool path_is_below(const char *path, const char *top); /* or equal */
/* Levels path is below top (0: equal), -1 if not below. */
int path_depth_below(const char *path, const char *top);
char *path_parent(const char *path); /* malloc'd */
const char *path_basename(const char *path);
/* dir/name into buf; 0 or -ENAMETOOLONG. */
int path_child(char *buf, size_t size, const char *dir, const char *name);

/* ---- perms.c ---- */
int perms_parse(const char *strings, unsigned int len, struct xs_perm **out,
                unsigned int *n);
/* Writes "w0\0r1\0..." into buf; returns bytes. */
unsigned int perms_format(const struct xs_perm *p, unsigned int n, char *buf,
                          unsigned int size);
unsigned int perms_for(const struct xs_perm *p, unsigned int n,
                       unsigned int domid);
/* Mark the entries (after the owner) naming no existing domain. */
void perms_mark_missing(struct xs_perm *p, unsigned int n);

/* ---- connection.c ---- */
struct transaction;

struct connection {
    int fd; /* socket, or -1 for a guest's ring */
    struct xenstore_domain_interface *ring;
    unsigned int local_port; /* our end of the ring's event channel */
    unsigned int ring_peeked; /* request bytes read, not yet consumed */
    bool restored; /* reconnected after a restart: lost transactions */
    bool ring_signalled; /* its event channel fired since last served */
    void *ring_base; /* the mapping the ring lives in */
    size_t ring_map_size;
    unsigned int domid; /* 0 for dom0 socket clients */
    bool privileged;
    /* Input being assembled. */
    struct xsd_sockmsg hdr;
    unsigned int hdr_got;
    char in[XENSTORE_PAYLOAD_MAX + 1];
    unsigned int in_got;
    /* A socket's bytes received, not yet taken (connection.c). */
    char *sock_buf;
    unsigned int sock_off, sock_len;
    /* Output queue (output.c). */
    struct out_msg *out_head, **out_tail;
    size_t out_bytes;
    unsigned int out_replies; /* replies not yet taken: outstanding */
    bool deferred; /* a request was held back by a limit */
    struct watch *watches, **watches_tail; /* in registration order */
    unsigned int nr_watches;
    struct transaction *transactions;
    unsigned int nr_transactions;
    uint32_t next_tx_id;
    unsigned int handled; /* messages served, for conn_handle_burst */
    bool dead;
    struct connection *next;
};

extern struct connection *connections;

struct connection *conn_new(int fd, unsigned int domid, bool privileged);
void conn_free(struct connection *c);
/* Read and handle whatever is available; false if the peer went away. */
bool conn_handle_input(struct connection *c);
/* Up to CONN_BURST messages of c in a row; false if c must go. */
#define CONN_BURST 256
bool conn_handle_burst(struct connection *c);
/* c has requests received and not yet served (no POLLIN tells of them). */
bool conn_input_pending(const struct connection *c);
/* Poll timeout: short while some connection's requests are held back. */
int conn_poll_timeout_ms(void);

/* ---- output.c: per-connection queue of replies and watch events ---- */
bool conn_flush_output(struct connection *c);
bool conn_has_output(const struct connection *c);
void conn_free_output(struct connection *c);
void conn_send(struct connection *c, uint32_t type, uint32_t req_id,
               uint32_t tx_id, const void *data, unsigned int len);
/* An ERROR reply naming err (a positive errno). */
void conn_send_error(struct connection *c, const struct xsd_sockmsg *req,
                     int err);
void output_set_event_timeout(unsigned int ms);
void output_expire_events(void); /* drop stale watch events */

/* ---- handlers.c ---- */
void handle_message(struct connection *c, const struct xsd_sockmsg *hdr,
                    char *payload);

/* ---- transaction.c ---- */
/* A node as a transaction (or, with tx NULL, the committed tree) sees it. */
struct view {
    const char *value;
    unsigned int len;
    const struct xs_perm *perms;
    unsigned int nperms;
    const char *children; /* packed names */
    unsigned int childlen;
    uint64_t generation;
};
struct transaction *tx_start(struct connection *c, uint32_t *id);
struct transaction *tx_find(struct connection *c, uint32_t id);
/* False if path does not exist as tx sees it; -ENOSPC etc. via tx_error. */
bool tx_view(struct transaction *tx, const char *path, struct view *v);
/* Nonzero (-ENOSPC, -EAGAIN) once tx can no longer be served. */
int tx_error(const struct transaction *tx);
int tx_write(struct connection *c, struct transaction *tx, const char *path,
             const char *value, unsigned int len, bool create_only);
int tx_rm(struct connection *c, struct transaction *tx, const char *path);
int tx_set_perms(struct connection *c, struct transaction *tx, const char *path,
                 struct xs_perm *perms, unsigned int nperms);
/* End: commit (0 or -EAGAIN) or abort; frees the transaction. */
int tx_end(struct connection *c, struct transaction *tx, bool commit);
void tx_abort_all(struct connection *c);
/* Nodes of its own domain tx adds, net (an estimate until commit). */
int tx_nodes_added(const struct transaction *tx);
/* store.c: path (n, or NULL if absent) is about to change. */
void tx_capture(const char *path, const struct node *n);

/* ---- watch.c ---- */
struct watch {
    char *path; /* as registered (maybe relative) */
    char *abs; /* absolute */
    char *token;
    int depth; /* levels below abs that match; -1: all */
    struct watch *next;
};
int watch_add(struct connection *c, const char *path, const char *abs,
              const char *token, int depth);
int watch_remove(struct connection *c, const char *path, const char *token);
void watch_remove_all(struct connection *c); /* the connection ends */
void watch_reset(struct connection *c); /* RESET_WATCHES */
/*
 * A node changed: fire the watches at or above path (within their
 * depth) or, if exact, only those on path itself. old_perms (or NULL):
 * the node's permissions before a SET_PERMS, so that a watcher losing
 * access still hears of it.
 */
void watch_fire(const char *path, bool exact, const struct xs_perm *old_perms,
                unsigned int old_nperms);
/* A special event (XS_SPECIAL_*) about domid. */
void watch_fire_special(const char *name, unsigned int domid);

/* ---- ring.c: guests' shared pages (the hypervisor side) ---- */
/* Map domid's store page and bind its event channel; a connection. */
struct connection *ring_connect(unsigned int domid, uint64_t mfn,
                                unsigned int port, unsigned int features);
void ring_disconnect(struct connection *c);
int ring_event_fd(void); /* pollable, -1 without a hypervisor */
void ring_event_hangup(void); /* that fd hung up: the hypervisor died */
void ring_handle_events(void); /* serve rings that were signalled */
/* Ring byte I/O for connection.c: bytes moved, or -1 for a bad ring. */
int ring_read(struct connection *c, void *buf, unsigned int len);
void ring_consume(struct connection *c); /* the request read was handled */
int ring_write(struct connection *c, const void *buf, unsigned int len);
/* Does the hypervisor know domid? False too when it cannot be asked. */
bool ring_domain_exists(unsigned int domid);

/* ---- domain.c ---- */
int domain_introduce(unsigned int domid, uint64_t mfn, unsigned int port);
int domain_release(unsigned int domid);
bool domain_is_introduced(unsigned int domid);
/* Dom0, introduced, connected, or known to the hypervisor. */
bool domain_exists(unsigned int domid);
int domain_set_target(unsigned int domid, unsigned int target);
bool domain_is_target_of(unsigned int domid, unsigned int target);
struct connection *domain_conn(unsigned int domid); /* its ring, or NULL */
/* GET_FEATURE/SET_FEATURE: a domain's features (set before INTRODUCE). */
unsigned int domain_features(unsigned int domid);
int domain_set_features(unsigned int domid, unsigned int features);

/* ---- quota.c ---- */
/* Numbers are kept in the state file: add new ones at the end. */
enum quota {
    QUOTA_NODES,
    QUOTA_NODE_SIZE,
    QUOTA_WATCHES,
    QUOTA_TRANSACTIONS,
    QUOTA_OUTSTANDING,
    QUOTA_MEMORY,
    QUOTA_SOFT_MEMORY,
    QUOTA_TRANSACTION_NODES,
    QUOTA_NODE_PERMISSIONS,
    QUOTA_PATH_MAX,
    NR_QUOTAS
};
int quota_index(const char *name); /* or -EINVAL */
/* The value in force for domid; 0 means no limit. */
unsigned int quota_get(enum quota which, unsigned int domid);
/* Does value go past domid's quota (never when it is 0)? */
bool quota_over(enum quota which, unsigned int domid, size_t value);
unsigned int quota_global(enum quota which);
int quota_set(enum quota which, bool per_domain, unsigned int domid,
              unsigned int value);
/* Xen's GET_QUOTA without arguments: the names, separated by blanks. */
unsigned int quota_names(char *buf, unsigned int size);
/* "name=value" strings, NUL-separated; returns bytes. */
unsigned int quota_format(bool per_domain, unsigned int domid, char *buf,
                          unsigned int size);

/* ---- control.c: CONTROL subcommands, and argument parsing ---- */
int control_run(const char **argv, unsigned int argc, char *buf,
                unsigned int size, unsigned int *used);
int parse_domid(const char *s, unsigned int *domid); /* 0 or -EINVAL */
int parse_quota_value(const char *name, const char *value, int *which,
                      unsigned int *v);

/* ---- accounting.c: what each domain holds (nodes, bytes) ---- */
size_t acct_node_bytes(const char *path, unsigned int value_len,
                       unsigned int nperms);
void acct_add(unsigned int domid, int nodes, long bytes);
unsigned int acct_nodes(unsigned int domid);
size_t acct_bytes(unsigned int domid);
/* One line per domain holding anything; returns bytes written. */
unsigned int acct_report(char *buf, unsigned int size);

/* ---- ratelimit.c: changes by unprivileged domains ---- */
/* Changes per second for all guests together, and the burst; 0: none. */
void ratelimit_configure(double per_second, unsigned int burst);
bool ratelimit_may_read(const struct connection *c);
void ratelimit_charge(const struct connection *c, uint32_t type);

/* ---- persist.c ---- */
/* Load, then journal changes; -EPERM (why) for a file not root's alone. */
int persist_open(const char *rundir, char *why, size_t len);
void persist_close(void); /* final snapshot */
void persist_snapshot(void);
void persist_node(const struct node *n);
void persist_rm(const char *path);
void persist_target(unsigned int domid, unsigned int target);
/* 'A'dd, 'U'nwatch or reset ('Z') a guest's watches. */
void persist_watch(char what, unsigned int domid, const char *path,
                   const char *abs, const char *token, int depth);
void persist_quota(bool per_domain, unsigned int domid, unsigned int which,
                   unsigned int value);
void persist_domain(unsigned int domid, uint64_t mfn, unsigned int port,
                    bool introduced);
void persist_features(unsigned int domid, unsigned int features);
/* Records shared by the journal and the snapshot (persist.c writes them). */
struct buf;
void persist_put_domain(struct buf *b, unsigned int domid, uint64_t mfn,
                        unsigned int port);
void persist_put_target(struct buf *b, unsigned int domid, unsigned int target);
void persist_put_features(struct buf *b, unsigned int domid,
                          unsigned int features);
void persist_put_quota(struct buf *b, bool per_domain, unsigned int domid,
                       unsigned int which, unsigned int value);
void persist_put_watch(struct buf *b, char what, unsigned int domid,
                       const char *path, const char *abs, const char *token,
                       int depth);
/* domain.c, quota.c and watch.c add their state to a snapshot. */
void domain_snapshot(struct buf *b);
void quota_snapshot(struct buf *b);
void watch_snapshot(struct buf *b);

/* ---- main.c ---- */
void xs_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* XENSTORED_H */
