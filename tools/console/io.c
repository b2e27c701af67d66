/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * io.c: a console's bytes. Output the guest puts in its ring goes to the
 * log (with optional timestamps at line starts) and to a buffer drained
 * into the pty's master as fast as the pty takes it. xenconsoled keeps
 * the pty's slave open itself, in raw mode: output then waits in the
 * terminal's queue for whoever attaches (`xl console`), from the first
 * byte of the guest's life, and when nobody reads for long the buffer
 * keeps the newest bytes (the log has them all). Input typed into the
 * pty goes to the guest's input ring.
 *
 * A guest that floods its console gets rate_bytes per rate_period_ms;
 * past that its ring is left alone (and its port masked) until the next
 * period: the guest waits for room, nothing is lost, and the daemon
 * serves the other domains. Ring indexes are the guest's to write and
 * are checked before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xenconsoled.h"

#define CHUNK 4096

int console_open_pty(struct console *c)
{
    struct termios t;
    const char *name;
    int flags;

    c->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if ( c->master < 0 || grantpt(c->master) || unlockpt(c->master) ||
         !(name = ptsname(c->master)) )
        goto fail;
    snprintf(c->tty, sizeof(c->tty), "%s", name);
    c->slave = open(c->tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if ( c->slave < 0 )
        goto fail;
    if ( !tcgetattr(c->slave, &t) )
    {
        cfmakeraw(&t);
        tcsetattr(c->slave, TCSANOW, &t);
    }
    flags = fcntl(c->master, F_GETFL);
    fcntl(c->master, F_SETFL, flags | O_NONBLOCK);
    c->buf_size = dmn.buffer_max;
    c->buf = malloc(c->buf_size);
    if ( !c->buf )
        goto fail;
    return 0;

fail:
    cons_log("domain %u: cannot make a pty: %s", c->domid, strerror(errno));
    console_close_io(c);
    return -1;
}

int console_open_log(struct console *c)
{
    char path[sizeof(dmn.log_dir) + 96], why[512] = "";
    int rc;

    snprintf(path, sizeof(path), "%s/guest-%s.log", dmn.log_dir, c->name);
    rc = xc_logfile_open(&c->log, path, (off_t)dmn.log_max_kib << 10, why,
                         sizeof(why));
    if ( rc )
    {
        cons_log("domain %u: cannot open %s: %s", c->domid, path,
                 rc == -EPERM ? why : strerror(-rc));
        c->log.fd = -1;
        return -1;
    }
    return 0;
}

void console_close_io(struct console *c)
{
    if ( c->master >= 0 )
        close(c->master);
    if ( c->slave >= 0 )
        close(c->slave);
    c->master = c->slave = -1;
    xc_logfile_close(&c->log);
}

/* Log bytes, each line begun with the time when timestamps are on. */
static void log_bytes(struct console *c, const char *p, size_t len)
{
    char stamp[40];

    if ( c->log.fd < 0 )
        return;
    if ( !dmn.timestamps )
    {
        xc_logfile_write(&c->log, p, len);
        return;
    }
    while ( len )
    {
        const char *nl = memchr(p, '\n', len);
        size_t n = nl ? (size_t)(nl - p) + 1 : len;

        if ( c->log_line_start )
        {
            time_t t = time(NULL);
            struct tm tm;

            strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S] ",
                     localtime_r(&t, &tm));
            xc_logfile_write(&c->log, stamp, strlen(stamp));
        }
        xc_logfile_write(&c->log, p, n);
        c->log_line_start = nl != NULL;
        p += n;
        len -= n;
    }
}

/* Append to the pty buffer; past its size the oldest bytes make room. */
static void buffer_bytes(struct console *c, const char *p, size_t len)
{
    size_t i;

    if ( !c->buf )
        return;
    for ( i = 0; i < len; i++ )
    {
        if ( c->buf_len == c->buf_size )
        {
            c->buf_head = (c->buf_head + 1) % c->buf_size;
            c->buf_len--;
            c->dropped++;
        }
        c->buf[(c->buf_head + c->buf_len) % c->buf_size] = p[i];
        c->buf_len++;
    }
}

