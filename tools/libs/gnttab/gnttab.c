/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * gnttab.c: libxengnttab on the privcmd channel. A map request pins the
 * grants in the hypervisor and comes back with each frame's offset in the
 * granter's RAM file and a descriptor of that file; the library maps
 * exactly those pages (nothing else of the domain) over a reserved range
 * and drops the descriptor at once. Each mapping is remembered with its
 * handles so that xengnttab_unmap can give the pins back.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/grant_table.h>
#include <public/privcmd.h>
#include <xenctrl.h>
#include <xengnttab.h>

#define PAGE 4096UL

/* Operations that fit one privcmd request of each kind. */
#define MAP_BATCH                                                              \
    ((PRIVCMD_MAX_PAYLOAD - sizeof(struct privcmd_gnttab_map)) /               \
     sizeof(struct gnttab_map_grant_ref))
#define UNMAP_BATCH                                                            \
    ((PRIVCMD_MAX_PAYLOAD - sizeof(struct privcmd_gnttab_op)) /                \
     sizeof(struct gnttab_unmap_grant_ref))

struct region {
    struct region *next;
    uint8_t *addr;
    uint32_t count;
    uint32_t handles[];
};

struct xengntdev_handle {
    xc_interface *xch;
    pthread_mutex_t lock;
    struct region *regions;
};

xengnttab_handle *xengnttab_open(void *logger, unsigned int open_flags)
{
    xengnttab_handle *xgt = calloc(1, sizeof(*xgt));

    (void)logger;
    (void)open_flags;
    if ( !xgt )
        return NULL;
    xgt->xch = xc_interface_open(NULL, NULL, 0);
    if ( !xgt->xch )
    {
        int saved = errno;

        free(xgt);
        errno = saved;
        return NULL;
    }
    pthread_mutex_init(&xgt->lock, NULL);
    return xgt;
}

int xengnttab_close(xengnttab_handle *xgt)
{
    struct region *r, *next;

    if ( !xgt )
        return 0;
    /* Closing the connection gives every pin back in the hypervisor. */
    for ( r = xgt->regions; r; r = next )
    {
        next = r->next;
        munmap(r->addr, r->count * PAGE);
        free(r);
    }
    xc_interface_close(xgt->xch);
    pthread_mutex_destroy(&xgt->lock);
    free(xgt);
    return 0;
}

static int gntst_errno(int16_t st)
{
    switch ( st )
    {
    case GNTST_bad_domain:
        return ESRCH;
    case GNTST_permission_denied:
        return EPERM;
    case GNTST_no_space:
    case GNTST_no_device_space:
        return ENOSPC;
    case GNTST_eagain:
        return EAGAIN;
    default:
        return EINVAL;
    }
}

/* Give back handles[0..n) in the hypervisor (the pages are unmapped). */
static int unmap_handles(xengnttab_handle *xgt, const uint32_t *handles,
                         uint32_t n)
{
    size_t size = sizeof(struct privcmd_gnttab_op) +
                  UNMAP_BATCH * sizeof(struct gnttab_unmap_grant_ref);
    uint8_t *buf = malloc(size);
    int rc = 0;

    if ( !buf )
        return -1;
    while ( n )
    {
        uint32_t k = n < UNMAP_BATCH ? n : UNMAP_BATCH, i;
        struct privcmd_gnttab_op *hdr = (struct privcmd_gnttab_op *)buf;
        struct gnttab_unmap_grant_ref *ops = (void *)(hdr + 1);

        hdr->cmd = GNTTABOP_unmap_grant_ref;
        hdr->count = k;
        for ( i = 0; i < k; i++ )
            ops[i] = (struct gnttab_unmap_grant_ref){ .handle = handles[i] };
        if ( xc_privcmd_call(xgt->xch, __HYPERVISOR_grant_table_op, buf,
                             sizeof(*hdr) + k * sizeof(*ops), NULL) < 0 )
            rc = -1;
        else
            for ( i = 0; i < k; i++ )
                if ( ops[i].status != GNTST_okay )
                {
                    errno = gntst_errno(ops[i].status);
                    rc = -1;
                }
        handles += k;
        n -= k;
    }
    free(buf);
    return rc;
}

/*
 * Map refs[0..n) of domid (n <= MAP_BATCH) at addr: their handles go to
 * handles[]. 0, or -1 with errno and nothing of this batch left pinned.
 */
