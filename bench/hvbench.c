/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvbench: toolstack-side benchmarks of the hypervisor, against the
 * raw-KVM floors measured in the same run (kvm_floor.c). Each figure is
 * one `BENCH <name> <value> <unit> [baseline=<v>] [ratio=<v>]` line.
 *
 *   hvbench launch N KERNEL        create+build+unpause to first console byte
 *   hvbench create-rate N KERNEL   create+build+unpause+destroy cycles/s
 *   hvbench idle-memory N KERNEL   host memory per idle domain
 *   hvbench shares SECONDS KERNEL  CPU split of weights 256:512 on one pCPU
 *
 * Needs a running hypervisor ($XEN_RUNDIR).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/io/console.h>
#include <xenctrl.h>
#include <xenguest.h>

#include "kvm_floor.h"

static xc_interface *xch;
static uint8_t *kernel;
static size_t kernel_size;

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if ( !f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 )
        return NULL;
    rewind(f);
    buf = malloc(n);
    if ( buf && fread(buf, 1, n, f) != (size_t)n )
    {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = n;
    return buf;
}

/* Create and build a 4 MiB domain; returns its id or 0. */
static uint32_t make_domain(const char *cmdline, struct xc_dom_result *res)
{
    struct xen_domctl_createdomain cfg = {
        .max_vcpus = 1,
        .max_evtchn_port = 1023,
        .max_pages = 1024,
    };
    struct xc_dom_args args = {
        .nr_pages = 1024,
        .kernel = kernel,
        .kernel_size = kernel_size,
        .cmdline = cmdline,
    };
    uint32_t domid = 0;
    char err[256];

    if ( xc_domain_create(xch, &domid, &cfg) )
    {
        fprintf(stderr, "hvbench: create: %s\n", strerror(errno));
        return 0;
    }
    args.domid = domid;
    if ( xc_dom_build_pv(xch, &args, res, err, sizeof(err)) )
    {
        fprintf(stderr, "hvbench: build: %s\n", err);
        xc_domain_destroy(xch, domid);
        return 0;
    }
    return domid;
}

/* The launch, and its two halves: create+build, then boot to the byte. */
static void bench_launch(unsigned int n)
{
    double *ms = calloc(3 * n, sizeof(*ms)), *build_ms = ms + n,
           *boot_ms = ms + 2 * n, floor;
    unsigned int i, got = 0;

    for ( i = 0; i < n; i++ )
    {
        struct xc_dom_result res;
        double t0 = bench_now(), t1;
        uint32_t domid = make_domain("", &res);
        size_t size;
        uint8_t *mem;
        struct xencons_interface *cons;

        if ( !domid )
            continue;
        t1 = bench_now();
        mem = xc_map_foreign_domain(xch, domid, &size);
        cons = (struct xencons_interface *)(mem + (res.console_mfn << 12));
        xc_domain_unpause(xch, domid);
        while ( !__atomic_load_n(&cons->out_prod, __ATOMIC_ACQUIRE) &&
                bench_now() - t0 < 5 )
            ;
        ms[got] = (bench_now() - t0) * 1e3;
        build_ms[got] = (t1 - t0) * 1e3;
        boot_ms[got] = ms[got] - build_ms[got];
        got++;
        munmap(mem, size);
        xc_domain_destroy(xch, domid);
    }
    floor = floor_create_ms(n);
    if ( got )
    {
        double m = bench_median(ms, got);

        printf("BENCH launch_to_first_console_byte_ms %.3f ms baseline=%.3f "
               "ratio=%.2f\n",
               m, floor, m / floor);
        printf("BENCH launch_create_and_build_ms %.3f ms\n",
               bench_median(build_ms, got));
        printf("BENCH launch_unpause_to_first_byte_ms %.3f ms\n",
               bench_median(boot_ms, got));
    }
    free(ms);
}

static void bench_create_rate(unsigned int n)
{
    double t0 = bench_now(), dt, floor_ms;
    unsigned int i, done = 0;

    for ( i = 0; i < n; i++ )
    {
        struct xc_dom_result res;
        uint32_t domid = make_domain("", &res);

        if ( !domid )
            continue;
        xc_domain_unpause(xch, domid);
        xc_domain_destroy(xch, domid);
        done++;
    }
    dt = bench_now() - t0;
    floor_ms = floor_create_ms(50);
    printf(
        "BENCH domains_created_per_second %.0f /s baseline=%.0f ratio=%.2f\n",
        done / dt, 1e3 / floor_ms, (done / dt) / (1e3 / floor_ms));
}

