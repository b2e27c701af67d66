/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * socket.c: the socket calls of net.h, common to TCP and UDP, each
 * handing over to its protocol.
 */
#include "net_internal.h"

struct net_sock *net_socket(struct net_stack *st, enum net_sock_type type)
{
    struct net_sock *s;

    if ( (type != NET_SOCK_TCP && type != NET_SOCK_UDP) ||
         st->nr_socks >= st->cfg.max_sockets )
        return NULL;
    s = calloc(1, sizeof(*s));
    if ( !s )
        return NULL;
    s->st = st;
    s->type = type;
    s->next = st->socks;
    st->socks = s;
    st->nr_socks++;
    return s;
}

void net_sock_free(struct net_sock *s)
{
    struct net_stack *st = s->st;
    struct net_sock **pp;

    for ( pp = &st->socks; *pp; pp = &(*pp)->next )
        if ( *pp == s )
        {
            *pp = s->next;
            st->nr_socks--;
            break;
        }
    if ( s->type == NET_SOCK_TCP )
        free(s->tcp.sbuf); /* rbuf shares the allocation */
    free(s);
}

int net_bind(struct net_sock *s, uint32_t addr, uint16_t port)
{
    struct net_stack *st = s->st;

    if ( s->bound || (s->type == NET_SOCK_TCP && s->tcp.state != TCP_CLOSED) )
        return -NET_EINVAL;
    if ( addr && !ip_is_local(st, addr) )
        return -NET_EADDRNOTAVAIL;
    if ( !port )
    {
        port = net_ephemeral_port(st, s->type);
        if ( !port )
            return -NET_EADDRINUSE;
    }
    else if ( net_port_in_use(st, s->type, addr, port) )
        return -NET_EADDRINUSE;
    s->laddr = addr;
    s->lport = port;
    s->bound = true;
    return 0;
}

int net_listen(struct net_sock *s, unsigned int backlog)
{
    if ( s->type != NET_SOCK_TCP )
        return -NET_EOPNOTSUPP;
    return tcp_listen(s, backlog);
}

int net_accept(struct net_sock *s, struct net_sock **conn)
{
    if ( s->type != NET_SOCK_TCP )
        return -NET_EOPNOTSUPP;
    return tcp_accept(s, conn);
}

int net_connect(struct net_sock *s, uint32_t addr, uint16_t port)
{
    if ( s->type == NET_SOCK_TCP )
        return tcp_connect(s, addr, port);
    if ( !addr || !port )
        return -NET_EINVAL;
    if ( !s->bound )
    {
        int rc = net_bind(s, 0, 0);

        if ( rc )
            return rc;
    }
    s->raddr = addr;
    s->rport = port;
    return 0;
}

long net_send(struct net_sock *s, const void *buf, size_t len)
{
    if ( s->type == NET_SOCK_TCP )
        return tcp_send(s, buf, len);
    if ( !s->raddr )
        return -NET_ENOTCONN;
    return udp_sendto(s, buf, len, s->raddr, s->rport);
}

long net_recv(struct net_sock *s, void *buf, size_t len)
{
    if ( s->type == NET_SOCK_TCP )
        return tcp_recv(s, buf, len);
    return udp_recvfrom(s, buf, len, NULL, NULL);
}

long net_sendto(struct net_sock *s, const void *buf, size_t len, uint32_t addr,
                uint16_t port)
{
    if ( s->type != NET_SOCK_UDP )
        return -NET_EOPNOTSUPP;
    return udp_sendto(s, buf, len, addr, port);
}

long net_recvfrom(struct net_sock *s, void *buf, size_t len, uint32_t *addr,
                  uint16_t *port)
{
    if ( s->type != NET_SOCK_UDP )
        return -NET_EOPNOTSUPP;
    return udp_recvfrom(s, buf, len, addr, port);
}

int net_shutdown(struct net_sock *s)
{
    if ( s->type != NET_SOCK_TCP )
        return -NET_EOPNOTSUPP;
    return tcp_shutdown(s);
}

void net_close(struct net_sock *s)
{
    if ( !s )
        return;
    if ( s->type == NET_SOCK_TCP )
    {
        tcp_close(s);
        return;
    }
    udp_release(s);
    net_sock_free(s);
}

unsigned int net_events(const struct net_sock *s)
{
    if ( s->type == NET_SOCK_TCP )
        return tcp_events(s);
    return (s->udp.head ? NET_EV_READ : 0) | NET_EV_WRITE;
}

int net_sock_error(const struct net_sock *s)
{
    return s->error;
}

void net_sock_addr(const struct net_sock *s, uint32_t *laddr, uint16_t *lport,
                   uint32_t *raddr, uint16_t *rport)
{
    if ( laddr )
        *laddr = s->laddr;
    if ( lport )
        *lport = s->lport;
    if ( raddr )
        *raddr = s->raddr;
    if ( rport )
        *rport = s->rport;
}

void net_sock_set_user(struct net_sock *s, void *user)
{
    s->user = user;
}

void *net_sock_user(const struct net_sock *s)
{
    return s->user;
}

struct net_stack *net_sock_stack(const struct net_sock *s)
{
    return s->st;
}

enum tcp_state net_tcp_state(const struct net_sock *s)
{
    return s->type == NET_SOCK_TCP ? s->tcp.state : TCP_CLOSED;
}

unsigned int net_tcp_count(const struct net_stack *st, enum tcp_state state)
{
    const struct net_sock *s;
    unsigned int n = 0;

    if ( state == TCP_TIME_WAIT )
        n = st->nr_timewait;
    for ( s = st->socks; s; s = s->next )
        if ( s->type == NET_SOCK_TCP && s->tcp.state == state )
            n++;
    return n;
}
