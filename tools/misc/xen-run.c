/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-run: boot PV kernels and copy their consoles to stdout.
 *
 *   xen-run [--memory MiB] [--vcpus N] [--cmdline STR] [--ramdisk FILE]
 *           [--timeout SECONDS] [--pcpus N] [--quiet] [--xenstore]
 *           KERNEL [KERNEL2]
 *
 * Uses the hypervisor in $XEN_RUNDIR if one answers there, otherwise
 * starts a private one (and stops it at exit). With two kernels, both
 * domains run in the same hypervisor joined by an event channel: the
 * first gets "peer=<id> port=<port>" on its command line, the second
 * "peer=<id> remote_port=<port>", and each console line is prefixed.
 * On a terminal, consoles are filtered of control sequences
 * (term_filter.h); into a file or pipe they are copied byte for byte.
 *
 * Domains are built by libxl (libxl_domain_create_begin/finish), as xl
 * builds them; xen-run serves their consoles itself, from the ring. With
 * --xenstore, each domain gets the xenstore home libxl gives every
 * domain (without a console backend: the console is ours), and
 * SIGINT/SIGTERM, SIGUSR1, SIGUSR2 ask it to power off, reboot or
 * suspend through control/shutdown (xen_run_store.h). Without it, the
 * domains have no xenstore home (the hypervisor may have no xenstored).
 * A signal that ends xen-run destroys its domains first.
 *
 * Exit codes: 0 poweroff, 1 usage or environment error, 2 crash,
 * 3 build error, 4 another shutdown reason, 5 timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxl.h>
#include <public/domctl.h>
#include <public/io/console.h>
#include <public/sched.h>
#include <xenctrl.h>
#include <xenevtchn.h>

#include "term_filter.h"
#include "xen_launch.h"
#include "xen_run_store.h"

#define EXIT_USAGE 1
#define EXIT_CRASH 2
#define EXIT_BUILD 3
#define EXIT_OTHER 4
#define EXIT_TIMEOUT 5
#define MAX_DOMAINS 2

struct options {
    unsigned int memory_mib;
    unsigned int vcpus;
    const char *cmdline;
    const char *ramdisk;
    unsigned int timeout;
    unsigned int pcpus;
    bool quiet;
    bool xenstore; /* introduce the domains to xenstored */
    const char *kernels[MAX_DOMAINS];
    unsigned int nr_kernels;
};

struct guest {
    uint32_t domid; /* 0: none (made by libxl_domain_create_begin) */
    struct libxl_domain_config config;
    struct libxl_domain_rings rings;
    uint8_t *mem;
    size_t mem_size;
    int local_port;
    bool done;
    int shutdown_reason; /* -1 until it shuts down */
    char prefix[16];
    char line[256];
    size_t line_len;
    struct term_filter tty; /* used when stdout is a terminal */
};

static void usage(FILE *f)
{
    fprintf(f, "usage: xen-run [--memory MiB] [--vcpus N] [--cmdline STR] "
               "[--ramdisk FILE]\n"
               "               [--timeout SECONDS] [--pcpus N] [--quiet] "
               "[--xenstore] KERNEL [KERNEL2]\n");
}

static int parse_uint(const char *s, unsigned int min, unsigned int max,
                      unsigned int *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if ( !*s || *end || v < min || v > max )
        return -1;
    *out = v;
    return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "memory", required_argument, NULL, 'm' },
        { "vcpus", required_argument, NULL, 'v' },
        { "cmdline", required_argument, NULL, 'c' },
        { "ramdisk", required_argument, NULL, 'r' },
        { "timeout", required_argument, NULL, 't' },
        { "pcpus", required_argument, NULL, 'p' },
        { "quiet", no_argument, NULL, 'q' },
        { "xenstore", no_argument, NULL, 'x' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    *o = (struct options){ .memory_mib = 4, .vcpus = 1, .cmdline = "" };
    while ( (c = getopt_long(argc, argv, "m:v:c:r:t:p:qh", longopts, NULL)) !=
            -1 )
    {
        int bad = 0;

        switch ( c )
        {
        case 'm':
            bad = parse_uint(optarg, 1, 65536, &o->memory_mib);
            break;
        case 'v':
            bad = parse_uint(optarg, 1, 64, &o->vcpus);
            break;
        case 'c':
            o->cmdline = optarg;
            break;
        case 'r':
            o->ramdisk = optarg;
            break;
        case 't':
            bad = parse_uint(optarg, 1, 86400, &o->timeout);
            break;
        case 'p':
            bad = parse_uint(optarg, 1, 64, &o->pcpus);
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'x':
            o->xenstore = true;
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
            fprintf(stderr, "xen-run: bad option value '%s'\n", optarg);
            return -1;
        }
    }
    if ( optind >= argc || argc - optind > MAX_DOMAINS )
    {
        usage(stderr);
        return -1;
    }
    while ( optind < argc )
        o->kernels[o->nr_kernels++] = argv[optind++];
    return 0;
}

