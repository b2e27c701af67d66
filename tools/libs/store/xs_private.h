/* SPDX-License-Identifier: LGPL-2.1-only */
/* xs_private.h: libxenstore's handle and its internal calls. */
#ifndef XS_PRIVATE_H
#define XS_PRIVATE_H

#include <pthread.h>
#include <stdint.h>
#include <sys/uio.h>

#include <public/io/xs_wire.h>
#include <xenstore.h>

/* One piece of a request. */
#define IOV(p, l)                                                              \
    {                                                                          \
        .iov_base = (void *)(p), .iov_len = (l)                                \
    }

struct xs_event {
    char *data; /* "path\0token\0" */
    unsigned int len;
    struct xs_event *next;
};

struct xs_watch_reg {
    char *path, *token;
    int depth; /* -1: none */
    struct xs_watch_reg *next;
};

struct xs_handle {
    int fd;
    pthread_mutex_t lock;
    uint32_t req_id;
    struct xs_event *events;
    struct xs_watch_reg *watches;
};

/* Send a request made of iov pieces; the reply payload (malloc'd). */
char *xs_talk(struct xs_handle *h, uint32_t type, uint32_t tx,
              const struct iovec *iov, unsigned int n, unsigned int *len);
char *xs_talk_string(struct xs_handle *h, uint32_t type, uint32_t tx,
                     const char *s, unsigned int *len);
bool xs_talk_ok(struct xs_handle *h, uint32_t type, uint32_t tx,
                const struct iovec *iov, unsigned int n);
int xs_read_message(struct xs_handle *h, struct xsd_sockmsg *hdr, char **body);
void xs_queue_event(struct xs_handle *h, char *body, unsigned int len);

#endif /* XS_PRIVATE_H */
