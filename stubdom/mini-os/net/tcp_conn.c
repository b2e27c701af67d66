/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp_conn.c: TCP connections as the application and the stack hold
 * them: the connection table (a hash on the four-tuple), listeners and
 * their accept queues, the socket calls, timers, and TIME_WAIT.
 *
 * A connection the application closed is an orphan: the stack finishes
 * it (sending what is queued, then FIN) and frees it when it ends. A
 * connection that ends in TIME_WAIT leaves only a small record of its
 * four-tuple and sequence numbers for 2 MSL, so that a server closing
 * many connections does not keep their buffers. A listener holds at most
 * `backlog` established connections not yet accepted, and at most
 * MAX_HALF_OPEN still handshaking; SYNs beyond either are dropped and
 * the peer retries.
 */
#include "net_internal.h"

#define RTO_INITIAL_NS NSEC_PER_SEC
#define RTO_MIN_NS (200 * NSEC_PER_MSEC)
#define RTO_MAX_NS (60 * NSEC_PER_SEC)
#define DEFAULT_MSS 536
#define MAX_BACKLOG 1024
#define MAX_HALF_OPEN 128 /* per listener, as Linux's SYN backlog */
#define MAX_TIMEWAIT 4096
#define ORPHAN_FIN_WAIT_2_NS (60 * NSEC_PER_SEC)

unsigned int tcp_hash(uint32_t laddr, uint16_t lport, uint32_t raddr,
                      uint16_t rport)
{
    uint32_t h = laddr ^ (raddr * 2654435761U) ^
                 ((uint32_t)lport << 16 | rport) * 40503U;

    h ^= h >> 16;
    return h % TCP_HASH_SIZE;
}

struct net_sock *tcp_lookup(struct net_stack *st, uint32_t laddr,
                            uint16_t lport, uint32_t raddr, uint16_t rport)
{
    struct net_sock *s;

    for ( s = st->tcp_hash[tcp_hash(laddr, lport, raddr, rport)]; s;
          s = s->hnext )
        if ( s->laddr == laddr && s->lport == lport && s->raddr == raddr &&
             s->rport == rport )
            return s;
    return NULL;
}

void tcp_hash_insert(struct net_sock *s)
{
    unsigned int h = tcp_hash(s->laddr, s->lport, s->raddr, s->rport);

    s->hnext = s->st->tcp_hash[h];
    s->st->tcp_hash[h] = s;
}

static void hash_remove(struct net_sock *s)
{
    struct net_sock **pp =
        &s->st->tcp_hash[tcp_hash(s->laddr, s->lport, s->raddr, s->rport)];

    for ( ; *pp; pp = &(*pp)->hnext )
        if ( *pp == s )
        {
            *pp = s->hnext;
            s->hnext = NULL;
            return;
        }
}

struct net_sock *tcp_find_listener(struct net_stack *st, uint32_t laddr,
                                   uint16_t lport)
{
    struct net_sock *s;

    for ( s = st->socks; s; s = s->next )
        if ( s->type == NET_SOCK_TCP && s->tcp.state == TCP_LISTEN &&
             s->lport == lport && (!s->laddr || s->laddr == laddr) )
            return s;
    return NULL;
}

uint32_t tcp_new_iss(struct net_stack *st)
{
    return st->ops.random(st->ops.ctx) + (uint32_t)(net_now(st) >> 12);
}

static void init_conn(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;

    c->rto = RTO_INITIAL_NS;
    c->mss = DEFAULT_MSS;
    c->iss = tcp_new_iss(s->st);
    c->snd_una = c->snd_nxt = c->snd_max = c->iss;
    c->ssthresh = 65535;
}

int tcp_alloc_buffers(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;
    const struct net_config *cfg = &s->st->cfg;

    c->sbuf = malloc(cfg->tcp_sndbuf + cfg->tcp_rcvbuf);
    if ( !c->sbuf )
        return -NET_ENOMEM;
    c->ssize = cfg->tcp_sndbuf;
    c->rbuf = c->sbuf + c->ssize;
    c->rsize = cfg->tcp_rcvbuf;
    return 0;
}