static libxl_ctx *ctx;

/* libxl's messages, as xen-run's own. */
static void log_message(void *opaque, enum libxl_log_level level,
                        const char *msg)
{
    (void)opaque;
    (void)level;
    fprintf(stderr, "xen-run: %s\n", msg);
}

/* Print the hypervisor's log lines about domain `domid` (crash reports). */
static void dump_hypervisor_log(uint32_t domid)
{
    char *buf = libxl_xen_console_read(ctx, false);
    char tag1[32], tag2[32], *line, *save;

    if ( !buf )
        return;
    snprintf(tag1, sizeof(tag1), "domain %u ", domid);
    snprintf(tag2, sizeof(tag2), "d%uv", domid);
    for ( line = strtok_r(buf, "\n", &save); line;
          line = strtok_r(NULL, "\n", &save) )
        if ( strstr(line, tag1) || strstr(line, tag2) || line[0] == ' ' )
            fprintf(stderr, "%s\n", line);
    free(buf);
}

/*
 * The domain's name, after its kernel file (and its id, with two
 * kernels): what `xl list` shows with --xenstore.
 */
static char *guest_name(const struct options *o, const char *kernel,
                        uint32_t domid)
{
    const char *base = strrchr(kernel, '/') ? strrchr(kernel, '/') + 1 : kernel;
    char name[96];

    if ( o->nr_kernels > 1 )
        snprintf(name, sizeof(name), "%s-%u", base, domid);
    else
        snprintf(name, sizeof(name), "%s", base);
    return strdup(name);
}

/* The empty domain, from the options (libxl_domain_create_begin). */
static int create_guest(const struct options *o, struct guest *g,
                        const char *kernel)
{
    struct libxl_domain_config *c = &g->config;
    int rc;

    libxl_domain_config_init(c);
    g->domid = 0;
    g->shutdown_reason = -1;
    c->c_info.name = guest_name(o, kernel, 0);
    c->b_info.kernel = strdup(kernel);
    c->b_info.ramdisk = o->ramdisk ? strdup(o->ramdisk) : NULL;
    c->b_info.max_vcpus = c->b_info.avail_vcpus = o->vcpus;
    c->b_info.max_memkb = c->b_info.target_memkb = (uint64_t)o->memory_mib
                                                   << 10;
    if ( !c->c_info.name || !c->b_info.kernel ||
         (o->ramdisk && !c->b_info.ramdisk) )
        return EXIT_USAGE;
    rc = libxl_domain_create_begin(ctx, c, &g->domid);
    if ( rc )
    {
        g->domid = 0;
        return rc == ERROR_INVAL ? EXIT_BUILD : EXIT_USAGE;
    }
    return 0;
}

/*
 * Load the kernel, give the domain its xenstore home (--xenstore), leave
 * it paused; map its memory for the console ring.
 */
static int build_guest(xc_interface *xch, const struct options *o,
                       struct guest *g, const char *kernel, const char *cmdline)
{
    struct libxl_domain_config *c = &g->config;
    int rc;

