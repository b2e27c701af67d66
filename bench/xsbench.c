/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xsbench: xenstore operations per second and latency for a dom0 client
 * (libxenstore), one at a time and pipelined, with 1 and 16 clients,
 * before and after the store holds 1,000 domains' worth of nodes; the
 * baseline is a raw Unix-socket round trip to an echo thread measured in
 * the same run. DIRECTORY of 1, 100 and 1,000 children is measured
 * against a READ of a short value and against a READ of a value as long
 * as the listing, interleaved and the best of several rounds taken (the
 * machine is shared): listing should cost what reading as many bytes
 * costs, whatever the number of children; on a raw connection too, so
 * that the daemon's part shows apart from libxenstore's splitting of the
 * names. Needs a running xenstored ($XENSTORED_PATH).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <public/io/xs_wire.h>
#include <xenstore.h>

#include "kvm_floor.h"

#define OPS 20000

static void *echo_thread(void *arg)
{
    int fd = *(int *)arg;
    char buf[64];
    ssize_t n;

    while ( (n = read(fd, buf, sizeof(buf))) > 0 )
        if ( write(fd, buf, n) != n )
            break;
    return NULL;
}

/* Round trip of a 16-byte message over a socketpair to another thread. */
static double socket_floor_us(void)
{
    int sv[2];
    pthread_t t;
    char buf[16] = { 0 };
    double t0;
    unsigned int i;

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pthread_create(&t, NULL, echo_thread, &sv[1]);
    t0 = bench_now();
    for ( i = 0; i < OPS; i++ )
        if ( write(sv[0], buf, 16) != 16 || read(sv[0], buf, 16) != 16 )
            break;
    t0 = (bench_now() - t0) / OPS * 1e6;
    close(sv[0]);
    pthread_join(t, NULL);
    close(sv[1]);
    return t0;
}

static double read_path_us(struct xs_handle *h, const char *path,
                           unsigned int ops)
{
    double t0 = bench_now();
    unsigned int i, len;

    for ( i = 0; i < ops; i++ )
        free(xs_read(h, XBT_NULL, path, &len));
    return (bench_now() - t0) / ops * 1e6;
}

static double read_latency_us(struct xs_handle *h)
{
    return read_path_us(h, "/bench/key", OPS);
}

static double write_latency_us(struct xs_handle *h)
{
    double t0 = bench_now();
    unsigned int i;

    for ( i = 0; i < OPS; i++ )
        xs_write(h, XBT_NULL, "/bench/key", "value", 5);
    return (bench_now() - t0) / OPS * 1e6;
}

/* A connection to the daemon without libxenstore, or -1. */
static int connect_raw(const char *sock)
{
    struct sockaddr_un {
        unsigned short family;
        char path[108];
    } addr = { .family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    snprintf(addr.path, sizeof(addr.path), "%s", sock);
    if ( fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) )
    {
        close(fd);
        return -1;
    }
    return fd;
}

/* 8 requests in flight on a raw connection: operations per second. */
static double pipelined_ops(const char *sock)
{
    struct xsd_sockmsg h = { .type = XS_READ, .len = 11 };
    char msg[sizeof(h) + 11], reply[256];
    int fd = connect_raw(sock);
    double t0;
    unsigned int sent = 0, got = 0;

    if ( fd < 0 )
        return 0;
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), "/bench/key", 11);
    t0 = bench_now();
    while ( got < OPS )
    {
        struct xsd_sockmsg r;

        while ( sent < OPS && sent - got < 8 )
        {
            if ( write(fd, msg, sizeof(msg)) != (ssize_t)sizeof(msg) )
                return 0;
            sent++;
        }
        if ( read(fd, &r, sizeof(r)) != sizeof(r) ||
             read(fd, reply, r.len) != (ssize_t)r.len )
            return 0;
        got++;
    }
    t0 = OPS / (bench_now() - t0);
    close(fd);
    return t0;
}

/* One request at a time on a raw connection: the daemon's cost alone. */
static double raw_latency_us(const char *sock, uint32_t type, const char *path,
                             unsigned int ops)
{
    struct xsd_sockmsg h = { .type = type, .len = strlen(path) + 1 };
    char msg[sizeof(h) + 64];
    static char reply[XENSTORE_PAYLOAD_MAX];
    int fd = connect_raw(sock);
    double t0;
    unsigned int i;

    if ( fd < 0 || h.len > 64 )
        return 0;
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), path, h.len);
    t0 = bench_now();
    for ( i = 0; i < ops; i++ )
    {
        struct xsd_sockmsg r;
        unsigned int got = 0;
        ssize_t n;

        if ( write(fd, msg, sizeof(h) + h.len) !=
                 (ssize_t)(sizeof(h) + h.len) ||
             read(fd, &r, sizeof(r)) != sizeof(r) || r.len > sizeof(reply) )
            break;
        while ( got < r.len && (n = read(fd, reply + got, r.len - got)) > 0 )
            got += n;
    }
    t0 = (bench_now() - t0) / ops * 1e6;
    close(fd);
    return t0;
}

/* n client processes reading at once: total operations per second. */
static double parallel_ops(unsigned int n)
{
    double t0 = bench_now();
    unsigned int i;

    for ( i = 0; i < n; i++ )
        if ( fork() == 0 )
        {
            struct xs_handle *h = xs_open(0);

            read_latency_us(h);
            xs_close(h);
            _exit(0);
        }
    for ( i = 0; i < n; i++ )
        wait(NULL);
    return n * OPS / (bench_now() - t0);
}