struct net_sock *tcp_new_child(struct net_sock *l, uint32_t laddr,
                               uint16_t lport, uint32_t raddr, uint16_t rport)
{
    struct net_sock *s;

    if ( l->tcp.nr_queued >= l->tcp.backlog ||
         l->tcp.nr_children - l->tcp.nr_queued >= MAX_HALF_OPEN )
        return NULL;
    s = net_socket(l->st, NET_SOCK_TCP);
    if ( !s )
        return NULL;
    if ( tcp_alloc_buffers(s) )
    {
        net_close(s);
        return NULL;
    }
    s->laddr = laddr;
    s->lport = lport;
    s->raddr = raddr;
    s->rport = rport;
    s->tcp.listener = l;
    l->tcp.nr_children++;
    init_conn(s);
    tcp_hash_insert(s);
    return s;
}

void tcp_set_state(struct net_sock *s, enum tcp_state state)
{
    s->tcp.state = state;
    net_wakeup(s);
}

/* A child's handshake completed: it waits to be accepted. */
void tcp_established(struct net_sock *s)
{
    struct net_sock *l = s->tcp.listener, **pp;

    tcp_set_state(s, TCP_ESTABLISHED);
    if ( !l )
        return;
    for ( pp = &l->tcp.accept_head; *pp; pp = &(*pp)->tcp.accept_next )
        ;
    *pp = s;
    s->tcp.accept_next = NULL;
    l->tcp.nr_queued++;
    net_wakeup(l);
}

static void unlink_child(struct net_sock *s)
{
    struct net_sock *l = s->tcp.listener, **pp;

    if ( !l )
        return;
    for ( pp = &l->tcp.accept_head; *pp; pp = &(*pp)->tcp.accept_next )
        if ( *pp == s )
        {
            *pp = s->tcp.accept_next;
            l->tcp.nr_queued--;
            break;
        }
    l->tcp.nr_children--;
    s->tcp.listener = NULL;
}

void tcp_drop(struct net_sock *s, int error)
{
    struct tcp_conn *c = &s->tcp;
    bool unaccepted = c->listener != NULL;

    if ( c->state != TCP_CLOSED && c->state != TCP_LISTEN )
        hash_remove(s);
    c->state = TCP_CLOSED;
    c->rexmit_at = c->dack_at = c->linger_at = 0;
    c->ack_now = false;
    if ( !s->error )
        s->error = error;
    if ( unaccepted )
        unlink_child(s);
    if ( s->orphan || unaccepted )
    {
        s->orphan = true;
        net_sock_free(s);
        return;
    }
    net_wakeup(s);
}

/* Timewait records. */
struct tcp_timewait *tcp_timewait_lookup(struct net_stack *st, uint32_t laddr,
                                         uint16_t lport, uint32_t raddr,
                                         uint16_t rport)
{
    struct tcp_timewait *tw;

    for ( tw = st->tw_hash[tcp_hash(laddr, lport, raddr, rport)]; tw;
          tw = tw->next )
        if ( tw->laddr == laddr && tw->lport == lport && tw->raddr == raddr &&
             tw->rport == rport )
            return tw;
    return NULL;
}

void tcp_timewait_remove(struct net_stack *st, struct tcp_timewait *tw)
{
    struct tcp_timewait **pp =
        &st->tw_hash[tcp_hash(tw->laddr, tw->lport, tw->raddr, tw->rport)];

    for ( ; *pp; pp = &(*pp)->next )
        if ( *pp == tw )
        {
            *pp = tw->next;
            st->nr_timewait--;
            free(tw);
            return;
        }
}

