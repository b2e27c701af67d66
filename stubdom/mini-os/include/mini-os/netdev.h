/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netdev.h: the network stack (net.h) on a netfront device, driven by a
 * thread of its own. The thread feeds received frames to the stack,
 * runs its timers and sleeps on the device's event channel; threads of
 * the application call the stack's socket API directly (threads are
 * cooperative on one vCPU, so the stack is never entered twice) and
 * wait for a socket with netdev_wait().
 */
#ifndef MINIOS_NETDEV_H
#define MINIOS_NETDEV_H

#include <mini-os/net.h>
#include <mini-os/netfront.h>

struct netdev;

/*
 * Connect the vif at node ("device/vif/0"; NULL: that one) and start a
 * stack on it with cfg (its mac is the device's; addr may be 0 for
 * DHCP). NULL on failure.
 */
struct netdev *netdev_open(const char *node, const struct net_config *cfg);
struct net_stack *netdev_stack(struct netdev *nd);
struct netfront *netdev_netfront(struct netdev *nd);
/* The device is still connected (false once the backend closed it). */
bool netdev_up(const struct netdev *nd);

/*
 * Sleep until the socket has one of the NET_EV_* events in mask, or the
 * timeout (ns; 0: none) passes, or the device goes down. Returns the
 * events it has (0 on timeout).
 */
unsigned int netdev_wait(struct netdev *nd, struct net_sock *s,
                         unsigned int mask, uint64_t timeout_ns);
/* Sleep until the stack next moves, at most timeout_ns (0: none). */
void netdev_sleep(struct netdev *nd, uint64_t timeout_ns);

/*
 * Frames sent between begin and end reach the backend with one
 * notification at most (a burst of datagrams, say); outside such a
 * batch each frame is pushed at once.
 */
void netdev_batch_begin(struct netdev *nd);
void netdev_batch_end(struct netdev *nd);

/* Take the stack down and close the device (after the thread saw it go). */
void netdev_close(struct netdev *nd);

#endif /* MINIOS_NETDEV_H */
