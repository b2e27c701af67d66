/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_privcmd.c: the client end of the privcmd channel: connect to the
 * hypervisor's socket, send one request, receive its reply (and any file
 * descriptor passed with it). One request at a time per handle.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/privcmd.h>
#include <xenctrl.h>

struct xc_interface_core {
    int fd;
    pthread_mutex_t lock;
};

const char *xc_rundir(void)
{
    const char *dir = getenv("XEN_RUNDIR");

    return dir && *dir ? dir : XEN_DEFAULT_RUNDIR;
}

xc_interface *xc_interface_open(void *logger, void *dombuild_logger,
                                unsigned int open_flags)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    xc_interface *xch = NULL;
    int fd = -1, saved;

    (void)logger;
    (void)dombuild_logger;
    (void)open_flags;
    if ( snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s", xc_rundir(),
                  PRIVCMD_SOCKET_NAME) >= (int)sizeof(addr.sun_path) )
    {
        errno = ENAMETOOLONG;
        goto fail;
    }
    fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        goto fail;
    if ( connect(fd, (struct sockaddr *)&addr, sizeof(addr)) )
        goto fail;
    xch = calloc(1, sizeof(*xch));
    if ( !xch )
        goto fail;
    xch->fd = fd;
    pthread_mutex_init(&xch->lock, NULL);
    return xch;

fail:
    saved = errno;
    if ( fd >= 0 )
        close(fd);
    errno = saved;
    return NULL;
}

int xc_interface_close(xc_interface *xch)
{
    if ( !xch )
        return 0;
    close(xch->fd);
    pthread_mutex_destroy(&xch->lock);
    free(xch);
    return 0;
}

static int send_request(int fd, uint32_t op, const void *buf, uint32_t len)
{
    struct privcmd_request req = { .op = op, .length = len };
    struct iovec iov[2] = {
        { .iov_base = &req, .iov_len = sizeof(req) },
        { .iov_base = (void *)buf, .iov_len = len },
    };
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

    return sendmsg(fd, &msg, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

static uint8_t *reply_buffer(void)
{
    static __thread uint8_t *buf;

    if ( !buf )
        buf = malloc(sizeof(struct privcmd_reply) + PRIVCMD_MAX_PAYLOAD);
    return buf;
}

int xc_privcmd_call(xc_interface *xch, uint32_t op, void *buf, uint32_t len,
                    int *fd_out)
{
    union {
        struct cmsghdr hdr;
        char space[CMSG_SPACE(sizeof(int))];
    } cmsg;
    uint8_t *rbuf = reply_buffer();
    struct privcmd_reply rsp;
    struct iovec iov;
    struct msghdr msg = { .msg_iov = &iov,
                          .msg_iovlen = 1,
                          .msg_control = cmsg.space,
                          .msg_controllen = sizeof(cmsg.space) };
    struct cmsghdr *c;
    ssize_t n;
    int rc = -1;

    if ( fd_out )
        *fd_out = -1;
    if ( !rbuf || len > PRIVCMD_MAX_PAYLOAD )
    {
        errno = rbuf ? E2BIG : ENOMEM;
        return -1;
    }
    iov.iov_base = rbuf;
    iov.iov_len = sizeof(rsp) + PRIVCMD_MAX_PAYLOAD;

    pthread_mutex_lock(&xch->lock);
    if ( send_request(xch->fd, op, buf, len) )
        goto out;
    do
    {
        n = recvmsg(xch->fd, &msg, MSG_CMSG_CLOEXEC);
    } while ( n < 0 && errno == EINTR );
    if ( n < (ssize_t)sizeof(rsp) )
    {
        if ( n >= 0 )
            errno = EPROTO;
        goto out;
    }
    memcpy(&rsp, rbuf, sizeof(rsp));
    for ( c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c) )
        if ( c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS )
        {
            int fd;

            memcpy(&fd, CMSG_DATA(c), sizeof(fd));
            if ( fd_out )
                *fd_out = fd;
            else
                close(fd);
        }
    if ( rsp.rc < 0 )
    {
        errno = -rsp.rc;
        goto out;
    }
    if ( rsp.length && rsp.length <= len &&
         (size_t)n >= sizeof(rsp) + rsp.length )
        memcpy(buf, rbuf + sizeof(rsp), rsp.length);
    rc = rsp.rc;
out:
    pthread_mutex_unlock(&xch->lock);
    return rc;
}

int xc_privcmd_send(xc_interface *xch, uint32_t op, const void *buf,
                    uint32_t len)
{
    int rc;

    if ( len > PRIVCMD_MAX_PAYLOAD )
    {
        errno = E2BIG;
        return -1;
    }
    pthread_mutex_lock(&xch->lock);
    rc = send_request(xch->fd, op | PRIVCMD_FLAG_NO_REPLY, buf, len);
    pthread_mutex_unlock(&xch->lock);
    return rc;
}

int xc_domctl(xc_interface *xch, struct xen_domctl *op)
{
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return xc_privcmd_call(xch, __HYPERVISOR_domctl, op, sizeof(*op), NULL);
}

int xc_sysctl(xc_interface *xch, struct xen_sysctl *op)
{
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return xc_privcmd_call(xch, __HYPERVISOR_sysctl, op, sizeof(*op), NULL);
}