    free(c->b_info.cmdline);
    c->b_info.cmdline = strdup(cmdline);
    if ( o->nr_kernels > 1 )
    {
        free(c->c_info.name);
        c->c_info.name = guest_name(o, kernel, g->domid);
    }
    if ( !c->b_info.cmdline || !c->c_info.name )
        return EXIT_USAGE;
    rc = libxl_domain_create_finish(
        ctx, c, g->domid,
        LIBXL_CREATE_PAUSED | LIBXL_CREATE_OWN_CONSOLE | LIBXL_CREATE_NO_STATE,
        &g->rings);
    if ( rc )
    {
        g->domid = 0; /* destroyed by the failed finish */
        return rc == ERROR_INVAL ? EXIT_BUILD : EXIT_USAGE;
    }
    g->mem = xc_map_foreign_domain(xch, g->domid, &g->mem_size);
    if ( !g->mem )
    {
        fprintf(stderr, "xen-run: cannot map the console: %s\n",
                strerror(errno));
        return EXIT_BUILD;
    }
    return 0;
}

static bool console_quiet; /* --quiet: consume the rings, print nothing */
static bool console_filtered; /* stdout is a terminal: see term_filter.h */

/* Console bytes to stdout, made safe first on a terminal. */
static void console_write(struct guest *g, const char *buf, size_t len)
{
    char safe[TERM_FILTER_OUT_MAX(sizeof(g->line))];

    if ( !console_filtered )
        fwrite(buf, 1, len, stdout);
    else
        fwrite(safe, 1, term_filter_write(&g->tty, buf, len, safe), stdout);
}

/* The buffered bytes; with a prefix, one whole (or cut) line. */
static void flush_console_line(struct guest *g, bool prefixed)
{
    if ( prefixed )
        fputs(g->prefix, stdout);
    console_write(g, g->line, g->line_len);
    if ( prefixed && g->line[g->line_len - 1] != '\n' )
        putchar('\n');
    g->line_len = 0;
}

/* The domain is gone: what an unfinished UTF-8 sequence becomes. */
static void finish_console(struct guest *g)
{
    char rest[TERM_FILTER_OUT_MAX(0)];

    if ( console_filtered )
        fwrite(rest, 1, term_filter_finish(&g->tty, rest), stdout);
    fflush(stdout);
}

/* Copy what the guest wrote to its console ring to stdout. */
static void drain_console(struct guest *g, bool prefixed)
{
    struct xencons_interface *intf =
        (struct xencons_interface *)(g->mem + (g->rings.console_mfn << 12));
    XENCONS_RING_IDX cons = intf->out_cons, prod;

    prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);
    if ( prod - cons > sizeof(intf->out) )
        cons = prod - sizeof(intf->out); /* the guest lapped us */
    if ( console_quiet )
        cons = prod;
    while ( cons != prod )
    {
        char ch = intf->out[MASK_XENCONS_IDX(cons++, intf->out)];

        g->line[g->line_len++] = ch;
        if ( g->line_len == sizeof(g->line) || (prefixed && ch == '\n') )
            flush_console_line(g, prefixed);
    }
    if ( !prefixed && g->line_len )
        flush_console_line(g, prefixed);
    __atomic_store_n(&intf->out_cons, cons, __ATOMIC_RELEASE);
    fflush(stdout);
}

/* Has the domain stopped? Records its shutdown reason. */
static bool guest_finished(struct guest *g)
{
    struct libxl_dominfo info;

    if ( libxl_domain_info(ctx, &info, g->domid) )
    {
        g->shutdown_reason = SHUTDOWN_crash; /* vanished */
        return true;
    }
    if ( !info.shutdown )
        return false;
    g->shutdown_reason = info.shutdown_reason;
    return true;
}

/* With two kernels, tell each where its peer and their channel are. */
static void pair_cmdline(const struct options *o, const struct guest *g,
                         unsigned int i, int port, char *buf, size_t len)
{
    if ( o->nr_kernels < 2 )
        snprintf(buf, len, "%s", o->cmdline);
    else if ( i == 0 )
        snprintf(buf, len, "%s%speer=%u port=%d", o->cmdline,
                 *o->cmdline ? " " : "", g[1].domid, port);
    else
        snprintf(buf, len, "%s%speer=%u remote_port=%d", o->cmdline,
                 *o->cmdline ? " " : "", g[0].domid, port);
}