void console_flush_pty(struct console *c)
{
    while ( c->buf_len && c->master >= 0 )
    {
        size_t run = c->buf_size - c->buf_head;
        ssize_t n;

        if ( run > c->buf_len )
            run = c->buf_len;
        n = write(c->master, c->buf + c->buf_head, run);
        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return; /* full (EAGAIN): POLLOUT brings us back */
        c->buf_head = (c->buf_head + n) % c->buf_size;
        c->buf_len -= n;
    }
}

/* How much the rate limit lets us take now. */
static size_t allowance(const struct console *c)
{
    if ( !dmn.rate_bytes )
        return (size_t)-1;
    return c->period_bytes >= dmn.rate_bytes
               ? 0
               : dmn.rate_bytes - c->period_bytes;
}

void console_read_ring(struct console *c)
{
    struct xencons_interface *intf = c->intf;
    XENCONS_RING_IDX cons, prod;
    size_t avail, take, done = 0;
    char chunk[CHUNK];

    if ( !intf || c->throttled )
        return;
    cons = __atomic_load_n(&intf->out_cons, __ATOMIC_RELAXED);
    prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);
    avail = (XENCONS_RING_IDX)(prod - cons);
    if ( avail > sizeof(intf->out) )
    {
        /* Nonsense indexes: take the last ring's worth, as a reset. */
        cons_log("domain %u: console ring indexes out of range "
                 "(prod %u, cons %u)",
                 c->domid, prod, cons);
        cons = prod - sizeof(intf->out);
        avail = sizeof(intf->out);
    }
    take = avail < allowance(c) ? avail : allowance(c);
    while ( done < take )
    {
        size_t n = take - done < sizeof(chunk) ? take - done : sizeof(chunk);
        size_t i;

        for ( i = 0; i < n; i++ )
            chunk[i] = intf->out[MASK_XENCONS_IDX(cons + done + i, intf->out)];
        log_bytes(c, chunk, n);
        buffer_bytes(c, chunk, n);
        done += n;
    }
    __atomic_store_n(&intf->out_cons, cons + done, __ATOMIC_RELEASE);
    c->period_bytes += done;
    if ( done )
        xenevtchn_notify(dmn.xce, c->local_port); /* room for the writer */
    if ( take < avail )
        c->throttled = true; /* the rest waits for the next period */
    console_flush_pty(c);
}

void console_read_pty(struct console *c)
{
    struct xencons_interface *intf = c->intf;
    XENCONS_RING_IDX cons, prod;
    char chunk[sizeof(intf->in)];
    size_t room;
    ssize_t n, i;

    if ( !intf || c->master < 0 )
        return;
    cons = __atomic_load_n(&intf->in_cons, __ATOMIC_ACQUIRE);
    prod = intf->in_prod;
    if ( (XENCONS_RING_IDX)(prod - cons) > sizeof(intf->in) )
        prod = cons; /* nonsense from the guest: start the ring afresh */
    room = sizeof(intf->in) - (XENCONS_RING_IDX)(prod - cons);
    if ( !room )
        return; /* the guest has not read what was typed before */
    n = read(c->master, chunk, room);
    if ( n <= 0 )
        return;
    for ( i = 0; i < n; i++ )
        intf->in[MASK_XENCONS_IDX(prod + i, intf->in)] = chunk[i];
    __atomic_store_n(&intf->in_prod, prod + n, __ATOMIC_RELEASE);
    xenevtchn_notify(dmn.xce, c->local_port);
}

void console_rate_tick(struct console *c, uint64_t now)
{
    if ( now - c->period_start_ms < dmn.rate_period_ms )
        return;
    c->period_start_ms = now;
    c->period_bytes = 0;
    if ( !c->throttled )
        return;
    c->throttled = false;
    console_read_ring(c);
    if ( !c->throttled && c->pending_unmask )
    {
        c->pending_unmask = false;
        xenevtchn_unmask(dmn.xce, c->local_port);
    }
}

int consoles_next_tick_ms(uint64_t now)
{
    struct console *c;
    int best = -1;

    for ( c = dmn.consoles; c; c = c->next )
        if ( c->throttled )
        {
            uint64_t end = c->period_start_ms + dmn.rate_period_ms;
            int left = end > now ? (int)(end - now) : 0;

            if ( best < 0 || left < best )
                best = left;
        }
    return best;
}
