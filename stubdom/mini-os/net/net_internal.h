/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net_internal.h: what the files of the network stack share: wire
 * formats (read and written byte by byte, so no alignment or byte-order
 * assumptions), the stack, sockets and TCP connections.
 *
 * Frames are parsed where they lie (the caller's buffer) and built in
 * the stack's one transmit buffer: each layer writes its header in front
 * of the one above and hands the frame down; ops->transmit copies it.
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include <mini-os/net.h>
#include <mini-os/port.h>

/* Big-endian fields. */
static inline uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static inline void put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

static inline void put32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = (v >> 16) & 0xff;
    p[2] = (v >> 8) & 0xff;
    p[3] = v & 0xff;
}

/* Sequence-number comparisons, modulo 2^32 (RFC 793). */
#define SEQ_LT(a, b) ((int32_t)((a) - (b)) < 0)
#define SEQ_LE(a, b) ((int32_t)((a) - (b)) <= 0)
#define SEQ_GT(a, b) ((int32_t)((a) - (b)) > 0)
#define SEQ_GE(a, b) ((int32_t)((a) - (b)) >= 0)

#define ETH_HLEN 14
#define ETH_ALEN 6
#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define IP_HLEN 20
#define IP_PROTO_ICMP 1
#define IP_PROTO_TCP 6
#define IP_PROTO_UDP 17
#define UDP_HLEN 8
#define TCP_HLEN 20
#define TCP_MAX_HLEN 60
#define ICMP_HLEN 8

/* Where a layer's header starts in the transmit buffer. */
#define TX_IP_OFF ETH_HLEN
#define TX_L4_OFF (ETH_HLEN + IP_HLEN)

#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL

/* ARP cache. */
#define ARP_ENTRIES 64
#define ARP_MAX_PENDING 4
struct arp_pending {
    struct arp_pending *next;
    size_t len;
    unsigned int gso_size;
    uint8_t frame[];
};
struct arp_entry {
    uint32_t ip;
    uint8_t mac[ETH_ALEN];
    bool resolved;
    uint8_t tries; /* requests sent while unresolved */
    uint8_t nr_pending;
    uint64_t deadline; /* resolved: expiry; unresolved: next request */
    struct arp_pending
        *pending; /* frames waiting for the answer, oldest first */
};

/* UDP datagrams waiting to be read. */
struct udp_dgram {
    struct udp_dgram *next;
    uint32_t addr;
    uint16_t port;
    size_t len;
    uint8_t data[];
};

/* Received TCP data beyond rcv_nxt: [start, end) in sequence space. */
#define TCP_OOO_RANGES 8
struct seq_range {
    uint32_t start, end;
};

struct tcp_conn {
    enum tcp_state state;
    /* Send side (RFC 793 names); sbuf holds [snd_una, snd_una + slen). */
    uint32_t iss, snd_una, snd_nxt, snd_max, snd_wnd, snd_wl1, snd_wl2;
    uint8_t *sbuf;
    uint32_t ssize, shead, slen;
    uint16_t mss; /* what the peer accepts */
    /*
     * RFC 7323 window scaling, our send side only: we offer a shift of 0
     * (our receive window fits 16 bits), and take the peer's shift.
     */
    uint8_t snd_wscale;
    bool peer_wscale; /* its SYN had the option: our SYN-ACK has it too */
    uint32_t cwnd, ssthresh;
    unsigned int dupacks;
    bool fin_queued, fin_acked; /* FIN at snd_una + slen once queued */
    bool persisting; /* rexmit_at is the zero-window probe */
    uint32_t recover; /* snd_max when fast recovery began */
    bool in_recovery;
    /* Receive side; rbuf holds unread in-order data, then room. */
    uint32_t irs, rcv_nxt, rcv_adv; /* rcv_adv: right edge advertised */
    uint8_t *rbuf;
    uint32_t rsize, rhead, rlen;
    struct seq_range ooo[TCP_OOO_RANGES];
    unsigned int nr_ooo;
    bool fin_received;
    /* Acknowledgements owed. */
    bool ack_now; /* at the end of this input batch */
    unsigned int unacked_segs;
    /* Timers (ns; 0 = not armed). */
    uint64_t rexmit_at; /* retransmission, or the persist probe */
    uint64_t dack_at; /* delayed acknowledgement */
    uint64_t linger_at; /* orphan in FIN_WAIT_2, or an accept-less SYN_RCVD */
    uint64_t rto, srtt, rttvar;
    unsigned int backoff; /* retransmissions of the same data */
    bool rtt_timing;
    uint32_t rtt_seq;
    uint64_t rtt_start;
    /* A connection a listener made, until accepted. */
    struct net_sock *listener;
    struct net_sock *accept_next;
    /*
     * Listener: connections established and not yet accepted (at most
     * backlog of them), and all its children, handshaking ones too.
     */
    struct net_sock *accept_head;
    unsigned int backlog, nr_queued, nr_children;
};

