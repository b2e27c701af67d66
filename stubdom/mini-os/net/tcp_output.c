/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp_output.c: building and sending TCP segments (RFC 793, 5681, 6298).
 *
 * The send buffer holds every byte from snd_una on: sent and not yet
 * acknowledged, then not yet sent. tcp_output() sends from snd_nxt what
 * the smaller of the peer's window and the congestion window allows, in
 * segments of the peer's MSS (or, with segmentation offload, larger ones
 * the link cuts up), a FIN after the last byte once the application shut
 * its side. The retransmission timer rewinds snd_nxt to snd_una (go
 * back N) with the congestion window at one segment; with the peer's
 * window shut and nothing in flight it sends zero-window probes instead.
 * Every segment carries the acknowledgement and window of the moment.
 */
#include "net_internal.h"

#define TCP_OPT_MSS 2
#define RTO_MAX_NS (60 * NSEC_PER_SEC)
#define MAX_RETRIES 12
#define MAX_SYN_RETRIES 6
#define MAX_ORPHAN_PROBES 8

uint16_t tcp_our_mss(const struct net_stack *st)
{
    return (uint16_t)(st->cfg.mtu - IP_HLEN - TCP_HLEN);
}

/*
 * The window to advertise: the room left in the receive buffer, but a
 * small opening is not announced (receiver silly-window avoidance,
 * RFC 1122 4.2.3.3) and the right edge already announced never moves
 * back.
 */
uint32_t tcp_rcv_window(const struct tcp_conn *c)
{
    uint32_t room = c->rsize - c->rlen;
    uint32_t edge =
        SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
    uint32_t step = c->rsize / 2 < c->mss ? c->rsize / 2 : c->mss;

    if ( room > edge && room - edge < step )
        room = edge;
    return room > 65535 ? 65535 : room;
}

/* Copy n bytes of the send ring, from off bytes past snd_una, to dst. */
static void copy_out(const struct tcp_conn *c, uint8_t *dst, uint32_t off,
                     uint32_t n)
{
    uint32_t at = (c->shead + off) % c->ssize;
    uint32_t first = c->ssize - at < n ? c->ssize - at : n;

    memcpy(dst, c->sbuf + at, first);
    memcpy(dst + first, c->sbuf, n - first);
}

void tcp_send_segment(struct net_sock *s, uint32_t seq, uint8_t flags,
                      uint32_t data_off, uint32_t n)
{
    struct net_stack *st = s->st;
    struct tcp_conn *c = &s->tcp;
    uint8_t *t = st->txbuf + TX_L4_OFF;
    unsigned int hlen = TCP_HLEN, gso = 0;
    uint32_t wnd = tcp_rcv_window(c);
    uint32_t sum;

    /* A SYN: MSS, and window scaling unless answering a SYN without it. */
    bool wscale = (flags & TCP_SYN) && (!(flags & TCP_ACK) || c->peer_wscale);

    if ( flags & TCP_SYN )
        hlen += wscale ? 8 : 4;
    put16(t, s->lport);
    put16(t + 2, s->rport);
    put32(t + 4, seq);
    put32(t + 8, (flags & TCP_ACK) ? c->rcv_nxt : 0);
    t[12] = (uint8_t)((hlen / 4) << 4);
    t[13] = flags;
    put16(t + 14, (uint16_t)wnd);
    put16(t + 16, 0);
    put16(t + 18, 0);
    if ( flags & TCP_SYN )
    {
        t[20] = TCP_OPT_MSS;
        t[21] = 4;
        put16(t + 22, tcp_our_mss(st));
        if ( wscale )
        {
            t[24] = 1; /* NOP */
            t[25] = 3; /* window scale, */
            t[26] = 3; /* 3 bytes, */
            t[27] = 0; /* shift 0: our windows are as sent */
        }
    }
    if ( n )
        copy_out(c, t + hlen, data_off, n);
    sum = csum_pseudo(s->laddr, s->raddr, IP_PROTO_TCP, hlen + n);
    if ( n > c->mss )
    {
        /* Offloaded: the link finishes the checksum of each piece. */
        gso = c->mss;
        put16(t + 16, (uint16_t)~csum_fold(sum));
    }
    else
        put16(t + 16, csum_fold(csum_add(sum, t, hlen + n)));
    if ( flags & TCP_ACK )
    {
        c->ack_now = false;
        c->unacked_segs = 0;
        c->dack_at = 0;
        c->rcv_adv = c->rcv_nxt + wnd;
    }
    if ( ip_output(st, s->laddr, s->raddr, IP_PROTO_TCP, hlen + n, gso) )
        return; /* no route: the retransmission timer tries again */
}