static int exit_code_of(int reason)
{
    switch ( reason )
    {
    case SHUTDOWN_poweroff:
        return 0;
    case SHUTDOWN_crash:
        return EXIT_CRASH;
    default:
        return EXIT_OTHER;
    }
}

/* Ask the hypervisor to log every domain (SIGUSR2). */
static void request_state_dump(const struct launch_env *env, xc_interface *xch)
{
    if ( launch_signal_hypervisor(env, xch, SIGUSR2) )
        return;
    fprintf(stderr, "xen-run: asked the hypervisor to log its state\n");
    sleep(2);
}

/* The hypervisor's flags word for the domain, as getdomaininfo has it. */
static unsigned int dominfo_flags(const struct libxl_dominfo *d)
{
    return (d->dying ? XEN_DOMINF_dying : 0) |
           (d->shutdown ? XEN_DOMINF_shutdown : 0) |
           (d->paused ? XEN_DOMINF_paused : 0) |
           (d->blocked ? XEN_DOMINF_blocked : 0) |
           (d->running ? XEN_DOMINF_running : 0) |
           ((d->shutdown_reason & XEN_DOMINF_shutdownmask)
            << XEN_DOMINF_shutdownshift);
}

/* Say what a domain that never stopped was doing (vCPU states). */
static void report_stuck(const struct launch_env *env, xc_interface *xch,
                         uint32_t domid)
{
    struct libxl_dominfo info;
    struct libxl_vcpuinfo *vi;
    int v, nb = 0, nr_cpus;

    request_state_dump(env, xch);
    if ( libxl_domain_info(ctx, &info, domid) )
        return;
    fprintf(stderr, "xen-run: domain %u flags %#x, cpu time %lu ms\n", domid,
            dominfo_flags(&info), (unsigned long)(info.cpu_time / 1000000));
    vi = libxl_list_vcpu(ctx, domid, &nb, &nr_cpus);
    for ( v = 0; vi && v < nb; v++ )
        fprintf(stderr,
                "xen-run:   vcpu %u: online %u blocked %u "
                "running %u cpu %u time %lu ms\n",
                vi[v].vcpuid, vi[v].online, vi[v].blocked, vi[v].running,
                vi[v].cpu, (unsigned long)(vi[v].vcpu_time / 1000000));
    free(vi);
}

/* Pass a request a signal made (xen_run_store.h) to the running guests. */
static void pass_request(bool xenstore, struct guest *guests, unsigned int n)
{
    const char *what = xenstore ? run_store_pending() : NULL;
    unsigned int i;

    for ( i = 0; what && i < n; i++ )
    {
        if ( guests[i].done )
            continue;
        fprintf(stderr, "xen-run: asking domain %u to %s\n", guests[i].domid,
                what);
        libxl_domain_control_request(ctx, guests[i].domid, what);
    }
}

