/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled: serves every domain's PV console (docs/man/xenconsoled.8.md).
 *
 *   xenconsoled [-i|--interactive] [--log=none|guest|hv|all]
 *               [--log-dir=DIR] [--timestamp=none|guest|hv|all]
 *               [--pid-file=FILE] [--rate-limit=BYTES[/MS]]
 *               [--buffer-kib=N] [--log-max-kib=N]
 *
 * One thread, one poll loop: xenstore watches (@introduceDomain,
 * @releaseDomain), the event-channel pipe (a port per console), each
 * console's pty, and a timer for the rate limit and a periodic check
 * that domains still exist. Nothing waits on a guest. Its own log is
 * $XEN_RUNDIR/xenconsoled.log (stderr with -i); the run directory and
 * the log directory must be root's alone (xc_rundir.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xenconsoled.h"

#define DEFAULT_LOG_DIR "/var/log/xen/console"
#define RESCAN_MS 2000
#define HV_LOG_MS 1000

struct daemon dmn = {
    .log_max_kib = 1024,
    .rate_bytes = 256 * 1024 / 10, /* 256 KiB/s, in 100 ms periods */
    .rate_period_ms = 100,
    .buffer_max = 64 * 1024,
};

static struct xc_logfile own_log = { .fd = -1 };
static bool foreground;
static bool log_hv, hv_timestamps;
static struct xc_logfile hv_log = { .fd = -1 };
static uint64_t hv_index;
static volatile sig_atomic_t stopping;

uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cons_log(const char *fmt, ...)
{
    char line[1024], when[32];
    time_t t = time(NULL);
    struct tm tm;
    va_list ap;
    int n;

    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
    n = snprintf(line, sizeof(line), "%s xenconsoled: ", when);
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    va_end(ap);
    strcat(line, "\n");
    if ( own_log.fd >= 0 )
        xc_logfile_write(&own_log, line, strlen(line));
    else
        fputs(line, stderr);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: xenconsoled [-i|--interactive] "
               "[--log=none|guest|hv|all] [--log-dir=DIR]\n"
               "                   [--timestamp=none|guest|hv|all] "
               "[--pid-file=FILE]\n"
               "                   [--rate-limit=BYTES[/MS]] "
               "[--buffer-kib=N] [--log-max-kib=N]\n");
}

static int parse_which(const char *arg, bool *guest, bool *hv)
{
    *guest = !strcmp(arg, "guest") || !strcmp(arg, "all");
    *hv = !strcmp(arg, "hv") || !strcmp(arg, "all");
    return *guest || *hv || !strcmp(arg, "none") ? 0 : -1;
}

static int parse_ulong(const char *s, unsigned long min, unsigned long max,
                       unsigned long *out, char **rest)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if ( end == s || errno || v < min || v > max ||
         (!rest && *end) )
        return -1;
    if ( rest )
        *rest = end;
    *out = v;
    return 0;
}

/* --rate-limit=BYTES[/MS]: 0 turns the limit off. */
static int parse_rate(const char *arg)
{
    unsigned long bytes, ms = 100;
    char *rest;

    if ( parse_ulong(arg, 0, 1UL << 30, &bytes, &rest) )
        return -1;
    if ( *rest == '/' && parse_ulong(rest + 1, 10, 10000, &ms, NULL) )
        return -1;
    if ( *rest && *rest != '/' )
        return -1;
    dmn.rate_bytes = bytes;
    dmn.rate_period_ms = ms;
    return 0;
}