void tcp_send_ack(struct net_sock *s)
{
    tcp_send_segment(s, s->tcp.snd_nxt, TCP_ACK, 0, 0);
}

void tcp_send_rst(struct net_sock *s)
{
    s->st->stats.tcp_rst_sent++;
    tcp_send_segment(s, s->tcp.snd_nxt, TCP_RST | TCP_ACK, 0, 0);
}

void tcp_send_syn(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;
    uint8_t flags = TCP_SYN | (c->state == TCP_SYN_RCVD ? TCP_ACK : 0);

    tcp_send_segment(s, c->iss, flags, 0, 0);
    c->snd_nxt = c->iss + 1;
    if ( SEQ_GT(c->snd_nxt, c->snd_max) )
        c->snd_max = c->snd_nxt;
    tcp_arm_rexmit(s);
}

/* A reset for a segment no connection owns (RFC 793, "reset generation"). */
void tcp_send_rst_for(struct net_stack *st, uint32_t src, uint32_t dst,
                      const uint8_t *seg, size_t len)
{
    uint8_t *t = st->txbuf + TX_L4_OFF;
    uint8_t in_flags = seg[13];
    unsigned int doff = (seg[12] >> 4) * 4;
    uint32_t seglen = (uint32_t)(len - doff) + !!(in_flags & TCP_SYN) +
                      !!(in_flags & TCP_FIN);

    if ( in_flags & TCP_RST )
        return;
    memset(t, 0, TCP_HLEN);
    put16(t, get16(seg + 2));
    put16(t + 2, get16(seg));
    if ( in_flags & TCP_ACK )
    {
        put32(t + 4, get32(seg + 8));
        t[13] = TCP_RST;
    }
    else
    {
        put32(t + 8, get32(seg + 4) + seglen);
        t[13] = TCP_RST | TCP_ACK;
    }
    t[12] = (TCP_HLEN / 4) << 4;
    put16(t + 16,
          csum_fold(csum_add(csum_pseudo(dst, src, IP_PROTO_TCP, TCP_HLEN), t,
                             TCP_HLEN)));
    st->stats.tcp_rst_sent++;
    ip_output(st, dst, src, IP_PROTO_TCP, TCP_HLEN, 0);
}

void tcp_send_tw_ack(struct net_stack *st, const struct tcp_timewait *tw)
{
    uint8_t *t = st->txbuf + TX_L4_OFF;

    memset(t, 0, TCP_HLEN);
    put16(t, tw->lport);
    put16(t + 2, tw->rport);
    put32(t + 4, tw->snd_nxt);
    put32(t + 8, tw->rcv_nxt);
    t[12] = (TCP_HLEN / 4) << 4;
    t[13] = TCP_ACK;
    put16(t + 16, csum_fold(csum_add(
                      csum_pseudo(tw->laddr, tw->raddr, IP_PROTO_TCP, TCP_HLEN),
                      t, TCP_HLEN)));
    ip_output(st, tw->laddr, tw->raddr, IP_PROTO_TCP, TCP_HLEN, 0);
}

void tcp_arm_rexmit(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;
    uint64_t rto = c->rto << (c->backoff < 16 ? c->backoff : 16);

    if ( rto > RTO_MAX_NS )
        rto = RTO_MAX_NS;
    net_timer_arm(s->st, &c->rexmit_at, net_now(s->st) + rto);
}

/* Largest segment to hand to the link: the MSS, or more with offload. */
static uint32_t max_segment(const struct net_sock *s)
{
    const struct tcp_conn *c = &s->tcp;
    uint32_t big = s->st->cfg.tso_max - IP_HLEN - TCP_HLEN;

    if ( big <= c->mss )
        return c->mss;
    return big - big % c->mss;
}

static bool can_send_data(enum tcp_state state)
{
    return state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT ||
           state == TCP_FIN_WAIT_1 || state == TCP_CLOSING ||
           state == TCP_LAST_ACK;
}

