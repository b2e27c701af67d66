/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-netback: the network backend of every domain's vifs
 * (docs/design/netback.md).
 *
 *   xen-netback [-i|--interactive] [--script-dir=DIR] [--max-queues=N]
 *               [--pid-file=FILE]
 *
 * One thread, one poll loop: the xenstore watch on
 * /local/domain/0/backend/vif (and each frontend's state), the
 * event-channel pipe, each connected vif's tap, and a timer for close
 * timeouts and rate-limit credit. Its log is $XEN_RUNDIR/netback.log
 * (stderr with -i).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <liburing.h>
#include <xc_rundir.h>

#include "netback.h"

#define BE_ROOT "/local/domain/0/backend/vif"

struct netback nb = { .max_queues = 2 };

static struct xc_logfile own_log = { .fd = -1 };
static volatile sig_atomic_t stopping;

uint64_t nb_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void nb_log(const char *fmt, ...)
{
    char line[1024], when[32];
    time_t t = time(NULL);
    struct tm tm;
    va_list ap;
    int n;

    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
    n = snprintf(line, sizeof(line), "%s xen-netback: ", when);
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    va_end(ap);
    strcat(line, "\n");
    if ( own_log.fd >= 0 )
        xc_logfile_write(&own_log, line, strlen(line));
    else
        fputs(line, stderr);
}

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: xen-netback [-i|--interactive] [--script-dir=DIR] "
               "[--max-queues=N] [--pid-file=FILE]\n");
}

/* Where we were started from: the hotplug scripts find xenstore-* there. */
static void find_bin_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if ( n <= 0 )
        return;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if ( slash )
        *slash = '\0';
    snprintf(nb.bin_dir, sizeof(nb.bin_dir), "%s", exe);
}

static void handle_events(void)
{
    int port;

    while ( (port = xenevtchn_pending(nb.xce)) >= 0 )
    {
        bool is_tx = false, is_rx = false;
        struct queue *q = queue_by_port(port, &is_tx, &is_rx);

        /*
         * Work first, unmask after: an event that comes meanwhile is kept
         * pending and raised again by the unmask, so none is lost, and
         * the unmask's round trip is not in the way of the packet.
         */
        if ( q && is_tx )
            tx_work(q);
        if ( q && is_rx && q->vif->nr_queues && rx_check_ring(q) )
            rx_work(q->vif);
        xenevtchn_unmask(nb.xce, port);
    }
}

static void handle_watches(void)
{
    char **ev;

    while ( (ev = xs_check_watch(nb.xsh)) )
    {
        vifs_watch_event(ev[XS_WATCH_PATH]);
        free(ev);
    }
}

/* Frames for a vif whose guest is not connected go nowhere. */
static void drain_tap(struct vif *v)
{
    static char junk[NB_VNET_HDR_LEN + NB_MAX_FRAME];
    int i;

    for ( i = 0; i < 64 && read(v->tap_fd, junk, sizeof(junk)) > 0; i++ )
        ;
}

/* Queues waiting for credit: run them when it is due; ms to the next. */
static int credit_timers(void)
{
    uint64_t now = nb_now_us();
    int timeout = -1;
    struct vif *v;
    unsigned int i;

    for ( v = nb.vifs; v; v = v->next )
        for ( i = 0; i < v->nr_queues; i++ )
        {
            struct queue *q = &v->queues[i];
            uint64_t due;

            if ( !q->credit_wait )
                continue;
            due = q->credit_at_us + v->credit_usec;
            if ( now >= due )
            {
                tx_work(q);
                if ( !q->credit_wait )
                    continue;
                due = q->credit_at_us + v->credit_usec;
            }
            {
                int ms = due > now ? (int)((due - now + 999) / 1000) : 1;

                if ( timeout < 0 || ms < timeout )
                    timeout = ms;
            }
        }
    return timeout;
}

