/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netback.h: what the network backend daemon's files share
 * (docs/design/netback.md).
 *
 *   main.c     options, the log, the poll loop
 *   xenbus.c   a vif's backend directory and the xenbus handshake
 *   tap.c      the host side: a tap named vif<domid>.<devid>, the
 *              hotplug script that puts it on a bridge
 *   tx.c       guest -> host: the transmit ring, parsed and checked,
 *              grant-copied, written to the tap; the rate limit
 *   rx.c       host -> guest: frames read from the tap, grant-copied
 *              into the buffers the guest posted
 *
 * One thread runs everything: a vif is a state, not a thread, and
 * nothing waits on a guest. Whatever a guest writes in its rings is
 * read once into private memory and checked before use; a guest that
 * breaks the protocol is disconnected (its queues stop, the backend
 * goes Closing), never trusted further.
 */
#ifndef NETBACK_H
#define NETBACK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/netif.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#define NB_MAX_QUEUES 4
#define NB_RING_SIZE __CONST_RING_SIZE(netif_tx, 4096)
#define NB_MAX_FRAME 65535
#define NB_VNET_HDR_LEN 10 /* struct virtio_net_hdr */
/* Xen's limit of slots per transmitted packet, extra-info slots apart. */
#define NB_MAX_TX_SLOTS XEN_NETIF_NR_SLOTS_MIN
#define NB_TX_BATCH 64 /* packets per grant copy */

struct vif;
struct rx_state;

/* One packet taken from the transmit ring, waiting for its copy. */
struct tx_packet {
    uint16_t ids[NB_MAX_TX_SLOTS];
    unsigned int nr_slots, nr_extras;
    uint32_t len;
    uint16_t gso_size;
    uint8_t gso_type;
    bool csum_blank;
    int16_t status;
    uint8_t *data; /* NB_VNET_HDR_LEN of room, then len bytes */
};

struct queue {
    struct vif *vif;
    unsigned int id;
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    void *tx_page, *rx_page; /* mapped grants, NULL when not */
    int tx_port, rx_port; /* local ports; equal unless split */
    uint32_t tx_remote, rx_remote;
    /* Rate limit of the transmit side (Xen's credit scheme). */
    uint64_t credit_left, credit_at_us;
    bool credit_wait; /* a packet waits for the next credit */
    /* Transmit work in flight: parsed packets and their copy segments. */
    struct tx_packet pkts[NB_TX_BATCH];
    xengnttab_grant_copy_segment_t *segs;
    uint8_t *tx_buf;
    uint64_t tx_packets, tx_bytes, rx_packets, rx_bytes, rx_dropped;
};

enum vif_phase {
    VIF_NEW, /* nodes seen, nothing done */
    VIF_INITWAIT, /* tap up, features offered, waiting for the frontend */
    VIF_CONNECTED,
    VIF_CLOSING, /* rings down, waiting for the frontend to close */
    VIF_CLOSED,
    VIF_DEAD, /* a protocol error: rings down until the frontend resets */
};

struct vif {
    uint32_t domid;
    int devid;
    char be[128], fe[192];
    enum vif_phase phase;
    char ifname[IFNAMSIZ];
    int tap_fd;
    bool hotplugged;
    unsigned int nr_queues;
    struct queue queues[NB_MAX_QUEUES];
    /* What the frontend said it takes. */
    bool fe_sg, fe_gso_tcpv4, fe_csum;
    /* rate=: credit_bytes every credit_usec (0: no limit). */
    uint64_t credit_bytes, credit_usec;
    struct rx_state *rx; /* rx.c's batch and the frame it holds back */
    int written_state; /* the backend state we wrote last */
    uint64_t closing_since_us;
    bool watching_fe;
    bool seen; /* its backend directory is still there */
    struct vif *next;
};

struct io_uring;

struct netback {
    /* Batched tap writes (tx.c); NULL: one write() a packet. */
    struct io_uring *ring;
    struct xs_handle *xsh;
    xenevtchn_handle *xce;
    xengnttab_handle *xgt;
    unsigned int max_queues;
    char script_dir[4096];
    char bin_dir[4096];
    struct vif *vifs;
};

extern struct netback nb;

void nb_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t nb_now_us(void);

/* ---- xenbus.c ---- */
/* Look at every vif under backend/vif: set up new ones, act on states. */
void vifs_scan(void);
/* A watch fired for path: look at the vif it is about. */
void vifs_watch_event(const char *path);
/* Periodic: close timeouts. Returns ms until it wants to run again. */
int vifs_tick(void);
void vifs_free_all(void);
/* A guest broke the protocol: stop its queues and close the device. */
void vif_fatal(struct vif *v, const char *why, ...)
    __attribute__((format(printf, 2, 3)));
struct queue *queue_by_port(int port, bool *is_tx, bool *is_rx);

/* ---- tap.c ---- */
int tap_open(struct vif *v, const uint8_t *mac, unsigned int mtu);
void tap_close(struct vif *v);
/* Run the vif's hotplug script with "online" or "offline": 0 if it ran ok. */
int hotplug_run(struct vif *v, const char *action);

/* ---- tx.c ---- */
int queue_alloc(struct queue *q);
void queue_free(struct queue *q);
/* Take what the frontend queued on the transmit ring. */
void tx_work(struct queue *q);
/* Parse one frame from guest memory into a virtio header (exported for tests). */
int tx_fill_vnet_hdr(uint8_t *hdr, const uint8_t *frame, uint32_t len,
                     bool csum_blank, uint16_t gso_size, uint8_t gso_type);

/* ---- rx.c ---- */
int rx_alloc(struct vif *v);
void rx_free(struct vif *v);
/* Read frames from the tap into the guest's receive buffers. */
void rx_work(struct vif *v);
/* The guest posted receive buffers: false (disconnected) if it lied. */
bool rx_check_ring(struct queue *q);
/* The tap has a frame that waits for guest buffers. */
bool rx_blocked(const struct vif *v);

#endif /* NETBACK_H */
