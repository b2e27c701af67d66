/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netfront.h: the guest's PV network device (Xen's netif protocol,
 * public/io/netif.h): one queue of a transmit and a receive ring, each
 * one granted page, and an event channel, negotiated over xenstore
 * with the keys Xen's frontends write.
 *
 * The driver neither blocks nor sleeps outside netfront_init() and
 * netfront_close(): netfront_poll() hands each frame received to the
 * rx callback and reclaims transmitted slots; the event channel's
 * handler only calls the notify callback (from the upcall), so whoever
 * drives the device (netdev.c) polls from a thread of its own.
 */
#ifndef MINIOS_NETFRONT_H
#define MINIOS_NETFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct netfront;

/* rx: one whole frame (checksums verified by the backend if csum_ok). */
typedef void (*netfront_rx_fn)(void *ctx, const void *frame, size_t len,
                               bool csum_ok);
/* notify: the rings or the backend's state moved (upcall context). */
typedef void (*netfront_notify_fn)(void *ctx);

/*
 * Connect the device at nodename ("device/vif/0"; NULL: the first):
 * wait for the backend to offer its features (InitWait), post receive
 * buffers, write the ring references and event channel, go Connected
 * and wait for the backend to connect. NULL on failure (said on the
 * console).
 */
struct netfront *netfront_init(const char *nodename, netfront_rx_fn rx,
                               netfront_notify_fn notify, void *ctx);

const uint8_t *netfront_mac(const struct netfront *nf);
/* The backend takes TCPv4 segmentation offload (feature-gso-tcpv4). */
bool netfront_can_gso(const struct netfront *nf);

/*
 * Queue one frame: copied into the device's transmit buffers, in as
 * many slots as it needs (multi-slot when feature-sg is offered).
 * gso_size nonzero: a TCPv4 segment the backend cuts up (with the TCP
 * checksum left for it to finish). 0, or -NET_ENOBUFS-like negative
 * values: -1 no room (the frame is dropped), -2 not connected, -3 too
 * large.
 */
int netfront_xmit(struct netfront *nf, const void *frame, size_t len,
                  unsigned int gso_size);
/* Tell the backend about frames queued since the last push, if needed. */
void netfront_push(struct netfront *nf);

/*
 * Take the responses: frames received (to rx), slots transmitted, and
 * the backend's state. Returns the number of frames received; negative
 * once the device is gone (the backend closed it).
 */
int netfront_poll(struct netfront *nf);
/* Something is waiting for netfront_poll() (checked with events off). */
bool netfront_work_pending(struct netfront *nf);
bool netfront_connected(const struct netfront *nf);

/* Close the device through the xenbus states and free it. */
void netfront_close(struct netfront *nf);

struct netfront_stats {
    uint64_t rx_frames, rx_bytes, rx_errors, rx_refills;
    uint64_t tx_frames, tx_bytes, tx_dropped, tx_errors, tx_notifies;
};
const struct netfront_stats *netfront_stats(const struct netfront *nf);

#endif /* MINIOS_NETFRONT_H */
