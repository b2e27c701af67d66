/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_state.c: the state directory. Each domain libxl built has its
 * configuration there as JSON (<domid>.json, Xen's libxl_domain_config
 * layout), so that a toolstack started afresh knows every running domain
 * and what to rebuild it from; <domid>.next.json holds the configuration
 * `xl config-update` gave for the next restart. Files are written under
 * a temporary name and renamed into place: a reader sees the old file or
 * the new one, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "libxl_internal.h"

void libxl__uuid_to_string(const uint8_t uuid[16], char out[37])
{
    uuid_unparse_lower(uuid, out);
}

int libxl__uuid_from_string(const char *s, uint8_t uuid[16])
{
    return uuid_parse(s, uuid) ? ERROR_INVAL : 0;
}

void libxl__uuid_generate(uint8_t uuid[16])
{
    uuid_generate(uuid);
}

int libxl__write_file_atomic(const char *path, const char *data, size_t len)
{
    char tmp[PATH_MAX];
    int fd, err = 0;
    size_t done = 0;

    if ( snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp) )
        return -ENAMETOOLONG;
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if ( fd < 0 )
        return -errno;
    while ( done < len )
    {
        ssize_t n = write(fd, data + done, len - done);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
        {
            err = n ? -errno : -EIO;
            break;
        }
        done += n;
    }
    if ( close(fd) && !err )
        err = -errno;
    if ( !err && rename(tmp, path) )
        err = -errno;
    if ( err )
        unlink(tmp);
    return err;
}

static char *read_whole(const char *path, int nofollow, size_t max,
                        size_t *plen)
{
    struct stat st;
    char *buf = NULL;
    size_t done = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | nofollow), saved;

    if ( fd < 0 )
        return NULL;
    if ( fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size > max )
    {
        saved = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        goto fail;
    }
    buf = malloc(st.st_size + 1);
    if ( !buf )
    {
        saved = ENOMEM;
        goto fail;
    }
    while ( done < (size_t)st.st_size )
    {
        ssize_t n = read(fd, buf + done, st.st_size - done);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            break;
        done += n;
    }
    close(fd);
    buf[done] = '\0';
    if ( plen )
        *plen = done;
    return buf;

fail:
    free(buf);
    close(fd);
    errno = saved;
    return NULL;
}

/* State files: never through a symbolic link, at most 16 MiB. */
char *libxl__read_file(const char *path, size_t *plen)
{
    return read_whole(path, O_NOFOLLOW, 16 << 20, plen);
}

/*
 * Kernels and ramdisks the admin names: through links (Debian's
 * /vmlinuz and /boot/vmlinuz are links), as Xen's xl reads them, and as
 * large as an initrd gets.
 */
char *libxl__read_image(const char *path, size_t *plen)
{
    return read_whole(path, 0, 1UL << 30, plen);
}

int libxl__state_path(libxl_ctx *ctx, uint32_t domid, const char *suffix,
                      char *buf, size_t len)
{
    return snprintf(buf, len, "%s/%u%s", ctx->state_dir, domid, suffix) >=
                   (int)len
               ? -1
               : 0;
}

/* The directory, made if missing (root's, for root's programs only). */
static int state_dir_prepare(libxl_ctx *ctx)
{
    struct stat st;

    if ( !mkdir(ctx->state_dir, 0700) || errno == EEXIST )
    {
        if ( !lstat(ctx->state_dir, &st) && S_ISDIR(st.st_mode) &&
             (st.st_uid == 0 || st.st_uid == geteuid()) && !(st.st_mode & 022) )
            return 0;
        LOG(ctx, ERROR,
            "state directory %s: not a directory of ours, or "
            "writable by others",
            ctx->state_dir);
        return ERROR_FAIL;
    }
    LOGE(ctx, ERROR, "cannot make the state directory %s", ctx->state_dir);
    return ERROR_FAIL;
}

int libxl__state_store(libxl_ctx *ctx, uint32_t domid, const char *suffix,
                       const struct libxl_domain_config *c)
{
    char path[PATH_MAX], *json;
    int rc, err;

    rc = state_dir_prepare(ctx);
    if ( rc )
        return rc;
    if ( libxl__state_path(ctx, domid, suffix, path, sizeof(path)) )
        return ERROR_INVAL;
    json = libxl_domain_config_to_json(c);
    if ( !json )
        return ERROR_NOMEM;
    err = libxl__write_file_atomic(path, json, strlen(json));
    free(json);
    if ( err )
    {
        errno = -err;
        LOGE(ctx, ERROR, "cannot write %s", path);
        return ERROR_FAIL;
    }
    return 0;
}

void libxl__state_remove(libxl_ctx *ctx, uint32_t domid)
{
    static const char *const suffixes[] = { ".json", ".next.json" };
    char path[PATH_MAX];
    unsigned int i;

    for ( i = 0; i < 2; i++ )
        if ( !libxl__state_path(ctx, domid, suffixes[i], path, sizeof(path)) )
            unlink(path);
}

static int state_load(libxl_ctx *ctx, uint32_t domid, const char *suffix,
                      struct libxl_domain_config *c)
{
    char path[PATH_MAX], err[256], *json;
    int rc;

    libxl_domain_config_init(c);
    if ( libxl__state_path(ctx, domid, suffix, path, sizeof(path)) )
        return ERROR_INVAL;
    json = libxl__read_file(path, NULL);
    if ( !json )
        return errno == ENOENT ? ERROR_NOTFOUND : ERROR_FAIL;
    rc = libxl_domain_config_from_json(c, json, err, sizeof(err));
    free(json);
    if ( rc )
    {
        LOG(ctx, ERROR, "%s: %s", path, err);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl_retrieve_domain_configuration(libxl_ctx *ctx, uint32_t domid,
                                        struct libxl_domain_config *c)
{
    int rc = state_load(ctx, domid, ".json", c);
    unsigned int i;

    if ( rc == ERROR_NOTFOUND )
        LOG(ctx, ERROR, "no configuration stored for domain %u", domid);
    /*
     * Xen's JSON names a disk by its vdev only: its device number comes
     * back from that (block-detach and block-attach's duplicate check
     * compare numbers).
     */
    for ( i = 0; !rc && i < c->num_disks; i++ )
        if ( c->disks[i].devid < 0 && c->disks[i].vdev )
            c->disks[i].devid = libxl_vdev_to_devid(c->disks[i].vdev);
    return rc;
}

int libxl_store_domain_configuration(libxl_ctx *ctx, uint32_t domid,
                                     const struct libxl_domain_config *c)
{
    return libxl__state_store(ctx, domid, ".json", c);
}

int libxl_domain_set_next_config(libxl_ctx *ctx, uint32_t domid,
                                 const struct libxl_domain_config *c)
{
    int rc = libxl__domain_exists(ctx, domid);

    return rc ? rc : libxl__state_store(ctx, domid, ".next.json", c);
}

int libxl_domain_get_next_config(libxl_ctx *ctx, uint32_t domid,
                                 struct libxl_domain_config *c)
{
    return state_load(ctx, domid, ".next.json", c);
}
