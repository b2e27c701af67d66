/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * main.c: the xenstore daemon's start-up and event loop: a Unix socket
 * in the run directory for domain 0 clients, served in a poll loop,
 * round robin across clients, a bounded run of pipelined messages each.
 *
 * usage: xenstored [--foreground] [--rundir DIR] [--no-persist]
 *                  [--write-rate N[:BURST]] [--timeout watch-event=SECONDS]
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <public/privcmd.h>
#include <xc_rundir.h>

#include "xenstored.h"

#define MAX_CLIENTS 4096
#define DEFAULT_LOG_MAX_KIB 4096

static volatile sig_atomic_t stop;
static struct xc_logfile log_file = { .fd = -1 };
static bool foreground;

void xs_log(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if ( n < 0 )
        return;
    n = n > (int)sizeof(line) - 2 ? (int)sizeof(line) - 2 : n;
    line[n++] = '\n';
    xc_logfile_write(&log_file, line, n);
    if ( foreground )
        fwrite(line, 1, n, stderr);
}

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/*
 * The socket appears at its path only once it listens (bound and made
 * listening under a temporary name, then renamed): a client that sees
 * the file is never refused, however slowly xenstored starts.
 */
static int listen_on(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if ( strlen(path) + 4 >= sizeof(addr.sun_path) )
        return -ENAMETOOLONG;
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.new", path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        return -errno;
    unlink(addr.sun_path);
    if ( bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
         chmod(addr.sun_path, 0600) || listen(fd, 128) ||
         rename(addr.sun_path, path) )
    {
        int rc = -errno;

        unlink(addr.sun_path);
        close(fd);
        return rc;
    }
    return fd;
}

static void serve(int listen_fd)
{
    static struct pollfd pfds[MAX_CLIENTS + 2];
    static struct connection *polled[MAX_CLIENTS + 2];

    while ( !stop )
    {
        struct connection *c, *next;
        unsigned int n = 2, i;

        pfds[0] = (struct pollfd){ .fd = listen_fd, .events = POLLIN };
        /* Guests' rings signal through the event-channel fd. */
        pfds[1] = (struct pollfd){ .fd = ring_event_fd(), .events = POLLIN };
        for ( c = connections; c && n <= MAX_CLIENTS; c = c->next )
        {
            if ( c->ring )
                continue;
            pfds[n] = (struct pollfd){
                .fd = c->fd,
                .events = POLLIN | (conn_has_output(c) ? POLLOUT : 0),
            };
            polled[n++] = c;
        }
        if ( poll(pfds, n, conn_poll_timeout_ms()) < 0 )
            continue;
        output_expire_events();
        if ( pfds[1].fd >= 0 && (pfds[1].revents & (POLLHUP | POLLERR)) )
            ring_event_hangup();
        ring_handle_events();
        for ( i = 2; i < n; i++ )
        {
            c = polled[i];
            if ( (pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) ||
                 conn_input_pending(c) )
                if ( !conn_handle_burst(c) )
                    c->dead = true;
            if ( !c->dead && !conn_flush_output(c) )
                c->dead = true;
        }
        for ( c = connections; c; c = next )
        {
            next = c->next;
            if ( c->dead )
                conn_free(c);
            else
                conn_flush_output(c);
        }
        if ( pfds[0].revents & POLLIN )
        {
            int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

            if ( fd >= 0 )
                conn_new(fd, 0, true);
        }
    }
}

/*
 * The run directory, the log and, when XENSTORED_PATH puts the socket
 * elsewhere, the directory of the socket: all root's alone.
 */
static int prepare_files(const char *rundir, const char *sock,
                         unsigned long log_max_kib)
{
    char why[512] = "", path[4096], sockdir[4096], *slash;
    int rc = xc_rundir_prepare(rundir, why, sizeof(why));

    if ( rc )
    {
        fprintf(stderr, "xenstored: refusing run directory %s: %s\n", rundir,
                rc == -EPERM ? why : strerror(-rc));
        return -1;
    }
    snprintf(path, sizeof(path), "%s/xenstored.log", rundir);
    rc = xc_logfile_open(&log_file, path, (off_t)log_max_kib << 10, why,
                         sizeof(why));
    if ( rc )
    {
        fprintf(stderr, "xenstored: cannot open %s: %s\n", path,
                rc == -EPERM ? why : strerror(-rc));
        return -1;
    }
    snprintf(sockdir, sizeof(sockdir), "%s", sock);
    slash = strrchr(sockdir, '/');
    if ( slash && slash != sockdir )
        *slash = '\0';
    rc = slash ? xc_rundir_check_path(slash == sockdir ? "/" : sockdir, why,
                                      sizeof(why))
               : 0;
    if ( rc )
    {
        fprintf(stderr, "xenstored: refusing socket directory %s: %s\n",
                sockdir, rc == -EPERM ? why : strerror(-rc));
        return -1;
    }
    return 0;
}

