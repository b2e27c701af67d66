/* SPDX-License-Identifier: MIT */
/*
 * vcpu.h: VCPUOP_* operations on one vCPU of the caller's domain:
 * bringing it up and down, timers, runstate and vcpu_info placement.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

#define VCPUOP_initialise                    0  /* vcpu_guest_context */
#define VCPUOP_up                            1
#define VCPUOP_down                          2
#define VCPUOP_is_up                         3
#define VCPUOP_get_runstate_info             4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer            6
#define VCPUOP_stop_periodic_timer           7
#define VCPUOP_set_singleshot_timer          8
#define VCPUOP_stop_singleshot_timer         9
#define VCPUOP_register_vcpu_info           10
#define VCPUOP_send_nmi                     11
#define VCPUOP_get_physid                   12
#define VCPUOP_register_vcpu_time_memory_area 13
#define VCPUOP_register_runstate_phys_area  14
#define VCPUOP_register_vcpu_time_phys_area 15

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/* Where a vCPU's time went: ns spent in each RUNSTATE_*. */
struct vcpu_runstate_info {
    int state;
    uint64_t state_entry_time;
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* Set in state_entry_time while the record is being updated. */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* system time */
    uint32_t flags;             /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;

/* Fail with -ETIME instead of firing at once if the time has passed. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/* Move this vCPU's vcpu_info to <mfn, offset> in guest memory. */
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;

DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area
    vcpu_register_time_memory_area_t;

#endif /* __XEN_PUBLIC_VCPU_H__ */
