/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp_input.c: arriving TCP segments (RFC 793 "SEGMENT ARRIVES", with
 * RFC 5961's answers to blind resets and SYNs, and RFC 5681's
 * congestion control).
 *
 * A segment is checked whole before anything is believed: header length,
 * checksum, options that must end inside the header (an MSS option of
 * the wrong length too), nonsense flag sets. Then it goes to its
 * connection, a TIME_WAIT record, a listener, or gets a reset.
 *
 * Received data in order goes straight into the receive ring; data ahead
 * of a hole goes into its place in the ring too (the window never
 * advertises more than the ring holds) and its range is remembered, so
 * that when the hole fills the whole run becomes readable at once.
 */
#include "net_internal.h"

#define TCP_OPT_END 0
#define TCP_OPT_NOP 1
#define TCP_OPT_MSS 2
#define TCP_OPT_WSCALE 3
#define MAX_WSCALE 14 /* RFC 7323 */
#define MIN_PEER_MSS 64
#define DELAYED_ACK_NS (40 * NSEC_PER_MSEC)
#define ORPHAN_FIN_WAIT_2_NS (60 * NSEC_PER_SEC)

struct segment {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint32_t wnd;
    uint16_t mss; /* 0: no option */
    bool has_wscale;
    uint8_t wscale;
    const uint8_t *data;
    uint32_t len;
    const uint8_t *raw; /* the segment as received, for a reset */
    size_t rawlen;
};

/* The options must end within the header; 0 if they do, else -1. */
static int parse_options(const uint8_t *opt, unsigned int len,
                         struct segment *seg)
{
    unsigned int i = 0;

    while ( i < len )
    {
        unsigned int olen;

        if ( opt[i] == TCP_OPT_END )
            break;
        if ( opt[i] == TCP_OPT_NOP )
        {
            i++;
            continue;
        }
        if ( i + 1 >= len )
            return -1;
        olen = opt[i + 1];
        if ( olen < 2 || i + olen > len )
            return -1;
        if ( opt[i] == TCP_OPT_MSS )
        {
            if ( olen != 4 )
                return -1;
            seg->mss = get16(opt + i + 2);
        }
        if ( opt[i] == TCP_OPT_WSCALE )
        {
            if ( olen != 3 )
                return -1;
            seg->has_wscale = true;
            seg->wscale = opt[i + 2] > MAX_WSCALE ? MAX_WSCALE : opt[i + 2];
        }
        i += olen;
    }
    return 0;
}

static int parse(uint32_t src, uint32_t dst, const uint8_t *pkt, size_t len,
                 unsigned int flags, struct segment *seg)
{
    unsigned int doff;

    if ( len < TCP_HLEN || len > 65535 )
        return -1;
    doff = (pkt[12] >> 4) * 4;
    if ( doff < TCP_HLEN || doff > len )
        return -1;
    if ( !(flags & NET_RX_CSUM_VALID) &&
         csum_fold(csum_add(csum_pseudo(src, dst, IP_PROTO_TCP, len), pkt,
                            len)) != 0 )
        return -1;
    memset(seg, 0, sizeof(*seg));
    if ( parse_options(pkt + TCP_HLEN, doff - TCP_HLEN, seg) )
        return -1;
    seg->sport = get16(pkt);
    seg->dport = get16(pkt + 2);
    seg->seq = get32(pkt + 4);
    seg->ack = get32(pkt + 8);
    seg->flags = pkt[13] & 0x3f;
    seg->wnd = get16(pkt + 14);
    seg->data = pkt + doff;
    seg->len = (uint32_t)(len - doff);
    seg->raw = pkt;
    seg->rawlen = len;
    if ( !seg->sport || !seg->dport )
        return -1;
    if ( (seg->flags & TCP_SYN) && (seg->flags & (TCP_FIN | TCP_RST)) )
        return -1;
    if ( !(seg->flags & (TCP_SYN | TCP_ACK | TCP_RST)) )
        return -1;
    return 0;
}

static void set_mss(struct net_sock *s, const struct segment *seg)
{
    struct tcp_conn *c = &s->tcp;
    uint16_t ours = tcp_our_mss(s->st);
    uint16_t mss = seg->mss ? seg->mss : 536;

    if ( mss > ours )
        mss = ours;
    if ( mss < MIN_PEER_MSS )
        mss = MIN_PEER_MSS;
    c->mss = mss;
    /* Our SYN offers the option; it holds if the peer's has it too. */
    c->peer_wscale = seg->has_wscale;
    c->snd_wscale = seg->has_wscale ? seg->wscale : 0;
    /* RFC 6928's initial window. */
    c->cwnd = 10U * mss < 14600 ? 10U * mss : 14600;
    if ( c->cwnd < 2U * mss )
        c->cwnd = 2U * mss;
}

