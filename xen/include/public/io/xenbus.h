/* SPDX-License-Identifier: MIT */
/*
 * io/xenbus.h: the states through which a frontend and its backend
 * negotiate a device, each side writing its own "state" key in xenstore.
 */
#ifndef __XEN_PUBLIC_IO_XENBUS_H__
#define __XEN_PUBLIC_IO_XENBUS_H__

enum xenbus_state {
    XenbusStateUnknown = 0,
    XenbusStateInitialising = 1,
    XenbusStateInitWait = 2,      /* backend waits for the frontend */
    XenbusStateInitialised = 3,   /* frontend published its ring */
    XenbusStateConnected = 4,
    XenbusStateClosing = 5,
    XenbusStateClosed = 6,
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured = 8,
};
typedef enum xenbus_state XenbusState;

#endif /* __XEN_PUBLIC_IO_XENBUS_H__ */