static int map_batch(xengnttab_handle *xgt, uint8_t *addr, uint32_t domid,
                     const uint32_t *refs, uint32_t n, int prot,
                     uint32_t *handles)
{
    size_t size = sizeof(struct privcmd_gnttab_map) +
                  n * sizeof(struct gnttab_map_grant_ref);
    struct privcmd_gnttab_map *req = calloc(1, size);
    uint32_t flags = GNTMAP_host_map, i, run;
    int fd = -1, rc = -1, err = 0;

    if ( !req )
        return -1;
    if ( !(prot & PROT_WRITE) )
        flags |= GNTMAP_readonly;
    req->count = n;
    for ( i = 0; i < n; i++ )
    {
        req->ops[i].flags = flags;
        req->ops[i].ref = refs[i];
        req->ops[i].dom = domid;
    }
    if ( xc_privcmd_call(xgt->xch, PRIVCMD_OP_GNTTAB_MAP, req, size, &fd) < 0 )
        goto out;
    for ( i = 0; i < n; i++ )
        if ( req->ops[i].status != GNTST_okay )
        {
            /* The hypervisor left none of them mapped. */
            errno = gntst_errno(req->ops[i].status);
            goto out;
        }
    if ( fd < 0 )
    {
        errno = EPROTO;
        goto out;
    }
    /* Consecutive frames of the file become one mapping. */
    for ( i = 0; i < n; i += run )
    {
        for ( run = 1; i + run < n && req->ops[i + run].dev_bus_addr ==
                                          req->ops[i].dev_bus_addr + run * PAGE;
              run++ )
            ;
        if ( mmap(addr + i * PAGE, run * PAGE, prot, MAP_SHARED | MAP_FIXED, fd,
                  req->ops[i].dev_bus_addr) == MAP_FAILED )
        {
            err = errno;
            break;
        }
    }
    for ( i = 0; i < n; i++ )
        handles[i] = req->ops[i].handle;
    if ( err )
    {
        unmap_handles(xgt, handles, n);
        errno = err;
        goto out;
    }
    rc = 0;
out:
    if ( fd >= 0 )
        close(fd);
    free(req);
    return rc;
}

void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
                               uint32_t *domids, uint32_t *refs, int prot)
{
    struct region *r;
    uint32_t done = 0, n;
    uint8_t *addr;
    int saved;

    if ( !count || count > (1u << 20) || (prot & ~(PROT_READ | PROT_WRITE)) )
    {
        errno = EINVAL;
        return NULL;
    }
    r = malloc(sizeof(*r) + count * sizeof(r->handles[0]));
    if ( !r )
        return NULL;
    /* A range of our own, filled page by page with the grants. */
    addr = mmap(NULL, count * PAGE, PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if ( addr == MAP_FAILED )
    {
        free(r);
        return NULL;
    }
    while ( done < count )
    {
        /* One request serves one domain. */
        for ( n = 1; done + n < count && n < MAP_BATCH &&
                     domids[done + n] == domids[done];
              n++ )
            ;
        if ( map_batch(xgt, addr + done * PAGE, domids[done], refs + done, n,
                       prot, r->handles + done) )
            goto fail;
        done += n;
    }
    r->addr = addr;
    r->count = count;
    pthread_mutex_lock(&xgt->lock);
    r->next = xgt->regions;
    xgt->regions = r;
    pthread_mutex_unlock(&xgt->lock);
    return addr;

fail:
    saved = errno;
    munmap(addr, count * PAGE);
    unmap_handles(xgt, r->handles, done);
    free(r);
    errno = saved;
    return NULL;
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
                                      uint32_t domid, uint32_t *refs, int prot)
{
    uint32_t *domids, i;
    void *p;

    if ( !count || count > (1u << 20) )
    {
        errno = EINVAL;
        return NULL;
    }
    domids = malloc(count * sizeof(*domids));
    if ( !domids )
        return NULL;
    for ( i = 0; i < count; i++ )
        domids[i] = domid;
    p = xengnttab_map_grant_refs(xgt, count, domids, refs, prot);
    i = errno;
    free(domids);
    errno = i;
    return p;
}

void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
                              uint32_t ref, int prot)
{
    return xengnttab_map_grant_refs(xgt, 1, &domid, &ref, prot);
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count)
{
    struct region **pp, *r;
    int rc;

    pthread_mutex_lock(&xgt->lock);
    for ( pp = &xgt->regions; *pp && (*pp)->addr != start_address;
          pp = &(*pp)->next )
        ;
    r = *pp;
    if ( !r || r->count != count )
    {
        pthread_mutex_unlock(&xgt->lock);
        errno = EINVAL;
        return -1;
    }
    *pp = r->next;
    pthread_mutex_unlock(&xgt->lock);
    /* Our pages first: the grant is only given back once we cannot reach it. */
    munmap(r->addr, r->count * PAGE);
    rc = unmap_handles(xgt, r->handles, r->count);
    free(r);
    return rc;
}