struct net_sock {
    struct net_stack *st;
    enum net_sock_type type;
    void *user;
    uint32_t laddr, raddr;
    uint16_t lport, rport;
    bool bound;
    bool orphan; /* the application closed it */
    int error; /* -NET_E*, reported once */
    struct net_sock *next; /* all sockets of the stack */
    struct net_sock *hnext; /* hash chain (TCP connections) */
    union {
        struct tcp_conn tcp;
        struct {
            struct udp_dgram *head, *tail;
            size_t queued;
        } udp;
    };
};

/* A closed connection remembered for 2 MSL, without its buffers. */
struct tcp_timewait {
    struct tcp_timewait *next;
    uint32_t laddr, raddr;
    uint16_t lport, rport;
    uint32_t snd_nxt, rcv_nxt;
    uint64_t expires;
};

#define TCP_HASH_SIZE 256

struct dhcp_client;

struct net_stack {
    struct net_ops ops;
    struct net_config cfg;
    struct net_stats stats;
    uint8_t *txbuf;
    size_t txbuf_size;
    struct arp_entry arp[ARP_ENTRIES];
    struct net_sock *socks;
    unsigned int nr_socks;
    struct net_sock *tcp_hash[TCP_HASH_SIZE];
    struct tcp_timewait *tw_hash[TCP_HASH_SIZE];
    unsigned int nr_timewait;
    uint16_t next_port;
    uint16_t ip_id;
    struct dhcp_client *dhcp;
    uint64_t next_deadline;
    struct {
        uint16_t id;
        unsigned int count;
    } ping[8];
};

static inline uint64_t net_now(struct net_stack *st)
{
    return st->ops.now(st->ops.ctx);
}

/* Arm a timer: *slot = when, and the stack's next deadline follows. */
void net_timer_arm(struct net_stack *st, uint64_t *slot, uint64_t when);
void net_wakeup(struct net_sock *s);
uint16_t net_ephemeral_port(struct net_stack *st, enum net_sock_type type);
bool net_port_in_use(struct net_stack *st, enum net_sock_type type,
                     uint32_t addr, uint16_t port);
/* Free a socket the application released and the stack is done with. */
void net_sock_free(struct net_sock *s);

/* checksum.c: the Internet checksum (RFC 1071). */
uint32_t csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t csum_fold(uint32_t sum);
uint32_t csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t len);

/* arp.c */
void arp_input(struct net_stack *st, const uint8_t *pkt, size_t len);
/* Send an IPv4 frame (headers from offset ETH_HLEN) to next hop nh. */
void arp_output(struct net_stack *st, uint32_t nh, uint8_t *frame, size_t len,
                unsigned int gso_size);
void arp_announce(struct net_stack *st);
void arp_timers(struct net_stack *st, uint64_t now);
void arp_flush_all(struct net_stack *st);

/* ipv4.c */
void ip_input(struct net_stack *st, const uint8_t *pkt, size_t len,
              unsigned int flags, bool link_broadcast);
/*
 * Send the l4len bytes at st->txbuf + TX_L4_OFF to dst: 0, or
 * -NET_ENETUNREACH without a route. src 0 uses the stack's address.
 */
int ip_output(struct net_stack *st, uint32_t src, uint32_t dst, uint8_t proto,
              size_t l4len, unsigned int gso_size);
bool ip_is_local(const struct net_stack *st, uint32_t addr);
bool ip_is_broadcast(const struct net_stack *st, uint32_t addr);

/* icmp.c */
void icmp_input(struct net_stack *st, uint32_t src, uint32_t dst,
                const uint8_t *pkt, size_t len);
void icmp_port_unreachable(struct net_stack *st, const uint8_t *ip_pkt,
                           size_t ip_len);

