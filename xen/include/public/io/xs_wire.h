/* SPDX-License-Identifier: MIT */
/*
 * io/xs_wire.h: the xenstore wire protocol. Every message is a header
 * (type, request id, transaction id, payload length) and a payload of
 * NUL-separated strings; replies echo the request id. Guests talk to
 * xenstored over the shared page described by xenstore_domain_interface,
 * dom0 programs over a socket.
 */
#ifndef __XEN_PUBLIC_IO_XS_WIRE_H__
#define __XEN_PUBLIC_IO_XS_WIRE_H__

#include <stdint.h>

enum xsd_sockmsg_type {
    XS_CONTROL = 0,
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    /* 20 was XS_RESTRICT, never used */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_GET_FEATURE = 23,
    XS_SET_FEATURE = 24,
    XS_GET_QUOTA = 25,
    XS_SET_QUOTA = 26,
    XS_TYPE_COUNT,
    XS_INVALID = 0xffff,
};

#define XS_WRITE_NONE   "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Error replies carry the errno name as their payload. */
struct xsd_errors {
    int errnum;
    const char *errstring;
};
#define XSD_ERROR(x) { x, #x }
#define XSD_ERROR_LIST                                                       \
    XSD_ERROR(EINVAL), XSD_ERROR(EACCES), XSD_ERROR(EEXIST),                 \
    XSD_ERROR(EISDIR), XSD_ERROR(ENOENT), XSD_ERROR(ENOMEM),                 \
    XSD_ERROR(ENOSPC), XSD_ERROR(EIO), XSD_ERROR(ENOTEMPTY),                 \
    XSD_ERROR(ENOSYS), XSD_ERROR(EROFS), XSD_ERROR(EBUSY),                   \
    XSD_ERROR(EAGAIN), XSD_ERROR(EISCONN), XSD_ERROR(E2BIG),                 \
    XSD_ERROR(EPERM)

struct xsd_sockmsg {
    uint32_t type;      /* enum xsd_sockmsg_type */
    uint32_t req_id;    /* echoed in the reply */
    uint32_t tx_id;     /* transaction, 0 for none */
    uint32_t len;       /* payload bytes that follow */
};

/* Indexes of the two strings of an XS_WATCH_EVENT payload. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN,
};

/* The shared page between a guest and xenstored. */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* guest -> xenstored */
    char rsp[XENSTORE_RING_SIZE];   /* xenstored -> guest */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;       /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;            /* XENSTORE_CONNECTED/RECONNECT */
    uint32_t error;                 /* XENSTORE_ERROR_* */
};

#define XENSTORE_PAYLOAD_MAX 4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH   4

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif /* __XEN_PUBLIC_IO_XS_WIRE_H__ */
