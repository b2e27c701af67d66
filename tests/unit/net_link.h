/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net_link.h: two instances of the guest network stack wired back to
 * back through an in-memory link with a virtual clock, for the unit
 * tests. The link can lose, duplicate and reorder frames (delaying some
 * by a random extra), all from a seeded generator so that a failing run
 * can be repeated. Time moves only when the test runs the link: to the
 * next frame delivery or stack timer, whichever comes first.
 */
#ifndef TESTS_UNIT_NET_LINK_H
#define TESTS_UNIT_NET_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mini-os/net.h>

#define LINK_A_IP NET_IP4(10, 0, 0, 1)
#define LINK_B_IP NET_IP4(10, 0, 0, 2)
#define LINK_MASK NET_IP4(255, 255, 255, 0)

struct link_frame {
    struct link_frame *next;
    uint64_t at;
    int to; /* 0: A, 1: B */
    size_t len;
    unsigned int gso_size;
    uint8_t data[];
};

struct link_faults {
    unsigned int loss_pct, dup_pct, reorder_pct;
    uint64_t latency_ns, reorder_ns;
    bool down; /* every frame lost */
};

struct link_end {
    struct link *link;
    int id;
    struct net_stack *st;
    uint8_t mac[6];
    unsigned int wakeups;
    uint64_t frames_sent, gso_frames;
    unsigned int max_segment; /* largest TCP payload seen in its frames */
    uint32_t fixed_random; /* nonzero: what its stack's random() says */
    /* Optional: see each frame this end sends; return false to drop it. */
    bool (*tap)(struct link_end *e, const uint8_t *f, size_t len);
};

struct link {
    uint64_t now;
    uint64_t rng;
    struct link_faults faults;
    struct link_end end[2];
    struct link_frame *queue; /* by delivery time */
    uint64_t delivered;
};

/* Both stacks up on 10.0.0.1 (A) and 10.0.0.2 (B); cfg may tune them. */
void link_init(struct link *l, uint64_t seed, const struct net_config *cfg_a,
               const struct net_config *cfg_b);
void link_fini(struct link *l);
uint32_t link_random(struct link *l);
/* Run until cond(arg) holds or the clock passes now + max_ns: cond held? */
bool link_run(struct link *l, uint64_t max_ns, bool (*cond)(void *arg),
              void *arg);
/* Run for ns of virtual time. */
void link_run_for(struct link *l, uint64_t ns);
/* Hand a raw frame to one end now (as if received). */
void link_inject(struct link *l, int to, const void *frame, size_t len);
/* The same, after the link's latency (safe from inside a tap). */
void link_send_later(struct link *l, int to, const void *frame, size_t len);

/* A stream socket pair: a listener on B port `port`, A connected to it. */
bool link_tcp_pair(struct link *l, uint16_t port, struct net_sock **client,
                   struct net_sock **server);

/* Pass data from one socket to another and back to the test. */
struct transfer {
    struct net_sock *from, *to;
    const uint8_t *src;
    uint8_t *dst;
    size_t len, sent, received;
    bool eof, closed_sender;
    int error;
};
void transfer_step(struct transfer *t);
bool transfer_done(void *arg);

#endif /* TESTS_UNIT_NET_LINK_H */
