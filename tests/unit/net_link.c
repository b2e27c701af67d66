/* SPDX-License-Identifier: GPL-2.0-only */
/* net_link.c: the in-memory link of the network stack tests (net_link.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net_link.h"

/* The stack's diagnostics (port.h): quiet unless NET_TEST_VERBOSE is set. */
void port_log(const char *fmt, ...)
{
    va_list ap;

    if ( !getenv("NET_TEST_VERBOSE") )
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

uint32_t link_random(struct link *l)
{
    /* xorshift64* */
    l->rng ^= l->rng >> 12;
    l->rng ^= l->rng << 25;
    l->rng ^= l->rng >> 27;
    return (uint32_t)((l->rng * 2685821657736338717ULL) >> 32);
}

static uint64_t end_now(void *ctx)
{
    return ((struct link_end *)ctx)->link->now;
}

static uint32_t end_random(void *ctx)
{
    struct link_end *e = ctx;

    if ( e->fixed_random )
        return e->fixed_random;
    return link_random(e->link);
}

static void end_wakeup(void *ctx, struct net_sock *s)
{
    (void)s;
    ((struct link_end *)ctx)->wakeups++;
}

static void enqueue(struct link *l, int to, const void *f, size_t len,
                    unsigned int gso, uint64_t at)
{
    struct link_frame *fr = malloc(sizeof(*fr) + len), **pp;

    if ( !fr )
        abort();
    fr->at = at;
    fr->to = to;
    fr->len = len;
    fr->gso_size = gso;
    memcpy(fr->data, f, len);
    for ( pp = &l->queue; *pp && (*pp)->at <= at; pp = &(*pp)->next )
        ;
    fr->next = *pp;
    *pp = fr;
}

static void note_segment(struct link_end *e, const uint8_t *f, size_t len,
                         unsigned int gso)
{
    unsigned int ihl, doff, payload;

    if ( gso )
    {
        e->gso_frames++;
        return;
    }
    if ( len < 14 + 20 || f[12] != 0x08 || f[13] != 0x00 || f[14 + 9] != 6 )
        return;
    ihl = (f[14] & 0xf) * 4;
    if ( len < 14 + ihl + 20 )
        return;
    doff = (f[14 + ihl + 12] >> 4) * 4;
    payload = ((unsigned int)f[16] << 8 | f[17]) - ihl - doff;
    if ( payload > e->max_segment )
        e->max_segment = payload;
}

static void end_transmit(void *ctx, const void *frame, size_t len,
                         unsigned int gso_size)
{
    struct link_end *e = ctx;
    struct link *l = e->link;
    struct link_faults *f = &l->faults;
    uint64_t at = l->now + f->latency_ns;
    unsigned int copies = 1, i;

    e->frames_sent++;
    note_segment(e, frame, len, gso_size);
    if ( e->tap && !e->tap(e, frame, len) )
        return;
    if ( f->down || (f->loss_pct && link_random(l) % 100 < f->loss_pct) )
        return;
    if ( f->dup_pct && link_random(l) % 100 < f->dup_pct )
        copies = 2;
    for ( i = 0; i < copies; i++ )
    {
        uint64_t when = at;

        if ( f->reorder_pct && link_random(l) % 100 < f->reorder_pct )
            when += link_random(l) % (f->reorder_ns ? f->reorder_ns : 1);
        enqueue(l, !e->id, frame, len, gso_size, when);
    }
}

void link_init(struct link *l, uint64_t seed, const struct net_config *cfg_a,
               const struct net_config *cfg_b)
{
    static const struct net_ops ops = {
        .transmit = end_transmit,
        .now = end_now,
        .random = end_random,
        .wakeup = end_wakeup,
    };
    int i;

    memset(l, 0, sizeof(*l));
    l->rng = seed * 0x9E3779B97F4A7C15ULL + 1;
    l->now = 1000000000ULL;
    l->faults.latency_ns = 100000; /* 100 us */
    for ( i = 0; i < 2; i++ )
    {
        struct link_end *e = &l->end[i];
        struct net_config cfg = {};
        struct net_ops o = ops;

        if ( (i ? cfg_b : cfg_a) )
            cfg = *(i ? cfg_b : cfg_a);
        e->link = l;
        e->id = i;
        memcpy(e->mac, (uint8_t[]){ 0x00, 0x16, 0x3e, 0, 0, (uint8_t)(i + 1) },
               6);
        memcpy(cfg.mac, e->mac, 6);
        if ( !cfg.addr )
        {
            cfg.addr = i ? LINK_B_IP : LINK_A_IP;
            cfg.netmask = LINK_MASK;
        }
        if ( cfg.addr == NET_IP4_BROADCAST )
            cfg.addr = 0; /* a test's way to ask for no address */
        o.ctx = e;
        e->st = net_create(&o, &cfg);
        if ( !e->st )
            abort();
    }
}

void link_fini(struct link *l)
{
    while ( l->queue )
    {
        struct link_frame *f = l->queue;

        l->queue = f->next;
        free(f);
    }
    net_destroy(l->end[0].st);
    net_destroy(l->end[1].st);
}

void link_inject(struct link *l, int to, const void *frame, size_t len)
{
    net_input(l->end[to].st, frame, len, 0);
    net_flush(l->end[to].st);
}

void link_send_later(struct link *l, int to, const void *frame, size_t len)
{
    enqueue(l, to, frame, len, 0, l->now + l->faults.latency_ns);
}

static uint64_t next_event(const struct link *l)
{
    uint64_t t = l->queue ? l->queue->at : 0;
    int i;

    for ( i = 0; i < 2; i++ )
    {
        uint64_t d = net_next_deadline(l->end[i].st);

        if ( d && (!t || d < t) )
            t = d;
    }
    return t;
}

static void advance(struct link *l, uint64_t t)
{
    bool got[2] = { false, false };
    int i;

    if ( t > l->now )
        l->now = t;
    while ( l->queue && l->queue->at <= l->now )
    {
        struct link_frame *f = l->queue;

        l->queue = f->next;
        net_input(l->end[f->to].st, f->data, f->len,
                  f->gso_size ? NET_RX_CSUM_VALID : 0);
        got[f->to] = true;
        l->delivered++;
        free(f);
    }
    for ( i = 0; i < 2; i++ )
    {
        uint64_t d = net_next_deadline(l->end[i].st);

        if ( got[i] )
            net_flush(l->end[i].st);
        if ( d && d <= l->now )
            net_timers(l->end[i].st);
    }
}

bool link_run(struct link *l, uint64_t max_ns, bool (*cond)(void *arg),
              void *arg)
{
    uint64_t end = l->now + max_ns;

    for ( ;; )
    {
        uint64_t t;

        if ( cond && cond(arg) )
            return true;
        t = next_event(l);
        if ( !t || t > end )
        {
            l->now = end;
            advance(l, end);
            return cond ? cond(arg) : false;
        }
        advance(l, t);
    }
}

void link_run_for(struct link *l, uint64_t ns)
{
    link_run(l, ns, NULL, NULL);
}

struct pair_wait {
    struct net_sock *client, *listener, *server;
};

static bool pair_ready(void *arg)
{
    struct pair_wait *w = arg;

    if ( !w->server )
        net_accept(w->listener, &w->server);
    return w->server && (net_events(w->client) & NET_EV_WRITE);
}

bool link_tcp_pair(struct link *l, uint16_t port, struct net_sock **client,
                   struct net_sock **server)
{
    struct pair_wait w = { 0 };
    bool ok;

    w.listener = net_socket(l->end[1].st, NET_SOCK_TCP);
    w.client = net_socket(l->end[0].st, NET_SOCK_TCP);
    if ( !w.listener || !w.client || net_bind(w.listener, 0, port) ||
         net_listen(w.listener, 16) || net_connect(w.client, LINK_B_IP, port) )
        return false;
    ok = link_run(l, 30ULL * 1000000000ULL, pair_ready, &w);
    net_close(w.listener);
    *client = w.client;
    *server = w.server;
    return ok;
}

void transfer_step(struct transfer *t)
{
    uint8_t buf[4096];
    long n;

    while ( t->sent < t->len )
    {
        n = net_send(t->from, t->src + t->sent, t->len - t->sent);
        if ( n <= 0 )
        {
            if ( n != -NET_EAGAIN )
                t->error = (int)n;
            break;
        }
        t->sent += (size_t)n;
    }
    if ( t->sent == t->len && !t->closed_sender )
    {
        net_shutdown(t->from);
        t->closed_sender = true;
    }
    for ( ;; )
    {
        n = net_recv(t->to, buf, sizeof(buf));
        if ( n == -NET_EAGAIN )
            break;
        if ( n < 0 )
        {
            t->error = (int)n;
            break;
        }
        if ( n == 0 )
        {
            t->eof = true;
            break;
        }
        if ( t->received + (size_t)n > t->len )
        {
            t->error = -NET_EMSGSIZE; /* more than was sent */
            break;
        }
        memcpy(t->dst + t->received, buf, (size_t)n);
        t->received += (size_t)n;
    }
}

bool transfer_done(void *arg)
{
    struct transfer *t = arg;

    transfer_step(t);
    return t->eof || t->error;
}
