/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenbus.c: blkback's side of xenstore. Every vbd under
 * /local/domain/0/backend/vbd/<domid>/<devid> is picked up (its image
 * opened, Xen's feature keys written, InitWait), connected when its
 * frontend is Initialised (ring pages mapped, event channel bound,
 * sectors/info/sector-size, Connected) and closed as the frontend or the
 * toolstack asks, with Xen's state transitions. Any watch event makes
 * one scan of every device: there are few, and a scan is idempotent.
 *
 * A restarted blkback finds Connected devices whose frontends are still
 * Connected and attaches to their rings where they are: requests the
 * old process had not answered are taken again (none of them was
 * complete for the guest, so none of its flushed data is at stake).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "blkback.h"

#define BE_ROOT "/local/domain/0/backend/vbd"

static struct xs_handle *xs;
static struct vbd *devices;

struct vbd *xb_devices(void)
{
    return devices;
}

int xb_init(void)
{
    xs = xs_open(0);
    if ( !xs )
        return -1;
    if ( !xs_watch(xs, BE_ROOT, "be") )
        return -1;
    return 0;
}

int xb_fileno(void)
{
    return xs_fileno(xs);
}

/* ---- xenstore helpers ---- */

static char *read_key(const char *dir, const char *key)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xs_read(xs, XBT_NULL, path, NULL);
}

static long read_num(const char *dir, const char *key, long dflt)
{
    char *v = read_key(dir, key), *end;
    long n;

    if ( !v )
        return dflt;
    n = strtol(v, &end, 10);
    if ( end == v || *end )
        n = dflt;
    free(v);
    return n;
}

