/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlbench: the toolstack's figures, measured as a user meets them: each
 * step runs dist/bin/xl (or xen-run) as a separate program.
 *   xlbench create N KERNEL   `xl create` to the guest's first console
 *                             byte (in xenconsoled's log), median of N,
 *                             beside xen-run's and a raw KVM VM's; and
 *                             `xl destroy` of each
 *   xlbench many N KERNEL     N domains created in a row, `xl list` with
 *                             N running (against `xl list` with none),
 *                             `xl destroy` of each
 * Needs the stack running (xencommons) and XEN_LOGDIR set; XL names xl.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kvm_floor.h"

static const char *xl = "dist/bin/xl";
static const char *logdir, *kernel;
static char cfgdir[256];

/* argv run to its end, its output dropped; its exit status, or -1. */
static int run(char *const argv[])
{
    int status;
    pid_t pid = fork();

    if ( pid < 0 )
        return -1;
    if ( !pid )
    {
        int null = open("/dev/null", O_WRONLY);

        dup2(null, 1);
        dup2(null, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    if ( waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) )
        return -1;
    return WEXITSTATUS(status);
}

static int xl_run(const char *cmd, const char *arg, const char *arg2)
{
    char *argv[] = { (char *)xl, (char *)cmd, (char *)arg, (char *)arg2, NULL };

    return run(argv);
}

/* A minimal domain's config: the kernel, 4 MiB, one vCPU, its console. */
static const char *write_cfg(const char *name)
{
    static char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s.cfg", cfgdir, name);
    f = fopen(path, "w");
    if ( !f )
        return NULL;
    fprintf(f, "name = \"%s\"\nkernel = \"%s\"\nmemory = 4\nvcpus = 1\n", name,
            kernel);
    fclose(f);
    return path;
}

/* Until the guest's console log has a byte (at most 5 s); 0 if it did. */
static int wait_first_byte(const char *name)
{
    char path[512];
    struct stat st;
    double t0 = bench_now();
    struct timespec pause = { 0, 20000 };

    snprintf(path, sizeof(path), "%s/guest-%s.log", logdir, name);
    while ( bench_now() - t0 < 5 )
    {
        if ( !stat(path, &st) && st.st_size > 0 )
            return 0;
        nanosleep(&pause, NULL);
    }
    return -1;
}

/* xen-run of the same kernel, from its start to its first output byte. */
static double xen_run_first_byte_ms(void)
{
    double t0 = bench_now(), ms = -1;
    int fds[2], status;
    pid_t pid;
    char c;

    if ( pipe(fds) )
        return -1;
    pid = fork();
    if ( !pid )
    {
        dup2(fds[1], 1);
        close(fds[0]);
        execl("dist/bin/xen-run", "xen-run", "--memory", "4", "--timeout", "10",
              kernel, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    if ( pid > 0 && read(fds[0], &c, 1) == 1 )
        ms = (bench_now() - t0) * 1e3;
    close(fds[0]);
    if ( pid > 0 )
    {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
    }
    return ms;
}

static void bench_create(unsigned int n)
{
    double *first = calloc(4 * n, sizeof(double)), *cmd = first + n,
           *destroy = first + 2 * n, *xenrun = first + 3 * n, kvm;
    unsigned int i, got = 0, runs = 0;
    char name[64];

    for ( i = 0; i < n; i++ )
    {
        const char *cfg;
        double t0, t1, t2;

        snprintf(name, sizeof(name), "bench-create-%u", i);
        cfg = write_cfg(name);
        t0 = bench_now();
        if ( !cfg || xl_run("create", "-q", cfg) != 0 )
        {
            fprintf(stderr, "xlbench: xl create %s failed\n", name);
            continue;
        }
        t1 = bench_now();
        if ( wait_first_byte(name) )
        {
            fprintf(stderr, "xlbench: no console byte from %s\n", name);
            xl_run("destroy", name, NULL);
            continue;
        }
        t2 = bench_now();
        cmd[got] = (t1 - t0) * 1e3;
        first[got] = (t2 - t0) * 1e3;
        if ( xl_run("destroy", name, NULL) == 0 )
            destroy[got] = (bench_now() - t2) * 1e3;
        got++;
    }
    for ( i = 0; i < n; i++ )
        if ( (xenrun[runs] = xen_run_first_byte_ms()) >= 0 )
            runs++;
    kvm = floor_create_ms(n);
    if ( got )
    {
        double m = bench_median(first, got);

        printf("BENCH xl_create_to_first_console_byte_ms %.3f ms "
               "baseline=%.3f ratio=%.2f\n",
               m, kvm, m / kvm);
        printf("BENCH xl_create_command_ms %.3f ms baseline=%.3f "
               "ratio=%.2f\n",
               bench_median(cmd, got), kvm, bench_median(cmd, got) / kvm);
        printf("BENCH xl_destroy_ms %.3f ms\n", bench_median(destroy, got));
    }
    if ( runs )
    {
        double m = bench_median(xenrun, runs);

        printf("BENCH xen_run_to_first_console_byte_ms %.3f ms baseline=%.3f "
               "ratio=%.2f\n",
               m, kvm, m / kvm);
    }
    printf("BENCH kvm_create_to_first_exit_ms %.3f ms\n", kvm);
    free(first);
}

/* Median ms of `xl list` over n runs. */
static double list_ms(unsigned int n)
{
    double *v = calloc(n, sizeof(double)), m;
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        double t0 = bench_now();

        xl_run("list", NULL, NULL);
        v[i] = (bench_now() - t0) * 1e3;
    }
    m = bench_median(v, n);
    free(v);
    return m;
}

static void bench_many(unsigned int n)
{
    double *destroy = calloc(n, sizeof(double)), t0, first100 = 0, all, empty,
           full;
    unsigned int i, made = 0, gone = 0;
    char name[64];

    empty = list_ms(20);
    t0 = bench_now();
    for ( i = 0; i < n; i++ )
    {
        const char *cfg;

        snprintf(name, sizeof(name), "bench-many-%u", i);
        cfg = write_cfg(name);
        if ( !cfg || xl_run("create", "-q", cfg) != 0 )
        {
            fprintf(stderr, "xlbench: xl create %s failed (%u made)\n", name,
                    made);
            break;
        }
        if ( ++made == 100 )
            first100 = bench_now() - t0;
    }
    all = bench_now() - t0;
    if ( made > 100 )
        printf("BENCH xl_create_100_in_a_row_s %.3f s (%.2f ms each)\n",
               first100, first100 * 10);
    printf("BENCH xl_create_%u_in_a_row_s %.3f s (%.2f ms each)\n", made, all,
           made ? all * 1e3 / made : 0);
    full = list_ms(20);
    printf("BENCH xl_list_%u_domains_ms %.3f ms baseline=%.3f ratio=%.2f\n",
           made, full, empty, full / empty);
    for ( i = 0; i < made; i++ )
    {
        double t1 = bench_now();

        snprintf(name, sizeof(name), "bench-many-%u", i);
        if ( xl_run("destroy", name, NULL) == 0 )
            destroy[gone++] = (bench_now() - t1) * 1e3;
    }
    printf("BENCH xl_destroy_of_%u_median_ms %.3f ms (%u destroyed)\n", made,
           bench_median(destroy, gone), gone);
    free(destroy);
}

int main(int argc, char **argv)
{
    unsigned int n;

    if ( argc != 4 || !(n = strtoul(argv[2], NULL, 10)) )
    {
        fprintf(stderr, "usage: xlbench create|many N KERNEL\n");
        return 2;
    }
    kernel = argv[3];
    logdir = getenv("XEN_LOGDIR");
    if ( getenv("XL") )
        xl = getenv("XL");
    if ( !logdir )
    {
        fprintf(stderr, "xlbench: XEN_LOGDIR is not set\n");
        return 2;
    }
    snprintf(cfgdir, sizeof(cfgdir), "%s/..", logdir);
    if ( !strcmp(argv[1], "create") )
        bench_create(n);
    else if ( !strcmp(argv[1], "many") )
        bench_many(n);
    else
        return 2;
    return 0;
}
