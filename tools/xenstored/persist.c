/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * persist.c: xenstored's state survives a restart. Every change is
 * appended to a journal before the client hears of it (a write() is
 * enough for a daemon crash: the kernel keeps the data); now and then a
 * snapshot of the whole tree is written to a temporary file, synced and
 * renamed over the old one, and the journal starts again. On start the
 * snapshot is loaded and the journal replayed; a torn last record (the
 * daemon died mid-write) is ignored.
 *
 * Records: 'W' path\0 u32 len, value, u16 nperms, {u32 domid, u8 perms}*;
 * 'R' path\0; 'D' u32 domid, u64 mfn, u32 port; 'X' u32 domid.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenstored.h"

#define SNAPSHOT_EVERY 10000 /* journal records between snapshots */

static int journal_fd = -1;
static char state_path[4096], journal_path[4096];
static unsigned int records;
static bool replaying;

struct buf {
    char *data;
    size_t len, room;
};

static void put(struct buf *b, const void *p, size_t n)
{
    if ( b->len + n > b->room )
    {
        b->room = (b->len + n) * 2 + 256;
        b->data = realloc(b->data, b->room);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_node(struct buf *b, const struct node *n)
{
    uint32_t len = n->len;
    uint16_t np = n->nperms;
    unsigned int i;

    put(b, "W", 1);
    put(b, n->path, strlen(n->path) + 1);
    put(b, &len, sizeof(len));
    put(b, n->value, len);
    put(b, &np, sizeof(np));
    for ( i = 0; i < n->nperms; i++ )
    {
        uint32_t id = n->perms[i].domid;
        uint8_t p = n->perms[i].perms;

        put(b, &id, sizeof(id));
        put(b, &p, sizeof(p));
    }
}

static void journal_append(struct buf *b)
{
    if ( journal_fd < 0 || replaying )
        return;
    if ( write(journal_fd, b->data, b->len) != (ssize_t)b->len )
        xs_log("journal write failed: %s", strerror(errno));
    if ( ++records >= SNAPSHOT_EVERY )
        persist_snapshot();
}

void persist_node(const struct node *n)
{
    struct buf b = { 0 };

    if ( journal_fd < 0 || replaying )
        return;
    put_node(&b, n);
    journal_append(&b);
    free(b.data);
}

void persist_rm(const char *path)
{
    struct buf b = { 0 };

    if ( journal_fd < 0 || replaying )
        return;
    put(&b, "R", 1);
    put(&b, path, strlen(path) + 1);
    journal_append(&b);
    free(b.data);
}

void persist_domain(unsigned int domid, uint64_t mfn, unsigned int port,
                    bool introduced)
{
    struct buf b = { 0 };
    uint32_t id = domid, p = port;

    if ( journal_fd < 0 || replaying )
        return;
    put(&b, introduced ? "D" : "X", 1);
    put(&b, &id, sizeof(id));
    if ( introduced )
    {
        put(&b, &mfn, sizeof(mfn));
        put(&b, &p, sizeof(p));
    }
    journal_append(&b);
    free(b.data);
}

static void snapshot_tree(struct buf *b, const char *path)
{
    struct node *n = store_lookup(path);
    unsigned int i;

    if ( !n )
        return;
    put_node(b, n);
    for ( i = 0; i < n->nchildren; i++ )
    {
        char child[XENSTORE_ABS_PATH_MAX + 64];

        snprintf(child, sizeof(child), "%s%s%s", path,
                 strcmp(path, "/") ? "/" : "", n->children[i]);
        snapshot_tree(b, child);
    }
}

/* Write the whole state to a new file, sync it, rename it into place. */
void persist_snapshot(void)
{
    struct buf b = { 0 };
    char tmp[4200];
    int fd;

    if ( journal_fd < 0 )
        return;
    snapshot_tree(&b, "/");
    domain_snapshot(&b, put);
    snprintf(tmp, sizeof(tmp), "%s.tmp", state_path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if ( fd < 0 || write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) ||
         rename(tmp, state_path) )
    {
        xs_log("cannot write the state file: %s", strerror(errno));
        if ( fd >= 0 )
            close(fd);
        free(b.data);
        return;
    }
    close(fd);
    free(b.data);
    /* The snapshot holds everything: the journal starts again. */
    if ( ftruncate(journal_fd, 0) == 0 )
        lseek(journal_fd, 0, SEEK_SET);
    records = 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;

    *len = 0;
    if ( !f )
        return NULL;
    if ( !fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 )
    {
        rewind(f);
        data = malloc(n);
        if ( data && fread(data, 1, n, f) == (size_t)n )
            *len = n;
    }
    fclose(f);
    return data;
}

/* Apply records from data; returns bytes used (a torn tail is left). */
static size_t replay(const char *data, size_t len)
{
    size_t off = 0;

    while ( off < len )
    {
        const char *p = data + off + 1, *end = data + len;
        size_t plen;

        if ( data[off] == 'W' || data[off] == 'R' )
        {
            plen = strnlen(p, end - p);
            if ( p + plen >= end )
                break;
            if ( data[off] == 'R' )
            {
                if ( path_valid(p) )
                    store_rm(p, NULL, NULL);
                off += 1 + plen + 1;
                continue;
            }
            {
                const char *q = p + plen + 1;
                uint32_t vlen;
                uint16_t np;
                struct xs_perm *perms;
                unsigned int i;

                if ( end - q < 4 )
                    break;
                memcpy(&vlen, q, 4);
                if ( vlen > XS_NODE_SIZE_MAX || end - q - 4 < vlen + 2 )
                    break;
                memcpy(&np, q + 4 + vlen, 2);
                if ( !np || end - (q + 6 + vlen) < (ptrdiff_t)np * 5 )
                    break;
                perms = calloc(np, sizeof(*perms));
                for ( i = 0; i < np; i++ )
                {
                    memcpy(&perms[i].domid, q + 6 + vlen + i * 5, 4);
                    perms[i].perms = (uint8_t)q[6 + vlen + i * 5 + 4] & 3;
                }
                if ( path_valid(p) )
                    store_write(p, q + 4, vlen, perms[0].domid, perms, np);
                free(perms);
                off = (q + 6 + vlen + np * 5) - data;
            }
        }
        else if ( data[off] == 'D' && len - off >= 1 + 4 + 8 + 4 )
        {
            uint32_t id, port;
            uint64_t mfn;

            memcpy(&id, p, 4);
            memcpy(&mfn, p + 4, 8);
            memcpy(&port, p + 12, 4);
            domain_introduce(id, mfn, port);
            off += 17;
        }
        else if ( data[off] == 'X' && len - off >= 5 )
        {
            uint32_t id;

            memcpy(&id, p, 4);
            domain_release(id);
            off += 5;
        }
        else
            break;
    }
    return off;
}

int persist_open(const char *rundir)
{
    size_t len, used;
    char *data;

    snprintf(state_path, sizeof(state_path), "%s/xenstored.state", rundir);
    snprintf(journal_path, sizeof(journal_path), "%s/xenstored.journal",
             rundir);
    replaying = true;
    data = read_file(state_path, &len);
    used = replay(data, len);
    if ( used != len )
        xs_log("state file: ignored %zu bytes after a bad record", len - used);
    free(data);
    data = read_file(journal_path, &len);
    used = replay(data, len);
    if ( used != len )
        xs_log("journal: ignored a torn record of %zu bytes", len - used);
    free(data);
    replaying = false;
    journal_fd =
        open(journal_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if ( journal_fd < 0 )
        return -errno;
    /* Start from a clean snapshot of what was loaded. */
    persist_snapshot();
    return 0;
}

void persist_close(void)
{
    persist_snapshot();
    if ( journal_fd >= 0 )
        close(journal_fd);
    journal_fd = -1;
}
