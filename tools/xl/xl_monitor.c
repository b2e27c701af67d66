/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_monitor.c: the per-domain monitor. As Xen's xl does after a create,
 * a daemon (detached from the xl that made it, so that killing that xl
 * changes nothing) waits for the domain to shut down and carries out
 * its on_poweroff / on_reboot / on_crash / on_watchdog / on_soft_reset
 * action: destroy, restart (from the stored configuration, or the one
 * `xl config-update` left), rename-restart (the old domain kept under a
 * new name and UUID), preserve, coredump-destroy, coredump-restart. It
 * logs to <log dir>/xl-<name>.log ($XL_LOGDIR, default /var/log/xen)
 * and holds no connection while it waits (libxl_domain_wait_shutdown).
 * Its pid is in <state dir>/<domid>.monitor while it watches that domain
 * (xencommons stop waits for it); it ends when its domain does, or with
 * the hypervisor, which takes every domain with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <public/sched.h>
#include <xc_rundir.h>

#include "xl.h"

#define DEFAULT_LOGDIR "/var/log/xen"
#define DEFAULT_DUMPDIR "/var/lib/xen/dump"

static void mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mlog(const char *fmt, ...)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
    fprintf(stderr, "%s xl[%d]: ", when, (int)getpid());
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);

    return v && *v ? v : def;
}

/* The action for a shutdown reason; suspend has none. */
static int action_for(const struct libxl_domain_config *c, unsigned int reason,
                      enum libxl_action_on_shutdown *a)
{
    switch ( reason )
    {
    case SHUTDOWN_poweroff:
        *a = c->on_poweroff;
        return 0;
    case SHUTDOWN_reboot:
        *a = c->on_reboot;
        return 0;
    case SHUTDOWN_crash:
        *a = c->on_crash;
        return 0;
    case SHUTDOWN_watchdog:
        *a = c->on_watchdog;
        return 0;
    case SHUTDOWN_soft_reset:
        *a = c->on_soft_reset;
        return 0;
    case SHUTDOWN_suspend:
        return -1;
    default:
        mlog("Unknown shutdown reason code %u. Destroying domain.", reason);
        *a = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
        return 0;
    }
}

/*
 * The configuration to restart with: config-update's if there is one,
 * else the one in force (memory, vCPU and device changes included).
 */
static void reload_config(uint32_t domid, struct libxl_domain_config *c)
{
    struct libxl_domain_config fresh;

    if ( !libxl_domain_get_next_config(ctx, domid, &fresh) )
        mlog("\"xl\" configuration found, using it");
    else
    {
        libxl_domain_config_dispose(&fresh);
        if ( libxl_retrieve_domain_configuration(ctx, domid, &fresh) )
        {
            mlog("failed to retrieve guest configuration: reusing the old "
                 "one");
            libxl_domain_config_dispose(&fresh);
            return;
        }
    }
    libxl_domain_config_dispose(c);
    *c = fresh;
}

static void dump_core(uint32_t domid, const char *name)
{
    const char *dir = env_or("XEN_DUMP_DIR", DEFAULT_DUMPDIR);
    char path[4096];
    int rc;

    mkdir(dir, 0700);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    mlog("dumping core to %s", path);
    rc = libxl_domain_core_dump(ctx, domid, path);
    if ( rc )
        mlog("core dump failed (rc=%d).", rc);
}

/* rename-restart: keep the old domain as <name>-<UTC time>. */
static bool preserve(uint32_t domid, const char *name)
{
    char suffix[24];
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    strftime(suffix, sizeof(suffix), "-%Y%m%dT%H%MZ", gmtime_r(&now, &tm));
    mlog("Preserving domain %u %s with suffix%s", domid, name, suffix);
    rc = libxl_domain_preserve(ctx, domid, suffix);
    if ( rc )
        mlog("failed to preserve domain %u (rc=%d)", domid, rc);
    return !rc;
}

/* A suspended domain: wait until it resumes (0) or goes (1). */
static int wait_out_suspend(uint32_t domid)
{
    for ( ;; )
    {
        struct libxl_dominfo info;
        struct timespec ts = { xlconf.monitor_poll_ms / 1000,
                               (xlconf.monitor_poll_ms % 1000) * 1000000L };
        int rc = libxl_domain_info(ctx, &info, domid);

        if ( rc == ERROR_DOMAIN_NOTFOUND || (!rc && info.dying) )
            return 1;
        if ( !rc && !info.shutdown )
            return 0;
        libxl_ctx_idle(ctx);
        nanosleep(&ts, NULL);
    }
}

/*
 * Act on a shutdown. Returns the domain to monitor next: the same,
 * a restarted one, or INVALID_DOMID when monitoring ends.
 */
static uint32_t handle_shutdown(uint32_t domid, unsigned int reason,
                                struct libxl_domain_config *c)
{
    enum libxl_action_on_shutdown a;
    bool restart = false, rename = false;
    uint32_t newid;
    int rc;

