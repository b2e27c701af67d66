/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * main.c: start-up and shut-down of the hypervisor process. Parses the
 * command line, checks and prepares the run directory (xen/rundir.h: it
 * must be root's alone), brings up the clock, timers,
 * KVM, domain 0 and the pCPU threads, then serves privcmd until told to
 * stop (SIGTERM, SIGINT).
 */
#include <getopt.h>
#include <pthread.h>
#include <sys/resource.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <asm/arch.h>
#include <public/privcmd.h>
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/privcmd.h>
#include <xen/rundir.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/version.h>

static volatile sig_atomic_t stop_requested;
volatile sig_atomic_t dump_requested;

struct options {
    const char *rundir;
    bool foreground;
    bool debug;
    unsigned int pcpus;
    long halt_poll_us; /* -1: the scheduler's default */
    unsigned long log_max_kib;
};

#define DEFAULT_LOG_MAX_KIB 4096

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xen [--foreground] [--pcpus N] [--halt-poll-us N] "
            "[--rundir DIR] [--log-max-kib N] [--debug]\n"
            "  --foreground  log to stderr as well as <rundir>/xen.log\n"
            "  --pcpus N     number of pCPU threads (default: host cores)\n"
            "  --halt-poll-us N  how long an idle pCPU watches for work "
            "before it sleeps (default 0: never)\n"
            "  --rundir DIR  run directory (default $XEN_RUNDIR or %s)\n"
            "  --log-max-kib N  rotate xen.log to xen.log.1 past N KiB "
            "(default %u)\n"
            "  --debug       log debug messages\n",
            XEN_DEFAULT_RUNDIR, DEFAULT_LOG_MAX_KIB);
}

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "foreground", no_argument, NULL, 'F' },
        { "pcpus", required_argument, NULL, 'p' },
        { "halt-poll-us", required_argument, NULL, 'P' },
        { "rundir", required_argument, NULL, 'r' },
        { "log-max-kib", required_argument, NULL, 'L' },
        { "debug", no_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    char *end;
    int c;

    o->halt_poll_us = -1;
    o->log_max_kib = DEFAULT_LOG_MAX_KIB;
    o->rundir = getenv("XEN_RUNDIR");
    if ( !o->rundir || !*o->rundir )
        o->rundir = XEN_DEFAULT_RUNDIR;
    while ( (c = getopt_long(argc, argv, "Fp:r:dh", longopts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 'F':
            o->foreground = true;
            break;
        case 'p':
            o->pcpus = strtoul(optarg, &end, 10);
            if ( *end || o->pcpus < 1 || o->pcpus > 64 )
            {
                fprintf(stderr, "xen: --pcpus takes 1..64, not '%s'\n", optarg);
                return -1;
            }
            break;
        case 'P':
            o->halt_poll_us = strtol(optarg, &end, 10);
            if ( *end || o->halt_poll_us < 0 || o->halt_poll_us > 10000 )
            {
                fprintf(stderr,
                        "xen: --halt-poll-us takes 0..10000, not '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case 'r':
            o->rundir = optarg;
            break;
        case 'L':
            o->log_max_kib = strtoul(optarg, &end, 10);
            if ( *end || o->log_max_kib < 4 || o->log_max_kib > 1048576 )
            {
                fprintf(stderr,
                        "xen: --log-max-kib takes 4..1048576, not '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case 'd':
            o->debug = true;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return -1;
        }
    }
    if ( optind != argc )
    {
        usage(stderr);
        return -1;
    }
    return 0;
}

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_dump_signal(int sig)
{
    (void)sig;
    dump_requested = 1;
}

/*
 * The process's signals (stop, state dump) are the main thread's: helper
 * threads call this first, so that such a signal always interrupts the
 * main loop's poll rather than landing in a thread that ignores it.
 */
void block_process_signals(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void install_signals(void)
{
    struct sigaction sa = { .sa_handler = on_stop_signal };
    struct sigaction dump = { .sa_handler = on_dump_signal };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigemptyset(&dump.sa_mask);
    sigaction(SIGUSR2, &dump, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Each domain holds a few descriptors (VM, vCPUs, memfds): allow many. */
static void raise_fd_limit(void)
{
    struct rlimit rl;

    if ( !getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max )
    {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int kill_domain_cb(struct domain *d, void *arg)
{
    (void)arg;
    if ( d != hardware_domain )
        domain_kill(d);
    return 0;
}

/* Written to a new file and renamed: a symlink there is replaced. */
static int write_pidfile(const char *rundir)
{
    char path[4096], pid[32];
    int n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());

    snprintf(path, sizeof(path), "%s/xen.pid", rundir);
    return rundir_replace(path, pid, n);
}

int main(int argc, char **argv)
{
    struct options opts = { 0 };
    char path[4096], why[512] = "";
    int rc, listen_fd;

    if ( parse_options(argc, argv, &opts) )
        return 1;
    version_set_cmdline(argc, argv);
    time_init();
    raise_fd_limit();

    rc = rundir_prepare(opts.rundir, why, sizeof(why));
    if ( rc )
    {
        fprintf(stderr, "xen: refusing run directory %s: %s\n", opts.rundir,
                rc == -EPERM ? why : strerror(-rc));
        return 1;
    }
    snprintf(path, sizeof(path), "%s/xen.log", opts.rundir);
    rc = log_open(path, opts.foreground, opts.debug, opts.log_max_kib << 10,
                  why, sizeof(why));
    if ( rc )
    {
        fprintf(stderr, "xen: cannot open %s: %s\n", path,
                rc == -EPERM ? why : strerror(-rc));
        return 1;
    }
    printk("Xen %d.%d%s (KVM PV) starting, run directory %s", XEN_VERSION_MAJOR,
           XEN_VERSION_MINOR, XEN_VERSION_EXTRA, opts.rundir);

    rc = arch_init();
    if ( rc )
    {
        fprintf(stderr, "xen: cannot use KVM: %s\n", strerror(-rc));
        return 1;
    }
    timer_subsys_init();
    if ( opts.halt_poll_us >= 0 )
        sched_set_halt_poll(MICROSECS(opts.halt_poll_us));
    rc = scheduler_init(opts.pcpus);
    if ( !rc )
        rc = domain_init();
    if ( rc )
    {
        fprintf(stderr, "xen: start-up failed: %s\n", strerror(-rc));
        return 1;
    }

    listen_fd = privcmd_listen(opts.rundir);
    if ( listen_fd < 0 )
    {
        fprintf(stderr, "xen: cannot listen in %s: %s\n", opts.rundir,
                strerror(-listen_fd));
        return 1;
    }
    install_signals();
    rc = write_pidfile(opts.rundir);
    if ( rc )
        xlog(LOG_WARN, "cannot write %s/xen.pid: %s", opts.rundir,
             strerror(-rc));
    printk("ready: %u pCPUs, privcmd at %s/%s", sched_nr_pcpus(), opts.rundir,
           PRIVCMD_SOCKET_NAME);

    privcmd_serve(listen_fd, &stop_requested);

    printk("shutting down");
    for_each_domain_from(1, kill_domain_cb, NULL);
    scheduler_stop();
    timer_subsys_stop();
    arch_fini();
    close(listen_fd);
    snprintf(path, sizeof(path), "%s/%s", opts.rundir, PRIVCMD_SOCKET_NAME);
    unlink(path);
    snprintf(path, sizeof(path), "%s/xen.pid", opts.rundir);
    unlink(path);
    log_close();
    return 0;
}
