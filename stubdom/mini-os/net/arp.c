/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arp.c: ARP (RFC 826) for IPv4 over Ethernet: answers requests for the
 * stack's address, learns the sender of requests meant for it and of
 * replies, and resolves next hops for ip_output. A frame for a next hop
 * not yet resolved waits in its entry (one per entry, the latest) while
 * requests go out once a second, three times; then it is dropped.
 * Resolved entries last five minutes.
 */
#include "net_internal.h"

#define ARP_LEN 28
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define ARP_RETRY_NS NSEC_PER_SEC
#define ARP_TRIES 3
#define ARP_LIFETIME_NS (300 * NSEC_PER_SEC)

static void entry_clear(struct arp_entry *e)
{
    while ( e->pending )
    {
        struct arp_pending *p = e->pending;

        e->pending = p->next;
        free(p);
    }
    memset(e, 0, sizeof(*e));
}

static struct arp_entry *lookup(struct net_stack *st, uint32_t ip)
{
    unsigned int i;

    for ( i = 0; i < ARP_ENTRIES; i++ )
        if ( st->arp[i].ip == ip )
            return &st->arp[i];
    return NULL;
}

/* A free entry, or the one that expires first. */
static struct arp_entry *new_entry(struct net_stack *st, uint32_t ip)
{
    struct arp_entry *victim = &st->arp[0];
    unsigned int i;

    for ( i = 0; i < ARP_ENTRIES; i++ )
    {
        if ( !st->arp[i].ip )
        {
            victim = &st->arp[i];
            break;
        }
        if ( st->arp[i].deadline < victim->deadline )
            victim = &st->arp[i];
    }
    entry_clear(victim);
    victim->ip = ip;
    return victim;
}

static void send_arp(struct net_stack *st, uint16_t op, const uint8_t *dmac,
                     uint32_t tip)
{
    uint8_t f[ETH_HLEN + ARP_LEN];
    uint8_t *a = f + ETH_HLEN;

    memcpy(f, dmac ? dmac : (const uint8_t *)"\xff\xff\xff\xff\xff\xff",
           ETH_ALEN);
    memcpy(f + 6, st->cfg.mac, ETH_ALEN);
    put16(f + 12, ETH_P_ARP);
    put16(a, 1);
    put16(a + 2, ETH_P_IP);
    a[4] = ETH_ALEN;
    a[5] = 4;
    put16(a + 6, op);
    memcpy(a + 8, st->cfg.mac, ETH_ALEN);
    put32(a + 14, st->cfg.addr);
    if ( op == ARP_REPLY && dmac )
        memcpy(a + 18, dmac, ETH_ALEN);
    else
        memset(a + 18, 0, ETH_ALEN);
    put32(a + 24, tip);
    st->stats.tx_frames++;
    st->ops.transmit(st->ops.ctx, f, sizeof(f), 0);
}

/* Gratuitous ARP: tell the link about our (new) address. */
void arp_announce(struct net_stack *st)
{
    send_arp(st, ARP_REQUEST, NULL, st->cfg.addr);
}

static void send_frame(struct net_stack *st, const uint8_t *mac, uint8_t *frame,
                       size_t len, unsigned int gso_size)
{
    memcpy(frame, mac, ETH_ALEN);
    memcpy(frame + 6, st->cfg.mac, ETH_ALEN);
    put16(frame + 12, ETH_P_IP);
    st->stats.tx_frames++;
    st->ops.transmit(st->ops.ctx, frame, len, gso_size);
}

static void learn(struct net_stack *st, struct arp_entry *e, const uint8_t *mac)
{
    memcpy(e->mac, mac, ETH_ALEN);
    e->resolved = true;
    e->tries = 0;
    e->deadline = net_now(st) + ARP_LIFETIME_NS;
    net_timer_arm(st, &e->deadline, e->deadline);
    while ( e->pending )
    {
        struct arp_pending *p = e->pending;

        e->pending = p->next;
        e->nr_pending--;
        send_frame(st, e->mac, p->frame, p->len, p->gso_size);
        free(p);
    }
}