/* A node with n children named 0, 1, ... (1,000 of them fit one reply). */
static void make_directory(struct xs_handle *h, const char *dir, unsigned int n)
{
    char path[128];
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        snprintf(path, sizeof(path), "%s/%u", dir, i);
        xs_write(h, XBT_NULL, path, "", 0);
    }
}

#define DIR_ROUNDS 5

static double directory_latency_us(struct xs_handle *h, const char *dir,
                                   unsigned int ops)
{
    double t0 = bench_now();
    unsigned int i, num;

    for ( i = 0; i < ops; i++ )
        free(xs_directory(h, XBT_NULL, dir, &num));
    return (bench_now() - t0) / ops * 1e6;
}

/* Bytes of dir's DIRECTORY reply (each name and its NUL). */
static unsigned int listing_bytes(struct xs_handle *h, const char *dir)
{
    unsigned int num, i, bytes = 0;
    char **names = xs_directory(h, XBT_NULL, dir, &num);

    for ( i = 0; names && i < num; i++ )
        bytes += strlen(names[i]) + 1;
    free(names);
    return bytes;
}

static double min_of(double a, double b)
{
    return a < b ? a : b;
}

static void report_directories(struct xs_handle *h, const char *sock)
{
    static const unsigned int sizes[] = { 1, 100, 1000 };
    static char value[XENSTORE_PAYLOAD_MAX];
    unsigned int i, r, ops = OPS / DIR_ROUNDS / 2;

    for ( i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++ )
    {
        char dir[64], same[64];
        double dir_us = 1e9, read_us = 1e9, same_us = 1e9;
        double raw_dir = 1e9, raw_same = 1e9;
        unsigned int bytes;

        snprintf(dir, sizeof(dir), "/bench/dir%u", sizes[i]);
        snprintf(same, sizeof(same), "/bench/same%u", sizes[i]);
        make_directory(h, dir, sizes[i]);
        bytes = listing_bytes(h, dir);
        memset(value, 'v', bytes);
        xs_write(h, XBT_NULL, same, value, bytes);
        for ( r = 0; r < DIR_ROUNDS; r++ )
        {
            read_us = min_of(read_us, read_path_us(h, "/bench/key", ops));
            same_us = min_of(same_us, read_path_us(h, same, ops));
            dir_us = min_of(dir_us, directory_latency_us(h, dir, ops));
            raw_same =
                min_of(raw_same, raw_latency_us(sock, XS_READ, same, ops));
            raw_dir =
                min_of(raw_dir, raw_latency_us(sock, XS_DIRECTORY, dir, ops));
        }
        printf("BENCH xenstore_directory%u_latency_us %.2f us baseline=%.2f "
               "ratio=%.2f\n",
               sizes[i], dir_us, read_us, dir_us / read_us);
        printf("BENCH xenstore_directory%u_vs_read_of_%u_bytes_us %.2f us "
               "baseline=%.2f ratio=%.2f\n",
               sizes[i], bytes, dir_us, same_us, dir_us / same_us);
        /* Without libxenstore splitting the names: the daemon's part. */
        printf("BENCH xenstore_raw_directory%u_latency_us %.2f us "
               "baseline=%.2f ratio=%.2f\n",
               sizes[i], raw_dir, raw_same, raw_dir / raw_same);
    }
}

static void populate_1000_domains(struct xs_handle *h)
{
    char path[128];
    unsigned int d, k;

    for ( d = 1; d <= 1000; d++ )
        for ( k = 0; k < 20; k++ )
        {
            snprintf(path, sizeof(path), "/local/domain/%u/device/vif/%u/state",
                     d, k);
            xs_write(h, XBT_NULL, path, "4", 1);
        }
}

static void report(const char *tag, struct xs_handle *h, const char *sock,
                   double floor_us)
{
    double r = read_latency_us(h), w = write_latency_us(h);
    double p = pipelined_ops(sock), par = parallel_ops(16);

    printf(
        "BENCH xenstore_read_latency_us%s %.2f us baseline=%.2f ratio=%.2f\n",
        tag, r, floor_us, r / floor_us);
    printf(
        "BENCH xenstore_write_latency_us%s %.2f us baseline=%.2f ratio=%.2f\n",
        tag, w, floor_us, w / floor_us);
    printf("BENCH xenstore_read_ops_per_s%s %.0f /s baseline=%.0f ratio=%.2f\n",
           tag, 1e6 / r, 1e6 / floor_us, (1e6 / r) / (1e6 / floor_us));
    printf("BENCH xenstore_pipelined8_ops_per_s%s %.0f /s baseline=%.0f "
           "ratio=%.2f\n",
           tag, p, 1e6 / floor_us, p / (1e6 / floor_us));
    printf("BENCH xenstore_16_clients_ops_per_s%s %.0f /s baseline=%.0f "
           "ratio=%.2f\n",
           tag, par, 1e6 / floor_us, par / (1e6 / floor_us));
}

int main(void)
{
    const char *sock = getenv("XENSTORED_PATH");
    struct xs_handle *h = xs_open(0);
    double floor_us = socket_floor_us();

    if ( !h || !sock )
    {
        fprintf(stderr, "xsbench: set XENSTORED_PATH to a running xenstored\n");
        return 1;
    }
    xs_write(h, XBT_NULL, "/bench/key", "value", 5);
    report("", h, sock, floor_us);
    report_directories(h, sock);
    populate_1000_domains(h);
    report("_1000_domains", h, sock, floor_us);
    xs_close(h);
    return 0;
}
