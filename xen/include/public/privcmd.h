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

#include "grant_table.h"

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
 * array of struct mmuext_op, and __HYPERVISOR_grant_table_op, whose
 * payload is struct privcmd_gnttab_op: the pad word is the batch count
 * (0 meaning 1). Grant operations of a connection are its own: it can
 * unmap only what it mapped, and closing it unmaps what is left. In a
 * GNTTABOP_copy the DOMID_SELF side is bytes of the request (u.gmfn +
 * offset from the start of the array), written back in the reply.
 */
#define PRIVCMD_OP_BASE         0x1000
/* payload: struct privcmd_map_foreign; reply: same + fd (SCM_RIGHTS) */
#define PRIVCMD_OP_MAP_FOREIGN  0x1000
/* payload: none; reply: read end of the event pipe (SCM_RIGHTS) */
#define PRIVCMD_OP_EVTCHN_OPEN  0x1001
/*
 * Grant mapping for a backend (libxengnttab), see
 * docs/design/grant-tables.md. payload: struct privcmd_gnttab_map; every
 * op names the same domain with GNTMAP_host_map, all read-only or none.
 * Reply: the ops with status, handle and dev_bus_addr (the offset of the
 * frame in the domain's RAM) and, if every one was mapped, a descriptor
 * of that RAM (read-only for read-only mappings); otherwise none is
 * left mapped.
 */
#define PRIVCMD_OP_GNTTAB_MAP   0x1002
/* payload: struct privcmd_gnttab_set_max (xengnttab_set_max_grants) */
#define PRIVCMD_OP_GNTTAB_SET_MAX 0x1003

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

struct privcmd_gnttab_op {
    uint32_t cmd;      /* GNTTABOP_* */
    uint32_t count;    /* operations that follow (0: one) */
};

struct privcmd_gnttab_map {
    uint32_t count;    /* IN: operations that follow */
    uint32_t pad;
    struct gnttab_map_grant_ref ops[];
};

struct privcmd_gnttab_set_max {
    uint32_t max_grants;   /* 0: no limit of its own */
};

#endif /* __XEN_PUBLIC_PRIVCMD_H__ */
