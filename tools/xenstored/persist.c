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
 * 'R' path\0; 'D' u32 domid, u64 mfn, u32 port; 'X' u32 domid;
 * 'T' u32 domid, u32 target; 'Q' u32 domid (~0: global), u32 quota, u32
 * value; a guest's watch added 'A' or removed 'U': u32 domid, path\0,
 * abs\0, token\0; its watches reset 'Z': u32 domid, \0\0\0; a watch with
 * a depth 'B': u32 domid, u32 depth, path\0, abs\0, token\0; a domain's
 * features before INTRODUCE 'F': u32 domid, u32 features. The special
 * nodes (@introduceDomain, ...) are 'W' records too. Numbers are in
 * host order: the file never leaves the host. Domains reconnected from
 * the file are marked restored: their open transactions were lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xc_rundir.h>

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

static bool journal_on(void)
{
    return journal_fd >= 0 && !replaying;
}

/* Append one record to the journal and free its buffer. */
static void journal_write(struct buf *b)
{
    if ( write(journal_fd, b->data, b->len) != (ssize_t)b->len )
        xs_log("journal write failed: %s", strerror(errno));
    free(b->data);
    if ( ++records >= SNAPSHOT_EVERY )
        persist_snapshot();
}

/*
 * The records the journal and the snapshot share: each is written here
 * only, the journal adding one at a time and the snapshot (with
 * domain.c, quota.c and watch.c) all of them.
 */
void persist_put_domain(struct buf *b, unsigned int domid, uint64_t mfn,
                        unsigned int port)
{
    uint32_t id = domid, p = port;

    put(b, "D", 1);
    put(b, &id, sizeof(id));
    put(b, &mfn, sizeof(mfn));
    put(b, &p, sizeof(p));
}

void persist_put_target(struct buf *b, unsigned int domid, unsigned int target)
{
    uint32_t v[2] = { domid, target };

    put(b, "T", 1);
    put(b, v, sizeof(v));
}

void persist_put_quota(struct buf *b, bool per_domain, unsigned int domid,
                       unsigned int which, unsigned int value)
{
    uint32_t v[3] = { per_domain ? domid : ~0U, which, value };

    put(b, "Q", 1);
    put(b, v, sizeof(v));
}

void persist_put_features(struct buf *b, unsigned int domid,
                          unsigned int features)
{
    uint32_t v[2] = { domid, features };

    put(b, "F", 1);
    put(b, v, sizeof(v));
}

void persist_put_watch(struct buf *b, char what, unsigned int domid,
                       const char *path, const char *abs, const char *token,
                       int depth)
{
    uint32_t id = domid, d = depth;

    if ( what == 'A' && depth >= 0 )
        what = 'B';
    put(b, &what, 1);
    put(b, &id, sizeof(id));
    if ( what == 'B' )
        put(b, &d, sizeof(d));
    put(b, path, strlen(path) + 1);
    put(b, abs, strlen(abs) + 1);
    put(b, token, strlen(token) + 1);
}

void persist_node(const struct node *n)
{
    struct buf b = { 0 };

    if ( !journal_on() )
        return;
    put_node(&b, n);
    journal_write(&b);
}

void persist_rm(const char *path)
{
    struct buf b = { 0 };

    if ( !journal_on() )
        return;
    put(&b, "R", 1);
    put(&b, path, strlen(path) + 1);
    journal_write(&b);
}

void persist_domain(unsigned int domid, uint64_t mfn, unsigned int port,
                    bool introduced)
{
    struct buf b = { 0 };
    uint32_t id = domid;

    if ( !journal_on() )
        return;
    if ( introduced )
        persist_put_domain(&b, domid, mfn, port);
    else
    {
        put(&b, "X", 1);
        put(&b, &id, sizeof(id));
    }
    journal_write(&b);
}

void persist_target(unsigned int domid, unsigned int target)
{
    struct buf b = { 0 };

    if ( !journal_on() )
        return;
    persist_put_target(&b, domid, target);
    journal_write(&b);
}

void persist_quota(bool per_domain, unsigned int domid, unsigned int which,
                   unsigned int value)
{
    struct buf b = { 0 };

    if ( !journal_on() )
        return;
    persist_put_quota(&b, per_domain, domid, which, value);
    journal_write(&b);
}

void persist_watch(char what, unsigned int domid, const char *path,
                   const char *abs, const char *token, int depth)
{
    struct buf b = { 0 };

    if ( !journal_on() )
        return;
    persist_put_watch(&b, what, domid, path, abs, token, depth);
    journal_write(&b);
}

