/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.c: the hypervisor's log. Every line goes to the log file in the run
 * directory, to stderr when running in the foreground, and into the
 * console ring that `xl dmesg` (sysctl readconsole) reads.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <xen/console.h>
#include <xen/lib.h>
#include <xen/time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static bool log_to_stderr = true;
static enum log_level log_threshold = LOG_INFO;

int log_open(const char *path, bool foreground, bool debug)
{
    FILE *f = fopen(path, "a");

    if ( !f )
        return -errno;
    setvbuf(f, NULL, _IOLBF, 0);
    pthread_mutex_lock(&log_lock);
    log_file = f;
    log_to_stderr = foreground;
    log_threshold = debug ? LOG_DEBUG : LOG_INFO;
    pthread_mutex_unlock(&log_lock);
    return 0;
}

void log_close(void)
{
    pthread_mutex_lock(&log_lock);
    if ( log_file )
        fclose(log_file);
    log_file = NULL;
    log_to_stderr = true;
    pthread_mutex_unlock(&log_lock);
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
    if ( log_file )
        fputs(line, log_file);
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
