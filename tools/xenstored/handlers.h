/* SPDX-License-Identifier: GPL-2.0-only */
/* handlers.h: what the message handlers (handlers*.c) share. */
#ifndef XENSTORED_HANDLERS_H
#define XENSTORED_HANDLERS_H

#include "xenstored.h"

struct request {
    struct connection *c;
    const struct xsd_sockmsg *hdr;
    char *payload;
    unsigned int len;
    struct transaction *tx;
    char path[XS_PATH_BUF]; /* absolute, once canonical() succeeded */
};

void reply(struct request *r, const void *data, unsigned int len);
void reply_ok(struct request *r);
/* A number as a string reply ("%u" and its NUL). */
void reply_uint(struct request *r, unsigned int v);
/* The n-th NUL-terminated string of the payload, or NULL. */
const char *nth_string(struct request *r, unsigned int n);
/* How many NULs the payload holds (Xen's count of strings). */
unsigned int count_strings(const struct request *r);

/* Handlers of handlers_domain.c. */
int do_introduce(struct request *r);
int do_release(struct request *r);
int do_get_domain_path(struct request *r);
int do_is_domain_introduced(struct request *r);
int do_resume(struct request *r);
int do_set_target(struct request *r);
int do_control(struct request *r);
int do_get_feature(struct request *r);
int do_set_feature(struct request *r);
int do_get_quota(struct request *r);
int do_set_quota(struct request *r);

#endif