    mlog("Domain %u has shut down, reason code %u 0x%x", domid, reason, reason);
    if ( action_for(c, reason, &a) )
    {
        mlog("Domain has suspended.");
        return wait_out_suspend(domid) ? INVALID_DOMID : domid;
    }
    mlog("Action for shutdown reason code %u is %s", reason,
         libxl_action_on_shutdown_to_string(a));
    if ( a == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY ||
         a == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART )
    {
        dump_core(domid, c->c_info.name);
        a = a == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY
                ? LIBXL_ACTION_ON_SHUTDOWN_DESTROY
                : LIBXL_ACTION_ON_SHUTDOWN_RESTART;
    }
    switch ( a )
    {
    case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE:
        return INVALID_DOMID;
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME:
        reload_config(domid, c);
        if ( !preserve(domid, c->c_info.name) )
            return INVALID_DOMID; /* leave the old domain in place */
        rename = true;
        break;
    case LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET:
        /* No soft reset here: the domain is rebuilt afresh instead. */
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART:
        reload_config(domid, c);
        restart = true;
        /* fall through */
    default:
        mlog("Domain %u needs to be cleaned up: destroying the domain", domid);
        libxl_domain_destroy(ctx, domid);
        break;
    }
    if ( !restart && !rename )
        return INVALID_DOMID;
    mlog("Done. Rebooting now");
    rc = libxl_domain_create_new(ctx, c, &newid, 0);
    if ( rc )
    {
        mlog("failed to restart the domain (rc=%d)", rc);
        return INVALID_DOMID;
    }
    mlog("Waiting for domain %s (domid %u) to die [pid %ld]", c->c_info.name,
         newid, (long)getpid());
    return newid;
}

/* <state dir>/<domid>.monitor: our pid, while we watch domid. */
static void monitor_file(uint32_t domid, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%u.monitor", libxl_state_dir(ctx), domid);
}

static void record_monitor(uint32_t domid)
{
    char path[4096], pid[32];

    monitor_file(domid, path, sizeof(path));
    snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if ( xc_rundir_replace(path, pid, strlen(pid), false) )
        mlog("cannot write %s", path);
}

static void forget_monitor(uint32_t domid)
{
    char path[4096];

    monitor_file(domid, path, sizeof(path));
    unlink(path);
}

static int monitor_loop(uint32_t domid, struct libxl_domain_config *c)
{
    mlog("Waiting for domain %s (domid %u) to die [pid %ld]", c->c_info.name,
         domid, (long)getpid());
    record_monitor(domid);
    while ( domid != INVALID_DOMID )
    {
        unsigned int reason;
        uint32_t next;
        int rc = libxl_domain_wait_shutdown(ctx, domid, -1,
                                            xlconf.monitor_poll_ms, &reason);

        if ( rc == 0 )
        {
            mlog("Domain %u has been destroyed.", domid);
            break;
        }
        if ( rc == 1 )
        {
            next = handle_shutdown(domid, reason, c);
            if ( next != domid )
            {
                forget_monitor(domid);
                if ( next != INVALID_DOMID )
                    record_monitor(next);
            }
            domid = next;
            continue;
        }
        /* No domain outlives its hypervisor: nothing is left to watch. */
        if ( rc == ERROR_NO_HYPERVISOR )
        {
            mlog("the hypervisor is gone, and domain %u with it", domid);
            break;
        }
        mlog("cannot watch domain %u (rc=%d): trying again", domid, rc);
        sleep(1);
    }
    if ( domid != INVALID_DOMID )
        forget_monitor(domid);
    libxl_ctx_idle(ctx);
    return XL_EXIT_OK;
}

/* Stdin from /dev/null, output to the log file, detached from the tty. */
static void become_daemon(const char *name)
{
    const char *dir = env_or("XL_LOGDIR", DEFAULT_LOGDIR);
    char path[4096];
    int fd, null = open("/dev/null", O_RDWR);

    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/xl-%s.log", dir, name);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if ( null >= 0 )
        dup2(null, STDIN_FILENO);
    dup2(fd >= 0 ? fd : null, STDOUT_FILENO);
    dup2(fd >= 0 ? fd : null, STDERR_FILENO);
    if ( fd > STDERR_FILENO )
        close(fd);
    if ( null > STDERR_FILENO )
        close(null);
    if ( chdir("/") )
        mlog("cannot leave the working directory: %s", strerror(errno));
}

int monitor_domain(uint32_t domid, struct libxl_domain_config *c,
                   bool foreground)
{
    pid_t pid;

    if ( foreground )
        return monitor_loop(domid, c);
    fflush(NULL);
    /* The connections stay the parent's: the monitor opens its own. */
    libxl_ctx_idle(ctx);
    /*
     * One fork, not waited for: the create returns at once (a second
     * fork and a wait cost it half a millisecond), and the monitor,
     * leading a session of its own and opening no terminal, outlives
     * the xl that made it as init's child.
     */
    pid = fork();
    if ( pid < 0 )
        return -1;
    if ( pid > 0 )
        return 0;
    if ( setsid() < 0 )
        _exit(1);
    signal(SIGHUP, SIG_IGN);
    become_daemon(c->c_info.name);
    exit(monitor_loop(domid, c));
}
