/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * privcmd.c: the server end of the privcmd channel. Domain 0 programs
 * (the toolstack, consoles, backends) connect to a Unix socket in the run
 * directory; peer credentials decide who is domain 0 (uid 0), everyone
 * else is refused. The socket itself is world-connectable so that the
 * credential check, not file modes, is the one gate. Each packet is one request, answered by one reply
 * (wire format: public/privcmd.h, docs/design/internals.md).
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/domctl.h>
#include <public/privcmd.h>
#include <public/sysctl.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/privcmd.h>

#define MAX_CLIENTS 1024

struct privcmd_conn {
    int fd;
    struct dom0_evtchn_endpoint *endpoint; /* after EVTCHN_OPEN */
    struct gnttab_client *gnttab; /* at its first grant operation */
};

static struct privcmd_conn conns[MAX_CLIENTS];
static unsigned int nr_conns;

/* One request or reply: header + payload. */
static uint8_t req_buf[sizeof(struct privcmd_request) + PRIVCMD_MAX_PAYLOAD];
static uint8_t rsp_buf[sizeof(struct privcmd_reply) + PRIVCMD_MAX_PAYLOAD];
/* The payload handlers work on: an aligned copy of the request's. */
static uint8_t req_payload[PRIVCMD_MAX_PAYLOAD] __attribute__((aligned(16)));

int privcmd_listen(const char *rundir)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd, rc;

    rc = snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s", rundir,
                  PRIVCMD_SOCKET_NAME);
    if ( rc < 0 || (size_t)rc >= sizeof(addr.sun_path) )
        return -ENAMETOOLONG;
    fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        return -errno;
    unlink(addr.sun_path);
    if ( bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
         chmod(addr.sun_path, 0666) || listen(fd, 64) )
    {
        rc = -errno;
        close(fd);
        return rc;
    }
    return fd;
}

static int send_reply(int fd, int32_t rc, const void *payload, uint32_t len,
                      int pass_fd)
{
    struct privcmd_reply *rsp = (struct privcmd_reply *)rsp_buf;
    union {
        struct cmsghdr hdr;
        char buf[CMSG_SPACE(sizeof(int))];
    } cmsg;
    struct iovec iov;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

    rsp->rc = rc;
    rsp->length = len;
    if ( len )
        memcpy(rsp + 1, payload, len);
    iov.iov_base = rsp_buf;
    iov.iov_len = sizeof(*rsp) + len;
    if ( pass_fd >= 0 )
    {
        memset(&cmsg, 0, sizeof(cmsg));
        msg.msg_control = cmsg.buf;
        msg.msg_controllen = sizeof(cmsg.buf);
        cmsg.hdr.cmsg_level = SOL_SOCKET;
        cmsg.hdr.cmsg_type = SCM_RIGHTS;
        cmsg.hdr.cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(&cmsg.hdr), &pass_fd, sizeof(int));
    }
    return sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* Hypercalls domain 0 may pass through, with payload {cmd, pad, struct}. */
static long forward_hypercall(uint32_t op, uint8_t *payload, uint32_t len)
{
    uint32_t cmd;
    uint64_t arg;

    if ( len < 8 )
        return -EINVAL;
    memcpy(&cmd, payload, sizeof(cmd));
    arg = (uintptr_t)(payload + 8);
    guest_access_set_dom0_buffer(payload + 8, len - 8);

    switch ( op )
    {
    case __HYPERVISOR_event_channel_op:
        return do_event_channel_op(cmd, arg);
    case __HYPERVISOR_memory_op:
        return do_memory_op(cmd, arg);
    case __HYPERVISOR_xen_version:
        return do_xen_version(cmd, arg);
    case __HYPERVISOR_sched_op:
        return do_sched_op(cmd, arg);
    case __HYPERVISOR_mmuext_op:
        /* cmd is the target domain; an array of mmuext_op follows. */
        return do_mmuext_op(arg, (len - 8) / sizeof(struct mmuext_op), 0, cmd);
    default:
        return -ENOSYS;
    }
}

static long map_foreign(uint8_t *payload, uint32_t len, int *pass_fd)
{
    struct privcmd_map_foreign mf;
    struct domain *d;

    if ( len != sizeof(mf) )
        return -EINVAL;
    memcpy(&mf, payload, sizeof(mf));
    d = get_domain_by_id(mf.domid);
    if ( !d )
        return -ESRCH;
    if ( d->ram_fd < 0 )
    {
        put_domain(d);
        return -EINVAL;
    }
    *pass_fd = dup(d->ram_fd);
    mf.size = d->max_pages << PAGE_SHIFT;
    put_domain(d);
    if ( *pass_fd < 0 )
        return -errno;
    memcpy(payload, &mf, sizeof(mf));
    return 0;
}

static long evtchn_open(struct privcmd_conn *c, int *pass_fd)
{
    if ( c->endpoint )
        return -EBUSY;
    c->endpoint = dom0_evtchn_endpoint_open(pass_fd);
    return c->endpoint ? 0 : -ENOMEM;
}

/* Grant operations, whose mappings belong to the connection. */
static long grant_request(struct privcmd_conn *c, uint32_t op, uint8_t *payload,
                          uint32_t len, int *pass_fd)
{
    if ( !c->gnttab && !(c->gnttab = gnttab_client_open()) )
        return -ENOMEM;
    switch ( op )
    {
    case PRIVCMD_OP_GNTTAB_MAP:
        return gnttab_privcmd_map(c->gnttab, payload, len, pass_fd);
    case PRIVCMD_OP_GNTTAB_SET_MAX:
        return gnttab_privcmd_set_max(c->gnttab, payload, len);
    default:
        return gnttab_privcmd_hypercall(c->gnttab, payload, len);
    }
}

