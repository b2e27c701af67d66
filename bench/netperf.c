/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netperf: the host side of bench/net.sh, small and dependency-free.
 *
 *   netperf udp-sink PORT SECONDS        count datagrams for at most
 *                                        SECONDS; prints "udp_pps N count C"
 *   netperf udp-blast ADDR PORT SECONDS SIZE
 *   netperf tcp-sink PORT                one connection, read to EOF;
 *                                        prints "tcp_mbit N bytes B"
 *   netperf tcp-blast ADDR PORT BYTES
 *
 * Rates are from the first to the last datagram or byte received, so a
 * slow start of the sender does not count against it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static struct sockaddr_in addr_of(const char *ip, const char *port)
{
    struct sockaddr_in a = { .sin_family = AF_INET };

    a.sin_port = htons((uint16_t)atoi(port));
    if ( ip && inet_pton(AF_INET, ip, &a.sin_addr) != 1 )
    {
        fprintf(stderr, "netperf: bad address %s\n", ip);
        exit(2);
    }
    return a;
}

static int udp_sink(const char *port, double secs)
{
    struct sockaddr_in a = addr_of(NULL, port);
    int s = socket(AF_INET, SOCK_DGRAM, 0), rcvbuf = 8 << 20;
    static char bufs[BATCH][2048];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    uint64_t count = 0, first = 0, last = 0, end;
    unsigned int i;

    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    if ( bind(s, (struct sockaddr *)&a, sizeof(a)) )
    {
        perror("netperf: bind");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for ( i = 0; i < BATCH; i++ )
    {
        iov[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
        msgs[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i],
                                                 .msg_iovlen = 1 } };
    }
    end = now_ns() + (uint64_t)(secs * 1e9);
    while ( now_ns() < end )
    {
        struct pollfd p = { .fd = s, .events = POLLIN };
        int n;

        if ( poll(&p, 1, 100) <= 0 )
        {
            if ( count && now_ns() - last > 500000000ULL )
                break; /* the sender stopped */
            continue;
        }
        n = recvmmsg(s, msgs, BATCH, MSG_DONTWAIT, NULL);
        if ( n <= 0 )
            continue;
        if ( !count )
            first = now_ns();
        count += n;
        last = now_ns();
    }
    printf("udp_pps %.0f count %llu\n",
           count > 1 && last > first ? (count - 1) * 1e9 / (last - first) : 0,
           (unsigned long long)count);
    return 0;
}

static int udp_blast(const char *ip, const char *port, double secs, int size)
{
    struct sockaddr_in a = addr_of(ip, port);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    static char buf[2048];
    struct mmsghdr msgs[BATCH];
    struct iovec iov = { buf, (size_t)size };
    uint64_t end = now_ns() + (uint64_t)(secs * 1e9), sent = 0;
    unsigned int i;

    if ( connect(s, (struct sockaddr *)&a, sizeof(a)) )
    {
        perror("netperf: connect");
        return 1;
    }
    for ( i = 0; i < BATCH; i++ )
        msgs[i] =
            (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov, .msg_iovlen = 1 } };
    while ( now_ns() < end )
    {
        int n = sendmmsg(s, msgs, BATCH, 0);

        if ( n > 0 )
            sent += n;
    }
    printf("sent %llu\n", (unsigned long long)sent);
    return 0;
}

static int tcp_sink(const char *port)
{
    struct sockaddr_in a = addr_of(NULL, port);
    int l = socket(AF_INET, SOCK_STREAM, 0), one = 1, c;
    static char buf[1 << 16];
    uint64_t bytes = 0, first = 0, last = 0;
    ssize_t n;

    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if ( bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1) )
    {
        perror("netperf: bind");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    c = accept(l, NULL, NULL);
    while ( (n = read(c, buf, sizeof(buf))) > 0 )
    {
        if ( !bytes )
            first = now_ns();
        bytes += n;
        last = now_ns();
    }
    printf("tcp_mbit %.1f bytes %llu\n",
           last > first ? bytes * 8e3 / (last - first) : 0,
           (unsigned long long)bytes);
    return 0;
}

static int tcp_blast(const char *ip, const char *port, uint64_t bytes)
{
    struct sockaddr_in a = addr_of(ip, port);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    static char buf[1 << 16];

    if ( connect(s, (struct sockaddr *)&a, sizeof(a)) )
    {
        perror("netperf: connect");
        return 1;
    }
    while ( bytes )
    {
        ssize_t n = write(s, buf, bytes < sizeof(buf) ? bytes : sizeof(buf));

        if ( n <= 0 )
            return 1;
        bytes -= n;
    }
    close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if ( argc == 4 && !strcmp(argv[1], "udp-sink") )
        return udp_sink(argv[2], atof(argv[3]));
    if ( argc == 6 && !strcmp(argv[1], "udp-blast") )
        return udp_blast(argv[2], argv[3], atof(argv[4]), atoi(argv[5]));
    if ( argc == 3 && !strcmp(argv[1], "tcp-sink") )
        return tcp_sink(argv[2]);
    if ( argc == 5 && !strcmp(argv[1], "tcp-blast") )
        return tcp_blast(argv[2], argv[3], strtoull(argv[4], NULL, 10));
    fprintf(stderr, "usage: netperf udp-sink PORT SECONDS | udp-blast ADDR "
                    "PORT SECONDS SIZE | tcp-sink PORT | tcp-blast ADDR PORT "
                    "BYTES\n");
    return 2;
}