/* The window of a SYN is never scaled, that of any other segment is. */
static uint32_t seg_window(const struct tcp_conn *c, const struct segment *seg)
{
    return (seg->flags & TCP_SYN) ? seg->wnd : seg->wnd << c->snd_wscale;
}

static void set_window(struct tcp_conn *c, const struct segment *seg)
{
    c->snd_wnd = seg_window(c, seg);
    c->snd_wl1 = seg->seq;
    c->snd_wl2 = seg->ack;
}

static void listen_input(struct net_sock *l, uint32_t src, uint32_t dst,
                         const struct segment *seg)
{
    struct net_stack *st = l->st;
    struct net_sock *s;
    struct tcp_conn *c;

    if ( seg->flags & TCP_RST )
        return;
    if ( seg->flags & TCP_ACK )
    {
        tcp_send_rst_for(st, src, dst, seg->raw, seg->rawlen);
        return;
    }
    s = tcp_new_child(l, dst, seg->dport, src, seg->sport);
    if ( !s )
    {
        st->stats.tcp_syn_dropped++;
        return;
    }
    c = &s->tcp;
    c->state = TCP_SYN_RCVD;
    c->irs = seg->seq;
    c->rcv_nxt = seg->seq + 1;
    set_mss(s, seg);
    set_window(c, seg);
    tcp_send_syn(s); /* data on the SYN is not kept: it comes again */
}

static void syn_sent_input(struct net_sock *s, const struct segment *seg)
{
    struct tcp_conn *c = &s->tcp;
    bool ack_ok = (seg->flags & TCP_ACK) && SEQ_GT(seg->ack, c->iss) &&
                  SEQ_LE(seg->ack, c->snd_max);

    if ( (seg->flags & TCP_ACK) && !ack_ok )
    {
        if ( !(seg->flags & TCP_RST) )
            tcp_send_rst_for(s->st, s->raddr, s->laddr, seg->raw, seg->rawlen);
        return;
    }
    if ( seg->flags & TCP_RST )
    {
        if ( ack_ok )
            tcp_drop(s, -NET_ECONNREFUSED);
        return;
    }
    if ( !(seg->flags & TCP_SYN) )
        return;
    c->irs = seg->seq;
    c->rcv_nxt = seg->seq + 1;
    set_mss(s, seg);
    set_window(c, seg);
    c->backoff = 0;
    if ( !ack_ok )
    {
        c->state = TCP_SYN_RCVD; /* simultaneous open */
        tcp_send_syn(s);
        return;
    }
    c->snd_una = seg->ack;
    c->rexmit_at = 0;
    c->ack_now = true;
    tcp_set_state(s, TCP_ESTABLISHED);
}

/* RFC 793's acceptability test, in the window we advertised. */
static bool acceptable(const struct tcp_conn *c, const struct segment *seg,
                       uint32_t wnd)
{
    uint32_t seglen =
        seg->len + !!(seg->flags & TCP_SYN) + !!(seg->flags & TCP_FIN);
    uint32_t from = seg->seq - c->rcv_nxt;

    if ( !seglen )
        return wnd ? from < wnd : seg->seq == c->rcv_nxt;
    if ( !wnd )
        return false;
    return from < wnd || (uint32_t)(seg->seq + seglen - 1 - c->rcv_nxt) < wnd;
}

/* Cut the segment to [rcv_nxt, rcv_nxt + room): what the ring can take. */
static void trim(const struct tcp_conn *c, struct segment *seg)
{
    uint32_t room = c->rsize - c->rlen;

    if ( SEQ_LT(seg->seq, c->rcv_nxt) )
    {
        uint32_t skip = c->rcv_nxt - seg->seq;

        if ( seg->flags & TCP_SYN )
        {
            seg->flags &= ~TCP_SYN;
            skip--;
            seg->seq++;
        }
        if ( skip > seg->len )
            skip = seg->len;
        seg->data += skip;
        seg->len -= skip;
        seg->seq += skip;
    }
    if ( seg->seq - c->rcv_nxt + seg->len > room )
    {
        uint32_t off = seg->seq - c->rcv_nxt;

        seg->len = off < room ? room - off : 0;
        seg->flags &= ~TCP_FIN;
    }
}

