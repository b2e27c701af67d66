/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rundir.h: the hypervisor's run directory (--rundir, $XEN_RUNDIR,
 * /run/xen) and the files it keeps there. The hypervisor runs as root
 * and acts on what it finds there, so it trusts the directory only when
 * no local user could have put anything in it (docs/security.md): the
 * directory and every one on the way are owned by root (or the
 * hypervisor's own user) and writable by no one else (a sticky /tmp on
 * the way is fine), no symlink on the way is anyone else's, and every
 * entry is root's. Files are opened without following symlinks and must
 * be regular, root's, writable by no one else and singly linked; new
 * ones are written under a fresh name and renamed into place. The
 * toolstack applies the same rules (tools/include/xc_rundir.h).
 * Functions return 0 (or an fd) or -errno; -EPERM comes with a reason
 * in why.
 */
#ifndef XEN_RUNDIR_H
#define XEN_RUNDIR_H

#include <stddef.h>

/* Create dir (0700) if it is missing, then check it as above. */
int rundir_prepare(const char *dir, char *why, size_t len);
/* open(2) with O_NOFOLLOW | O_CLOEXEC (mode 0600), then check the file. */
int rundir_open(const char *path, int flags, char *why, size_t len);
/* Write data to a new path.tmp (O_EXCL, 0600) and rename it to path. */
int rundir_replace(const char *path, const void *data, size_t len);

#endif /* XEN_RUNDIR_H */
