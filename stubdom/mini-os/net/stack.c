/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stack.c: a network stack instance: creation, the Ethernet layer that
 * sorts received frames into ARP and IPv4, the timers of every layer,
 * and the address the interface answers to.
 */
#include "net_internal.h"

#define DEFAULT_MTU 1500
#define DEFAULT_TCP_BUF (16 * 1024)
#define MAX_TCP_RCVBUF 65535 /* we scale only the peer's window, not ours */
#define DEFAULT_MAX_SOCKETS 256
#define DEFAULT_TIME_WAIT_NS (60 * NSEC_PER_SEC)
#define EPHEMERAL_FIRST 49152

static const uint8_t eth_broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff,
                                                 0xff, 0xff, 0xff };

static void apply_defaults(struct net_config *c)
{
    if ( !c->mtu )
        c->mtu = DEFAULT_MTU;
    if ( c->mtu < 576 )
        c->mtu = 576;
    if ( c->tso_max < c->mtu )
        c->tso_max = c->mtu;
    if ( c->tso_max > 65535 )
        c->tso_max = 65535;
    if ( !c->tcp_sndbuf )
        c->tcp_sndbuf = DEFAULT_TCP_BUF;
    if ( !c->tcp_rcvbuf )
        c->tcp_rcvbuf = DEFAULT_TCP_BUF;
    if ( c->tcp_rcvbuf > MAX_TCP_RCVBUF )
        c->tcp_rcvbuf = MAX_TCP_RCVBUF;
    if ( !c->max_sockets )
        c->max_sockets = DEFAULT_MAX_SOCKETS;
    if ( !c->time_wait_ns )
        c->time_wait_ns = DEFAULT_TIME_WAIT_NS;
}

struct net_stack *net_create(const struct net_ops *ops,
                             const struct net_config *cfg)
{
    struct net_stack *st;

    if ( !ops || !ops->transmit || !ops->now || !ops->random || !cfg )
        return NULL;
    st = calloc(1, sizeof(*st));
    if ( !st )
        return NULL;
    st->ops = *ops;
    st->cfg = *cfg;
    apply_defaults(&st->cfg);
    st->txbuf_size = ETH_HLEN + st->cfg.tso_max;
    st->txbuf = malloc(st->txbuf_size);
    if ( !st->txbuf )
    {
        free(st);
        return NULL;
    }
    st->next_port = EPHEMERAL_FIRST + st->ops.random(st->ops.ctx) % 1024;
    st->ip_id = (uint16_t)st->ops.random(st->ops.ctx);
    if ( st->cfg.addr )
        arp_announce(st);
    return st;
}

void net_destroy(struct net_stack *st)
{
    if ( !st )
        return;
    while ( st->socks )
    {
        struct net_sock *s = st->socks;

        if ( s->type == NET_SOCK_UDP )
            udp_release(s);
        s->orphan = true;
        net_sock_free(s);
    }
    tcp_timewait_free_all(st);
    arp_flush_all(st);
    dhcp_free(st);
    free(st->txbuf);
    free(st);
}

void net_set_address(struct net_stack *st, uint32_t addr, uint32_t netmask,
                     uint32_t gateway)
{
    bool changed = addr != st->cfg.addr;

    st->cfg.addr = addr;
    st->cfg.netmask = netmask;
    st->cfg.gateway = gateway;
    if ( changed )
        arp_flush_all(st);
    if ( changed && addr )
        arp_announce(st);
}

void net_get_address(const struct net_stack *st, uint32_t *addr,
                     uint32_t *netmask, uint32_t *gateway)
{
    if ( addr )
        *addr = st->cfg.addr;
    if ( netmask )
        *netmask = st->cfg.netmask;
    if ( gateway )
        *gateway = st->cfg.gateway;
}

void net_input(struct net_stack *st, const void *frame, size_t len,
               unsigned int flags)
{
    const uint8_t *f = frame;
    bool to_us, broadcast;

    st->stats.rx_frames++;
    if ( !f || len < ETH_HLEN )
    {
        st->stats.drop_eth++;
        return;
    }
    to_us = !memcmp(f, st->cfg.mac, ETH_ALEN);
    broadcast = !memcmp(f, eth_broadcast, ETH_ALEN);
    if ( !to_us && !broadcast )
    {
        st->stats.drop_eth++;
        return;
    }
    switch ( get16(f + 12) )
    {
    case ETH_P_ARP:
        arp_input(st, f + ETH_HLEN, len - ETH_HLEN);
        break;
    case ETH_P_IP:
        ip_input(st, f + ETH_HLEN, len - ETH_HLEN, flags, broadcast);
        break;
    default:
        st->stats.drop_eth++;
        break;
    }
}

void net_flush(struct net_stack *st)
{
    tcp_flush(st);
}

void net_timer_arm(struct net_stack *st, uint64_t *slot, uint64_t when)
{
    *slot = when;
    if ( when && (!st->next_deadline || when < st->next_deadline) )
        st->next_deadline = when;
}

void net_timers(struct net_stack *st)
{
    uint64_t now = net_now(st);

    /* Each layer re-arms what it still needs, from scratch. */
    st->next_deadline = 0;
    arp_timers(st, now);
    tcp_timers(st, now);
    dhcp_timers(st, now);
    tcp_flush(st);
}

uint64_t net_next_deadline(const struct net_stack *st)
{
    return st->next_deadline;
}

const struct net_stats *net_stats(const struct net_stack *st)
{
    return &st->stats;
}

void net_wakeup(struct net_sock *s)
{
    if ( s->st->ops.wakeup && !s->orphan )
        s->st->ops.wakeup(s->st->ops.ctx, s);
}

bool net_port_in_use(struct net_stack *st, enum net_sock_type type,
                     uint32_t addr, uint16_t port)
{
    struct net_sock *s;

    for ( s = st->socks; s; s = s->next )
        if ( s->type == type && s->bound && s->lport == port &&
             (!s->laddr || !addr || s->laddr == addr) )
            return true;
    return false;
}

uint16_t net_ephemeral_port(struct net_stack *st, enum net_sock_type type)
{
    unsigned int tries;

    for ( tries = 0; tries < 65536 - EPHEMERAL_FIRST; tries++ )
    {
        uint16_t port = st->next_port++;

        if ( st->next_port < EPHEMERAL_FIRST )
            st->next_port = EPHEMERAL_FIRST;
        if ( port >= EPHEMERAL_FIRST && !net_port_in_use(st, type, 0, port) )
            return port;
    }
    return 0;
}