static void ring_write(struct tcp_conn *c, uint32_t off, const uint8_t *data,
                       uint32_t n)
{
    uint32_t at = (c->rhead + c->rlen + off) % c->rsize;
    uint32_t first = c->rsize - at < n ? c->rsize - at : n;

    memcpy(c->rbuf + at, data, first);
    memcpy(c->rbuf, data + first, n - first);
}

/* Remember [start, end) as received ahead of rcv_nxt. */
static void add_range(struct tcp_conn *c, uint32_t start, uint32_t end)
{
    unsigned int i, j;

    for ( i = 0; i < c->nr_ooo; i++ )
    {
        struct seq_range *r = &c->ooo[i];

        if ( SEQ_GT(start, r->end) || SEQ_LT(end, r->start) )
            continue;
        /* Overlaps or touches: grow r, then absorb the others it meets. */
        if ( SEQ_LT(start, r->start) )
            r->start = start;
        if ( SEQ_GT(end, r->end) )
            r->end = end;
        for ( j = 0; j < c->nr_ooo; j++ )
        {
            struct seq_range *o = &c->ooo[j];

            if ( j == i || SEQ_GT(o->start, r->end) ||
                 SEQ_LT(o->end, r->start) )
                continue;
            if ( SEQ_LT(o->start, r->start) )
                r->start = o->start;
            if ( SEQ_GT(o->end, r->end) )
                r->end = o->end;
            c->ooo[j] = c->ooo[--c->nr_ooo];
            if ( i == c->nr_ooo )
                i = j;
            r = &c->ooo[i];
            j = (unsigned int)-1;
        }
        return;
    }
    if ( c->nr_ooo < TCP_OOO_RANGES )
        c->ooo[c->nr_ooo++] = (struct seq_range){ start, end };
    /* No room to remember it: the data is sent again. */
}

/* rcv_nxt moved: ranges it reached become in-order data. */
static void absorb_ranges(struct tcp_conn *c)
{
    unsigned int i;

    for ( i = 0; i < c->nr_ooo; )
    {
        struct seq_range *r = &c->ooo[i];

        if ( SEQ_GT(r->start, c->rcv_nxt) )
        {
            i++;
            continue;
        }
        if ( SEQ_GT(r->end, c->rcv_nxt) )
        {
            c->rlen += r->end - c->rcv_nxt;
            c->rcv_nxt = r->end;
        }
        c->ooo[i] = c->ooo[--c->nr_ooo];
        i = 0;
    }
}

static void receive_data(struct net_sock *s, const struct segment *seg)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t off = seg->seq - c->rcv_nxt;

    ring_write(c, off, seg->data, seg->len);
    if ( off )
    {
        add_range(c, seg->seq, seg->seq + seg->len);
        c->ack_now = true; /* a duplicate ack: the peer retransmits */
        return;
    }
    c->rcv_nxt += seg->len;
    c->rlen += seg->len;
    if ( c->nr_ooo )
    {
        absorb_ranges(c);
        c->ack_now = true;
    }
    if ( ++c->unacked_segs >= 2 )
        c->ack_now = true;
    else if ( !c->dack_at )
        net_timer_arm(s->st, &c->dack_at, net_now(s->st) + DELAYED_ACK_NS);
    net_wakeup(s);
}

