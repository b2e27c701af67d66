/* SPDX-License-Identifier: GPL-2.0-only */
/* test_xs_harness.h: the in-process xenstored the xenstored tests drive. */
#ifndef TESTS_UNIT_TEST_XS_HARNESS_H
#define TESTS_UNIT_TEST_XS_HARNESS_H

#include "../../tools/xenstored/xenstored.h"

struct client {
    int fd; /* our end */
    struct connection *conn; /* the daemon's end */
};

/* A privileged dom0 client and an unprivileged domain 5 (setup()). */
extern struct client dom0, dom5;
/* The payload of the last reply req() read, NUL-terminated. */
extern char reply_buf[8192];

void setup(void);
void teardown(void);
void client_open(struct client *cl, unsigned int domid, bool priv);
void client_close(struct client *cl);
/* A client with a home (/local/domain/<domid>) it owns. */
void open_guest(struct client *cl, unsigned int domid);
/* Put a message on the wire without letting the daemon see it yet. */
void send_raw(struct client *cl, uint32_t type, uint32_t tx,
              const char *payload, unsigned int len);
/* Bytes the daemon has not read yet. */
unsigned int unread_by_daemon(struct client *cl);
/* Let the daemon handle what it will of cl's input (no output sent). */
void pump(struct client *cl);
/* Send a message and let the daemon handle it and send its output. */
void send_msg(struct client *cl, uint32_t type, uint32_t tx,
              const char *payload, unsigned int len);
/* Read one message; payload into buf (NUL-terminated). Returns type. */
uint32_t recv_msg(struct client *cl, char *buf, unsigned int *len);
/* The next watch event (those read while waiting for replies first). */
uint32_t next_event(struct client *cl, char *buf, unsigned int *len);
bool has_pending(struct client *cl);
void drop_stashed_events(void);
/* Request and reply: the reply type, its payload in reply_buf. */
uint32_t req(struct client *cl, uint32_t type, uint32_t tx, const char *payload,
             unsigned int len);
uint32_t req_s(struct client *cl, uint32_t type, const char *s);
uint32_t write_node(struct client *cl, uint32_t tx, const char *path,
                    const char *value);
uint32_t start_tx(struct client *cl);
void set_quota_for(unsigned int domid, const char *name, unsigned int value);

#endif
