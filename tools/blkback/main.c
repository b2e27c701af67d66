/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-blkback: the block backend daemon of domain 0. One process, one
 * thread, one epoll loop over xenstore (device nodes), the event
 * channels of every connected frontend and the io_uring's completions.
 * See docs/design/blkback.md.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include <xenevtchn.h>
#include <xengnttab.h>

#include "blkback.h"

bool blk_verbose;
struct xengntdev_handle *blk_gnt;
struct xenevtchn_handle *blk_evtchn;

void blk_log(const char *fmt, ...)
{
    struct timespec ts;
    va_list ap;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(stderr, "[%5ld.%03ld] blkback: ", (long)ts.tv_sec,
            ts.tv_nsec / 1000000);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void usage(void)
{
    fprintf(stderr, "usage: xen-blkback [-v] [--pidfile FILE]\n"
                    "Serves every vbd under /local/domain/0/backend/vbd.\n");
}

/*
 * Ports that fired, unmasked only once their I/O is submitted: the unmask
 * is a round trip to the hypervisor and must not delay the I/O.
 */
#define MAX_FIRED 64
static uint32_t fired[MAX_FIRED];
static unsigned int nr_fired;

static void drain_events(void)
{
    xenevtchn_port_or_error_t port;

    while ( nr_fired < MAX_FIRED &&
            (port = xenevtchn_pending(blk_evtchn)) >= 0 )
    {
        xb_evtchn_event(port);
        fired[nr_fired++] = port;
    }
}

static void unmask_fired(void)
{
    while ( nr_fired )
        xenevtchn_unmask(blk_evtchn, fired[--nr_fired]);
}

/* Responses out, deferred rings served again, SQEs submitted. */
static void after_batch(void)
{
    struct vbd *v, *next;

    /* Watch events libxenstore queued during other requests. */
    xb_handle_watch();
    for ( v = xb_devices(); v; v = next )
    {
        next = v->next;
        if ( v->want_service && io_has_room() )
            io_service(v);
    }
    io_submit();
    for ( v = xb_devices(); v; v = v->next )
        io_kick(v);
}

int main(int argc, char **argv)
{
    const char *pidfile = NULL;
    struct epoll_event ev, evs[16];
    sigset_t mask;
    int ep, sfd, i, n;
    bool running = true;

    for ( i = 1; i < argc; i++ )
    {
        if ( !strcmp(argv[i], "-v") )
            blk_verbose = true;
        else if ( !strcmp(argv[i], "--pidfile") && i + 1 < argc )
            pidfile = argv[++i];
        else
        {
            usage();
            return 2;
        }
    }
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);

    blk_gnt = xengnttab_open(NULL, 0);
    blk_evtchn = xenevtchn_open(NULL, 0);
    if ( !blk_gnt || !blk_evtchn )
    {
        blk_log("cannot reach the hypervisor: %s", strerror(errno));
        return 1;
    }
    fcntl(xenevtchn_fd(blk_evtchn), F_SETFL,
          fcntl(xenevtchn_fd(blk_evtchn), F_GETFL) | O_NONBLOCK);
    if ( io_init() )
    {
        blk_log("io_uring: %s", strerror(errno));
        return 1;
    }
    if ( xb_init() )
    {
        blk_log("cannot reach xenstored: %s", strerror(errno));
        return 1;
    }
    if ( pidfile )
    {
        FILE *f = fopen(pidfile, "w");

        if ( f )
        {
            fprintf(f, "%d\n", (int)getpid());
            fclose(f);
        }
    }
    ep = epoll_create1(EPOLL_CLOEXEC);
    ev.events = EPOLLIN;
    ev.data.fd = xb_fileno();
    epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev);
    ev.data.fd = xenevtchn_fd(blk_evtchn);
    epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev);
    ev.data.fd = io_eventfd();
    epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev);
    ev.data.fd = sfd;
    epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
    blk_log("serving /local/domain/0/backend/vbd");
    xb_scan();
    after_batch();

    while ( running )
    {
        n = epoll_wait(ep, evs, 16, -1);
        if ( n < 0 && errno != EINTR )
        {
            blk_log("epoll: %s", strerror(errno));
            break;
        }
        for ( i = 0; i < n; i++ )
        {
            int fd = evs[i].data.fd;

            if ( fd == sfd )
                running = false;
            else if ( fd == xb_fileno() )
                xb_handle_watch();
            else if ( fd == xenevtchn_fd(blk_evtchn) )
                drain_events();
            else if ( fd == io_eventfd() )
                io_reap();
        }
        after_batch();
        unmask_fired();
    }
    blk_log("exiting");
    io_drain();
    xb_shutdown();
    xengnttab_close(blk_gnt);
    xenevtchn_close(blk_evtchn);
    if ( pidfile )
        unlink(pidfile);
    return 0;
}
