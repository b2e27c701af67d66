/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rundir.c: may the hypervisor trust its run directory and the files in
 * it? (rundir.h). The hypervisor shares no code with the toolstack, so
 * tools/libs/ctrl/xc_rundir.c applies the same rules on that side.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xen/lib.h>
#include <xen/rundir.h>

static bool trusted_uid(uid_t uid)
{
    return uid == 0 || uid == geteuid();
}

static int untrusted(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -EPERM;
}

/*
 * One directory: root's, writable by no one else; a sticky directory on
 * the way (/tmp) is fine, as no one else can move ours out of it.
 */
static int check_one(const char *path, bool follow, bool is_rundir, char *why,
                     size_t len)
{
    struct stat st;

    if ( (follow ? stat(path, &st) : lstat(path, &st)) )
        return -errno;
    if ( S_ISLNK(st.st_mode) && !trusted_uid(st.st_uid) )
        return untrusted(why, len, "%s is a symlink owned by uid %u", path,
                         (unsigned int)st.st_uid);
    if ( S_ISLNK(st.st_mode) )
        return 0;
    if ( !S_ISDIR(st.st_mode) )
        return untrusted(why, len, "%s is not a directory", path);
    if ( !trusted_uid(st.st_uid) )
        return untrusted(why, len, "%s is owned by uid %u, not root", path,
                         (unsigned int)st.st_uid);
    if ( (st.st_mode & (S_IWGRP | S_IWOTH)) &&
         (is_rundir || !(st.st_mode & S_ISVTX)) )
        return untrusted(why, len,
                         "%s is writable by group or others (mode %04o)", path,
                         (unsigned int)(st.st_mode & 07777));
    return 0;
}

/* "/", then each longer prefix of the absolute path up to path itself. */
static int check_prefixes(const char *path, bool follow, char *why, size_t len)
{
    char prefix[PATH_MAX];
    size_t i, n = strlen(path);
    int rc = check_one("/", true, n == 1, why, len);

    if ( n >= sizeof(prefix) )
        return -ENAMETOOLONG;
    for ( i = 1; !rc && i <= n; i++ )
    {
        if ( i < n && path[i] != '/' )
            continue;
        memcpy(prefix, path, i);
        prefix[i] = '\0';
        rc = check_one(prefix, follow, i == n, why, len);
    }
    return rc;
}

static int check_entries(const char *dir, char *why, size_t len)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct stat st;
    int rc = 0;

    if ( !d )
        return -errno;
    while ( !rc && (e = readdir(d)) )
    {
        if ( !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
             fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) )
            continue;
        if ( !trusted_uid(st.st_uid) )
            rc =
                untrusted(why, len, "its entry %s is owned by uid %u, not root",
                          e->d_name, (unsigned int)st.st_uid);
    }
    closedir(d);
    return rc;
}

int rundir_prepare(const char *dir, char *why, size_t len)
{
    char cwd[PATH_MAX], abs[PATH_MAX], real[PATH_MAX];
    int rc;

    if ( mkdir(dir, 0700) && errno != EEXIST )
        return -errno;
    if ( dir[0] != '/' && !getcwd(cwd, sizeof(cwd)) )
        return -errno;
    rc = snprintf(abs, sizeof(abs), "%s%s%s", dir[0] == '/' ? "" : cwd,
                  dir[0] == '/' ? "" : "/", dir);
    if ( rc < 0 || (size_t)rc >= sizeof(abs) )
        return -ENAMETOOLONG;
    /* The path as given (its symlinks), then where it leads. */
    rc = check_prefixes(abs, false, why, len);
    if ( !rc && !realpath(abs, real) )
        rc = -errno;
    if ( !rc )
        rc = check_prefixes(real, true, why, len);
    return rc ? rc : check_entries(abs, why, len);
}

int rundir_open(const char *path, int flags, char *why, size_t len)
{
    int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0600), rc = 0;
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    struct stat st;

    if ( fd < 0 )
        return -errno;
    if ( fstat(fd, &st) )
        rc = -errno;
    else if ( !S_ISREG(st.st_mode) || !trusted_uid(st.st_uid) ||
              (st.st_mode & (S_IWGRP | S_IWOTH)) || st.st_nlink != 1 )
        rc = untrusted(why, len,
                       "%s is not a regular file of root's alone "
                       "(uid %u, mode %04o, %lu links)",
                       name, (unsigned int)st.st_uid,
                       (unsigned int)(st.st_mode & 07777),
                       (unsigned long)st.st_nlink);
    else if ( (st.st_mode & 077) && fchmod(fd, st.st_mode & 0700) )
        rc = -errno; /* an older, readable log: now root's to read */
    if ( rc )
    {
        close(fd);
        return rc;
    }
    return fd;
}

int rundir_replace(const char *path, const void *data, size_t len)
{
    char tmp[PATH_MAX];
    ssize_t n;
    int fd, rc = 0;

    if ( snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp) )
        return -ENAMETOOLONG;
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if ( fd < 0 )
        return -errno;
    n = write(fd, data, len);
    if ( n != (ssize_t)len )
        rc = n < 0 ? -errno : -EIO;
    if ( close(fd) && !rc )
        rc = -errno;
    if ( !rc && rename(tmp, path) )
        rc = -errno;
    if ( rc )
        unlink(tmp);
    return rc;
}