void persist_features(unsigned int domid, unsigned int features)
{
    struct buf b = { 0 };

    if ( !journal_on() )
        return;
    persist_put_features(&b, domid, features);
    journal_write(&b);
}

static void snapshot_tree(struct buf *b, const char *path)
{
    struct node *n = store_lookup(path);
    unsigned int i;

    if ( !n )
        return;
    put_node(b, n);
    for ( i = 0; i < n->childlen; i += strlen(n->children + i) + 1 )
    {
        char child[XS_PATH_BUF];

        if ( !path_child(child, sizeof(child), path, n->children + i) )
            snapshot_tree(b, child);
    }
}

static void snapshot_special(const struct node *n, void *arg)
{
    put_node(arg, n);
}

/* Write the whole state to a new file, sync it, rename it into place. */
void persist_snapshot(void)
{
    struct buf b = { 0 };
    int rc;

    if ( journal_fd < 0 )
        return;
    snapshot_tree(&b, "/");
    store_for_each_special(snapshot_special, &b);
    domain_snapshot(&b);
    quota_snapshot(&b);
    watch_snapshot(&b);
    rc = xc_rundir_replace(state_path, b.data, b.len, true);
    free(b.data);
    if ( rc )
    {
        xs_log("cannot write the state file: %s", strerror(-rc));
        return;
    }
    /* The snapshot holds everything: the journal starts again. */
    if ( ftruncate(journal_fd, 0) == 0 )
        lseek(journal_fd, 0, SEEK_SET);
    records = 0;
}

/* The whole file, if it is there (else none); -errno if it may not be read. */
static int read_file(const char *path, char **data, size_t *len, char *why,
                     size_t why_len)
{
    int fd = xc_rundir_open(path, O_RDONLY, why, why_len);
    struct stat st;
    ssize_t n = 0;

    *data = NULL;
    *len = 0;
    if ( fd == -ENOENT )
        return 0;
    if ( fd < 0 )
        return fd;
    if ( !fstat(fd, &st) && st.st_size > 0 && (*data = malloc(st.st_size)) )
        n = read(fd, *data, st.st_size);
    close(fd);
    *len = n > 0 ? n : 0;
    return 0;
}

/*
 * Record readers: each is given the bytes after the type letter and
 * returns how many it used, or 0 if the record is torn or malformed.
 */
static size_t replay_write(const char *p, const char *end)
{
    size_t plen = strnlen(p, end - p);
    const char *q = p + plen + 1, *perm_bytes;
    struct xs_perm *perms;
    uint32_t vlen;
    uint16_t np;
    unsigned int i;

    if ( p + plen >= end || end - q < 4 )
        return 0;
    memcpy(&vlen, q, 4);
    if ( vlen > XENSTORE_PAYLOAD_MAX || end - q - 4 < vlen + 2 )
        return 0;
    memcpy(&np, q + 4 + vlen, 2);
    perm_bytes = q + 6 + vlen;
    if ( !np || end - perm_bytes < (ptrdiff_t)np * 5 )
        return 0;
    perms = calloc(np, sizeof(*perms));
    for ( i = 0; i < np; i++ )
    {
        memcpy(&perms[i].domid, perm_bytes + i * 5, 4);
        perms[i].perms =
            (uint8_t)perm_bytes[i * 5 + 4] & (XS_PERM_BOTH | XS_PERM_IGNORE);
    }
    if ( path_is_special(p) )
        store_set_perms(p, perms, np);
    else if ( path_valid(p) )
        store_write(p, q + 4, vlen, perms[0].domid, perms, np);
    free(perms);
    return perm_bytes + np * 5 - p;
}

static size_t replay_rm(const char *p, const char *end)
{
    size_t plen = strnlen(p, end - p);

    if ( p + plen >= end )
        return 0;
    if ( path_valid(p) )
        store_rm(p, NULL, NULL);
    return plen + 1;
}

static size_t replay_domain(const char *p, const char *end)
{
    struct connection *c;
    uint32_t id, port;
    uint64_t mfn;

    if ( end - p < 16 )
        return 0;
    memcpy(&id, p, 4);
    memcpy(&mfn, p + 4, 8);
    memcpy(&port, p + 12, 4);
    domain_introduce(id, mfn, port);
    c = domain_conn(id);
    if ( c )
    {
        /* New transaction ids must not meet the lost ones. */
        c->restored = true;
        c->next_tx_id = 0x40000000u | ((uint32_t)time(NULL) & 0x3fffffffu);
    }
    return 16;
}

static size_t replay_release(const char *p, const char *end)
{
    uint32_t id;

    if ( end - p < 4 )
        return 0;
    memcpy(&id, p, 4);
    domain_release(id);
    return 4;
}

