/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dhcp.c: a DHCP client (RFC 2131, options of RFC 2132). It broadcasts
 * DISCOVER, takes the first OFFER, REQUESTs it, and once ACKed sets the
 * address, mask and router. At T1 it renews with the server (unicast),
 * at T2 with anyone (broadcast); when the lease ends the address goes
 * and it starts over. Requests not answered are sent again after 2, 4,
 * 8 ... 32 seconds. Replies are checked (type, hardware address,
 * transaction id, options within the message) before they are believed.
 */
#include "net_internal.h"

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_FIXED_LEN 236
#define DHCP_MAGIC 0x63825363U
#define DHCP_MIN_LEN (DHCP_FIXED_LEN + 4)
#define DHCP_MAX_MSG 576
#define BOOTREQUEST 1
#define BOOTREPLY 2
#define FLAG_BROADCAST 0x8000

#define OPT_PAD 0
#define OPT_NETMASK 1
#define OPT_ROUTER 3
#define OPT_REQUESTED_IP 50
#define OPT_LEASE 51
#define OPT_MSG_TYPE 53
#define OPT_SERVER_ID 54
#define OPT_PARAM_LIST 55
#define OPT_T1 58
#define OPT_T2 59
#define OPT_END 255

#define DISCOVER 1
#define OFFER 2
#define REQUEST 3
#define ACK 5
#define NAK 6

#define RETRY_FIRST_NS (2 * NSEC_PER_SEC)
#define RETRY_MAX_NS (32 * NSEC_PER_SEC)

enum dhcp_state { SELECTING, REQUESTING, BOUND, RENEWING, REBINDING };

struct dhcp_client {
    enum dhcp_state state;
    uint32_t xid;
    uint32_t offered, server;
    uint64_t retry_at, retry_ns;
    uint64_t t1_at, t2_at, expires_at;
};

struct dhcp_reply {
    uint8_t type;
    uint32_t yiaddr, netmask, router, server;
    uint32_t lease, t1, t2; /* seconds, 0: not given */
};

static void put_opt(uint8_t *m, size_t *n, uint8_t code, const void *v,
                    uint8_t len)
{
    m[(*n)++] = code;
    m[(*n)++] = len;
    memcpy(m + *n, v, len);
    *n += len;
}

static void put_opt32(uint8_t *m, size_t *n, uint8_t code, uint32_t v)
{
    uint8_t b[4];

    put32(b, v);
    put_opt(m, n, code, b, 4);
}

static void send_msg(struct net_stack *st, uint8_t type)
{
    struct dhcp_client *d = st->dhcp;
    static const uint8_t params[] = { OPT_NETMASK, OPT_ROUTER, OPT_LEASE,
                                      OPT_T1, OPT_T2 };
    uint8_t m[DHCP_MAX_MSG];
    bool renewing = d->state == RENEWING || d->state == REBINDING;
    size_t n = DHCP_MIN_LEN;

    memset(m, 0, sizeof(m));
    m[0] = BOOTREQUEST;
    m[1] = 1;
    m[2] = ETH_ALEN;
    put32(m + 4, d->xid);
    if ( renewing )
        put32(m + 12, st->cfg.addr); /* ciaddr */
    else
        put16(m + 10, FLAG_BROADCAST);
    memcpy(m + 28, st->cfg.mac, ETH_ALEN);
    put32(m + DHCP_FIXED_LEN, DHCP_MAGIC);
    put_opt(m, &n, OPT_MSG_TYPE, &type, 1);
    if ( type == REQUEST && !renewing )
    {
        put_opt32(m, &n, OPT_REQUESTED_IP, d->offered);
        put_opt32(m, &n, OPT_SERVER_ID, d->server);
    }
    put_opt(m, &n, OPT_PARAM_LIST, params, sizeof(params));
    m[n++] = OPT_END;
    if ( n < 300 )
        n = 300; /* the BOOTP minimum some servers insist on */
    udp_output(st, renewing ? st->cfg.addr : 0, DHCP_CLIENT_PORT,
               d->state == RENEWING ? d->server : NET_IP4_BROADCAST,
               DHCP_SERVER_PORT, m, n);
}

static void arm_retry(struct net_stack *st, bool first)
{
    struct dhcp_client *d = st->dhcp;

    d->retry_ns = first ? RETRY_FIRST_NS
                        : (d->retry_ns * 2 > RETRY_MAX_NS ? RETRY_MAX_NS
                                                          : d->retry_ns * 2);
    net_timer_arm(st, &d->retry_at, net_now(st) + d->retry_ns);
}

static void start_over(struct net_stack *st)
{
    struct dhcp_client *d = st->dhcp;

    d->state = SELECTING;
    d->xid = st->ops.random(st->ops.ctx);
    d->t1_at = d->t2_at = d->expires_at = 0;
    send_msg(st, DISCOVER);
    arm_retry(st, true);
}

int net_dhcp_start(struct net_stack *st)
{
    if ( st->dhcp )
        return 0;
    st->dhcp = calloc(1, sizeof(*st->dhcp));
    if ( !st->dhcp )
        return -NET_ENOMEM;
    net_set_address(st, 0, 0, 0);
    start_over(st);
    return 0;
}

bool net_dhcp_bound(const struct net_stack *st)
{
    return st->dhcp && st->dhcp->state >= BOUND;
}