static int parse_options(int argc, char **argv, char **pid_file)
{
    static const struct option opts[] = {
        { "interactive", no_argument, NULL, 'i' },
        { "foreground", no_argument, NULL, 'i' },
        { "log", required_argument, NULL, 'l' },
        { "log-dir", required_argument, NULL, 'r' },
        { "timestamp", required_argument, NULL, 't' },
        { "pid-file", required_argument, NULL, 'p' },
        { "rate-limit", required_argument, NULL, 'R' },
        { "buffer-kib", required_argument, NULL, 'b' },
        { "log-max-kib", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *env = getenv("XEN_LOGDIR");
    unsigned long v;
    bool guest_ts;
    int c;

    snprintf(dmn.log_dir, sizeof(dmn.log_dir), "%s",
             env && *env ? env : DEFAULT_LOG_DIR);
    dmn.log_guest = true;
    while ( (c = getopt_long(argc, argv, "ih", opts, NULL)) != -1 )
    {
        int bad = 0;

        switch ( c )
        {
        case 'i':
            foreground = true;
            break;
        case 'l':
            bad = parse_which(optarg, &dmn.log_guest, &log_hv);
            break;
        case 'r':
            snprintf(dmn.log_dir, sizeof(dmn.log_dir), "%s", optarg);
            break;
        case 't':
            bad = parse_which(optarg, &guest_ts, &hv_timestamps);
            dmn.timestamps = guest_ts;
            break;
        case 'p':
            *pid_file = optarg;
            break;
        case 'R':
            bad = parse_rate(optarg);
            break;
        case 'b':
            bad = parse_ulong(optarg, 4, 1 << 20, &v, NULL);
            dmn.buffer_max = v << 10;
            break;
        case 'm':
            bad = parse_ulong(optarg, 16, 1 << 20, &v, NULL);
            dmn.log_max_kib = v;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return -1;
        }
        if ( bad )
        {
            fprintf(stderr, "xenconsoled: bad value '%s'\n", optarg);
            return -1;
        }
    }
    if ( optind < argc )
    {
        usage(stderr);
        return -1;
    }
    return 0;
}

/* The run directory (our log, the pid file) and the log directory. */
static int prepare_files(void)
{
    char why[512] = "", path[sizeof(dmn.log_dir) + 32];
    const char *rundir = xc_rundir();
    int rc = xc_rundir_prepare(rundir, why, sizeof(why));

    if ( rc )
    {
        fprintf(stderr, "xenconsoled: refusing run directory %s: %s\n",
                rundir, rc == -EPERM ? why : strerror(-rc));
        return -1;
    }
    if ( (dmn.log_guest || log_hv) &&
         (rc = xc_rundir_prepare(dmn.log_dir, why, sizeof(why))) )
    {
        fprintf(stderr, "xenconsoled: refusing log directory %s: %s\n",
                dmn.log_dir, rc == -EPERM ? why : strerror(-rc));
        return -1;
    }
    if ( !foreground )
    {
        snprintf(path, sizeof(path), "%s/xenconsoled.log", rundir);
        rc = xc_logfile_open(&own_log, path, (off_t)dmn.log_max_kib << 10,
                             why, sizeof(why));
        if ( rc )
        {
            fprintf(stderr, "xenconsoled: cannot open %s: %s\n", path,
                    rc == -EPERM ? why : strerror(-rc));
            return -1;
        }
    }
    if ( log_hv )
    {
        snprintf(path, sizeof(path), "%s/hypervisor.log", dmn.log_dir);
        rc = xc_logfile_open(&hv_log, path, (off_t)dmn.log_max_kib << 10,
                             why, sizeof(why));
        if ( rc )
            cons_log("cannot open %s: %s", path,
                     rc == -EPERM ? why : strerror(-rc));
    }
    return 0;
}

/* $XEN_RUNDIR/xenconsoled.pid (or --pid-file), once we are the daemon. */
static int write_pid_file(const char *pid_file)
{
    char path[4096], pid[32];
    int rc;

    if ( !pid_file )
    {
        snprintf(path, sizeof(path), "%s/xenconsoled.pid", xc_rundir());
        pid_file = path;
    }
    snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    rc = xc_rundir_replace(pid_file, pid, strlen(pid), false);
    if ( rc )
    {
        cons_log("cannot write %s: %s", pid_file, strerror(-rc));
        return -1;
    }
    return 0;
}

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

static int connect_all(void)
{
    int fd;

    dmn.xch = xc_interface_open(NULL, NULL, 0);
    dmn.xce = dmn.xch ? xenevtchn_open(NULL, 0) : NULL;
    if ( !dmn.xch || !dmn.xce )
    {
        fprintf(stderr, "xenconsoled: cannot reach the hypervisor: %s\n",
                strerror(errno));
        return -1;
    }
    fd = xenevtchn_fd(dmn.xce);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    dmn.xsh = xs_open(0);
    if ( !dmn.xsh || !xs_watch(dmn.xsh, "@introduceDomain", "introduce") ||
         !xs_watch(dmn.xsh, "@releaseDomain", "release") )
    {
        fprintf(stderr, "xenconsoled: cannot reach xenstored: %s\n",
                strerror(errno));
        return -1;
    }
    return 0;
}

/* Every event pending on the pipe: read that console's ring. */
static void handle_events(void)
{
    int port;

    while ( (port = xenevtchn_pending(dmn.xce)) >= 0 )
    {
        struct console *c = console_by_port(port);

        if ( !c )
        {
            xenevtchn_unmask(dmn.xce, port);
            continue;
        }
        console_read_ring(c);
        if ( c->throttled )
            c->pending_unmask = true; /* at the next period */
        else
            xenevtchn_unmask(dmn.xce, port);
    }
}

/* Which watch fired: introductions connect, releases only close. */
static void handle_watches(void)
{
    bool introduced = false, released = false;
    char **ev;

    while ( (ev = xs_check_watch(dmn.xsh)) )
    {
        if ( !strcmp(ev[XS_WATCH_TOKEN], "introduce") )
            introduced = true;
        else
            released = true;
        free(ev);
    }
    if ( introduced || released )
        domains_scan(introduced);
}

/* --log=hv: the hypervisor's console ring, copied as it grows. */
static void copy_hypervisor_log(void)
{
    char buf[16384];
    unsigned int size = sizeof(buf);

    if ( hv_log.fd < 0 )
        return;
    while ( !xc_readconsolering(dmn.xch, buf, &size, 0, 1, &hv_index) &&
            size )
    {
        xc_logfile_write(&hv_log, buf, size);
        size = sizeof(buf);
    }
    (void)hv_timestamps; /* the hypervisor's lines carry their own time */
}

static void event_loop(void)
{
    struct pollfd *pfds = NULL;
    struct console **polled = NULL;
    unsigned int cap = 0;
    uint64_t last_scan = now_ms(), last_hv = 0;

    while ( !stopping )
    {
        unsigned int n = 2, i;
        struct console *c;
        uint64_t now;
        int timeout, tick;

        if ( cap < dmn.nr_consoles + 2 )
        {
            cap = dmn.nr_consoles + 64;
            free(pfds);
            free(polled);
            pfds = calloc(cap, sizeof(*pfds));
            polled = calloc(cap, sizeof(*polled));
            if ( !pfds || !polled )
            {
                cons_log("out of memory");
                return;
            }
        }
        pfds[0] = (struct pollfd){ .fd = xs_fileno(dmn.xsh), .events = POLLIN };
        pfds[1] = (struct pollfd){ .fd = xenevtchn_fd(dmn.xce),
                                   .events = POLLIN };
        for ( c = dmn.consoles; c; c = c->next )
        {
            pfds[n] = (struct pollfd){
                .fd = c->master,
                .events = POLLIN | (c->buf_len ? POLLOUT : 0),
            };
            polled[n++] = c;
        }
        now = now_ms();
        tick = consoles_next_tick_ms(now);
        timeout = RESCAN_MS;
        if ( tick >= 0 && tick < timeout )
            timeout = tick;
        if ( log_hv && timeout > HV_LOG_MS )
            timeout = HV_LOG_MS;
        if ( poll(pfds, n, timeout) < 0 && errno != EINTR )
        {
            cons_log("poll: %s", strerror(errno));
            return;
        }
        if ( pfds[0].revents & (POLLHUP | POLLERR) )
        {
            cons_log("xenstored went away: stopping");
            return;
        }
        if ( pfds[0].revents & POLLIN )
            handle_watches();
        if ( pfds[1].revents & POLLIN )
            handle_events();
        if ( pfds[1].revents & (POLLHUP | POLLERR) )
        {
            cons_log("the hypervisor went away: stopping");
            return;
        }
        for ( i = 2; i < n; i++ )
        {
            /* A console closed by a scan above is no longer listed. */
            for ( c = dmn.consoles; c && c != polled[i]; c = c->next )
                ;
            if ( !c )
                continue;
            if ( pfds[i].revents & POLLOUT )
                console_flush_pty(c);
            if ( pfds[i].revents & POLLIN )
                console_read_pty(c);
        }
        now = now_ms();
        for ( c = dmn.consoles; c; c = c->next )
            console_rate_tick(c, now);
        if ( now - last_scan >= RESCAN_MS )
        {
            domains_scan(false);
            last_scan = now;
        }
        if ( log_hv && now - last_hv >= HV_LOG_MS )
        {
            copy_hypervisor_log();
            last_hv = now;
        }
    }
    free(pfds);
    free(polled);
}

/* Leave the terminal and the parent behind, as an init script expects. */
static int daemonize(void)
{
    int null;
    pid_t pid = fork();

    if ( pid < 0 )
        return -1;
    if ( pid > 0 )
        _exit(0);
    setsid();
    pid = fork();
    if ( pid < 0 )
        return -1;
    if ( pid > 0 )
        _exit(0);
    null = open("/dev/null", O_RDWR);
    if ( null >= 0 )
    {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if ( null > STDERR_FILENO )
            close(null);
    }
    return chdir("/");
}

int main(int argc, char **argv)
{
    struct sigaction sa = { .sa_handler = on_stop };
    char *pid_file = NULL;

    if ( parse_options(argc, argv, &pid_file) )
        return 1;
    if ( connect_all() || prepare_files() )
        return 1;
    if ( !foreground && daemonize() )
    {
        cons_log("cannot become a daemon: %s", strerror(errno));
        return 1;
    }
    if ( write_pid_file(pid_file) )
        return 1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    cons_log("started (pid %ld)", (long)getpid());
    domains_scan(true);
    event_loop();
    domains_close_all();
    cons_log("stopped");
    xs_close(dmn.xsh);
    xenevtchn_close(dmn.xce);
    xc_interface_close(dmn.xch);
    xc_logfile_close(&own_log);
    xc_logfile_close(&hv_log);
    return 0;
}
