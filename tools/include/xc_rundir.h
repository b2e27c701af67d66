/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_rundir.h: libxenctrl's helpers for the run directory ($XEN_RUNDIR,
 * /run/xen) that the dom0 daemons and tools share, and for the files in
 * it. Root's programs act on what is there, so they trust it only when no
 * local user could have put it there (docs/security.md):
 *  - the directory, and every directory on the way to it, is owned by
 *    root and writable by no one else (a sticky /tmp on the way is
 *    fine), and no symlink on the way belongs to anyone else;
 *  - every entry in it is root's;
 *  - files are opened without following symlinks, must be regular,
 *    root's, writable by no one else and have one link; new files are
 *    written under a fresh name (O_EXCL) and renamed into place.
 * "root" means uid 0 or the program's own effective uid, so that tests
 * can run a daemon and its tools as one ordinary user; for root it is
 * uid 0 alone. The reason for a refusal goes to why (a sentence).
 */
#ifndef XC_RUNDIR_H
#define XC_RUNDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Is uid one this program trusts (0, or its own euid)? */
bool xc_uid_trusted(uid_t uid);

/*
 * Check dir and the path to it. -ENOENT if it does not exist, -EPERM
 * (reason in why) if it cannot be trusted, 0 if it can.
 */
int xc_rundir_check_path(const char *dir, char *why, size_t len);
/* As xc_rundir_check_path, and every entry in dir must be trusted too. */
int xc_rundir_check(const char *dir, char *why, size_t len);
/* Create dir (mode 0700) if it is missing, then xc_rundir_check it. */
int xc_rundir_prepare(const char *dir, char *why, size_t len);

/*
 * open(2) a file of a checked run directory: O_NOFOLLOW and O_CLOEXEC
 * are added; a file created gets mode 0600. The file must be regular,
 * trusted, writable by no one else and singly linked; read bits for
 * others are taken away. Returns the fd, or -errno (-EPERM with why).
 */
int xc_rundir_open(const char *path, int flags, char *why, size_t len);

/*
 * Replace path with len bytes of data: written to path.tmp, created
 * afresh (O_EXCL, 0600, after removing any leftover), synced when sync
 * is set, and renamed over path. Returns 0 or -errno.
 */
int xc_rundir_replace(const char *path, const void *data, size_t len,
                      bool sync);

/*
 * A log file capped in size: past max_bytes it is renamed to <path>.1
 * (replacing the one before) and begun again, so at most two files of
 * max_bytes each are kept.
 */
struct xc_logfile {
    char path[4096];
    int fd;
    off_t size, max_bytes;
};

/* Open (append) or create the log; 0, or -errno with why. */
int xc_logfile_open(struct xc_logfile *log, const char *path, off_t max_bytes,
                    char *why, size_t len);
/* Append len bytes (one or more whole lines), rotating first if needed. */
void xc_logfile_write(struct xc_logfile *log, const char *buf, size_t len);
void xc_logfile_close(struct xc_logfile *log);

#endif /* XC_RUNDIR_H */
