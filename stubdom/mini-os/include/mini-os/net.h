/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net.h: the guest's network stack (stubdom/mini-os/net/): Ethernet,
 * ARP, IPv4, ICMP echo, UDP and TCP, with a small socket API.
 *
 * A stack is one interface: it knows its MAC and IPv4 address and hands
 * every frame it sends to ops->transmit. Whoever drives it feeds the
 * frames received to net_input() (then net_flush() once a batch is in)
 * and calls net_timers() when net_next_deadline() comes. Nothing in the
 * stack blocks or sleeps: socket calls that cannot go on at once return
 * -NET_EAGAIN, and ops->wakeup tells the driver a socket's state moved,
 * so that mini-os threads (net/minios.c) or a test can wait as they
 * like. The stack is not reentrant: one thread at a time calls it.
 *
 * Addresses and ports are in host byte order here.
 */
#ifndef MINIOS_NET_H
#define MINIOS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_IP4(a, b, c, d)                                                    \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) |    \
     (uint32_t)(d))
#define NET_IP4_ANY 0
#define NET_IP4_BROADCAST 0xffffffffU

/* Errors (negative returns); numbered as Linux numbers them. */
#define NET_EPERM 1
#define NET_EAGAIN 11
#define NET_ENOMEM 12
#define NET_EINVAL 22
#define NET_EPIPE 32
#define NET_EMSGSIZE 90
#define NET_EOPNOTSUPP 95
#define NET_EADDRINUSE 98
#define NET_EADDRNOTAVAIL 99
#define NET_ENETUNREACH 101
#define NET_ECONNRESET 104
#define NET_ENOBUFS 105
#define NET_EISCONN 106
#define NET_ENOTCONN 107
#define NET_ETIMEDOUT 110
#define NET_ECONNREFUSED 111
#define NET_EALREADY 114
#define NET_EINPROGRESS 115

struct net_stack;
struct net_sock;

struct net_ops {
    void *ctx;
    /*
     * Send one Ethernet frame (copied before returning). gso_size is 0,
     * or the frame is one TCP segment larger than the MTU that the link
     * cuts into gso_size-byte segments (only if config.tso_max allows
     * it); its TCP checksum field then holds the pseudo-header sum only.
     */
    void (*transmit)(void *ctx, const void *frame, size_t len,
                     unsigned int gso_size);
    uint64_t (*now)(void *ctx); /* ns, monotonic */
    uint32_t (*random)(void *ctx);
    /* Optional: a socket became readable, writable, connected or closed. */
    void (*wakeup)(void *ctx, struct net_sock *s);
};

struct net_config {
    uint8_t mac[6];
    uint32_t addr, netmask, gateway; /* addr 0: none yet (DHCP) */
    uint16_t mtu; /* 0: 1500 */
    uint32_t tso_max; /* largest TCP segment to transmit (0: MTU) */
    uint32_t tcp_sndbuf; /* bytes per connection (0: 16 KiB) */
    uint32_t tcp_rcvbuf; /* bytes per connection (0: 16 KiB; < 64 KiB) */
    uint32_t max_sockets; /* 0: 256 */
    uint64_t time_wait_ns; /* 0: 60 s (2 MSL) */
};

struct net_stack *net_create(const struct net_ops *ops,
                             const struct net_config *cfg);
void net_destroy(struct net_stack *st);
void net_set_address(struct net_stack *st, uint32_t addr, uint32_t netmask,
                     uint32_t gateway);
void net_get_address(const struct net_stack *st, uint32_t *addr,
                     uint32_t *netmask, uint32_t *gateway);

/* The received frame's checksums were checked (or are to be trusted). */
#define NET_RX_CSUM_VALID 1U
void net_input(struct net_stack *st, const void *frame, size_t len,
               unsigned int flags);
/* The end of a batch of input: send the acknowledgements it owes. */
void net_flush(struct net_stack *st);
void net_timers(struct net_stack *st);
/* When net_timers() next has work (ns, ops->now's clock), 0: never. */
uint64_t net_next_deadline(const struct net_stack *st);

