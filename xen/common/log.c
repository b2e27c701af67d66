/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.c: the hypervisor's log. Every line goes to the log file in the run
 * directory, to stderr when running in the foreground, and into the
 * console ring that `xl dmesg` (sysctl readconsole) reads. The file is
 * root's alone (0600: it holds every guest's console and command line)
 * and capped: past its size it becomes xen.log.1 and a new one begins,
 * since the run directory is usually RAM and guests drive what is logged.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xen/console.h>
#include <xen/lib.h>
#include <xen/rundir.h>
#include <xen/time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static char log_path[PATH_MAX];
static size_t log_size, log_max_bytes;
static bool log_to_stderr = true;
static enum log_level log_threshold = LOG_INFO;

int log_open(const char *path, bool foreground, bool debug, size_t max_bytes,
             char *why, size_t len)
{
    struct stat st;
    int fd;

    if ( snprintf(log_path, sizeof(log_path), "%s", path) >=
         (int)sizeof(log_path) )
        return -ENAMETOOLONG;
    fd = rundir_open(path, O_WRONLY | O_CREAT | O_APPEND, why, len);
    if ( fd < 0 )
        return fd;
    pthread_mutex_lock(&log_lock);
    log_fd = fd;
    log_size = fstat(fd, &st) ? 0 : st.st_size;
    log_max_bytes = max_bytes;
    log_to_stderr = foreground;
    log_threshold = debug ? LOG_DEBUG : LOG_INFO;
    pthread_mutex_unlock(&log_lock);
    return 0;
}

void log_close(void)
{
    pthread_mutex_lock(&log_lock);
    if ( log_fd >= 0 )
        close(log_fd);
    log_fd = -1;
    log_to_stderr = true;
    pthread_mutex_unlock(&log_lock);
}

/* xen.log -> xen.log.1 (the one before goes), and a new xen.log. */
static void log_rotate(void)
{
    char old[PATH_MAX + 2];

    close(log_fd);
    log_size = 0;
    snprintf(old, sizeof(old), "%s.1", log_path);
    log_fd = rename(log_path, old) ? -1
                                   : open(log_path,
                                          O_WRONLY | O_CREAT | O_EXCL |
                                              O_APPEND | O_NOFOLLOW | O_CLOEXEC,
                                          0600);
    if ( log_fd < 0 )
        fprintf(stderr, "(XEN) cannot begin a new %s: %s; not logging to it\n",
                log_path, strerror(errno));
}

/* Under log_lock. */
static void log_file_write(const char *line, size_t n)
{
    ssize_t done;

    if ( log_fd >= 0 && log_size && log_size + n > log_max_bytes )
        log_rotate();
    if ( log_fd < 0 )
        return;
    done = write(log_fd, line, n);
    if ( done > 0 )
        log_size += done;
}

static void log_line(enum log_level lvl, const char *fmt, va_list ap)
{
    static const char *const tags[] = { "(XEN) ERROR: ", "(XEN) WARN: ",
                                        "(XEN) ", "(XEN) debug: " };
    char line[1024];
    int n, m;
    s_time_t now = NOW();

    if ( lvl > log_threshold )
        return;

    n = snprintf(line, sizeof(line), "[%5lld.%06lld] %s",
                 (long long)(now / 1000000000),
                 (long long)(now / 1000 % 1000000), tags[lvl]);
    m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    if ( m < 0 )
        m = 0;
    n = min((size_t)(n + m), sizeof(line) - 2);
    if ( n > 0 && line[n - 1] == '\n' )
        n--;
    line[n++] = '\n';
    line[n] = '\0';

    pthread_mutex_lock(&log_lock);
    log_file_write(line, n);
    if ( log_to_stderr )
        fputs(line, stderr);
    pthread_mutex_unlock(&log_lock);
    console_ring_append(line, n);
}

void xlog(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_line(lvl, fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_line(LOG_ERR, fmt, ap);
    va_end(ap);
    abort();
}