static long handle_request(struct privcmd_conn *c, uint32_t op,
                           uint8_t *payload, uint32_t len, int *pass_fd)
{
    switch ( op )
    {
    case __HYPERVISOR_grant_table_op:
    case PRIVCMD_OP_GNTTAB_MAP:
    case PRIVCMD_OP_GNTTAB_SET_MAX:
        return grant_request(c, op, payload, len, pass_fd);
    case __HYPERVISOR_domctl:
        if ( len != sizeof(struct xen_domctl) )
            return -EINVAL;
        return do_domctl((struct xen_domctl *)payload);
    case __HYPERVISOR_sysctl:
        if ( len != sizeof(struct xen_sysctl) )
            return -EINVAL;
        return do_sysctl((struct xen_sysctl *)payload);
    case PRIVCMD_OP_MAP_FOREIGN:
        return map_foreign(payload, len, pass_fd);
    case PRIVCMD_OP_EVTCHN_OPEN:
        return evtchn_open(c, pass_fd);
    default:
        return forward_hypercall(op, payload, len);
    }
}

/* Returns false when the connection should be closed. */
static bool serve_one(struct privcmd_conn *c)
{
    struct privcmd_request *req = (struct privcmd_request *)req_buf;
    struct iovec iov = { .iov_base = req_buf, .iov_len = sizeof(req_buf) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    ssize_t n = recvmsg(c->fd, &msg, MSG_DONTWAIT);
    int pass_fd = -1;
    bool no_reply;
    long rc;
    uint32_t len;

    if ( n <= 0 )
        return n < 0 && (errno == EAGAIN || errno == EINTR);
    no_reply = (size_t)n >= sizeof(*req) && (req->op & PRIVCMD_FLAG_NO_REPLY);
    if ( (msg.msg_flags & MSG_TRUNC) || (size_t)n < sizeof(*req) ||
         req->length != (size_t)n - sizeof(*req) )
        return no_reply || send_reply(c->fd, -EMSGSIZE, NULL, 0, -1) == 0;

    len = req->length;
    memcpy(req_payload, req + 1, len);
    current = hardware_domain->vcpu[0];
    current_dom0_endpoint = c->endpoint;
    rc = handle_request(c, req->op & ~PRIVCMD_FLAG_NO_REPLY, req_payload, len,
                        &pass_fd);
    current_dom0_endpoint = NULL;
    guest_access_set_dom0_buffer(NULL, 0);
    current = NULL;

    if ( no_reply )
    {
        if ( rc < 0 )
            xlog(LOG_DEBUG, "privcmd op %#x without reply failed: %ld",
                 req->op & ~PRIVCMD_FLAG_NO_REPLY, rc);
        if ( pass_fd >= 0 )
            close(pass_fd);
        return true;
    }
    n = send_reply(c->fd, rc, req_payload, rc < 0 ? 0 : len, pass_fd);
    if ( pass_fd >= 0 )
        close(pass_fd);
    return n == 0;
}

static void close_conn(unsigned int i)
{
    if ( conns[i].endpoint )
        dom0_evtchn_endpoint_close(conns[i].endpoint);
    gnttab_client_close(conns[i].gnttab);
    close(conns[i].fd);
    conns[i] = conns[--nr_conns];
}

static void accept_conn(int listen_fd)
{
    struct ucred cred = { .uid = (uid_t)-1 };
    socklen_t len = sizeof(cred);
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

    if ( fd < 0 )
        return;
    if ( getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid != 0 )
    {
        /* Any local user can do this in a loop: rate-limited logging. */
        privcmd_refusal((int)cred.uid, (int)cred.pid);
        send_reply(fd, -EPERM, NULL, 0, -1);
        close(fd);
        return;
    }
    if ( nr_conns == MAX_CLIENTS )
    {
        send_reply(fd, -EBUSY, NULL, 0, -1);
        close(fd);
        return;
    }
    conns[nr_conns++] = (struct privcmd_conn){ .fd = fd };
}

void privcmd_serve(int listen_fd, volatile sig_atomic_t *stop)
{
    static struct pollfd pfds[MAX_CLIENTS + 1];

    while ( !*stop )
    {
        unsigned int i, n = nr_conns;

        privcmd_refusals_tick();
        pfds[0] = (struct pollfd){ .fd = listen_fd, .events = POLLIN };
        for ( i = 0; i < n; i++ )
            pfds[i + 1] =
                (struct pollfd){ .fd = conns[i].fd, .events = POLLIN };
        if ( poll(pfds, n + 1, 1000) <= 0 )
        {
            if ( dump_requested )
            {
                dump_requested = 0;
                dump_all_domains();
            }
            continue;
        }

        /* Walk backwards: close_conn() moves the last entry into slot i. */
        for ( i = n; i-- > 0; )
        {
            short ev = pfds[i + 1].revents;

            if ( !ev )
                continue;
            if ( !(ev & POLLIN) || !serve_one(&conns[i]) )
                close_conn(i);
        }
        if ( pfds[0].revents & POLLIN )
            accept_conn(listen_fd);
    }
    while ( nr_conns )
        close_conn(nr_conns - 1);
}
