/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console.c: the hypervisor console. A ring of recent log output that
 * domain 0 reads with sysctl readconsole, and the console_io hypercall
 * through which guests print to it (each line tagged "(dN)").
 */
#include <pthread.h>
#include <string.h>

#include <public/sysctl.h>
#include <public/xen.h>
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/time.h>

#define CONRING_SIZE (64 * 1024) /* a power of two */

static pthread_mutex_t conring_lock = PTHREAD_MUTEX_INITIALIZER;
static char conring[CONRING_SIZE];
static uint64_t conring_prod; /* bytes ever written */
static uint64_t conring_cons; /* first byte not cleared */

void console_ring_append(const char *buf, size_t len)
{
    size_t i;

    pthread_mutex_lock(&conring_lock);
    for ( i = 0; i < len; i++ )
        conring[(conring_prod + i) & (CONRING_SIZE - 1)] = buf[i];
    conring_prod += len;
    if ( conring_prod - conring_cons > CONRING_SIZE )
        conring_cons = conring_prod - CONRING_SIZE;
    pthread_mutex_unlock(&conring_lock);
}

long console_ring_read(struct xen_sysctl_readconsole *op)
{
    uint64_t start, avail;
    uint32_t n, i;

    pthread_mutex_lock(&conring_lock);
    start = conring_cons;
    if ( op->incremental && op->index > start )
        start = op->index;
    if ( start > conring_prod )
        start = conring_prod;
    avail = conring_prod - start;
    n = min((uint64_t)min(op->count, (uint32_t)sizeof(op->buffer)), avail);
    for ( i = 0; i < n; i++ )
        op->buffer[i] = conring[(start + i) & (CONRING_SIZE - 1)];
    op->count = n;
    op->index = start + n;
    if ( op->clear )
        conring_cons = conring_prod;
    pthread_mutex_unlock(&conring_lock);
    return 0;
}

/* Guests may print only printable characters (and newlines, tabs). */
static bool guest_printable(char c)
{
    return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t';
}

/*
 * A guest's lines reach the log file at most GUEST_LINES_PER_SEC a
 * second, in bursts of GUEST_LINES_BURST: console_io is cheap for a
 * guest to call and the log is on the host's disk. Domain 0 is not
 * limited. Lines over the limit are counted, and the count logged
 * with the next line that gets through.
 */
#define GUEST_LINES_PER_SEC 50
#define GUEST_LINES_BURST 200

static bool guest_line_allowed(struct domain *d)
{
    int64_t now = NOW();
    uint64_t max = GUEST_LINES_BURST * 1000ULL;

    if ( d->is_privileged )
        return true;
    if ( !d->console_credit_at || now - d->console_credit_at > SECONDS(60) )
        d->console_credit = max;
    else if ( now > d->console_credit_at )
    {
        /* Credit is kept in thousandths of a line. */
        uint64_t add = (uint64_t)(now - d->console_credit_at) *
                       GUEST_LINES_PER_SEC / 1000000;

        d->console_credit = min(d->console_credit + add, max);
    }
    d->console_credit_at = now;
    if ( d->console_credit < 1000 )
        return false;
    d->console_credit -= 1000;
    return true;
}

static void flush_guest_line(struct domain *d)
{
    if ( !guest_line_allowed(d) )
        d->console_dropped++;
    else
    {
        if ( d->console_dropped )
            printk("(d%u) [%lu lines not logged: over the rate limit]",
                   d->domain_id, d->console_dropped);
        d->console_dropped = 0;
        printk("(d%u) %.*s", d->domain_id, (int)d->console_len,
               d->console_line);
    }
    d->console_len = 0;
}

static void guest_console_write(struct domain *d, const char *buf, size_t len)
{
    size_t i;

    pthread_mutex_lock(&d->lock);
    for ( i = 0; i < len; i++ )
    {
        char c = buf[i];

        if ( !guest_printable(c) )
            continue;
        if ( c == '\n' )
        {
            flush_guest_line(d);
            continue;
        }
        d->console_line[d->console_len++] = c;
        if ( d->console_len == sizeof(d->console_line) )
            flush_guest_line(d);
    }
    pthread_mutex_unlock(&d->lock);
}

#define CONSOLE_IO_MAX (64 * 1024) /* bytes per call */

static long console_write(unsigned int count, uint64_t buffer)
{
    char chunk[128];
    unsigned int done = 0;

    if ( count > CONSOLE_IO_MAX )
        return -EINVAL;
    while ( done < count )
    {
        unsigned int n = min(count - done, (unsigned int)sizeof(chunk));

        if ( copy_from_guest(chunk, buffer + done, n) )
            return -EFAULT;
        guest_console_write(current->domain, chunk, n);
        done += n;
    }
    return 0;
}

static long console_read(unsigned int count, uint64_t buffer)
{
    struct xen_sysctl_readconsole *op;
    long rc;

    if ( !current->domain->is_privileged )
        return -EPERM;
    op = calloc(1, sizeof(*op));
    if ( !op )
        return -ENOMEM;
    op->count = min(count, (unsigned int)sizeof(op->buffer));
    op->incremental = 0;
    console_ring_read(op);
    rc = copy_to_guest(buffer, op->buffer, op->count) ? -EFAULT
                                                      : (long)op->count;
    free(op);
    return rc;
}

long do_console_io(int cmd, unsigned int count, uint64_t buffer)
{
    switch ( cmd )
    {
    case CONSOLEIO_write:
        return console_write(count, buffer);
    case CONSOLEIO_read:
        return console_read(count, buffer);
    default:
        return -ENOSYS;
    }
}