static size_t replay_target(const char *p, const char *end)
{
    uint32_t v[2];

    if ( end - p < (ptrdiff_t)sizeof(v) )
        return 0;
    memcpy(v, p, sizeof(v));
    domain_set_target(v[0], v[1]);
    return sizeof(v);
}

static size_t replay_quota(const char *p, const char *end)
{
    uint32_t v[3];

    if ( end - p < (ptrdiff_t)sizeof(v) )
        return 0;
    memcpy(v, p, sizeof(v));
    if ( v[1] < NR_QUOTAS )
        quota_set(v[1], v[0] != ~0U, v[0], v[2]);
    return sizeof(v);
}

static size_t replay_features(const char *p, const char *end)
{
    uint32_t v[2];

    if ( end - p < (ptrdiff_t)sizeof(v) )
        return 0;
    memcpy(v, p, sizeof(v));
    domain_set_features(v[0], v[1]);
    return sizeof(v);
}

/* 'A', 'B', 'U', 'Z': three strings after the domid ('B': and depth). */
static size_t replay_watch(char what, const char *p, const char *end)
{
    const char *s[3], *q = p + 4;
    struct connection *c;
    unsigned int i;
    uint32_t id, depth = ~0U;

    if ( end - p < 4 || (what == 'B' && end - p < 8) )
        return 0;
    memcpy(&id, p, 4);
    if ( what == 'B' )
    {
        memcpy(&depth, p + 4, 4);
        q += 4;
    }
    for ( i = 0; i < 3; i++ )
    {
        size_t n = strnlen(q, end - q);

        if ( q + n >= end )
            return 0;
        s[i] = q;
        q += n + 1;
    }
    c = domain_conn(id);
    if ( c && (what == 'A' || what == 'B') )
        watch_add(c, s[0], s[1], s[2], (int)depth);
    else if ( c && what == 'U' )
        watch_remove(c, s[1], s[2]);
    else if ( c )
        watch_remove_all(c);
    return q - p;
}

static size_t replay_watch_add(const char *p, const char *end)
{
    return replay_watch('A', p, end);
}

static size_t replay_watch_depth(const char *p, const char *end)
{
    return replay_watch('B', p, end);
}

static size_t replay_unwatch(const char *p, const char *end)
{
    return replay_watch('U', p, end);
}

static size_t replay_watch_reset(const char *p, const char *end)
{
    return replay_watch('Z', p, end);
}

static size_t (*const readers[256])(const char *p, const char *end) = {
    ['W'] = replay_write,       ['R'] = replay_rm,
    ['D'] = replay_domain,      ['X'] = replay_release,
    ['T'] = replay_target,      ['Q'] = replay_quota,
    ['A'] = replay_watch_add,   ['U'] = replay_unwatch,
    ['Z'] = replay_watch_reset, ['B'] = replay_watch_depth,
    ['F'] = replay_features,
};

/* Apply records from data; returns bytes used (a torn tail is left). */
static size_t replay(const char *data, size_t len)
{
    size_t off = 0;

    while ( off < len )
    {
        size_t (*reader)(const char *, const char *) =
            readers[(unsigned char)data[off]];
        size_t used = reader ? reader(data + off + 1, data + len) : 0;

        if ( !used )
            break;
        off += 1 + used;
    }
    return off;
}

/* Replay one file; -errno (-EPERM with why) if it may not be trusted. */
static int load(const char *path, const char *bad_tail, char *why, size_t len)
{
    const char *name = strrchr(path, '/') + 1;
    size_t size, used;
    char *data;
    int rc = read_file(path, &data, &size, why, len);

    if ( rc )
    {
        if ( rc != -EPERM )
            snprintf(why, len, "%s: %s", name, strerror(-rc));
        xs_log("not loading %s: %s", path, why);
        return -EPERM;
    }
    used = replay(data, size);
    if ( used != size )
        xs_log("%s: ignored %zu bytes: %s", name, size - used, bad_tail);
    free(data);
    return 0;
}

int persist_open(const char *rundir, char *why, size_t len)
{
    int rc;

    snprintf(state_path, sizeof(state_path), "%s/xenstored.state", rundir);
    snprintf(journal_path, sizeof(journal_path), "%s/xenstored.journal",
             rundir);
    replaying = true;
    rc = load(state_path, "a bad record", why, len);
    if ( !rc )
        rc = load(journal_path, "a torn record (the end of the last write)",
                  why, len);
    replaying = false;
    if ( rc )
        return rc;
    journal_fd =
        xc_rundir_open(journal_path, O_WRONLY | O_CREAT | O_APPEND, why, len);
    if ( journal_fd < 0 )
        return journal_fd;
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