void arp_input(struct net_stack *st, const uint8_t *a, size_t len)
{
    const uint8_t *sha = a + 8;
    uint32_t spa, tpa;
    struct arp_entry *e;
    uint16_t op;

    if ( len < ARP_LEN || get16(a) != 1 || get16(a + 2) != ETH_P_IP ||
         a[4] != ETH_ALEN || a[5] != 4 )
        goto drop;
    op = get16(a + 6);
    spa = get32(a + 14);
    tpa = get32(a + 24);
    if ( (op != ARP_REQUEST && op != ARP_REPLY) || (sha[0] & 1) )
        goto drop;
    if ( !memcmp(sha, st->cfg.mac, ETH_ALEN) )
        goto drop; /* our own, looped back */
    if ( !st->cfg.addr )
        goto drop;
    /* A sender of 0.0.0.0 is probing (RFC 5227): answer, learn nothing. */
    if ( spa && spa != NET_IP4_BROADCAST && !ip_is_local(st, spa) )
    {
        e = lookup(st, spa);
        if ( e )
            learn(st, e, sha);
        else if ( tpa == st->cfg.addr )
            learn(st, new_entry(st, spa), sha);
    }
    if ( op == ARP_REQUEST && tpa == st->cfg.addr )
        send_arp(st, ARP_REPLY, sha, spa);
    return;
drop:
    st->stats.drop_arp++;
}

static void queue_frame(struct arp_entry *e, const uint8_t *frame, size_t len,
                        unsigned int gso_size)
{
    struct arp_pending *p = malloc(sizeof(*p) + len), **pp;

    if ( !p )
        return;
    p->next = NULL;
    p->len = len;
    p->gso_size = gso_size;
    memcpy(p->frame, frame, len);
    if ( e->nr_pending == ARP_MAX_PENDING )
    {
        struct arp_pending *oldest = e->pending;

        e->pending = oldest->next;
        free(oldest);
        e->nr_pending--;
    }
    for ( pp = &e->pending; *pp; pp = &(*pp)->next )
        ;
    *pp = p;
    e->nr_pending++;
}

void arp_output(struct net_stack *st, uint32_t nh, uint8_t *frame, size_t len,
                unsigned int gso_size)
{
    static const uint8_t bcast[ETH_ALEN] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff
    };
    struct arp_entry *e;

    if ( ip_is_broadcast(st, nh) )
    {
        send_frame(st, bcast, frame, len, gso_size);
        return;
    }
    e = lookup(st, nh);
    if ( e && e->resolved )
    {
        send_frame(st, e->mac, frame, len, gso_size);
        return;
    }
    if ( !e )
    {
        e = new_entry(st, nh);
        e->tries = 1;
        net_timer_arm(st, &e->deadline, net_now(st) + ARP_RETRY_NS);
        send_arp(st, ARP_REQUEST, NULL, nh);
    }
    queue_frame(e, frame, len, gso_size);
}

void arp_timers(struct net_stack *st, uint64_t now)
{
    unsigned int i;

    for ( i = 0; i < ARP_ENTRIES; i++ )
    {
        struct arp_entry *e = &st->arp[i];

        if ( !e->ip )
            continue;
        if ( e->deadline > now )
        {
            net_timer_arm(st, &e->deadline, e->deadline);
            continue;
        }
        if ( e->resolved || e->tries >= ARP_TRIES )
        {
            entry_clear(e);
            continue;
        }
        e->tries++;
        send_arp(st, ARP_REQUEST, NULL, e->ip);
        net_timer_arm(st, &e->deadline, now + ARP_RETRY_NS);
    }
}

void arp_flush_all(struct net_stack *st)
{
    unsigned int i;

    for ( i = 0; i < ARP_ENTRIES; i++ )
        entry_clear(&st->arp[i]);
}