void tcp_timewait_free_all(struct net_stack *st)
{
    unsigned int h;

    for ( h = 0; h < TCP_HASH_SIZE; h++ )
        while ( st->tw_hash[h] )
            tcp_timewait_remove(st, st->tw_hash[h]);
}

/* Keep only the record (an orphan), or the socket until it is closed. */
static void to_timewait_record(struct net_sock *s, uint64_t expires)
{
    struct net_stack *st = s->st;
    struct tcp_timewait *tw = NULL;
    unsigned int h;

    if ( st->nr_timewait < MAX_TIMEWAIT )
        tw = malloc(sizeof(*tw));
    if ( tw )
    {
        tw->laddr = s->laddr;
        tw->lport = s->lport;
        tw->raddr = s->raddr;
        tw->rport = s->rport;
        tw->snd_nxt = s->tcp.snd_nxt;
        tw->rcv_nxt = s->tcp.rcv_nxt;
        net_timer_arm(st, &tw->expires, expires);
        h = tcp_hash(tw->laddr, tw->lport, tw->raddr, tw->rport);
        tw->next = st->tw_hash[h];
        st->tw_hash[h] = tw;
        st->nr_timewait++;
    }
    s->orphan = true;
    tcp_drop(s, 0);
}

void tcp_enter_time_wait(struct net_sock *s)
{
    uint64_t expires = net_now(s->st) + s->st->cfg.time_wait_ns;

    s->tcp.rexmit_at = s->tcp.dack_at = 0;
    if ( s->orphan )
    {
        s->tcp.ack_now = false;
        tcp_send_ack(s);
        to_timewait_record(s, expires);
        return;
    }
    tcp_set_state(s, TCP_TIME_WAIT);
    net_timer_arm(s->st, &s->tcp.linger_at, expires);
}

/* RFC 6298: smoothed round-trip time and variance, then the RTO. */
void tcp_rtt_sample(struct tcp_conn *c, uint64_t rtt)
{
    if ( !c->srtt )
    {
        c->srtt = rtt;
        c->rttvar = rtt / 2;
    }
    else
    {
        uint64_t err = rtt > c->srtt ? rtt - c->srtt : c->srtt - rtt;

        c->rttvar = (3 * c->rttvar + err) / 4;
        c->srtt = (7 * c->srtt + rtt) / 8;
    }
    c->rto = c->srtt + 4 * c->rttvar;
    if ( c->rto < RTO_MIN_NS )
        c->rto = RTO_MIN_NS;
    if ( c->rto > RTO_MAX_NS )
        c->rto = RTO_MAX_NS;
}

static void conn_timers(struct net_sock *s, uint64_t now)
{
    struct tcp_conn *c = &s->tcp;

    if ( c->linger_at && c->linger_at <= now )
    {
        c->linger_at = 0;
        tcp_drop(s, 0); /* TIME_WAIT over, or an orphan's FIN_WAIT_2 */
        return;
    }
    if ( c->dack_at && c->dack_at <= now )
    {
        c->dack_at = 0;
        c->ack_now = true;
    }
    if ( c->rexmit_at && c->rexmit_at <= now )
    {
        if ( !tcp_retransmit_timeout(s) )
            return; /* given up (and maybe freed) */
    }
    net_timer_arm(s->st, &c->rexmit_at, c->rexmit_at);
    net_timer_arm(s->st, &c->dack_at, c->dack_at);
    net_timer_arm(s->st, &c->linger_at, c->linger_at);
}

void tcp_timers(struct net_stack *st, uint64_t now)
{
    struct net_sock *s, *next;
    unsigned int h;

    for ( s = st->socks; s; s = next )
    {
        next = s->next;
        if ( s->type == NET_SOCK_TCP && s->tcp.state != TCP_CLOSED &&
             s->tcp.state != TCP_LISTEN )
            conn_timers(s, now);
    }
    for ( h = 0; h < TCP_HASH_SIZE; h++ )
    {
        struct tcp_timewait *tw, *tnext;

        for ( tw = st->tw_hash[h]; tw; tw = tnext )
        {
            tnext = tw->next;
            if ( tw->expires <= now )
                tcp_timewait_remove(st, tw);
            else
                net_timer_arm(st, &tw->expires, tw->expires);
        }
    }
}