void dhcp_free(struct net_stack *st)
{
    free(st->dhcp);
    st->dhcp = NULL;
}

/* The options: every one must end inside the message. */
static int parse_options(const uint8_t *o, size_t len, struct dhcp_reply *r)
{
    size_t i = 0;

    while ( i < len )
    {
        uint8_t code = o[i], olen;

        if ( code == OPT_PAD )
        {
            i++;
            continue;
        }
        if ( code == OPT_END )
            return 0;
        if ( i + 1 >= len || i + 2 + o[i + 1] > len )
            return -1;
        olen = o[i + 1];
        if ( code == OPT_MSG_TYPE && olen == 1 )
            r->type = o[i + 2];
        else if ( olen >= 4 )
        {
            uint32_t v = get32(o + i + 2);

            if ( code == OPT_NETMASK )
                r->netmask = v;
            else if ( code == OPT_ROUTER )
                r->router = v;
            else if ( code == OPT_SERVER_ID )
                r->server = v;
            else if ( code == OPT_LEASE )
                r->lease = v;
            else if ( code == OPT_T1 )
                r->t1 = v;
            else if ( code == OPT_T2 )
                r->t2 = v;
        }
        i += 2 + olen;
    }
    return 0;
}

static uint64_t secs_to_ns(uint32_t s)
{
    return (uint64_t)s * NSEC_PER_SEC;
}

static void bind_lease(struct net_stack *st, const struct dhcp_reply *r)
{
    struct dhcp_client *d = st->dhcp;
    uint64_t now = net_now(st);
    uint32_t lease = r->lease ? r->lease : 3600;
    uint32_t t1 = r->t1 && r->t1 < lease ? r->t1 : lease / 2;
    uint32_t t2 = r->t2 && r->t2 < lease && r->t2 > t1 ? r->t2 : lease / 8 * 7;
    uint32_t mask = r->netmask ? r->netmask : NET_IP4(255, 255, 255, 0);

    if ( lease == 0xffffffffU )
        t1 = t2 = 0; /* infinite */
    d->state = BOUND;
    d->server = r->server ? r->server : d->server;
    d->retry_at = 0;
    d->t1_at = t1 ? now + secs_to_ns(t1) : 0;
    d->t2_at = t2 ? now + secs_to_ns(t2) : 0;
    d->expires_at = t1 ? now + secs_to_ns(lease) : 0;
    net_timer_arm(st, &d->t1_at, d->t1_at);
    net_set_address(st, r->yiaddr, mask, r->router);
}

bool dhcp_input(struct net_stack *st, uint16_t sport, const uint8_t *m,
                size_t len)
{
    struct dhcp_client *d = st->dhcp;
    struct dhcp_reply r = { 0 };

    if ( !d )
        return false;
    if ( sport != DHCP_SERVER_PORT || len < DHCP_MIN_LEN || m[0] != BOOTREPLY ||
         m[1] != 1 || m[2] != ETH_ALEN || get32(m + 4) != d->xid ||
         memcmp(m + 28, st->cfg.mac, ETH_ALEN) ||
         get32(m + DHCP_FIXED_LEN) != DHCP_MAGIC ||
         parse_options(m + DHCP_MIN_LEN, len - DHCP_MIN_LEN, &r) )
    {
        st->stats.drop_udp++;
        return true;
    }
    r.yiaddr = get32(m + 16);
    if ( r.type == OFFER && d->state == SELECTING && r.server && r.yiaddr &&
         r.yiaddr != NET_IP4_BROADCAST )
    {
        d->offered = r.yiaddr;
        d->server = r.server;
        d->state = REQUESTING;
        send_msg(st, REQUEST);
        arm_retry(st, true);
    }
    else if ( r.type == ACK &&
              (d->state == REQUESTING || d->state == RENEWING ||
               d->state == REBINDING) &&
              r.yiaddr && r.yiaddr != NET_IP4_BROADCAST )
        bind_lease(st, &r);
    else if ( r.type == NAK && d->state != SELECTING && d->state != BOUND )
    {
        net_set_address(st, 0, 0, 0);
        start_over(st);
    }
    return true;
}

void dhcp_timers(struct net_stack *st, uint64_t now)
{
    struct dhcp_client *d = st->dhcp;

    if ( !d )
        return;
    if ( d->expires_at && now >= d->expires_at )
    {
        net_set_address(st, 0, 0, 0);
        start_over(st);
        return;
    }
    if ( d->state == BOUND && d->t1_at && now >= d->t1_at )
    {
        d->state = RENEWING;
        d->xid = st->ops.random(st->ops.ctx);
        send_msg(st, REQUEST);
        arm_retry(st, true);
    }
    if ( d->state == RENEWING && d->t2_at && now >= d->t2_at )
    {
        d->state = REBINDING;
        send_msg(st, REQUEST);
        arm_retry(st, true);
    }
    if ( d->retry_at && now >= d->retry_at )
    {
        send_msg(st, d->state == SELECTING ? DISCOVER : REQUEST);
        arm_retry(st, false);
    }
    net_timer_arm(st, &d->retry_at, d->retry_at);
    if ( d->state == BOUND )
        net_timer_arm(st, &d->t1_at, d->t1_at);
    if ( d->state == RENEWING )
        net_timer_arm(st, &d->t2_at, d->t2_at);
    net_timer_arm(st, &d->expires_at, d->expires_at);
}