/* KiB of a domain's RAM that is resident (pages the guest touched). */
static long resident_guest_kib(uint32_t domid)
{
    size_t size;
    uint8_t *mem = xc_map_foreign_domain(xch, domid, &size);
    long kib;

    if ( !mem )
        return 0;
    kib = bench_resident_kib(mem, size);
    munmap(mem, size);
    return kib;
}

static void bench_idle_memory(unsigned int n)
{
    uint32_t *ids = calloc(n, sizeof(*ids));
    long before, after, guest_kib = 0;
    unsigned int i, made = 0;
    double floor_kib = floor_idle_vm_kib(n);

    before = bench_mem_available_kib();
    for ( i = 0; i < n; i++ )
    {
        struct xc_dom_result res;

        ids[i] = make_domain("", &res);
        if ( !ids[i] )
            break;
        xc_domain_unpause(xch, ids[i]);
        made++;
    }
    sleep(2); /* let them boot and go idle */
    after = bench_mem_available_kib();
    for ( i = 0; i < made; i++ )
        guest_kib += resident_guest_kib(ids[i]);
    printf("BENCH idle_domains %u domains\n", made);
    if ( made )
    {
        double total = (double)(before - after) / made,
               guest = (double)guest_kib / made;

        printf("BENCH host_memory_per_idle_domain %.0f KiB (guest pages it "
               "touched included)\n",
               total);
        printf("BENCH guest_ram_touched_per_idle_domain %.0f KiB\n", guest);
        printf("BENCH host_memory_per_idle_domain_beyond_guest_ram %.0f KiB "
               "baseline=%.0f ratio=%.2f\n",
               total - guest, floor_kib, (total - guest) / floor_kib);
    }
    for ( i = 0; i < made; i++ )
        xc_domain_destroy(xch, ids[i]);
    free(ids);
}

static void bench_shares(unsigned int seconds)
{
    struct xen_domctl_sched_credit w256 = { .weight = 256 },
                                   w512 = { .weight = 512 };
    char cmdline[64];
    struct xc_dom_result res;
    uint32_t a, b;
    xc_domaininfo_t ia, ib, ia0, ib0;
    double ratio;

    snprintf(cmdline, sizeof(cmdline), "seconds=%u", seconds + 3);
    a = make_domain(cmdline, &res);
    b = make_domain(cmdline, &res);
    if ( !a || !b )
        return;
    xc_sched_credit_domain_set(xch, a, &w256);
    xc_sched_credit_domain_set(xch, b, &w512);
    {
        uint8_t pcpu0[XEN_DOMCTL_CPUMAP_BYTES] = { 1 };

        xc_vcpu_setaffinity(xch, a, 0, pcpu0, NULL, XEN_VCPUAFFINITY_HARD);
        xc_vcpu_setaffinity(xch, b, 0, pcpu0, NULL, XEN_VCPUAFFINITY_HARD);
    }
    xc_domain_unpause(xch, a);
    xc_domain_unpause(xch, b);
    /* Steady state only: not the boots, nor a running alone at first. */
    sleep(1);
    xc_domain_getinfo_single(xch, a, &ia0);
    xc_domain_getinfo_single(xch, b, &ib0);
    sleep(seconds);
    xc_domain_getinfo_single(xch, a, &ia);
    xc_domain_getinfo_single(xch, b, &ib);
    ia.cpu_time -= ia0.cpu_time;
    ib.cpu_time -= ib0.cpu_time;
    ratio = (double)ib.cpu_time / (double)(ia.cpu_time ? ia.cpu_time : 1);
    printf(
        "BENCH cpu_share_ratio_512_vs_256 %.3f x baseline=2.000 ratio=%.3f\n",
        ratio, ratio / 2.0);
    xc_domain_destroy(xch, a);
    xc_domain_destroy(xch, b);
}

int main(int argc, char **argv)
{
    unsigned int n;

    if ( argc != 4 )
    {
        fprintf(stderr, "usage: hvbench launch|create-rate|idle-memory|shares "
                        "N KERNEL\n");
        return 1;
    }
    n = strtoul(argv[2], NULL, 10);
    kernel = read_file(argv[3], &kernel_size);
    xch = xc_interface_open(NULL, NULL, 0);
    if ( !kernel || !xch || !n )
    {
        fprintf(stderr, "hvbench: cannot start: %s\n", strerror(errno));
        return 1;
    }
    if ( !strcmp(argv[1], "launch") )
        bench_launch(n);
    else if ( !strcmp(argv[1], "create-rate") )
        bench_create_rate(n);
    else if ( !strcmp(argv[1], "idle-memory") )
        bench_idle_memory(n);
    else if ( !strcmp(argv[1], "shares") )
        bench_shares(n);
    else
        return 1;
    xc_interface_close(xch);
    return 0;
}