/* The acknowledgements owed at the end of an input batch. */
void tcp_flush(struct net_stack *st)
{
    struct net_sock *s;

    for ( s = st->socks; s; s = s->next )
        if ( s->type == NET_SOCK_TCP && s->tcp.ack_now )
            tcp_output(s);
}

/* Socket calls. */
int tcp_connect(struct net_sock *s, uint32_t addr, uint16_t port)
{
    struct net_stack *st = s->st;
    struct tcp_conn *c = &s->tcp;
    int rc;

    if ( c->state == TCP_SYN_SENT )
        return -NET_EALREADY;
    if ( c->state != TCP_CLOSED || c->sbuf )
        return -NET_EISCONN;
    if ( !addr || addr == NET_IP4_BROADCAST || !port )
        return -NET_EINVAL;
    if ( !st->cfg.addr )
        return -NET_ENETUNREACH;
    if ( !s->bound )
    {
        s->lport = net_ephemeral_port(st, NET_SOCK_TCP);
        if ( !s->lport )
            return -NET_EADDRINUSE;
        s->bound = true;
    }
    if ( !s->laddr )
        s->laddr = st->cfg.addr;
    if ( tcp_lookup(st, s->laddr, s->lport, addr, port) ||
         tcp_timewait_lookup(st, s->laddr, s->lport, addr, port) )
        return -NET_EADDRINUSE;
    rc = tcp_alloc_buffers(s);
    if ( rc )
        return rc;
    s->raddr = addr;
    s->rport = port;
    init_conn(s);
    c->state = TCP_SYN_SENT;
    tcp_hash_insert(s);
    tcp_send_syn(s);
    return 0;
}

int tcp_listen(struct net_sock *s, unsigned int backlog)
{
    struct tcp_conn *c = &s->tcp;

    if ( !s->bound || (c->state != TCP_CLOSED && c->state != TCP_LISTEN) ||
         c->sbuf )
        return -NET_EINVAL;
    c->state = TCP_LISTEN;
    c->backlog = backlog ? backlog : 1;
    if ( c->backlog > MAX_BACKLOG )
        c->backlog = MAX_BACKLOG;
    return 0;
}

int tcp_accept(struct net_sock *s, struct net_sock **conn)
{
    struct net_sock *child = s->tcp.accept_head;

    if ( s->tcp.state != TCP_LISTEN )
        return -NET_EINVAL;
    if ( !child )
        return -NET_EAGAIN;
    unlink_child(child);
    *conn = child;
    return 0;
}

long tcp_send(struct net_sock *s, const void *buf, size_t len)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t room, n, at, first;

    if ( s->error )
        return s->error;
    if ( c->state == TCP_SYN_SENT || c->state == TCP_SYN_RCVD )
        return -NET_EAGAIN;
    if ( c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT )
        return c->fin_queued ? -NET_EPIPE : -NET_ENOTCONN;
    if ( c->fin_queued )
        return -NET_EPIPE;
    room = c->ssize - c->slen;
    if ( !room )
        return -NET_EAGAIN;
    n = len < room ? (uint32_t)len : room;
    at = (c->shead + c->slen) % c->ssize;
    first = c->ssize - at < n ? c->ssize - at : n;
    memcpy(c->sbuf + at, buf, first);
    memcpy(c->sbuf, (const uint8_t *)buf + first, n - first);
    c->slen += n;
    tcp_output(s);
    return n;
}

