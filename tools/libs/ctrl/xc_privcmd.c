/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xc_privcmd.c: the client end of the privcmd channel: connect to the
 * hypervisor's socket, send one request, receive its reply (and any file
 * descriptor passed with it). One request at a time per handle. The
 * server must be root's: a local user listening in its place would get
 * root's requests and could answer them with anything.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/privcmd.h>
#include <xenctrl.h>

struct xc_interface_core {
    int fd;
    pid_t server_pid; /* from the connection's peer credentials */
    pthread_mutex_t lock;
};

const char *xc_rundir(void)
{
    const char *dir = getenv("XEN_RUNDIR");

    return dir && *dir ? dir : XEN_DEFAULT_RUNDIR;
}

/*
 * The server's credentials are those it had when it started listening.
 * Trusted: root, or our own user (tests run daemons and tools as one
 * ordinary user; for root this is uid 0 alone).
 */
static int check_server(int fd, const char *path, pid_t *pid)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    if ( getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) )
        return -1;
    if ( cred.uid != 0 && cred.uid != geteuid() )
    {
        fprintf(stderr,
                "libxenctrl: %s is served by uid %u (pid %d), not root: "
                "not using it\n",
                path, (unsigned int)cred.uid, (int)cred.pid);
        errno = EPERM;
        return -1;
    }
    *pid = cred.pid;
    return 0;
}

xc_interface *xc_interface_open(void *logger, void *dombuild_logger,
                                unsigned int open_flags)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    xc_interface *xch = NULL;
    int fd = -1, saved;
    pid_t pid;

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
    if ( connect(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
         check_server(fd, addr.sun_path, &pid) )
        goto fail;
    xch = calloc(1, sizeof(*xch));
    if ( !xch )
        goto fail;
    xch->fd = fd;
    xch->server_pid = pid;
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

int xc_hypervisor_signal(xc_interface *xch, int sig)
{
    struct pollfd pfd = { .fd = xch->fd, .events = POLLIN };
    int pidfd = syscall(SYS_pidfd_open, xch->server_pid, 0), rc;

    if ( pidfd < 0 )
        return -1;
    /*
     * A process's sockets close before its pid can be reused: while the
     * server still holds its end of our connection, pidfd is the server.
     */
    if ( poll(&pfd, 1, 0) < 0 || (pfd.revents & (POLLHUP | POLLERR)) )
    {
        close(pidfd);
        errno = ESRCH;
        return -1;
    }
    rc = syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
    if ( rc )
        rc = errno;
    close(pidfd);
    errno = rc;
    return rc ? -1 : 0;
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
