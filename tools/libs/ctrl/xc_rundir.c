/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_rundir.c: is the run directory root's alone, and are the files in
 * it? (xc_rundir.h). The hypervisor applies the same rules to its run
 * directory in xen/common/rundir.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xc_rundir.h>

bool xc_uid_trusted(uid_t uid)
{
    return uid == 0 || uid == geteuid();
}

static int refuse(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -EPERM;
}

static const char *trusted_owner(void)
{
    static char name[48];

    if ( geteuid() == 0 )
        return "root";
    snprintf(name, sizeof(name), "root or uid %u", (unsigned int)geteuid());
    return name;
}

/*
 * One directory on the way (last: the run directory itself): trusted
 * owner, and writable by no one else (on the way, sticky is enough).
 */
static int check_dir(const char *path, const struct stat *st, bool last,
                     char *why, size_t len)
{
    if ( !S_ISDIR(st->st_mode) )
        return refuse(why, len, "%s is not a directory", path);
    if ( !xc_uid_trusted(st->st_uid) )
        return refuse(why, len, "%s is owned by uid %u, not %s", path,
                      (unsigned int)st->st_uid, trusted_owner());
    if ( (st->st_mode & (S_IWGRP | S_IWOTH)) &&
         (last || !(st->st_mode & S_ISVTX)) )
        return refuse(why, len, "%s is writable by group or others (mode %04o)",
                      path, (unsigned int)(st->st_mode & 07777));
    return 0;
}

/*
 * Walk every prefix of the absolute path: with lstat on the path as
 * given (a symlink must be trusted, a directory checked), then on the
 * resolved path, so that the directories a symlink leads through are
 * checked too.
 */
static int walk(const char *path, bool follow, char *why, size_t len)
{
    char prefix[PATH_MAX];
    size_t n = strlen(path), i;
    struct stat st;
    int rc;

    if ( n >= sizeof(prefix) )
        return -ENAMETOOLONG;
    for ( i = 1; i <= n; i++ )
    {
        if ( i < n && path[i] != '/' )
            continue;
        memcpy(prefix, path, i);
        prefix[i] = '\0';
        if ( (follow ? stat(prefix, &st) : lstat(prefix, &st)) )
            return -errno;
        if ( S_ISLNK(st.st_mode) )
        {
            if ( !xc_uid_trusted(st.st_uid) )
                return refuse(why, len, "%s is a symlink owned by uid %u",
                              prefix, (unsigned int)st.st_uid);
            continue;
        }
        rc = check_dir(prefix, &st, i == n, why, len);
        if ( rc )
            return rc;
    }
    return 0;
}

int xc_rundir_check_path(const char *dir, char *why, size_t len)
{
    char abs[PATH_MAX], real[PATH_MAX];
    struct stat st;
    int rc;

    if ( dir[0] == '/' )
        rc = snprintf(abs, sizeof(abs), "%s", dir);
    else if ( getcwd(real, sizeof(real)) )
        rc = snprintf(abs, sizeof(abs), "%s/%s", real, dir);
    else
        return -errno;
    if ( rc < 0 || (size_t)rc >= sizeof(abs) )
        return -ENAMETOOLONG;
    if ( stat("/", &st) )
        return -errno;
    rc = check_dir("/", &st, false, why, len);
    if ( !rc )
        rc = walk(abs, false, why, len);
    if ( rc )
        return rc;
    if ( !realpath(abs, real) )
        return -errno;
    return strcmp(real, "/") ? walk(real, true, why, len) : 0;
}

/* Every entry in dir must be trusted: root owns what is in its directory. */
static int check_entries(const char *dir, char *why, size_t len)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    if ( !d )
        return -errno;
    while ( !rc && (e = readdir(d)) )
    {
        struct stat st;

        if ( !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") )
            continue;
        if ( fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) )
            rc = errno == ENOENT ? 0 : -errno;
        else if ( !xc_uid_trusted(st.st_uid) )
            rc = refuse(why, len, "its entry %s is owned by uid %u, not %s",
                        e->d_name, (unsigned int)st.st_uid, trusted_owner());
    }
    closedir(d);
    return rc;
}

int xc_rundir_check(const char *dir, char *why, size_t len)
{
    int rc = xc_rundir_check_path(dir, why, len);

    return rc ? rc : check_entries(dir, why, len);
}

int xc_rundir_prepare(const char *dir, char *why, size_t len)
{
    if ( mkdir(dir, 0700) && errno != EEXIST )
        return -errno;
    return xc_rundir_check(dir, why, len);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

int xc_rundir_open(const char *path, int flags, char *why, size_t len)
{
    int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0600), rc = 0;
    struct stat st;

    if ( fd < 0 )
        return -errno;
    if ( fstat(fd, &st) )
        rc = -errno;
    else if ( !S_ISREG(st.st_mode) )
        rc = refuse(why, len, "%s is not a regular file", base_name(path));
    else if ( !xc_uid_trusted(st.st_uid) )
        rc = refuse(why, len, "%s is owned by uid %u, not %s", base_name(path),
                    (unsigned int)st.st_uid, trusted_owner());
    else if ( st.st_mode & (S_IWGRP | S_IWOTH) )
        rc = refuse(why, len, "%s is writable by group or others (mode %04o)",
                    base_name(path), (unsigned int)(st.st_mode & 07777));
    else if ( st.st_nlink != 1 )
        rc = refuse(why, len, "%s has %lu links: it may be another file too",
                    base_name(path), (unsigned long)st.st_nlink);
    else if ( (st.st_mode & 077) && fchmod(fd, st.st_mode & 0700) )
        rc = -errno;
    if ( rc )
    {
        close(fd);
        return rc;
    }
    return fd;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while ( len )
    {
        ssize_t n = write(fd, p, len);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return n < 0 ? -errno : -EIO;
        p += n;
        len -= n;
    }
    return 0;
}

int xc_rundir_replace(const char *path, const void *data, size_t len, bool sync)
{
    char tmp[PATH_MAX];
    int fd, rc;

    if ( snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp) )
        return -ENAMETOOLONG;
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if ( fd < 0 )
        return -errno;
    rc = write_all(fd, data, len);
    if ( !rc && sync && fsync(fd) )
        rc = -errno;
    if ( close(fd) && !rc )
        rc = -errno;
    if ( !rc && rename(tmp, path) )
        rc = -errno;
    if ( rc )
        unlink(tmp);
    return rc;
}