long tcp_recv(struct net_sock *s, void *buf, size_t len)
{
    struct tcp_conn *c = &s->tcp;
    uint32_t n, first, before;

    if ( c->state == TCP_LISTEN )
        return -NET_ENOTCONN;
    if ( !c->rlen )
    {
        if ( s->error )
            return s->error;
        if ( c->fin_received || c->state == TCP_CLOSED )
            return 0;
        return -NET_EAGAIN;
    }
    before = tcp_rcv_window(c);
    n = len < c->rlen ? (uint32_t)len : c->rlen;
    first = c->rsize - c->rhead < n ? c->rsize - c->rhead : n;
    memcpy(buf, c->rbuf + c->rhead, first);
    memcpy((uint8_t *)buf + first, c->rbuf, n - first);
    c->rhead = (c->rhead + n) % c->rsize;
    c->rlen -= n;
    /* Tell a peer that may be waiting on a shut window it opened. */
    if ( tcp_rcv_window(c) > before && !c->fin_received &&
         c->state != TCP_CLOSED && c->state != TCP_TIME_WAIT &&
         before < c->rsize / 2 )
    {
        c->ack_now = true;
        tcp_output(s);
    }
    return n;
}

int tcp_shutdown(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;

    switch ( c->state )
    {
    case TCP_ESTABLISHED:
        c->state = TCP_FIN_WAIT_1;
        break;
    case TCP_CLOSE_WAIT:
        c->state = TCP_LAST_ACK;
        break;
    case TCP_FIN_WAIT_1:
    case TCP_FIN_WAIT_2:
    case TCP_CLOSING:
    case TCP_LAST_ACK:
    case TCP_TIME_WAIT:
        return 0;
    default:
        return -NET_ENOTCONN;
    }
    c->fin_queued = true;
    tcp_output(s);
    return 0;
}

static void close_listener(struct net_sock *l)
{
    struct net_sock *s, *next;

    for ( s = l->st->socks; s; s = next )
    {
        next = s->next;
        if ( s->type == NET_SOCK_TCP && s->tcp.listener == l )
        {
            tcp_send_rst(s);
            tcp_drop(s, -NET_ECONNRESET);
        }
    }
    l->tcp.state = TCP_CLOSED;
    net_sock_free(l);
}

void tcp_close(struct net_sock *s)
{
    struct tcp_conn *c = &s->tcp;

    s->orphan = true;
    switch ( c->state )
    {
    case TCP_LISTEN:
        close_listener(s);
        return;
    case TCP_CLOSED:
        net_sock_free(s);
        return;
    case TCP_SYN_SENT:
        tcp_drop(s, 0);
        return;
    case TCP_TIME_WAIT:
        to_timewait_record(s, c->linger_at);
        return;
    default:
        break;
    }
    if ( c->rlen )
    {
        /* Data the application never read: tell the peer (RFC 2525). */
        tcp_send_rst(s);
        tcp_drop(s, 0);
        return;
    }
    if ( c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT )
        tcp_shutdown(s);
    else if ( c->state == TCP_FIN_WAIT_2 )
        net_timer_arm(s->st, &c->linger_at,
                      net_now(s->st) + ORPHAN_FIN_WAIT_2_NS);
}

unsigned int tcp_events(const struct net_sock *s)
{
    const struct tcp_conn *c = &s->tcp;
    unsigned int ev = 0;

    if ( c->state == TCP_LISTEN )
        return c->accept_head ? NET_EV_READ : 0;
    if ( s->error )
        ev |= NET_EV_ERR | NET_EV_READ | NET_EV_HUP;
    if ( c->rlen || c->fin_received )
        ev |= NET_EV_READ;
    if ( c->fin_received || c->state == TCP_CLOSED ||
         c->state == TCP_TIME_WAIT )
        ev |= NET_EV_HUP;
    if ( c->state == TCP_CLOSED && c->sbuf )
        ev |= NET_EV_READ;
    if ( (c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT) &&
         !c->fin_queued && c->slen < c->ssize )
        ev |= NET_EV_WRITE;
    return ev;
}
