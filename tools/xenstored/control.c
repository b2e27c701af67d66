/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * control.c: the CONTROL message, domain 0's administrative commands
 * (what `xenstore-control` sends on Xen): a table of subcommands, each
 * given the message's strings after the name and writing a text reply.
 *
 *   print STRING                  write STRING to the daemon's log
 *   help                          list the commands
 *   quota                         global quotas
 *   quota DOMID                   one domain's quotas and what it holds
 *   quota NAME VALUE              set a global quota
 *   quota DOMID NAME VALUE        set one domain's quota
 *   memreport                     nodes and bytes held, per domain
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct reply_buf {
    char *buf;
    unsigned int size, used;
};

static void put(struct reply_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct reply_buf *out, const char *fmt, ...)
{
    va_list ap;
    int n;

    if ( out->used >= out->size )
        return;
    va_start(ap, fmt);
    n = vsnprintf(out->buf + out->used, out->size - out->used, fmt, ap);
    va_end(ap);
    if ( n > 0 )
        out->used += (unsigned int)n < out->size - out->used
                         ? (unsigned int)n
                         : out->size - out->used - 1;
}

int parse_domid(const char *s, unsigned int *domid)
{
    char *end;
    unsigned long v;

    if ( !s || !*s )
        return -EINVAL;
    v = strtoul(s, &end, 10);
    if ( *end || v >= 0x7ff0 )
        return -EINVAL;
    *domid = v;
    return 0;
}

int parse_quota_value(const char *name, const char *value, int *which,
                      unsigned int *v)
{
    char *end;
    unsigned long n;

    if ( !name || !value || !*value )
        return -EINVAL;
    *which = quota_index(name);
    if ( *which < 0 )
        return *which;
    n = strtoul(value, &end, 10);
    if ( *end || n > 0xffffffffUL )
        return -EINVAL;
    *v = n;
    return 0;
}

static int cmd_print(const char **argv, unsigned int argc,
                     struct reply_buf *out)
{
    xs_log("control: %s", argc ? argv[0] : "");
    put(out, "OK");
    return 0;
}

/* "name=value" strings from quota_format, one a line. */
static void put_quotas(struct reply_buf *out, bool per_domain,
                       unsigned int domid)
{
    char buf[512];
    unsigned int len = quota_format(per_domain, domid, buf, sizeof(buf)), off;

    for ( off = 0; off < len; off += strlen(buf + off) + 1 )
        put(out, "%s\n", buf + off);
}

static int cmd_quota(const char **argv, unsigned int argc,
                     struct reply_buf *out)
{
    unsigned int domid = 0, value;
    bool per_domain = argc == 1 || argc == 3;
    int which, rc;

    if ( argc > 3 || (per_domain && parse_domid(argv[0], &domid)) )
        return -EINVAL;
    if ( argc <= 1 )
    {
        put_quotas(out, per_domain, domid);
        if ( per_domain )
            put(out, "held: nodes=%u memory=%zu\n", acct_nodes(domid),
                acct_bytes(domid));
        return 0;
    }
    rc = parse_quota_value(argv[argc - 2], argv[argc - 1], &which, &value);
    if ( !rc )
        rc = quota_set(which, per_domain, domid, value);
    if ( !rc )
        put(out, "OK");
    return rc;
}

static int cmd_memreport(const char **argv, unsigned int argc,
                         struct reply_buf *out)
{
    (void)argv;
    if ( argc )
        return -EINVAL;
    out->used += acct_report(out->buf + out->used, out->size - out->used);
    return 0;
}

static int cmd_help(const char **argv, unsigned int argc,
                    struct reply_buf *out);

static const struct control_cmd {
    const char *name;
    int (*fn)(const char **argv, unsigned int argc, struct reply_buf *out);
    const char *usage;
} commands[] = {
    { "print", cmd_print, "print STRING" },
    { "help", cmd_help, "help" },
    { "quota", cmd_quota, "quota [DOMID] [NAME VALUE]" },
    { "memreport", cmd_memreport, "memreport" },
};

static int cmd_help(const char **argv, unsigned int argc, struct reply_buf *out)
{
    unsigned int i;

    (void)argv;
    (void)argc;
    for ( i = 0; i < sizeof(commands) / sizeof(commands[0]); i++ )
        put(out, "%s\n", commands[i].usage);
    return 0;
}

int control_run(const char **argv, unsigned int argc, char *buf,
                unsigned int size, unsigned int *used)
{
    struct reply_buf out = { .buf = buf, .size = size };
    unsigned int i;
    int rc;

    if ( !argc || !size )
        return -EINVAL;
    buf[0] = '\0';
    for ( i = 0; i < sizeof(commands) / sizeof(commands[0]); i++ )
        if ( !strcmp(argv[0], commands[i].name) )
        {
            rc = commands[i].fn(argv + 1, argc - 1, &out);
            *used = out.used;
            return rc;
        }
    return -EINVAL;
}
