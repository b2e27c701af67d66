/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_launch.c: finding or starting the hypervisor a launcher uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xc_rundir.h>
#include <xenctrl.h>

#include "xen_launch.h"

/* Does a hypervisor answer in $XEN_RUNDIR? -1: one that is not root's. */
static int hypervisor_answers(void)
{
    xc_interface *xch = xc_interface_open(NULL, NULL, 0);

    if ( xch )
    {
        xc_interface_close(xch);
        return 1;
    }
    return errno == EPERM ? -1 : 0;
}

/*
 * The run directory the user named: refused unless root's alone (every
 * program that trusts it checks, xc_rundir.h). 1: a hypervisor answers
 * there; 0: none does (or there is no such directory); -1: refused.
 */
static int existing_hypervisor(const char *dir)
{
    char why[512];
    int rc = xc_rundir_check(dir, why, sizeof(why));

    if ( rc == -ENOENT )
        return 0;
    if ( rc )
    {
        fprintf(stderr, "xen-run: refusing run directory %s: %s\n", dir,
                rc == -EPERM ? why : strerror(-rc));
        return -1;
    }
    return hypervisor_answers();
}

static int hypervisor_path(const char *argv0, char *buf, size_t len)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

    if ( n <= 0 )
    {
        snprintf(self, sizeof(self), "%s", argv0);
        n = strlen(self);
    }
    self[n] = '\0';
    return snprintf(buf, len, "%s/xen", dirname(self)) >= (int)len ? -1 : 0;
}

static void print_file(const char *path)
{
    char line[512];
    FILE *f = fopen(path, "r");

    if ( !f )
        return;
    while ( fgets(line, sizeof(line), f) )
        fputs(line, stderr);
    fclose(f);
}

int launch_hypervisor(struct launch_env *env, const char *argv0,
                      unsigned int pcpus)
{
    const char *existing = getenv("XEN_RUNDIR");
    char xen[PATH_MAX], log[PATH_MAX + 16], pcpu_arg[16];
    pid_t parent;
    int i, rc;

    env->hv_pid = -1;
    if ( existing && *existing && (rc = existing_hypervisor(existing)) )
        return rc > 0 ? 0 : -1;
    if ( access("/dev/kvm", R_OK | W_OK) )
    {
        fprintf(stderr, "xen-run: cannot use /dev/kvm: %s\n", strerror(errno));
        return -1;
    }
    if ( hypervisor_path(argv0, xen, sizeof(xen)) || access(xen, X_OK) )
    {
        fprintf(stderr, "xen-run: no hypervisor binary next to xen-run (%s)\n",
                xen);
        return -1;
    }
    /* 0700: the log holds the guests' consoles and command lines. */
    snprintf(env->rundir, sizeof(env->rundir), "/tmp/xen-run.XXXXXX");
    if ( !mkdtemp(env->rundir) )
    {
        fprintf(stderr, "xen-run: mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    snprintf(pcpu_arg, sizeof(pcpu_arg), "%u", pcpus ? pcpus : 0);
    parent = getpid();
    env->hv_pid = fork();
    if ( env->hv_pid == 0 )
    {
        int null = open("/dev/null", O_RDWR);

        /* Our hypervisor ends with us, however we end (SIGKILL too). */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if ( getppid() != parent )
            _exit(1);

        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if ( pcpus )
            execl(xen, xen, "--rundir", env->rundir, "--pcpus", pcpu_arg,
                  (char *)NULL);
        else
            execl(xen, xen, "--rundir", env->rundir, (char *)NULL);
        _exit(127);
    }
    if ( env->hv_pid < 0 )
        return -1;
    setenv("XEN_RUNDIR", env->rundir, 1);
    for ( i = 0; i < 500; i++ )
    {
        struct timespec ts = { 0, 2000000 };

        if ( hypervisor_answers() > 0 )
            return 0;
        if ( waitpid(env->hv_pid, NULL, WNOHANG) == env->hv_pid )
            break;
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "xen-run: the hypervisor did not start; its log:\n");
    snprintf(log, sizeof(log), "%s/xen.log", env->rundir);
    print_file(log);
    env->hv_pid = -1;
    return -1;
}

static void remove_rundir(const char *dir)
{
    static const char *const files[] = { "xen.log", "xen.log.1", "xen.pid",
                                         "privcmd" };
    char path[PATH_MAX + 16];
    unsigned int i;

    for ( i = 0; i < sizeof(files) / sizeof(files[0]); i++ )
    {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/*
 * On SIGINT, SIGTERM, SIGHUP or SIGPIPE (a closed pipe on our output):
 * stop our hypervisor and remove its run directory, then die of the
 * signal. Only async-signal-safe calls from here.
 */
static struct launch_env *signal_env;
static volatile sig_atomic_t fatal_pending;

static void on_fatal_signal(int sig)
{
    struct launch_env *env = signal_env;

    /*
     * Another's hypervisor outlives us, and so would our domains: the
     * launcher destroys them first (launch_fatal_pending), then dies of
     * the signal (launch_die).
     */
    if ( env && env->hv_pid <= 0 )
    {
        fatal_pending = sig;
        return;
    }
    if ( env && env->hv_pid > 0 )
    {
        kill(env->hv_pid, SIGTERM);
        waitpid(env->hv_pid, NULL, 0);
        remove_rundir(env->rundir);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void launch_stop_on_signals(struct launch_env *env)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    struct sigaction sa = { .sa_handler = on_fatal_signal };
    unsigned int i;

    signal_env = env;
    sigemptyset(&sa.sa_mask);
    for ( i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++ )
        sigaction(sigs[i], &sa, NULL);
}

int launch_fatal_pending(void)
{
    return fatal_pending;
}

void launch_die(void)
{
    int sig = fatal_pending;

    if ( !sig )
        return;
    signal(sig, SIG_DFL);
    raise(sig);
}

int launch_signal_hypervisor(const struct launch_env *env, xc_interface *xch,
                             int sig)
{
    /* Our own child: its pid cannot be reused before we reap it. */
    if ( env->hv_pid > 0 )
        return kill(env->hv_pid, sig);
    return xc_hypervisor_signal(xch, sig);
}

void launch_stop(struct launch_env *env)
{
    if ( env->hv_pid <= 0 )
        return;
    kill(env->hv_pid, SIGTERM);
    waitpid(env->hv_pid, NULL, 0);
    env->hv_pid = -1;
    if ( getenv("XEN_RUN_KEEP_LOG") )
        fprintf(stderr, "xen-run: hypervisor log kept in %s\n", env->rundir);
    else
        remove_rundir(env->rundir);
}

uint8_t *launch_read_file(const char *path, size_t *size)
{
    struct stat st;
    uint8_t *buf = NULL;
    size_t done = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if ( fd < 0 || fstat(fd, &st) )
        goto fail;
    if ( !S_ISREG(st.st_mode) || st.st_size > (1L << 30) )
    {
        errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        goto fail;
    }
    buf = malloc(st.st_size ? st.st_size : 1);
    if ( !buf )
        goto fail;
    while ( done < (size_t)st.st_size )
    {
        ssize_t n = read(fd, buf + done, st.st_size - done);

        if ( n <= 0 )
        {
            errno = n ? errno : EIO;
            goto fail;
        }
        done += n;
    }
    close(fd);
    *size = done;
    return buf;

fail:
    fprintf(stderr, "xen-run: cannot read %s: %s\n", path, strerror(errno));
    free(buf);
    if ( fd >= 0 )
        close(fd);
    return NULL;
}