void tcp_output(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;

    if ( !can_send_data(c->state) )
    {
        if ( c->ack_now && c->state != TCP_CLOSED && c->state != TCP_LISTEN &&
             c->state != TCP_SYN_SENT )
            tcp_send_ack(s);
        return;
    }
    for ( ;; )
    {
        uint32_t off = c->snd_nxt - c->snd_una;
        uint32_t unsent = c->slen > off ? c->slen - off : 0;
        uint32_t wnd = c->snd_wnd < c->cwnd ? c->snd_wnd : c->cwnd;
        uint32_t usable = wnd > off ? wnd - off : 0;
        uint32_t n = unsent < usable ? unsent : usable;
        uint8_t flags = TCP_ACK;

        if ( n > max_segment(s) )
            n = max_segment(s);
        /* Sender silly-window avoidance: wait to fill a segment. */
        if ( n && n < unsent && n < c->mss && off )
            n = 0;
        if ( !n )
        {
            bool fin_unsent = c->fin_queued && !c->fin_acked && !unsent &&
                              c->snd_nxt == c->snd_una + c->slen;

            if ( !fin_unsent )
                break;
            flags |= TCP_FIN;
        }
        else if ( n == unsent )
        {
            flags |= TCP_PSH;
            if ( c->fin_queued )
                flags |= TCP_FIN;
        }
        if ( SEQ_GE(c->snd_nxt, c->snd_max) && !c->rtt_timing )
        {
            c->rtt_timing = true;
            c->rtt_seq = c->snd_nxt + n;
            c->rtt_start = net_now(s->st);
        }
        if ( SEQ_LT(c->snd_nxt, c->snd_max) )
            s->st->stats.tcp_retransmits++;
        tcp_send_segment(s, c->snd_nxt, flags, off, n);
        c->snd_nxt += n + !!(flags & TCP_FIN);
        if ( SEQ_GT(c->snd_nxt, c->snd_max) )
            c->snd_max = c->snd_nxt;
        if ( !c->rexmit_at || c->persisting )
        {
            c->persisting = false;
            tcp_arm_rexmit(s);
        }
        if ( flags & TCP_FIN )
            break;
    }
    /* The peer's window is shut with data waiting: probe it. */
    if ( c->slen > c->snd_nxt - c->snd_una && !c->snd_wnd &&
         c->snd_nxt == c->snd_una && !c->rexmit_at )
    {
        c->persisting = true;
        tcp_arm_rexmit(s);
    }
    if ( c->ack_now )
        tcp_send_ack(s);
}

bool tcp_retransmit_timeout(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t flight = c->snd_max - c->snd_una;

    c->rexmit_at = 0;
    if ( c->persisting )
    {
        /* A segment below the window makes the peer say its window. */
        if ( s->orphan && ++c->backoff > MAX_ORPHAN_PROBES )
        {
            tcp_send_rst(s);
            tcp_drop(s, -NET_ETIMEDOUT);
            return false;
        }
        if ( !s->orphan && c->backoff < MAX_RETRIES )
            c->backoff++;
        tcp_send_segment(s, c->snd_una - 1, TCP_ACK, 0, 0);
        tcp_arm_rexmit(s);
        return true;
    }
    if ( c->state == TCP_SYN_SENT || c->state == TCP_SYN_RCVD )
    {
        if ( ++c->backoff > MAX_SYN_RETRIES )
        {
            tcp_drop(s, -NET_ETIMEDOUT);
            return false;
        }
        s->st->stats.tcp_retransmits++;
        tcp_send_syn(s);
        return true;
    }
    if ( !flight )
        return true;
    if ( ++c->backoff > MAX_RETRIES )
    {
        tcp_send_rst(s);
        tcp_drop(s, -NET_ETIMEDOUT);
        return false;
    }
    /* RFC 5681 (5): one segment, and half the flight as threshold. */
    c->ssthresh = flight / 2 > 2U * c->mss ? flight / 2 : 2U * c->mss;
    c->cwnd = c->mss;
    c->dupacks = 0;
    c->in_recovery = false;
    c->rtt_timing = false; /* Karn: no sample from a retransmission */
    c->snd_nxt = c->snd_una;
    tcp_output(s);
    if ( !c->rexmit_at )
        tcp_arm_rexmit(s);
    return true;
}