/* Acknowledged bytes leave the send ring; the FIN may be among them. */
static void take_ack(struct net_sock *s, const struct segment *seg)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t acked = seg->ack - c->snd_una;
    uint32_t data = acked < c->slen ? acked : c->slen;
    uint32_t flight_before = c->snd_max - c->snd_una;

    if ( acked > c->slen && c->fin_queued )
        c->fin_acked = true;
    c->shead = (c->shead + data) % c->ssize;
    c->slen -= data;
    c->snd_una = seg->ack;
    if ( SEQ_LT(c->snd_nxt, c->snd_una) )
        c->snd_nxt = c->snd_una;
    if ( c->rtt_timing && SEQ_GE(seg->ack, c->rtt_seq) )
    {
        c->rtt_timing = false;
        tcp_rtt_sample(c, net_now(s->st) - c->rtt_start);
    }
    c->backoff = 0;
    c->dupacks = 0;
    if ( c->in_recovery )
    {
        if ( SEQ_GE(seg->ack, c->recover) )
        {
            c->in_recovery = false;
            c->cwnd = c->ssthresh;
        }
        else
        {
            /* Partial ack (RFC 6582): the next hole goes out now. */
            uint32_t n = c->slen < c->mss ? c->slen : c->mss;

            s->st->stats.tcp_retransmits++;
            tcp_send_segment(s, c->snd_una, TCP_ACK, 0, n);
            c->cwnd = c->cwnd > data ? c->cwnd - data + c->mss : c->mss;
        }
    }
    else if ( c->cwnd < c->ssthresh )
        c->cwnd += data < c->mss ? data : c->mss;
    else
        c->cwnd +=
            c->mss * c->mss / c->cwnd > 0 ? c->mss * c->mss / c->cwnd : 1;
    if ( c->cwnd > 4U * 65535 )
        c->cwnd = 4U * 65535;
    if ( c->snd_una == c->snd_max )
        c->rexmit_at = 0;
    else
        tcp_arm_rexmit(s);
    c->persisting = false;
    if ( flight_before )
        net_wakeup(s);
}

static void dup_ack(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t flight = c->snd_max - c->snd_una;

    if ( ++c->dupacks == 3 && !c->in_recovery )
    {
        uint32_t n = c->slen < c->mss ? c->slen : c->mss;

        c->ssthresh = flight / 2 > 2U * c->mss ? flight / 2 : 2U * c->mss;
        c->recover = c->snd_max;
        c->in_recovery = true;
        c->rtt_timing = false;
        s->st->stats.tcp_retransmits++;
        tcp_send_segment(s, c->snd_una, TCP_ACK, 0, n);
        c->cwnd = c->ssthresh + 3U * c->mss;
    }
    else if ( c->dupacks > 3 && c->in_recovery )
        c->cwnd += c->mss;
}

/* The ACK field; false if the segment is to be dropped here. */
static bool process_ack(struct net_sock *s, const struct segment *seg)
{
    struct tcp_conn *c = &s->tcp;

    if ( c->state == TCP_SYN_RCVD )
    {
        struct net_sock *l = c->listener;

        if ( !SEQ_GT(seg->ack, c->snd_una) || SEQ_GT(seg->ack, c->snd_max) )
        {
            tcp_send_rst_for(s->st, s->raddr, s->laddr, seg->raw, seg->rawlen);
            return false;
        }
        /* No room to queue it: as if the ACK was lost (SYN-ACK again). */
        if ( l && l->tcp.nr_queued >= l->tcp.backlog )
            return false;
        c->snd_una = seg->ack;
        c->rexmit_at = 0;
        c->backoff = 0;
        set_window(c, seg);
        tcp_established(s);
        return true;
    }
    if ( SEQ_GT(seg->ack, c->snd_max) )
    {
        c->ack_now = true; /* acknowledges what we never sent */
        return false;
    }
    if ( SEQ_GT(seg->ack, c->snd_una) )
        take_ack(s, seg);
    else if ( seg->ack == c->snd_una && !seg->len && !(seg->flags & TCP_FIN) &&
              seg_window(c, seg) == c->snd_wnd && c->snd_max != c->snd_una )
        dup_ack(s);
    if ( SEQ_LT(c->snd_wl1, seg->seq) ||
         (c->snd_wl1 == seg->seq && SEQ_LE(c->snd_wl2, seg->ack)) )
    {
        if ( seg_window(c, seg) > c->snd_wnd )
            net_wakeup(s);
        set_window(c, seg);
    }
    return true;
}

/* Our FIN was acknowledged: the closing states move on. */
static bool fin_acked_transitions(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;

    if ( !c->fin_acked )
        return true;
    switch ( c->state )
    {
    case TCP_FIN_WAIT_1:
        tcp_set_state(s, TCP_FIN_WAIT_2);
        if ( s->orphan )
            net_timer_arm(s->st, &c->linger_at,
                          net_now(s->st) + ORPHAN_FIN_WAIT_2_NS);
        return true;
    case TCP_CLOSING:
        tcp_enter_time_wait(s);
        return false;
    case TCP_LAST_ACK:
        tcp_drop(s, 0);
        return false;
    default:
        return true;
    }
}

