/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_logfile.c: a daemon's log file in the run directory, capped in size
 * (xc_rundir.h): the run directory is usually a tmpfs, i.e. RAM, and
 * what is logged is often driven by guests or clients.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xc_rundir.h>

int xc_logfile_open(struct xc_logfile *log, const char *path, off_t max_bytes,
                    char *why, size_t len)
{
    struct stat st;
    int fd;

    if ( snprintf(log->path, sizeof(log->path), "%s", path) >=
         (int)sizeof(log->path) )
        return -ENAMETOOLONG;
    fd = xc_rundir_open(path, O_WRONLY | O_CREAT | O_APPEND, why, len);
    if ( fd < 0 )
        return fd;
    log->fd = fd;
    log->size = fstat(fd, &st) ? 0 : st.st_size;
    log->max_bytes = max_bytes;
    return 0;
}

/* path -> path.1 and a new, empty path. On failure, stop logging. */
static void rotate(struct xc_logfile *log)
{
    char old[sizeof(log->path) + 2];

    snprintf(old, sizeof(old), "%s.1", log->path);
    close(log->fd);
    log->fd = -1;
    log->size = 0;
    if ( rename(log->path, old) )
        return;
    log->fd = open(
        log->path,
        O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
}

void xc_logfile_write(struct xc_logfile *log, const char *buf, size_t len)
{
    ssize_t n;

    if ( log->fd < 0 )
        return;
    if ( log->size > 0 && log->size + (off_t)len > log->max_bytes )
        rotate(log);
    if ( log->fd < 0 )
        return;
    n = write(log->fd, buf, len);
    if ( n > 0 )
        log->size += n;
}

void xc_logfile_close(struct xc_logfile *log)
{
    if ( log->fd >= 0 )
        close(log->fd);
    log->fd = -1;
}
