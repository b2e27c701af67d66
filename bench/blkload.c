/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkload FILE SECS: the dom0 baseline of bench/blk.sh, fio-style direct
 * I/O on the image the guest uses: 4 KiB random reads and writes at
 * queue depth 1 and 32 (io_uring, O_DIRECT), then 1 MiB sequential reads
 * and writes at depth 1. Prints "blkload: <name> <ops> <ns>" as the
 * guest's blkbench does.
 */
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAXQD 32

static int fd;
static uint64_t pages, secs_ns, rng = 0x9e3779b97f4a7c15ULL;
static struct io_uring ring;

static uint64_t now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void queue(bool write, void *buf, size_t len, uint64_t off)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

    if ( write )
        io_uring_prep_write(sqe, fd, buf, len, off);
    else
        io_uring_prep_read(sqe, fd, buf, len, off);
    io_uring_sqe_set_data(sqe, buf);
}

static void run(const char *name, bool write, unsigned int qd, size_t len,
                bool seq)
{
    static uint8_t *bufs[MAXQD];
    uint64_t start, ops = 0, off = 0;
    unsigned int i;
    struct io_uring_cqe *cqe;

    for ( i = 0; i < qd; i++ )
    {
        if ( !bufs[i] && posix_memalign((void **)&bufs[i], 4096, 1 << 20) )
            exit(1);
        memset(bufs[i], 0x5a, 1 << 20);
    }
    start = now();
    for ( i = 0; i < qd; i++ )
    {
        queue(write, bufs[i], len, seq ? off : (rnd() % pages) * 4096);
        off += len;
    }
    io_uring_submit(&ring);
    while ( now() - start < secs_ns )
    {
        if ( io_uring_wait_cqe(&ring, &cqe) )
            exit(1);
        if ( cqe->res != (int)len )
        {
            fprintf(stderr, "blkload: %s: result %d\n", name, cqe->res);
            exit(1);
        }
        ops++;
        if ( seq && off + len > pages * 4096 )
            off = 0;
        queue(write, io_uring_cqe_get_data(cqe), len,
              seq ? off : (rnd() % pages) * 4096);
        off += len;
        io_uring_cqe_seen(&ring, cqe);
        io_uring_submit(&ring);
    }
    for ( i = 0; i < qd; i++ )
    {
        io_uring_wait_cqe(&ring, &cqe);
        io_uring_cqe_seen(&ring, cqe);
    }
    printf("blkload: %s %llu %llu\n", name, (unsigned long long)ops,
           (unsigned long long)(now() - start));
}

int main(int argc, char **argv)
{
    struct stat st;

    if ( argc != 3 )
    {
        fprintf(stderr, "usage: blkload FILE SECS\n");
        return 2;
    }
    fd = open(argv[1], O_RDWR | O_DIRECT);
    if ( fd < 0 || fstat(fd, &st) || io_uring_queue_init(64, &ring, 0) )
    {
        perror("blkload");
        return 1;
    }
    pages = st.st_size / 4096;
    secs_ns = strtoull(argv[2], NULL, 0) * 1000000000ULL;
    run("rand4k_read_qd1", false, 1, 4096, false);
    run("rand4k_write_qd1", true, 1, 4096, false);
    run("rand4k_read_qd32", false, 32, 4096, false);
    run("rand4k_write_qd32", true, 32, 4096, false);
    run("seq1m_read", false, 1, 1 << 20, true);
    run("seq1m_write", true, 1, 1 << 20, true);
    return 0;
}
