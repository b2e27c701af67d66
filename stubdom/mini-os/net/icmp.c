/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * icmp.c: ICMP (RFC 792): echo requests are answered with the same
 * identifier, sequence and data; echo replies to net_ping() are counted;
 * a UDP datagram for a port nobody has gets "port unreachable".
 */
#include "net_internal.h"

#define ICMP_ECHO_REPLY 0
#define ICMP_UNREACHABLE 3
#define ICMP_PORT_UNREACHABLE 3
#define ICMP_ECHO_REQUEST 8

static void count_reply(struct net_stack *st, uint16_t id)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(st->ping); i++ )
        if ( st->ping[i].id == id && st->ping[i].count )
        {
            st->ping[i].count++;
            return;
        }
}

void icmp_input(struct net_stack *st, uint32_t src, uint32_t dst,
                const uint8_t *pkt, size_t len)
{
    uint8_t *out = st->txbuf + TX_L4_OFF;

    if ( len < ICMP_HLEN || csum_fold(csum_add(0, pkt, len)) != 0 )
        goto drop;
    switch ( pkt[0] )
    {
    case ICMP_ECHO_REQUEST:
        if ( pkt[1] != 0 || IP_HLEN + len > st->cfg.mtu )
            goto drop;
        memcpy(out, pkt, len);
        out[0] = ICMP_ECHO_REPLY;
        put16(out + 2, 0);
        put16(out + 2, csum_fold(csum_add(0, out, len)));
        if ( !ip_output(st, dst, src, IP_PROTO_ICMP, len, 0) )
            st->stats.icmp_echo_replied++;
        return;
    case ICMP_ECHO_REPLY:
        count_reply(st, get16(pkt + 4));
        return;
    default:
        return; /* errors and the rest: nothing to do */
    }
drop:
    st->stats.drop_icmp++;
}

int net_ping(struct net_stack *st, uint32_t addr, uint16_t id, uint16_t seq,
             size_t payload_len)
{
    uint8_t *out = st->txbuf + TX_L4_OFF;
    size_t len = ICMP_HLEN + payload_len, i;
    unsigned int slot;

    if ( IP_HLEN + len > st->cfg.mtu )
        return -NET_EMSGSIZE;
    for ( slot = 0; slot < ARRAY_SIZE(st->ping); slot++ )
        if ( st->ping[slot].id == id && st->ping[slot].count )
            break;
    if ( slot == ARRAY_SIZE(st->ping) )
    {
        /* Reuse the slot of the identifier that replied least. */
        slot = 0;
        for ( i = 1; i < ARRAY_SIZE(st->ping); i++ )
            if ( st->ping[i].count < st->ping[slot].count )
                slot = i;
        st->ping[slot].id = id;
        st->ping[slot].count = 1; /* 1 + replies */
    }
    out[0] = ICMP_ECHO_REQUEST;
    out[1] = 0;
    put16(out + 2, 0);
    put16(out + 4, id);
    put16(out + 6, seq);
    for ( i = 0; i < payload_len; i++ )
        out[ICMP_HLEN + i] = (uint8_t)i;
    put16(out + 2, csum_fold(csum_add(0, out, len)));
    return ip_output(st, 0, addr, IP_PROTO_ICMP, len, 0);
}

unsigned int net_ping_replies(const struct net_stack *st, uint16_t id)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(st->ping); i++ )
        if ( st->ping[i].id == id && st->ping[i].count )
            return st->ping[i].count - 1;
    return 0;
}

void icmp_port_unreachable(struct net_stack *st, const uint8_t *ip_pkt,
                           size_t ip_len)
{
    uint8_t *out = st->txbuf + TX_L4_OFF;
    size_t quote = (ip_pkt[0] & 0xf) * 4 + 8, len;

    if ( quote > ip_len )
        quote = ip_len;
    len = ICMP_HLEN + quote;
    out[0] = ICMP_UNREACHABLE;
    out[1] = ICMP_PORT_UNREACHABLE;
    put16(out + 2, 0);
    put32(out + 4, 0);
    memcpy(out + ICMP_HLEN, ip_pkt, quote);
    put16(out + 2, csum_fold(csum_add(0, out, len)));
    ip_output(st, 0, get32(ip_pkt + 12), IP_PROTO_ICMP, len, 0);
}