struct net_stats {
    uint64_t rx_frames, tx_frames;
    uint64_t drop_eth, drop_arp, drop_ip, drop_icmp, drop_udp, drop_tcp;
    uint64_t ip_fragments; /* dropped: no reassembly */
    uint64_t icmp_echo_replied;
    uint64_t tcp_retransmits, tcp_rst_sent, tcp_syn_dropped;
};
const struct net_stats *net_stats(const struct net_stack *st);

/*
 * DHCP (RFC 2131) on the stack's interface: discover, request, bound,
 * renewed at T1 and rebound at T2 of the lease. The address, mask and
 * router the server gives are set with net_set_address().
 */
int net_dhcp_start(struct net_stack *st);
bool net_dhcp_bound(const struct net_stack *st);

/* Addresses in text: "10.0.0.2", and "10.0.0.2/24" (mask from prefix). */
int net_parse_ip4(const char *s, uint32_t *addr);
int net_parse_cidr(const char *s, uint32_t *addr, uint32_t *netmask);
/* "a.b.c.d" into buf (at least 16 bytes). */
char *net_format_ip4(uint32_t addr, char *buf, size_t len);

/* ICMP echo: send a request; replies are counted per identifier. */
int net_ping(struct net_stack *st, uint32_t addr, uint16_t id, uint16_t seq,
             size_t payload_len);
unsigned int net_ping_replies(const struct net_stack *st, uint16_t id);

/* Sockets. */
enum net_sock_type { NET_SOCK_TCP, NET_SOCK_UDP };

#define NET_EV_READ 1U /* data, a connection to accept, EOF or error */
#define NET_EV_WRITE 2U /* room to send (TCP: connected) */
#define NET_EV_HUP 4U /* the peer closed its side, or the connection ended */
#define NET_EV_ERR 8U /* net_sock_error() has an error */

struct net_sock *net_socket(struct net_stack *st, enum net_sock_type type);
int net_bind(struct net_sock *s, uint32_t addr, uint16_t port);
int net_listen(struct net_sock *s, unsigned int backlog);
int net_accept(struct net_sock *s, struct net_sock **conn);
int net_connect(struct net_sock *s, uint32_t addr, uint16_t port);
long net_send(struct net_sock *s, const void *buf, size_t len);
long net_recv(struct net_sock *s, void *buf, size_t len);
long net_sendto(struct net_sock *s, const void *buf, size_t len, uint32_t addr,
                uint16_t port);
long net_recvfrom(struct net_sock *s, void *buf, size_t len, uint32_t *addr,
                  uint16_t *port);
/* TCP: send a FIN once queued data is out; receiving goes on. */
int net_shutdown(struct net_sock *s);
/*
 * Release the socket. A TCP connection closes gracefully in the
 * background (or is reset if received data was left unread).
 */
void net_close(struct net_sock *s);
unsigned int net_events(const struct net_sock *s);
int net_sock_error(const struct net_sock *s); /* 0 or -NET_E* */
void net_sock_addr(const struct net_sock *s, uint32_t *laddr, uint16_t *lport,
                   uint32_t *raddr, uint16_t *rport);
void net_sock_set_user(struct net_sock *s, void *user);
void *net_sock_user(const struct net_sock *s);
struct net_stack *net_sock_stack(const struct net_sock *s);

/* TCP states (RFC 793), for tests and diagnostics. */
enum tcp_state {
    TCP_CLOSED,
    TCP_LISTEN,
    TCP_SYN_SENT,
    TCP_SYN_RCVD,
    TCP_ESTABLISHED,
    TCP_FIN_WAIT_1,
    TCP_FIN_WAIT_2,
    TCP_CLOSE_WAIT,
    TCP_CLOSING,
    TCP_LAST_ACK,
    TCP_TIME_WAIT,
};
enum tcp_state net_tcp_state(const struct net_sock *s);
/* Connections the stack still holds (sockets, orphans, TIME_WAIT). */
unsigned int net_tcp_count(const struct net_stack *st, enum tcp_state state);

#endif /* MINIOS_NET_H */