/* The peer's FIN, in order; false if the connection is gone. */
static bool receive_fin(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;

    c->rcv_nxt++;
    c->fin_received = true;
    c->ack_now = true;
    switch ( c->state )
    {
    case TCP_SYN_RCVD:
    case TCP_ESTABLISHED:
        tcp_set_state(s, TCP_CLOSE_WAIT);
        break;
    case TCP_FIN_WAIT_1:
        tcp_set_state(s, TCP_CLOSING);
        break;
    case TCP_FIN_WAIT_2:
    {
        bool kept = !s->orphan; /* an orphan leaves only its record */

        tcp_enter_time_wait(s);
        return kept;
    }
    default:
        break;
    }
    return true;
}

static bool may_receive_data(enum tcp_state st)
{
    return st == TCP_ESTABLISHED || st == TCP_FIN_WAIT_1 ||
           st == TCP_FIN_WAIT_2;
}

static void conn_input(struct net_sock *s, struct segment *seg)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t wnd = SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;

    if ( c->state == TCP_SYN_SENT )
    {
        syn_sent_input(s, seg);
        return;
    }
    if ( !acceptable(c, seg, wnd) )
    {
        if ( !(seg->flags & TCP_RST) )
            c->ack_now = true;
        return;
    }
    if ( seg->flags & TCP_RST )
    {
        if ( seg->seq != c->rcv_nxt )
        {
            c->ack_now = true; /* RFC 5961: a challenge ACK */
            return;
        }
        tcp_drop(s, c->state == TCP_SYN_RCVD || c->state == TCP_CLOSING ||
                            c->state == TCP_LAST_ACK ||
                            c->state == TCP_TIME_WAIT
                        ? 0
                        : -NET_ECONNRESET);
        return;
    }
    trim(c, seg);
    if ( seg->flags & TCP_SYN )
    {
        c->ack_now = true; /* RFC 5961: a challenge ACK */
        return;
    }
    if ( !(seg->flags & TCP_ACK) )
        return;
    if ( !process_ack(s, seg) || !fin_acked_transitions(s) )
        return;
    if ( c->state == TCP_TIME_WAIT )
    {
        /* A retransmitted FIN: acknowledge it, and wait 2 MSL again. */
        if ( seg->flags & TCP_FIN )
            net_timer_arm(s->st, &c->linger_at,
                          net_now(s->st) + s->st->cfg.time_wait_ns);
        c->ack_now = true;
        return;
    }
    if ( seg->len && may_receive_data(c->state) )
    {
        if ( s->orphan )
        {
            /* Nobody will read it: tell the peer (RFC 2525). */
            tcp_send_rst(s);
            tcp_drop(s, 0);
            return;
        }
        receive_data(s, seg);
    }
    if ( (seg->flags & TCP_FIN) && seg->seq + seg->len == c->rcv_nxt &&
         !c->fin_received )
    {
        if ( !receive_fin(s) )
            return;
    }
    tcp_output(s);
}

static bool timewait_input(struct net_stack *st, uint32_t src, uint32_t dst,
                           const struct segment *seg)
{
    struct tcp_timewait *tw =
        tcp_timewait_lookup(st, dst, seg->dport, src, seg->sport);

    if ( !tw )
        return false;
    if ( seg->flags & TCP_RST )
    {
        tcp_timewait_remove(st, tw);
        return true;
    }
    /* A new connection from the same port, above the old sequence. */
    if ( (seg->flags & TCP_SYN) && !(seg->flags & TCP_ACK) &&
         SEQ_GT(seg->seq, tw->rcv_nxt) )
    {
        tcp_timewait_remove(st, tw);
        return false;
    }
    if ( seg->flags & TCP_FIN )
        net_timer_arm(st, &tw->expires, net_now(st) + st->cfg.time_wait_ns);
    tcp_send_tw_ack(st, tw);
    return true;
}

void tcp_input(struct net_stack *st, uint32_t src, uint32_t dst,
               const uint8_t *pkt, size_t len, unsigned int flags)
{
    struct segment seg;
    struct net_sock *s;

    if ( parse(src, dst, pkt, len, flags, &seg) )
    {
        st->stats.drop_tcp++;
        return;
    }
    s = tcp_lookup(st, dst, seg.dport, src, seg.sport);
    if ( s )
    {
        conn_input(s, &seg);
        return;
    }
    if ( timewait_input(st, src, dst, &seg) )
        return;
    s = tcp_find_listener(st, dst, seg.dport);
    if ( s )
        listen_input(s, src, dst, &seg);
    else
        tcp_send_rst_for(st, src, dst, pkt, len);
}