/* --write-rate N[:BURST]: changes a second by all guests together. */
static int parse_write_rate(const char *arg)
{
    char *end;
    unsigned long rate = strtoul(arg, &end, 10), burst = rate / 10;

    if ( *end == ':' )
        burst = strtoul(end + 1, &end, 10);
    if ( end == arg || *end || rate > 1000000 || burst > 1000000 )
    {
        fprintf(stderr, "xenstored: bad --write-rate '%s' (N[:BURST])\n", arg);
        return -1;
    }
    ratelimit_configure(rate, burst ? burst : 1);
    return 0;
}

/* --timeout watch-event=SECONDS, as Xen's xenstored names it. */
static int parse_timeout(const char *arg)
{
    const char *prefix = "watch-event=";
    char *end;
    unsigned long secs;

    if ( strncmp(arg, prefix, strlen(prefix)) )
        goto bad;
    secs = strtoul(arg + strlen(prefix), &end, 10);
    if ( end == arg + strlen(prefix) || *end || !secs || secs > 86400 )
        goto bad;
    output_set_event_timeout(secs * 1000);
    return 0;
bad:
    fprintf(stderr, "xenstored: bad --timeout '%s' (watch-event=SECONDS)\n",
            arg);
    return -1;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "foreground", no_argument, NULL, 'F' },
        { "rundir", required_argument, NULL, 'r' },
        { "no-persist", no_argument, NULL, 'n' },
        { "write-rate", required_argument, NULL, 'W' },
        { "timeout", required_argument, NULL, 'w' },
        { "log-max-kib", required_argument, NULL, 'L' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *rundir = getenv("XEN_RUNDIR"),
               *sock_env = getenv("XENSTORED_PATH");
    char sock[4096], why[512] = "", *end;
    struct sigaction sa = { .sa_handler = on_signal };
    unsigned long log_max_kib = DEFAULT_LOG_MAX_KIB;
    bool persist = true;
    int c, fd;

    if ( !rundir || !*rundir )
        rundir = XEN_DEFAULT_RUNDIR;
    while ( (c = getopt_long(argc, argv, "Fr:h", longopts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 'F':
            foreground = true;
            break;
        case 'r':
            rundir = optarg;
            break;
        case 'n':
            persist = false;
            break;
        case 'L':
            log_max_kib = strtoul(optarg, &end, 10);
            if ( *end || log_max_kib < 4 || log_max_kib > 1048576 )
            {
                fprintf(stderr,
                        "xenstored: --log-max-kib takes 4..1048576, not "
                        "'%s'\n",
                        optarg);
                return 1;
            }
            break;
        case 'W':
        case 'w':
            if ( c == 'W' ? parse_write_rate(optarg) : parse_timeout(optarg) )
                return 1;
            break;
        default:
            fprintf(stderr, "usage: xenstored [--foreground] [--rundir DIR] "
                            "[--no-persist] [--write-rate N[:BURST]] "
                            "[--timeout watch-event=SECONDS] "
                            "[--log-max-kib N]\n");
            return c == 'h' ? 0 : 1;
        }
    }
    snprintf(sock, sizeof(sock), "%s", sock_env && *sock_env ? sock_env : "");
    if ( !*sock )
        snprintf(sock, sizeof(sock), "%s/xenstored.sock", rundir);
    if ( prepare_files(rundir, sock, log_max_kib) )
        return 1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    store_init();
    /* State first: a refused state file must not take a socket over. */
    if ( persist && (c = persist_open(rundir, why, sizeof(why))) )
    {
        fprintf(stderr, "xenstored: cannot keep state in %s: %s\n", rundir,
                c == -EPERM ? why : strerror(-c));
        return 1;
    }
    fd = listen_on(sock);
    if ( fd < 0 )
    {
        fprintf(stderr, "xenstored: cannot listen on %s: %s\n", sock,
                strerror(-fd));
        return 1;
    }
    xs_log("xenstored ready on %s", sock);
    serve(fd);
    /* The last snapshot first, while guests' connections and watches live. */
    if ( persist )
        persist_close();
    while ( connections )
        conn_free(connections);
    close(fd);
    unlink(sock);
    xs_log("xenstored stopped");
    xc_logfile_close(&log_file);
    return 0;
}