static bool write_key(const char *dir, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool write_key(const char *dir, const char *key, const char *fmt, ...)
{
    char path[256], val[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xs_write(xs, XBT_NULL, path, val, strlen(val));
}

/*
 * The state, only while the device's directory exists: the toolstack
 * removes it as the domain goes, and a plain write would bring back a
 * stray node. A transaction makes the check and the write one step.
 */
static void set_state(struct vbd *v, XenbusState s)
{
    char path[160], val[8], *fe;
    xs_transaction_t t;
    int tries;

    if ( v->state == s )
        return;
    v->state = s;
    snprintf(path, sizeof(path), "%s/frontend", v->be);
    snprintf(val, sizeof(val), "%d", s);
    for ( tries = 0; tries < 5; tries++ )
    {
        t = xs_transaction_start(xs);
        if ( !t )
            break;
        fe = xs_read(xs, t, path, NULL);
        if ( !fe )
        {
            xs_transaction_end(xs, t, true);
            return; /* gone: nothing to tell */
        }
        free(fe);
        snprintf(path, sizeof(path), "%s/state", v->be);
        xs_write(xs, t, path, val, strlen(val));
        if ( xs_transaction_end(xs, t, false) || errno != EAGAIN )
            break;
        snprintf(path, sizeof(path), "%s/frontend", v->be);
    }
    if ( blk_verbose )
        blk_log("vbd %u/%u: state %d", v->domid, v->devid, s);
}

/* As Xen's xenbus_dev_error: the message under dom0's error/ tree. */
static void report_error(struct vbd *v, const char *msg)
{
    char dir[192];

    blk_log("vbd %u/%u: %s", v->domid, v->devid, msg);
    snprintf(dir, sizeof(dir), "/local/domain/0/error%s",
             v->be + strlen("/local/domain/0"));
    write_key(dir, "error", "%s", msg);
}

/* ---- the image ---- */

/* O_DIRECT if this file takes 512-byte aligned I/O that way. */
static bool direct_works(int fd)
{
    void *buf;
    bool ok;

    if ( posix_memalign(&buf, BLK_PAGE, 2 * BLK_SECTOR) )
        return false;
    ok = pread(fd, (char *)buf + BLK_SECTOR, BLK_SECTOR, 0) >= 0;
    free(buf);
    return ok;
}

static int open_image(struct vbd *v)
{
    char *mode = read_key(v->be, "mode"), *dtype, *discard, *path;
    bool rw = mode && mode[0] == 'w';
    struct stat st;
    uint64_t bytes;
    int fd;

    free(mode);
    v->params = read_key(v->be, "params");
    if ( !v->params || !v->params[0] )
    {
        report_error(v, "no params (image path)");
        return -1;
    }
    path = v->params;
    /* Prefixes the toolstack may leave on a raw image. */
    if ( !strncmp(path, "aio:", 4) || !strncmp(path, "raw:", 4) )
        path += 4;
    else if ( !strncmp(path, "file:", 5) )
        path += 5;
    fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_DIRECT | O_CLOEXEC);
    v->direct = fd >= 0 && direct_works(fd);
    if ( fd >= 0 && !v->direct )
    {
        close(fd);
        fd = -1;
    }
    if ( fd < 0 )
        fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if ( fd < 0 )
    {
        char msg[160];

        snprintf(msg, sizeof(msg), "cannot open %s: %s", path, strerror(errno));
        report_error(v, msg);
        return -1;
    }
    if ( fstat(fd, &st) )
        goto bad;
    v->blockdev = S_ISBLK(st.st_mode);
    if ( v->blockdev )
    {
        if ( ioctl(fd, BLKGETSIZE64, &bytes) )
            goto bad;
    }
    else if ( S_ISREG(st.st_mode) )
        bytes = st.st_size;
    else
        goto bad;
    v->fd = fd;
    v->lim.sectors = bytes / BLK_SECTOR;
    v->lim.readonly = !rw;
    v->lim.max_indirect = BLK_MAX_INDIRECT_SEGS;
    discard = read_key(v->be, "discard-enable");
    v->lim.discard = rw && !(discard && !strcmp(discard, "0"));
    free(discard);
    dtype = read_key(v->be, "device-type");
    write_key(v->be, "info", "%u",
              (rw ? 0 : VDISK_READONLY) |
                  (dtype && !strcmp(dtype, "cdrom") ? VDISK_CDROM : 0));
    free(dtype);
    blk_log("vbd %u/%u: %s, %llu sectors, %s%s", v->domid, v->devid, path,
            (unsigned long long)v->lim.sectors, rw ? "read-write" : "read-only",
            v->direct ? ", O_DIRECT" : "");
    return 0;
bad:
    report_error(v, "the image is neither a regular file nor a block device");
    close(fd);
    return -1;
}

/* What the frontend may use: Xen's keys, written before InitWait. */
static void write_features(struct vbd *v)
{
    write_key(v->be, "feature-flush-cache", "1");
    write_key(v->be, "feature-barrier", "1");
    write_key(v->be, "feature-discard", "%d", v->lim.discard ? 1 : 0);
    if ( v->lim.discard )
    {
        write_key(v->be, "discard-granularity", "%u", BLK_PAGE);
        write_key(v->be, "discard-alignment", "0");
        write_key(v->be, "discard-secure", "0");
    }
    write_key(v->be, "feature-max-indirect-segments", "%u",
              BLK_MAX_INDIRECT_SEGS);
    write_key(v->be, "max-ring-page-order", "%u", BLK_MAX_RING_ORDER);
    write_key(v->be, "feature-persistent", "1");
    write_key(v->be, "sectors", "%llu", (unsigned long long)v->lim.sectors);
    write_key(v->be, "sector-size", "%u", BLK_SECTOR);
    write_key(v->be, "physical-sector-size", "%u", BLK_SECTOR);
}

/* ---- connect and disconnect ---- */

static int connect_ring(struct vbd *v)
{
    uint32_t refs[1u << BLK_MAX_RING_ORDER];
    long order = read_num(v->fe, "ring-page-order", -1), port, ref;
    unsigned int i, n = 1;
    char key[32], *proto, *pers;
    blkif_sring_t *s;
    RING_IDX rsp;
    int lp;

    if ( order > BLK_MAX_RING_ORDER || order < -1 )
    {
        report_error(v, "ring-page-order beyond max-ring-page-order");
        return -1;
    }
    if ( order >= 0 )
        n = 1u << order;
    for ( i = 0; i < n; i++ )
    {
        if ( order >= 0 )
            snprintf(key, sizeof(key), "ring-ref%u", i);
        else
            snprintf(key, sizeof(key), "ring-ref");
        ref = read_num(v->fe, key, -1);
        if ( ref < 0 || ref > UINT32_MAX )
        {
            report_error(v, "missing or bad ring-ref");
            return -1;
        }
        refs[i] = ref;
    }
    port = read_num(v->fe, "event-channel", -1);
    if ( port < 0 || port > UINT32_MAX )
    {
        report_error(v, "missing or bad event-channel");
        return -1;
    }
    proto = read_key(v->fe, "protocol");
    if ( proto && strcmp(proto, "x86_64-abi") )
    {
        free(proto);
        report_error(v, "unsupported protocol");
        return -1;
    }
    free(proto);
    pers = read_key(v->fe, "feature-persistent");
    v->persistent = pers && !strcmp(pers, "1");
    free(pers);

    v->ring_addr = xengnttab_map_domain_grant_refs(blk_gnt, n, v->domid, refs,
                                                   PROT_READ | PROT_WRITE);
    if ( !v->ring_addr )
    {
        report_error(v, "cannot map the ring");
        return -1;
    }
    v->ring_pages = n;
    lp = xenevtchn_bind_interdomain(blk_evtchn, v->domid, port);
    if ( lp < 0 )
    {
        xengnttab_unmap(blk_gnt, v->ring_addr, n);
        v->ring_addr = NULL;
        report_error(v, "cannot bind the event channel");
        return -1;
    }
    v->remote_port = port;
    v->local_port = lp;
    s = v->ring_addr;
    /* Where the responses are: 0 on a fresh ring, further after a restart. */
    rsp = s->rsp_prod;
    xen_rmb();
    BACK_RING_ATTACH(&v->ring, s, rsp, n * BLK_PAGE);
    v->connected = true;
    v->closing = false;
    if ( RING_REQUEST_PROD_OVERFLOW(&v->ring, s->req_prod) )
    {
        xb_hostile(v, "ring indexes out of range at connect");
        return -1;
    }
    blk_log("vbd %u/%u: connected, %u ring page%s, event channel %ld%s",
            v->domid, v->devid, n, n > 1 ? "s" : "", port,
            v->persistent ? ", persistent grants" : "");
    return 0;
}

/* Everything of the connection goes; then the state that was asked for. */
static void finish_disconnect(struct vbd *v)
{
    /* Answers of the requests that completed meanwhile go out first. */
    io_kick(v);
    io_drop_persistent(v);
    if ( v->ring_addr )
        xengnttab_unmap(blk_gnt, v->ring_addr, v->ring_pages);
    v->ring_addr = NULL;
    if ( v->connected )
        xenevtchn_unbind(blk_evtchn, v->local_port);
    v->connected = false;
    v->closing = false;
    v->hostile = false;
}

static void free_vbd(struct vbd *v)
{
    char path[160];
    struct vbd **pp;

    snprintf(path, sizeof(path), "%s/state", v->fe);
    xs_unwatch(xs, path, "fe");
    for ( pp = &devices; *pp != v; pp = &(*pp)->next )
        ;
    *pp = v->next;
    if ( v->fd >= 0 )
        close(v->fd);
    free(v->params);
    free(v);
}

/* target: the state to show once no I/O is left; 0 to free the vbd. */
static void disconnect(struct vbd *v, XenbusState target)
{
    if ( v->connected && !v->closing )
        blk_log("vbd %u/%u: disconnecting (%llu requests, %llu errors)",
                v->domid, v->devid, (unsigned long long)v->reqs,
                (unsigned long long)v->errors);
    v->closing = v->connected;
    v->target = target;
    if ( v->inflight )
        return;
    finish_disconnect(v);
    if ( target )
        set_state(v, target);
    else
        free_vbd(v);
}

void xb_maybe_release(struct vbd *v)
{
    if ( v->closing && !v->inflight )
        disconnect(v, v->target);
}

void xb_hostile(struct vbd *v, const char *why)
{
    char msg[160];

    snprintf(msg, sizeof(msg), "frontend disconnected: %s", why);
    report_error(v, msg);
    v->hostile = true;
    disconnect(v, XenbusStateClosing);
}

/* ---- the state machine ---- */

static struct vbd *new_vbd(uint32_t domid, uint32_t devid)
{
    struct vbd *v = calloc(1, sizeof(*v));
    char path[160], *fe;

    if ( !v )
        return NULL;
    v->domid = domid;
    v->devid = devid;
    v->fd = -1;
    snprintf(v->be, sizeof(v->be), BE_ROOT "/%u/%u", domid, devid);
    fe = read_key(v->be, "frontend");
    if ( fe )
        snprintf(v->fe, sizeof(v->fe), "%s", fe);
    else
        snprintf(v->fe, sizeof(v->fe), "/local/domain/%u/device/vbd/%u", domid,
                 devid);
    free(fe);
    v->state = read_num(v->be, "state", XenbusStateUnknown);
    snprintf(path, sizeof(path), "%s/state", v->fe);
    xs_watch(xs, path, "fe");
    v->next = devices;
    devices = v;
    return v;
}

static void evaluate(struct vbd *v)
{
    long online = read_num(v->be, "online", 0);
    long be_state = read_num(v->be, "state", XenbusStateUnknown);
    long fe_state = read_num(v->fe, "state", XenbusStateClosed);
    bool fresh = v->fd < 0;

    if ( v->closing )
        return; /* it finishes when its I/O does */
    /* The toolstack asks for a close with online 0 or state Closing. */
    if ( !online ||
         (be_state == XenbusStateClosing && v->state != be_state && !fresh) )
    {
        disconnect(v, XenbusStateClosed);
        return;
    }
    if ( fresh )
    {
        if ( v->failed )
            return; /* reported once */
        if ( open_image(v) )
        {
            v->failed = true;
            set_state(v, XenbusStateClosed);
            return;
        }
        write_features(v);
        /* A restart: a device this backend had connected stays so. */
        if ( be_state == XenbusStateConnected &&
             fe_state == XenbusStateConnected )
        {
            v->state = XenbusStateInitWait;
            if ( connect_ring(v) == 0 )
            {
                blk_log("vbd %u/%u: reattached after a restart", v->domid,
                        v->devid);
                v->state = XenbusStateConnected;
                io_service(v);
            }
            else if ( !v->connected )
                set_state(v, XenbusStateClosing);
            return;
        }
        v->state = XenbusStateUnknown;
        set_state(v, XenbusStateInitWait);
    }
    switch ( fe_state )
    {
    case XenbusStateInitialising:
    case XenbusStateUnknown:
        /* The frontend starts over: a closed device gets ready again. */
        if ( v->connected )
        {
            disconnect(v, XenbusStateInitWait);
            return;
        }
        if ( v->state == XenbusStateClosed || v->state == XenbusStateClosing )
            set_state(v, XenbusStateInitWait);
        break;
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if ( v->connected || v->state != XenbusStateInitWait )
            break;
        if ( connect_ring(v) )
        {
            if ( v->connected )
                return; /* hostile: already closing */
            set_state(v, XenbusStateClosing);
            return;
        }
        write_key(v->be, "sectors", "%llu", (unsigned long long)v->lim.sectors);
        set_state(v, XenbusStateConnected);
        io_service(v);
        break;
    case XenbusStateClosing:
        disconnect(v, XenbusStateClosing);
        break;
    case XenbusStateClosed:
    default:
        disconnect(v, XenbusStateClosed);
        break;
    }
}

static struct vbd *find(uint32_t domid, uint32_t devid)
{
    struct vbd *v;

    for ( v = devices; v; v = v->next )
        if ( v->domid == domid && v->devid == devid )
            return v;
    return NULL;
}

static bool parse_id(const char *s, uint32_t *out)
{
    char *end;
    unsigned long n = strtoul(s, &end, 10);

    if ( end == s || *end || n > UINT32_MAX )
        return false;
    *out = n;
    return true;
}

void xb_scan(void)
{
    unsigned int nd, nv, i, j;
    char **doms = xs_directory(xs, XBT_NULL, BE_ROOT, &nd);
    struct vbd *v, *next;

    for ( v = devices; v; v = v->next )
        v->seen = false;
    for ( i = 0; doms && i < nd; i++ )
    {
        char path[160], **devs;
        uint32_t domid, devid;

        if ( !parse_id(doms[i], &domid) )
            continue;
        snprintf(path, sizeof(path), BE_ROOT "/%s", doms[i]);
        devs = xs_directory(xs, XBT_NULL, path, &nv);
        for ( j = 0; devs && j < nv; j++ )
        {
            if ( !parse_id(devs[j], &devid) )
                continue;
            v = find(domid, devid);
            if ( !v && !(v = new_vbd(domid, devid)) )
                continue;
            v->seen = true;
        }
        free(devs);
    }
    free(doms);
    for ( v = devices; v; v = next )
    {
        next = v->next;
        if ( !v->seen )
        {
            /* Its nodes are gone: nothing to tell anyone. */
            if ( !v->target_free )
            {
                v->target_free = true;
                blk_log("vbd %u/%u: removed", v->domid, v->devid);
            }
            if ( v->closing )
                v->target = 0;
            else
                disconnect(v, 0);
        }
        else
            evaluate(v);
    }
}

/*
 * Events that arrive while a scan talks to xenstored are queued inside
 * libxenstore (the fd is drained meanwhile, so epoll would not say so
 * again): scan until a scan leaves none behind.
 */
void xb_handle_watch(void)
{
    char **ev;
    bool any;

    do
    {
        any = false;
        while ( (ev = xs_check_watch(xs)) )
        {
            free(ev);
            any = true;
        }
        if ( any )
            xb_scan();
    } while ( any );
}

void xb_evtchn_event(uint32_t port)
{
    struct vbd *v;

    for ( v = devices; v; v = v->next )
        if ( v->connected && !v->closing && v->local_port == port )
        {
            io_service(v);
            break;
        }
}

void xb_shutdown(void)
{
    while ( devices )
    {
        struct vbd *v = devices;

        /* In-flight I/O was drained by the caller. */
        v->inflight = 0;
        finish_disconnect(v);
        free_vbd(v);
    }
    xs_close(xs);
}
