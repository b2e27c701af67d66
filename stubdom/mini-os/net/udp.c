/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * udp.c: UDP (RFC 768). A datagram is checked (length against the IP
 * payload, checksum unless zero or already validated) and queued on the
 * socket bound to its port, up to UDP_QUEUE_MAX bytes; port 68 belongs
 * to the DHCP client while it runs. Datagrams for no socket get an
 * ICMP port unreachable.
 */
#include "net_internal.h"

#define UDP_QUEUE_MAX (64 * 1024)
#define DHCP_CLIENT_PORT 68

static struct net_sock *find_socket(struct net_stack *st, uint32_t src,
                                    uint16_t sport, uint32_t dst,
                                    uint16_t dport)
{
    struct net_sock *s;

    for ( s = st->socks; s; s = s->next )
    {
        if ( s->type != NET_SOCK_UDP || !s->bound || s->lport != dport )
            continue;
        if ( s->laddr && s->laddr != dst )
            continue;
        if ( s->raddr && (s->raddr != src || s->rport != sport) )
            continue;
        return s;
    }
    return NULL;
}

void udp_input(struct net_stack *st, uint32_t src, uint32_t dst,
               const uint8_t *pkt, size_t len, unsigned int flags,
               const uint8_t *ip_pkt, size_t ip_len)
{
    struct udp_dgram *d;
    struct net_sock *s;
    size_t ulen;
    uint16_t sport, dport;

    if ( len < UDP_HLEN )
        goto drop;
    ulen = get16(pkt + 4);
    if ( ulen < UDP_HLEN || ulen > len )
        goto drop;
    if ( get16(pkt + 6) && !(flags & NET_RX_CSUM_VALID) &&
         csum_fold(csum_add(csum_pseudo(src, dst, IP_PROTO_UDP, ulen), pkt,
                            ulen)) != 0 )
        goto drop;
    sport = get16(pkt);
    dport = get16(pkt + 2);
    if ( !sport )
        goto drop;
    if ( dport == DHCP_CLIENT_PORT &&
         dhcp_input(st, sport, pkt + UDP_HLEN, ulen - UDP_HLEN) )
        return;
    if ( !st->cfg.addr )
        goto drop; /* only DHCP before we have an address */
    s = find_socket(st, src, sport, dst, dport);
    if ( !s )
    {
        if ( ip_is_local(st, dst) )
            icmp_port_unreachable(st, ip_pkt, ip_len);
        goto drop;
    }
    if ( s->udp.queued + ulen > UDP_QUEUE_MAX )
        goto drop;
    d = malloc(sizeof(*d) + ulen - UDP_HLEN);
    if ( !d )
        goto drop;
    d->next = NULL;
    d->addr = src;
    d->port = sport;
    d->len = ulen - UDP_HLEN;
    memcpy(d->data, pkt + UDP_HLEN, d->len);
    if ( s->udp.tail )
        s->udp.tail->next = d;
    else
        s->udp.head = d;
    s->udp.tail = d;
    s->udp.queued += ulen;
    net_wakeup(s);
    return;
drop:
    st->stats.drop_udp++;
}

int udp_output(struct net_stack *st, uint32_t src, uint16_t sport, uint32_t dst,
               uint16_t dport, const void *buf, size_t len)
{
    uint8_t *u = st->txbuf + TX_L4_OFF;
    uint16_t sum;

    if ( IP_HLEN + UDP_HLEN + len > st->cfg.mtu )
        return -NET_EMSGSIZE;
    put16(u, sport);
    put16(u + 2, dport);
    put16(u + 4, (uint16_t)(UDP_HLEN + len));
    put16(u + 6, 0);
    memcpy(u + UDP_HLEN, buf, len);
    sum =
        csum_fold(csum_add(csum_pseudo(src, dst, IP_PROTO_UDP, UDP_HLEN + len),
                           u, UDP_HLEN + len));
    put16(u + 6, sum ? sum : 0xffff);
    return ip_output(st, src, dst, IP_PROTO_UDP, UDP_HLEN + len, 0);
}

long udp_sendto(struct net_sock *s, const void *buf, size_t len, uint32_t addr,
                uint16_t port)
{
    struct net_stack *st = s->st;
    int rc;

    if ( !addr && !port )
    {
        addr = s->raddr;
        port = s->rport;
    }
    if ( !addr || !port )
        return -NET_EINVAL;
    if ( IP_HLEN + UDP_HLEN + len > st->cfg.mtu )
        return -NET_EMSGSIZE;
    if ( !s->bound )
    {
        s->lport = net_ephemeral_port(st, NET_SOCK_UDP);
        if ( !s->lport )
            return -NET_EADDRINUSE;
        s->bound = true;
    }
    rc = udp_output(st, s->laddr ? s->laddr : st->cfg.addr, s->lport, addr,
                    port, buf, len);
    return rc ? rc : (long)len;
}

long udp_recvfrom(struct net_sock *s, void *buf, size_t len, uint32_t *addr,
                  uint16_t *port)
{
    struct udp_dgram *d = s->udp.head;
    size_t n;

    if ( !d )
        return -NET_EAGAIN;
    s->udp.head = d->next;
    if ( !s->udp.head )
        s->udp.tail = NULL;
    s->udp.queued -= d->len + UDP_HLEN;
    n = d->len < len ? d->len : len;
    memcpy(buf, d->data, n);
    if ( addr )
        *addr = d->addr;
    if ( port )
        *port = d->port;
    free(d);
    return (long)n;
}

void udp_release(struct net_sock *s)
{
    while ( s->udp.head )
    {
        struct udp_dgram *d = s->udp.head;

        s->udp.head = d->next;
        free(d);
    }
    s->udp.tail = NULL;
    s->udp.queued = 0;
}