static int run(void)
{
    struct pollfd *pfds = NULL;
    struct vif **polled = NULL;
    unsigned int cap = 0;
    uint64_t next_tick = 0;

    vifs_scan();
    while ( !stopping )
    {
        unsigned int n = 2, count = 0, i;
        int timeout, credit;
        struct vif *v;

        for ( v = nb.vifs; v; v = v->next )
            count++;
        if ( count + 2 > cap )
        {
            cap = count + 16;
            free(pfds);
            free(polled);
            pfds = calloc(cap, sizeof(*pfds));
            polled = calloc(cap, sizeof(*polled));
            if ( !pfds || !polled )
                return 1;
        }
        pfds[0] = (struct pollfd){ .fd = xs_fileno(nb.xsh), .events = POLLIN };
        pfds[1] =
            (struct pollfd){ .fd = xenevtchn_fd(nb.xce), .events = POLLIN };
        for ( v = nb.vifs; v; v = v->next )
            if ( v->tap_fd >= 0 && !rx_blocked(v) )
            {
                pfds[n] = (struct pollfd){ .fd = v->tap_fd, .events = POLLIN };
                polled[n++] = v;
            }
        if ( nb_now_us() >= next_tick )
        {
            vifs_tick();
            next_tick = nb_now_us() + 500000;
        }
        timeout = (int)((next_tick - nb_now_us()) / 1000) + 1;
        credit = credit_timers();
        if ( credit >= 0 && credit < timeout )
            timeout = credit;
        if ( poll(pfds, n, timeout) < 0 && errno != EINTR )
        {
            nb_log("poll: %s", strerror(errno));
            return 1;
        }
        if ( pfds[0].revents & (POLLHUP | POLLERR) )
        {
            nb_log("lost xenstored");
            return 1;
        }
        if ( pfds[0].revents & POLLIN )
            handle_watches();
        if ( pfds[1].revents & POLLIN )
            handle_events();
        for ( i = 2; i < n; i++ )
        {
            if ( !(pfds[i].revents & POLLIN) )
                continue;
            /* The vif may have gone while we handled the others. */
            for ( v = nb.vifs; v && v != polled[i]; v = v->next )
                ;
            if ( !v || v->tap_fd != pfds[i].fd )
                continue;
            if ( v->phase == VIF_CONNECTED && v->nr_queues )
                rx_work(v);
            else
                drain_tap(v);
        }
    }
    free(pfds);
    free(polled);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "interactive", no_argument, NULL, 'i' },
        { "script-dir", required_argument, NULL, 's' },
        { "max-queues", required_argument, NULL, 'q' },
        { "pid-file", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *pid_file = NULL, *rundir;
    bool interactive = false;
    char path[4200], why[256];
    int c, rc, fd;

    while ( (c = getopt_long(argc, argv, "ih", opts, NULL)) != -1 )
        switch ( c )
        {
        case 'i':
            interactive = true;
            break;
        case 's':
            snprintf(nb.script_dir, sizeof(nb.script_dir), "%s", optarg);
            break;
        case 'q':
            nb.max_queues = (unsigned int)strtoul(optarg, NULL, 10);
            if ( nb.max_queues < 1 || nb.max_queues > NB_MAX_QUEUES )
            {
                fprintf(stderr, "xen-netback: --max-queues is 1 to %d\n",
                        NB_MAX_QUEUES);
                return 2;
            }
            break;
        case 'p':
            pid_file = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    find_bin_dir();
    if ( !nb.script_dir[0] && nb.bin_dir[0] )
        snprintf(nb.script_dir, sizeof(nb.script_dir),
                 "%.4000s/../etc/xen/scripts", nb.bin_dir);
    rundir = getenv("XEN_RUNDIR") ? getenv("XEN_RUNDIR") : "/var/run/xen";
    if ( !interactive )
    {
        snprintf(path, sizeof(path), "%s/netback.log", rundir);
        if ( xc_logfile_open(&own_log, path, 1 << 20, why, sizeof(why)) )
        {
            fprintf(stderr, "xen-netback: %s\n", why);
            return 1;
        }
    }
    if ( pid_file )
    {
        char pid[32];
        int n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());

        fd = open(pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if ( fd < 0 || write(fd, pid, n) != n )
        {
            fprintf(stderr, "xen-netback: %s: %s\n", pid_file, strerror(errno));
            return 1;
        }
        close(fd);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_stop);
    signal(SIGINT, on_stop);
    nb.xce = xenevtchn_open(NULL, 0);
    nb.xgt = nb.xce ? xengnttab_open(NULL, 0) : NULL;
    if ( !nb.xce || !nb.xgt )
    {
        fprintf(stderr, "xen-netback: cannot reach the hypervisor: %s\n",
                strerror(errno));
        return 1;
    }
    fd = xenevtchn_fd(nb.xce);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    {
        static struct io_uring ring;

        /* Without it (an old kernel, a seccomp policy) write() does. */
        if ( io_uring_queue_init(2 * NB_TX_BATCH, &ring, 0) == 0 )
            nb.ring = &ring;
        else
            nb_log("no io_uring: one write a packet");
    }
    nb.xsh = xs_open(0);
    if ( !nb.xsh || !xs_watch(nb.xsh, BE_ROOT, "be") )
    {
        fprintf(stderr, "xen-netback: cannot reach xenstored: %s\n",
                strerror(errno));
        return 1;
    }
    nb_log("started (pid %d, up to %u queues a vif)", (int)getpid(),
           nb.max_queues);
    rc = run();
    vifs_free_all();
    if ( nb.ring )
        io_uring_queue_exit(nb.ring);
    nb_log("stopped");
    xs_close(nb.xsh);
    xengnttab_close(nb.xgt);
    xenevtchn_close(nb.xce);
    if ( pid_file )
        unlink(pid_file);
    return rc;
}
