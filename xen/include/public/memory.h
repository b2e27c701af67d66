/* SPDX-License-Identifier: MIT */
/*
 * memory.h: XENMEM_* operations on a domain's memory: reservations
 * (balloon), the guest's memory map, and the machine-to-physical table.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page     2
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4
#define XENMEM_machphys_mfn_list    5
#define XENMEM_populate_physmap     6
#define XENMEM_add_to_physmap       7
#define XENMEM_memory_map           9
#define XENMEM_machine_memory_map  10
#define XENMEM_exchange            11
#define XENMEM_machphys_mapping    12
#define XENMEM_set_memory_map      13
#define XENMEM_maximum_gpfn        14
#define XENMEM_remove_from_physmap 15
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_claim_pages         24
#define XENMEM_acquire_resource    28

/* mem_flags of xen_memory_reservation. */
#define XENMEMF_address_bits(x) (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17)

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;  /* IN/OUT frame list */
    xen_ulong_t nr_extents;                    /* IN */
    unsigned int extent_order;                 /* IN: 2^order pages each */
    unsigned int mem_flags;                    /* IN: XENMEMF_* */
    domid_t domid;                             /* IN */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;

struct xen_machphys_mfn_list {
    unsigned int max_extents;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    unsigned int nr_extents;
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;

/* Where the read-only M2P table is mapped in every PV guest. */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;

#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1
#define XENMAPSPACE_gmfn        2
#define XENMAPSPACE_gmfn_range  3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio    5

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    unsigned int space;
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;

/*
 * The guest's memory map: an array of E820-style entries (8-byte address,
 * 8-byte size, 4-byte type, packed) at buffer.
 */
struct xen_memory_map {
    unsigned int nr_entries;        /* IN: room; OUT: entries written */
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;

struct xen_e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));
#define XEN_E820_RAM      1
#define XEN_E820_RESERVED 2

struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;

#endif /* __XEN_PUBLIC_MEMORY_H__ */
