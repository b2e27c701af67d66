/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * evtchn.c: libxenevtchn on the privcmd channel. Each handle opens its
 * own connection and turns it into an event endpoint; ports it binds are
 * delivered to it as 4-byte port numbers on a pipe.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <public/privcmd.h>
#include <xenctrl.h>
#include <xenevtchn.h>

struct xenevtchn_handle {
    xc_interface *xch;
    int pipe_fd;
};

xenevtchn_handle *xenevtchn_open(void *logger, unsigned int open_flags)
{
    xenevtchn_handle *xce = calloc(1, sizeof(*xce));

    (void)logger;
    (void)open_flags;
    if ( !xce )
        return NULL;
    xce->xch = xc_interface_open(NULL, NULL, 0);
    if ( !xce->xch ||
         xc_privcmd_call(xce->xch, PRIVCMD_OP_EVTCHN_OPEN, NULL, 0,
                         &xce->pipe_fd) ||
         xce->pipe_fd < 0 )
    {
        int saved = errno;

        xc_interface_close(xce->xch);
        free(xce);
        errno = saved ? saved : EPROTO;
        return NULL;
    }
    return xce;
}

int xenevtchn_close(xenevtchn_handle *xce)
{
    if ( !xce )
        return 0;
    close(xce->pipe_fd);
    xc_interface_close(xce->xch);
    free(xce);
    return 0;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
    return xce->pipe_fd;
}

/* EVTCHNOP_<cmd> with payload op (size len) on this handle's channel. */
static int evtchn_op(xenevtchn_handle *xce, uint32_t cmd, void *op, size_t len)
{
    struct {
        uint32_t cmd, pad;
        uint8_t op[64];
    } req = { .cmd = cmd };
    int rc;

    if ( len > sizeof(req.op) )
    {
        errno = EINVAL;
        return -1;
    }
    for ( size_t i = 0; i < len; i++ )
        req.op[i] = ((uint8_t *)op)[i];
    rc = xc_privcmd_call(xce->xch, __HYPERVISOR_event_channel_op, &req, 8 + len,
                         NULL);
    if ( !rc )
        for ( size_t i = 0; i < len; i++ )
            ((uint8_t *)op)[i] = req.op[i];
    return rc;
}

/*
 * Sent without waiting for the hypervisor's answer (privcmd.h says why):
 * a notify costs a message, not a round trip. A bad port is not reported.
 */
int xenevtchn_notify(xenevtchn_handle *xce, uint32_t port)
{
    struct {
        uint32_t cmd, pad;
        struct evtchn_send op;
    } req = { .cmd = EVTCHNOP_send, .op.port = port };

    return xc_privcmd_send(xce->xch, __HYPERVISOR_event_channel_op, &req,
                           sizeof(req));
}

xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
                                                      uint32_t domid)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = domid };

    return evtchn_op(xce, EVTCHNOP_alloc_unbound, &op, sizeof(op))
               ? -1
               : (int)op.port;
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
                                                     uint32_t domid,
                                                     uint32_t remote_port)
{
    struct evtchn_bind_interdomain op = {
        .remote_dom = domid,
        .remote_port = remote_port,
    };

    return evtchn_op(xce, EVTCHNOP_bind_interdomain, &op, sizeof(op))
               ? -1
               : (int)op.local_port;
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
                                              unsigned int virq)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };

    return evtchn_op(xce, EVTCHNOP_bind_virq, &op, sizeof(op)) ? -1
                                                               : (int)op.port;
}

int xenevtchn_unbind(xenevtchn_handle *xce, uint32_t port)
{
    struct evtchn_close op = { .port = port };

    return evtchn_op(xce, EVTCHNOP_close, &op, sizeof(op));
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
    uint32_t port;
    ssize_t n;

    do
    {
        n = read(xce->pipe_fd, &port, sizeof(port));
    } while ( n < 0 && errno == EINTR );
    if ( n != sizeof(port) )
    {
        if ( n >= 0 )
            errno = EAGAIN;
        return -1;
    }
    return port;
}

int xenevtchn_unmask(xenevtchn_handle *xce, uint32_t port)
{
    struct evtchn_unmask op = { .port = port };

    return evtchn_op(xce, EVTCHNOP_unmask, &op, sizeof(op));
}
