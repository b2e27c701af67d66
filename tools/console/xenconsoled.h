/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled.h: what the console daemon's files share. One struct
 * console per domain whose console xenconsoled serves: the guest's ring
 * page (mapped), the event channel bound to the guest's console port,
 * a pty (xenconsoled holds its slave open, so output waits there for
 * `xl console` and nothing is lost while nobody is attached), a buffer
 * of output not yet taken by the pty, the log file, and the rate limit.
 *
 *   domains.c  which domains have a console (xenstore, the hypervisor)
 *   io.c       ring -> log and pty, pty -> ring, the rate limit
 *   main.c     options, files, the event loop
 */
#ifndef XENCONSOLED_H
#define XENCONSOLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/console.h>
#include <xc_rundir.h>
#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenstore.h>

struct console {
    uint32_t domid;
    char name[64];
    uint64_t ring_ref;
    uint32_t remote_port;
    int local_port; /* -1 until bound */
    struct xencons_interface *intf; /* one page of guest RAM */
    int master, slave; /* the pty; -1 when none */
    char tty[64];
    /* Output the pty has not taken yet: a ring of buf_size bytes. */
    char *buf;
    size_t buf_size, buf_head, buf_len;
    unsigned long long dropped; /* oldest output dropped from buf */
    struct xc_logfile log;
    bool log_line_start; /* next byte starts a line (timestamps) */
    /* Rate limit: bytes taken from the ring this period. */
    uint64_t period_start_ms;
    size_t period_bytes;
    bool throttled; /* the budget is spent: the ring waits */
    bool pending_unmask; /* the port is masked until we read the ring */
    bool seen; /* still there at the last scan */
    struct console *next;
};

/* The daemon's settings and connections (main.c). */
struct daemon {
    xc_interface *xch;
    xenevtchn_handle *xce;
    struct xs_handle *xsh;
    bool log_guest; /* --log=guest|all */
    bool timestamps; /* --timestamp=guest|all */
    char log_dir[4096];
    unsigned long log_max_kib;
    size_t rate_bytes; /* per rate_period_ms; 0: no limit */
    unsigned int rate_period_ms;
    size_t buffer_max; /* cap on a console's buffer */
    struct console *consoles;
    unsigned int nr_consoles;
};

extern struct daemon dmn;

void cons_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t now_ms(void);

/* ---- domains.c ---- */

/* Look at every domain: close consoles of gone ones, connect new ones. */
void domains_scan(bool connect_new);
/* Close and free every console (at exit). */
void domains_close_all(void);
struct console *console_by_port(int local_port);

/* ---- io.c ---- */

/* A new console's pty and log; 0, or -1 (reason logged). */
int console_open_pty(struct console *c);
int console_open_log(struct console *c);
/* Take what the guest wrote (within the rate limit) to the log and pty. */
void console_read_ring(struct console *c);
/* Flush the buffer into the pty as far as it takes it. */
void console_flush_pty(struct console *c);
/* Input typed into the pty goes to the guest's input ring. */
void console_read_pty(struct console *c);
/* A new period began: throttled consoles may be read again. */
void console_rate_tick(struct console *c, uint64_t now);
/* ms until the earliest throttled console may be read, -1 if none. */
int consoles_next_tick_ms(uint64_t now);
void console_close_io(struct console *c);

#endif /* XENCONSOLED_H */