int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
    struct privcmd_gnttab_set_max m = { .max_grants = nr_grants };

    return xc_privcmd_call(xgt->xch, PRIVCMD_OP_GNTTAB_SET_MAX, &m, sizeof(m),
                           NULL) < 0
               ? -1
               : 0;
}

/*
 * Copies: our own side of each copy travels in the request, packed after
 * the array (the hypervisor finds it at u.gmfn from the array's start)
 * and what the hypervisor wrote comes back in the reply.
 */
static int copy_batch(xengnttab_handle *xgt, xengnttab_grant_copy_segment_t *s,
                      uint32_t n, uint8_t *buf)
{
    struct privcmd_gnttab_op *hdr = (struct privcmd_gnttab_op *)buf;
    struct gnttab_copy *ops = (struct gnttab_copy *)(hdr + 1);
    size_t at = n * sizeof(*ops);
    uint32_t i;

    hdr->cmd = GNTTABOP_copy;
    hdr->count = n;
    for ( i = 0; i < n; i++ )
    {
        struct gnttab_copy *op = &ops[i];

        memset(op, 0, sizeof(*op));
        op->len = s[i].len;
        op->flags = s[i].flags & (GNTCOPY_source_gref | GNTCOPY_dest_gref);
        if ( op->flags & GNTCOPY_source_gref )
        {
            op->source.u.ref = s[i].source.foreign.ref;
            op->source.offset = s[i].source.foreign.offset;
            op->source.domid = s[i].source.foreign.domid;
        }
        else
        {
            op->source.domid = DOMID_SELF;
            op->source.u.gmfn = at;
            memcpy((uint8_t *)ops + at, s[i].source.virt, s[i].len);
            at += s[i].len;
        }
        if ( op->flags & GNTCOPY_dest_gref )
        {
            op->dest.u.ref = s[i].dest.foreign.ref;
            op->dest.offset = s[i].dest.foreign.offset;
            op->dest.domid = s[i].dest.foreign.domid;
        }
        else
        {
            op->dest.domid = DOMID_SELF;
            op->dest.u.gmfn = at;
            at += s[i].len;
        }
    }
    if ( xc_privcmd_call(xgt->xch, __HYPERVISOR_grant_table_op, buf,
                         sizeof(*hdr) + at, NULL) < 0 )
        return -1;
    for ( i = 0; i < n; i++ )
    {
        s[i].status = ops[i].status;
        if ( ops[i].status == GNTST_okay &&
             !(ops[i].flags & GNTCOPY_dest_gref) )
            memcpy(s[i].dest.virt, (uint8_t *)ops + ops[i].dest.u.gmfn,
                   s[i].len);
    }
    return 0;
}

int xengnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
                         xengnttab_grant_copy_segment_t *segs)
{
    const size_t room = PRIVCMD_MAX_PAYLOAD - sizeof(struct privcmd_gnttab_op);
    uint8_t *buf;
    uint32_t i, start = 0;
    size_t used = 0;
    int rc = 0;

    for ( i = 0; i < count; i++ )
        if ( segs[i].len > PAGE )
        {
            errno = EINVAL;
            return -1;
        }
    buf = malloc(PRIVCMD_MAX_PAYLOAD);
    if ( !buf )
        return -1;
    for ( i = 0; i <= count && !rc; i++ )
    {
        size_t need = 0;

        if ( i < count )
        {
            need = sizeof(struct gnttab_copy);
            need += (segs[i].flags & GNTCOPY_source_gref) ? 0 : segs[i].len;
            need += (segs[i].flags & GNTCOPY_dest_gref) ? 0 : segs[i].len;
        }
        if ( i == count || used + need > room )
        {
            if ( i > start )
                rc = copy_batch(xgt, segs + start, i - start, buf);
            start = i;
            used = 0;
        }
        used += need;
    }
    free(buf);
    return rc;
}
