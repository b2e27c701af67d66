/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linuxbench: what a Linux process pays for the kernel under it, run the
 * same way inside a PV guest (bench/linux.sh puts it in the initramfs)
 * and in dom0 (the floor): a syscall round trip (getppid), and fork+exec
 * of a program that exits at once, then a wait.
 *
 *   linuxbench SYSCALLS FORKS PROGRAM
 *
 * prints "linuxbench syscall_ns <ns>" and "linuxbench fork_exec_us <us>".
 * Built static, so that it runs on busybox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double syscall_ns(long n)
{
    double t0 = now_ns();

    for ( long i = 0; i < n; i++ )
        syscall(SYS_getppid);
    return (now_ns() - t0) / n;
}

static double fork_exec_us(long n, const char *prog)
{
    double t0 = now_ns();

    for ( long i = 0; i < n; i++ )
    {
        int status;
        pid_t pid = fork();

        if ( pid == 0 )
        {
            execl(prog, prog, (char *)NULL);
            _exit(127);
        }
        if ( pid < 0 || waitpid(pid, &status, 0) != pid ||
             !WIFEXITED(status) || WEXITSTATUS(status) )
        {
            fprintf(stderr, "linuxbench: %s did not run\n", prog);
            exit(1);
        }
    }
    return (now_ns() - t0) / n / 1000;
}

int main(int argc, char **argv)
{
    if ( argc != 4 )
    {
        fprintf(stderr, "usage: linuxbench SYSCALLS FORKS PROGRAM\n");
        return 1;
    }
    printf("linuxbench syscall_ns %.1f\n", syscall_ns(atol(argv[1])));
    printf("linuxbench fork_exec_us %.1f\n",
           fork_exec_us(atol(argv[2]), argv[3]));
    return 0;
}
