/* SPDX-License-Identifier: MIT */
/*
 * privcmd.h: wire format of the privcmd channel between domain 0 programs
 * and the hypervisor process. This is the project's own transport (Xen's
 * dom0 reaches Xen through the privcmd driver instead); the payloads are
 * Xen's public structures. See docs/design/internals.md.
 */
#ifndef __XEN_PUBLIC_PRIVCMD_H__
#define __XEN_PUBLIC_PRIVCMD_H__

#include <stdint.h>

/* Socket file name inside the run directory ($XEN_RUNDIR, /run/xen). */
#define PRIVCMD_SOCKET_NAME "privcmd"
#define XEN_DEFAULT_RUNDIR  "/run/xen"

/* Largest payload of one request or reply. */
#define PRIVCMD_MAX_PAYLOAD 65536

/*
 * Channel ops live above the hypercall numbers. Any op below
 * PRIVCMD_OP_BASE is a hypercall number whose payload is
 * { uint32_t cmd; uint32_t pad; <the op's structure> }, except for
 * __HYPERVISOR_domctl and __HYPERVISOR_sysctl whose payload is the
 * struct xen_domctl / struct xen_sysctl itself, and __HYPERVISOR_mmuext_op
 * whose cmd is the target domain (foreigndom) and whose structure is an
 * array of struct mmuext_op.
 */
#define PRIVCMD_OP_BASE         0x1000
/* payload: struct privcmd_map_foreign; reply: same + fd (SCM_RIGHTS) */
#define PRIVCMD_OP_MAP_FOREIGN  0x1000
/* payload: none; reply: read end of the event pipe (SCM_RIGHTS) */
#define PRIVCMD_OP_EVTCHN_OPEN  0x1001

/*
 * A request whose op has this bit set gets no reply. Meant for
 * event-channel sends, which dom0 back ends make on every ring update:
 * a round trip each would double their cost, and the one failure (a
 * port closed meanwhile) is nothing they could act on. Requests on one
 * connection are served in order, so a later call's reply is its own.
 */
#define PRIVCMD_FLAG_NO_REPLY   0x80000000u

struct privcmd_request {
    uint32_t op;       /* hypercall number or PRIVCMD_OP_* */
    uint32_t length;   /* payload bytes that follow */
};

struct privcmd_reply {
    int32_t rc;        /* 0 or a negative Xen errno value */
    uint32_t length;   /* payload bytes that follow */
};

struct privcmd_map_foreign {
    uint16_t domid;    /* IN */
    uint16_t pad[3];
    uint64_t size;     /* OUT: bytes of guest RAM behind the fd */
};

#endif /* __XEN_PUBLIC_PRIVCMD_H__ */
