/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipv4.c: IPv4 (RFC 791) for a host with one interface. Input checks
 * every field it relies on (version, header length, total length
 * against the frame, header checksum) and drops fragments, which are not
 * reassembled; options are skipped. Output routes to the next hop (the
 * destination on the local subnet, else the gateway) and sets DF: the
 * stack keeps its segments within the MTU instead.
 */
#include "net_internal.h"

#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFSET_MASK 0x1fff
#define IP_TTL 64

bool ip_is_local(const struct net_stack *st, uint32_t addr)
{
    return st->cfg.addr && addr == st->cfg.addr;
}

bool ip_is_broadcast(const struct net_stack *st, uint32_t addr)
{
    uint32_t mask = st->cfg.netmask;

    if ( addr == NET_IP4_BROADCAST )
        return true;
    /* The subnet's broadcast address (not for a /31 or /32). */
    return st->cfg.addr && mask && (~mask >> 1) &&
           (addr & mask) == (st->cfg.addr & mask) && (addr & ~mask) == ~mask;
}

static bool is_multicast(uint32_t addr)
{
    return (addr >> 28) == 0xe;
}

void ip_input(struct net_stack *st, const uint8_t *pkt, size_t len,
              unsigned int flags, bool link_broadcast)
{
    unsigned int ihl;
    size_t total;
    uint32_t src, dst;
    bool to_broadcast;
    uint8_t proto;

    if ( len < IP_HLEN || (pkt[0] >> 4) != 4 )
        goto drop;
    ihl = (pkt[0] & 0xf) * 4;
    total = get16(pkt + 2);
    if ( ihl < IP_HLEN || ihl > len || total < ihl || total > len )
        goto drop;
    if ( csum_fold(csum_add(0, pkt, ihl)) != 0 )
        goto drop;
    if ( get16(pkt + 6) & (IP_MF | IP_OFFSET_MASK) )
    {
        st->stats.ip_fragments++;
        goto drop;
    }
    len = total; /* the rest is link padding */
    proto = pkt[9];
    src = get32(pkt + 12);
    dst = get32(pkt + 16);
    if ( src == NET_IP4_BROADCAST || is_multicast(src) || ip_is_local(st, src) )
        goto drop;
    to_broadcast = ip_is_broadcast(st, dst);
    if ( !ip_is_local(st, dst) && !to_broadcast &&
         !(proto == IP_PROTO_UDP && !st->cfg.addr) )
        goto drop; /* not ours; we do not forward */
    switch ( proto )
    {
    case IP_PROTO_ICMP:
        if ( to_broadcast || link_broadcast )
            goto drop; /* no echo to broadcasts (smurf) */
        icmp_input(st, src, dst, pkt + ihl, len - ihl);
        return;
    case IP_PROTO_UDP:
        udp_input(st, src, dst, pkt + ihl, len - ihl, flags, pkt, len);
        return;
    case IP_PROTO_TCP:
        if ( to_broadcast )
            goto drop;
        tcp_input(st, src, dst, pkt + ihl, len - ihl, flags);
        return;
    default:
        goto drop;
    }
drop:
    st->stats.drop_ip++;
}

/* The next hop towards dst, or 0 if there is none. */
static uint32_t next_hop(const struct net_stack *st, uint32_t dst)
{
    if ( ip_is_broadcast(st, dst) )
        return dst;
    if ( !st->cfg.addr )
        return 0;
    if ( !((dst ^ st->cfg.addr) & st->cfg.netmask) )
        return dst;
    return st->cfg.gateway;
}

int ip_output(struct net_stack *st, uint32_t src, uint32_t dst, uint8_t proto,
              size_t l4len, unsigned int gso_size)
{
    uint8_t *ip = st->txbuf + TX_IP_OFF;
    uint32_t nh = next_hop(st, dst);
    size_t total = IP_HLEN + l4len;

    if ( !nh || ip_is_local(st, dst) || total > 65535 )
        return -NET_ENETUNREACH;
    ip[0] = 0x45;
    ip[1] = 0;
    put16(ip + 2, (uint16_t)total);
    put16(ip + 4, st->ip_id++);
    put16(ip + 6, ip_is_broadcast(st, dst) ? 0 : IP_DF);
    ip[8] = IP_TTL;
    ip[9] = proto;
    put16(ip + 10, 0);
    put32(ip + 12, src ? src : st->cfg.addr);
    put32(ip + 16, dst);
    put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
    arp_output(st, nh, st->txbuf, ETH_HLEN + total, gso_size);
    return 0;
}