static int follow_consoles(const struct launch_env *env, xc_interface *xch,
                           xenevtchn_handle *xce, bool xenstore,
                           struct guest *guests, unsigned int n,
                           unsigned int timeout)
{
    struct timespec start, now;
    unsigned int left = n, i;
    int worst = 0, wait_ms = 20;

    clock_gettime(CLOCK_MONOTONIC, &start);
    while ( left )
    {
        struct pollfd pfd = { .fd = xenevtchn_fd(xce), .events = POLLIN };

        /*
         * A console event means the guest is busy (and may be about to
         * stop): look again soon. A quiet guest is checked less and less
         * often, up to a few times a second, to spare the hypervisor.
         */
        if ( poll(&pfd, 1, wait_ms) > 0 )
        {
            int port = xenevtchn_pending(xce);

            if ( port >= 0 )
                xenevtchn_unmask(xce, port);
            wait_ms = 20;
        }
        else if ( wait_ms < 320 )
            wait_ms *= 2;
        if ( launch_fatal_pending() )
            return EXIT_OTHER; /* main destroys the domains and dies */
        pass_request(xenstore, guests, n);
        for ( i = 0; i < n; i++ )
        {
            if ( guests[i].done )
                continue;
            drain_console(&guests[i], n > 1);
            if ( guest_finished(&guests[i]) )
            {
                drain_console(&guests[i], n > 1);
                finish_console(&guests[i]);
                guests[i].done = true;
                left--;
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ( timeout && now.tv_sec - start.tv_sec >= (time_t)timeout && left )
        {
            fprintf(stderr, "xen-run: timed out after %u s\n", timeout);
            for ( i = 0; i < n; i++ )
                if ( !guests[i].done )
                    report_stuck(env, xch, guests[i].domid);
            return EXIT_TIMEOUT;
        }
    }
    for ( i = 0; i < n; i++ )
    {
        int code = exit_code_of(guests[i].shutdown_reason);

        if ( code == EXIT_CRASH )
        {
            fprintf(stderr, "xen-run: domain %u crashed\n", guests[i].domid);
            dump_hypervisor_log(guests[i].domid);
        }
        if ( code > worst )
            worst = code;
    }
    return worst;
}

int main(int argc, char **argv)
{
    struct guest guests[MAX_DOMAINS] = { 0 };
    struct launch_env env = { .hv_pid = -1 };
    xenevtchn_handle *xce = NULL;
    xc_interface *xch = NULL;
    struct options o;
    unsigned int i;
    int rc = EXIT_USAGE, pair_port = -1;
    bool utf8;

    if ( parse_options(argc, argv, &o) )
        return EXIT_USAGE;
    if ( launch_hypervisor(&env, argv[0], o.pcpus) )
        return EXIT_USAGE;
    launch_stop_on_signals(&env);
    xch = xc_interface_open(NULL, NULL, 0);
    xce = xch ? xenevtchn_open(NULL, 0) : NULL;
    if ( !xch || !xce ||
         libxl_ctx_alloc(&ctx, log_message, NULL, LIBXL_LOG_WARNING) )
    {
        fprintf(stderr, "xen-run: cannot reach the hypervisor: %s\n",
                strerror(errno));
        goto out;
    }
    if ( !o.xenstore )
        libxl_ctx_set_no_xenstore(ctx);
    else if ( libxl_ctx_connect(ctx) )
    {
        fprintf(stderr, "xen-run: cannot reach xenstored\n");
        goto out;
    }

    for ( i = 0; i < o.nr_kernels; i++ )
        if ( (rc = create_guest(&o, &guests[i], o.kernels[i])) )
            goto out;

    rc = EXIT_BUILD;
    if ( o.nr_kernels == 2 &&
         libxl_evtchn_alloc_unbound(ctx, guests[0].domid, guests[1].domid,
                                    &pair_port) )
        goto out;
    for ( i = 0; i < o.nr_kernels; i++ )
    {
        char cmdline[1024];

        pair_cmdline(&o, guests, i, pair_port, cmdline, sizeof(cmdline));
        if ( (rc = build_guest(xch, &o, &guests[i], o.kernels[i], cmdline)) )
            goto out;
        snprintf(guests[i].prefix, sizeof(guests[i].prefix), "[d%u] ",
                 guests[i].domid);
        guests[i].local_port = xenevtchn_bind_interdomain(
            xce, guests[i].domid, guests[i].rings.console_port);
    }
    if ( o.xenstore )
        run_store_catch_signals(&env);
    rc = EXIT_USAGE;
    for ( i = 0; i < o.nr_kernels; i++ )
        if ( libxl_domain_unpause(ctx, guests[i].domid) )
            goto out;

    console_quiet = o.quiet;
    console_filtered = term_filter_wanted(STDOUT_FILENO, &utf8);
    for ( i = 0; i < o.nr_kernels; i++ )
        term_filter_init(&guests[i].tty, utf8);
    rc = follow_consoles(&env, xch, xce, o.xenstore, guests, o.nr_kernels,
                         o.timeout);
out:
    for ( i = 0; i < o.nr_kernels; i++ )
    {
        if ( guests[i].mem )
            munmap(guests[i].mem, guests[i].mem_size);
        if ( guests[i].domid )
            libxl_domain_destroy(ctx, guests[i].domid);
        libxl_domain_config_dispose(&guests[i].config);
    }
    if ( ctx )
        libxl_ctx_free(ctx);
    xenevtchn_close(xce);
    xc_interface_close(xch);
    launch_stop(&env);
    launch_die();
    return rc;
}