/* udp.c */
void udp_input(struct net_stack *st, uint32_t src, uint32_t dst,
               const uint8_t *pkt, size_t len, unsigned int flags,
               const uint8_t *ip_pkt, size_t ip_len);
/* One datagram, no socket needed (DHCP): 0 or -NET_E*. */
int udp_output(struct net_stack *st, uint32_t src, uint16_t sport, uint32_t dst,
               uint16_t dport, const void *buf, size_t len);
long udp_sendto(struct net_sock *s, const void *buf, size_t len, uint32_t addr,
                uint16_t port);
long udp_recvfrom(struct net_sock *s, void *buf, size_t len, uint32_t *addr,
                  uint16_t *port);
void udp_release(struct net_sock *s);

/* tcp_input.c */
void tcp_input(struct net_stack *st, uint32_t src, uint32_t dst,
               const uint8_t *pkt, size_t len, unsigned int flags);

/* tcp_output.c */
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
/* Send what the window allows (and any acknowledgement owed). */
void tcp_output(struct net_sock *s);
void tcp_send_ack(struct net_sock *s);
void tcp_send_syn(struct net_sock *s);
/* One segment: seq, flags, n bytes of sbuf from data_off (past snd_una). */
void tcp_send_segment(struct net_sock *s, uint32_t seq, uint8_t flags,
                      uint32_t data_off, uint32_t n);
void tcp_send_tw_ack(struct net_stack *st, const struct tcp_timewait *tw);
uint16_t tcp_our_mss(const struct net_stack *st);
void tcp_send_rst_for(struct net_stack *st, uint32_t src, uint32_t dst,
                      const uint8_t *seg, size_t len);
void tcp_send_rst(struct net_sock *s);
/* false: the connection was given up (and may be freed). */
bool tcp_retransmit_timeout(struct net_sock *s);
uint32_t tcp_rcv_window(const struct tcp_conn *c);

/* tcp_conn.c */
struct net_sock *tcp_lookup(struct net_stack *st, uint32_t laddr,
                            uint16_t lport, uint32_t raddr, uint16_t rport);
struct net_sock *tcp_find_listener(struct net_stack *st, uint32_t laddr,
                                   uint16_t lport);
struct net_sock *tcp_new_child(struct net_sock *listener, uint32_t laddr,
                               uint16_t lport, uint32_t raddr, uint16_t rport);
int tcp_alloc_buffers(struct net_sock *s);
void tcp_hash_insert(struct net_sock *s);
void tcp_set_state(struct net_sock *s, enum tcp_state state);
/* The connection is over: error (0 if none) for the application. */
void tcp_drop(struct net_sock *s, int error);
void tcp_enter_time_wait(struct net_sock *s);
struct tcp_timewait *tcp_timewait_lookup(struct net_stack *st, uint32_t laddr,
                                         uint16_t lport, uint32_t raddr,
                                         uint16_t rport);
void tcp_timewait_remove(struct net_stack *st, struct tcp_timewait *tw);
void tcp_timewait_free_all(struct net_stack *st);
unsigned int tcp_hash(uint32_t laddr, uint16_t lport, uint32_t raddr,
                      uint16_t rport);
void tcp_established(struct net_sock *s);
void tcp_timers(struct net_stack *st, uint64_t now);
void tcp_flush(struct net_stack *st);
uint32_t tcp_new_iss(struct net_stack *st);
void tcp_rtt_sample(struct tcp_conn *c, uint64_t rtt);
void tcp_arm_rexmit(struct net_sock *s);
int tcp_connect(struct net_sock *s, uint32_t addr, uint16_t port);
int tcp_listen(struct net_sock *s, unsigned int backlog);
int tcp_accept(struct net_sock *s, struct net_sock **conn);
long tcp_send(struct net_sock *s, const void *buf, size_t len);
long tcp_recv(struct net_sock *s, void *buf, size_t len);
int tcp_shutdown(struct net_sock *s);
void tcp_close(struct net_sock *s);
unsigned int tcp_events(const struct net_sock *s);

/* dhcp.c */
/* A datagram for the client's port: true if the DHCP client took it. */
bool dhcp_input(struct net_stack *st, uint16_t sport, const uint8_t *pkt,
                size_t len);
void dhcp_timers(struct net_stack *st, uint64_t now);
void dhcp_free(struct net_stack *st);

#endif /* NET_INTERNAL_H */
