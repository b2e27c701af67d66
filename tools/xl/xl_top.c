/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_top.c: `xl top`, a refreshing view of the host and its domains in
 * xentop's columns. Interactive, it redraws the screen every delay
 * seconds until 'q'; in batch mode (-b) it prints the table once a
 * round, as `xentop -b` does, for -i rounds (default: until killed).
 * CPU(%) is the CPU time a domain used since the previous round over the
 * wall time between them (0 in the first round, as xentop shows it).
 * There are no network or block backends yet, so their columns count
 * the devices the configuration gives and show no traffic.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"

struct sample {
    uint32_t domid;
    uint64_t cpu_ns;
};

struct round {
    struct sample *s;
    int n;
    double when; /* s, monotonic */
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t previous_cpu(const struct round *prev, uint32_t domid,
                             bool *found)
{
    int i;

    for ( i = 0; i < prev->n; i++ )
        if ( prev->s[i].domid == domid )
        {
            *found = true;
            return prev->s[i].cpu_ns;
        }
    *found = false;
    return 0;
}

static void state_of(const struct libxl_dominfo *d, char s[7])
{
    s[0] = d->dying ? 'd' : '-';
    s[1] = d->shutdown ? 's' : '-';
    s[2] = d->blocked ? 'b' : '-';
    s[3] = d->shutdown && d->shutdown_reason == 3 ? 'c' : '-';
    s[4] = d->running ? 'r' : '-';
    s[5] = d->paused ? 'p' : '-';
    s[6] = '\0';
}

/* Devices a domain has, from its stored configuration. */
static void device_counts(uint32_t domid, unsigned int *nets,
                          unsigned int *vbds)
{
    struct libxl_domain_config c;

    *nets = *vbds = 0;
    if ( domid == 0 || libxl_retrieve_domain_configuration(ctx, domid, &c) )
        return;
    *nets = c.num_nics;
    *vbds = c.num_disks;
    libxl_domain_config_dispose(&c);
}

static void print_header(void)
{
    printf("%10s %6s %9s %6s %10s %6s %10s %9s %5s %4s %8s %8s %4s %8s "
           "%8s %8s %10s %10s %4s\n",
           "NAME", "STATE", "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)",
           "MAXMEM(k)", "MAXMEM(%)", "VCPUS", "NETS", "NETTX(k)", "NETRX(k)",
           "VBDS", "VBD_OO", "VBD_RD", "VBD_WR", "VBD_RSECT", "VBD_WSECT",
           "SSID");
}

static char xen_version[64];

static void print_summary(const struct libxl_dominfo *info, int nb,
                          const struct libxl_physinfo *pi)
{
    char when[16];
    time_t t = time(NULL);
    struct tm tm;
    int i, running = 0, blocked = 0, paused = 0, crashed = 0, dying = 0,
           shut = 0;
    uint64_t total_k = pi->total_pages * 4, free_k = pi->free_pages * 4;

    for ( i = 0; i < nb; i++ )
    {
        running += info[i].running;
        blocked += info[i].blocked;
        paused += info[i].paused;
        dying += info[i].dying;
        shut += info[i].shutdown && info[i].shutdown_reason != 3;
        crashed += info[i].shutdown && info[i].shutdown_reason == 3;
    }
    strftime(when, sizeof(when), "%H:%M:%S", localtime_r(&t, &tm));
    printf("xl top - %s   Xen %s\n", when, xen_version);
    printf("%d domains: %d running, %d blocked, %d paused, %d crashed, "
           "%d dying, %d shutdown\n",
           nb, running, blocked, paused, crashed, dying, shut);
    printf("Mem: %lluk total, %lluk used, %lluk free    CPUs: %u @ %uMHz\n",
           (unsigned long long)total_k, (unsigned long long)(total_k - free_k),
           (unsigned long long)free_k, pi->nr_cpus, pi->cpu_khz / 1000);
}

/* One round: the table, and this round's samples into cur. */
static int print_round(bool batch, const struct round *prev, struct round *cur)
{
    struct libxl_physinfo pi;
    struct libxl_dominfo *info;
    int nb, i;
    double total_k;

    info = libxl_list_domain(ctx, &nb);
    if ( !info || libxl_get_physinfo(ctx, &pi) )
    {
        free(info);
        fprintf(stderr, "cannot read the domains\n");
        return -1;
    }
    cur->when = now_s();
    cur->n = nb;
    cur->s = calloc(nb ? nb : 1, sizeof(*cur->s));
    if ( !cur->s )
    {
        free(info);
        return -1;
    }
    total_k = pi.total_pages * 4.0;
    if ( !batch )
        print_summary(info, nb, &pi);
    print_header();
    for ( i = 0; i < nb; i++ )
    {
        const struct libxl_dominfo *d = &info[i];
        char *name = libxl_domid_to_name(ctx, d->domid), state[7];
        double span = prev ? cur->when - prev->when : 0, pct = 0;
        unsigned int nets, vbds;
        bool found = false;
        uint64_t before = prev ? previous_cpu(prev, d->domid, &found) : 0;

        cur->s[i] = (struct sample){ d->domid, d->cpu_time };
        if ( found && span > 0 && d->cpu_time >= before )
            pct = (d->cpu_time - before) / 1e9 / span * 100;
        state_of(d, state);
        device_counts(d->domid, &nets, &vbds);
        printf("%10.10s %6s %9llu %6.1f %10llu %6.1f ",
               name ? name : (d->domid ? "(null)" : "Domain-0"), state,
               (unsigned long long)(d->cpu_time / 1000000000ULL), pct,
               (unsigned long long)d->current_memkb,
               total_k ? d->current_memkb / total_k * 100 : 0);
        if ( d->domid == 0 )
            printf("%10s %9s ", "no limit", "n/a");
        else
            printf("%10llu %9.1f ", (unsigned long long)d->max_memkb,
                   total_k ? d->max_memkb / total_k * 100 : 0);
        printf("%5u %4u %8u %8u %4u %8u %8u %8u %10u %10u %4u\n",
               d->vcpu_online, nets, 0, 0, vbds, 0, 0, 0, 0, 0, d->ssidref);
        free(name);
    }
    free(info);
    fflush(stdout);
    return 0;
}

static struct termios saved;
static bool raw;

static void restore_terminal(void)
{
    if ( raw )
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    raw = false;
}

/* Wait delay seconds; true if the user pressed 'q'. */
static bool wait_or_quit(int delay, bool batch)
{
    struct pollfd p = { .fd = batch ? -1 : STDIN_FILENO, .events = POLLIN };
    double until = now_s() + delay;

    for ( ;; )
    {
        double left = until - now_s();
        char ch;

        if ( left <= 0 )
            return false;
        if ( poll(&p, 1, (int)(left * 1000) + 1) > 0 &&
             read(STDIN_FILENO, &ch, 1) == 1 && (ch == 'q' || ch == 'Q') )
            return true;
    }
}

int main_top(int argc, char **argv)
{
    static const struct option opts[] = {
        { "batch", 0, 0, 'b' },
        { "iterations", 1, 0, 'i' },
        { "delay", 1, 0, 'd' },
        COMMON_LONG_OPTS,
    };
    struct round prev = { 0 }, cur = { 0 };
    bool batch = false, have_prev = false;
    long iterations = -1, delay = 3, done = 0;
    char *end;
    int opt;

    SWITCH_FOREACH_OPT(opt, "bi:d:", opts, "top", 0)
    {
    case 'b':
        batch = true;
        break;
    case 'i':
        iterations = strtol(optarg, &end, 10);
        if ( *end || iterations < 1 )
        {
            fprintf(stderr, "invalid number of iterations '%s'\n", optarg);
            return XL_EXIT_USAGE;
        }
        break;
    case 'd':
        delay = strtol(optarg, &end, 10);
        if ( *end || delay < 1 || delay > 3600 )
        {
            fprintf(stderr, "invalid delay '%s'\n", optarg);
            return XL_EXIT_USAGE;
        }
        break;
    }
    if ( !batch && !isatty(STDOUT_FILENO) )
        batch = true; /* nothing to redraw on */
    if ( !batch && isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved) )
    {
        struct termios t = saved;

        t.c_lflag &= ~(ICANON | ECHO);
        raw = !tcsetattr(STDIN_FILENO, TCSANOW, &t);
        atexit(restore_terminal);
    }
    signal(SIGPIPE, SIG_DFL);
    {
        struct libxl_version_info vi;

        if ( !libxl_get_version_info(ctx, &vi) )
            snprintf(xen_version, sizeof(xen_version), "%d.%d%s",
                     vi.xen_version_major, vi.xen_version_minor,
                     vi.xen_version_extra);
    }
    for ( ;; )
    {
        if ( !batch )
            fputs("\033[H\033[2J", stdout);
        if ( print_round(batch, have_prev ? &prev : NULL, &cur) )
            return XL_EXIT_FAIL;
        free(prev.s);
        prev = cur;
        have_prev = true;
        if ( iterations > 0 && ++done >= iterations )
            break;
        libxl_ctx_idle(ctx);
        if ( wait_or_quit(delay, batch) )
            break;
    }
    free(prev.s);
    restore_terminal();
    return XL_EXIT_OK;
}
