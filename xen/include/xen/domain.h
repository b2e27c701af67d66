/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain.h: domains and vCPUs, their lifecycle and their state.
 *
 * Locking: domlist_lock (domain.c) guards the domain list; d->lock guards
 * a domain's lifecycle state (pause counts, shutdown); d->event_lock its
 * event channels (event_channel.c). Order: domlist_lock, d->lock,
 * d->event_lock (two event locks: lower domain id first).
 * A struct domain is reference counted: lookups return a reference that
 * the caller drops with put_domain().
 */
#ifndef XEN_DOMAIN_H
#define XEN_DOMAIN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/vcpu.h>
#include <public/domctl.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/domain.h>

#define MAX_VIRT_CPUS 64
#define NR_VIRQS 24

/* vcpu->pause_flags bits: reasons a vCPU may not run. */
#define _VPF_blocked 0 /* blocked in SCHEDOP_block / poll */
#define _VPF_down 1 /* VCPUOP_down, or never brought up */
#define VPF_blocked (1UL << _VPF_blocked)
#define VPF_down (1UL << _VPF_down)

struct evtchn;
struct grant_table;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;

    /* Where this vCPU's vcpu_info lives (shared_info or registered). */
    vcpu_info_t *vcpu_info;
    bool vcpu_info_registered;

    /* Scheduling (sched/core.c). */
    atomic_ulong pause_flags;
    atomic_int pause_count;
    int processor; /* pCPU it runs or last ran on */
    bool is_running; /* currently inside arch_vcpu_run() */
    bool is_initialised; /* has a context (setvcpucontext/initialise) */
    atomic_bool need_resched; /* leave the run loop at the next chance */
    uint64_t cpu_hard_affinity; /* bitmap of allowed pCPUs */
    uint64_t cpu_soft_affinity;
    void *sched_priv;
    struct vcpu_runstate_info runstate;
    uint64_t runstate_guest; /* guest address of its copy, 0 if none */
    uint64_t time_area_guest; /* guest copy of vcpu_info.time, 0 if none */

    /* Timers (schedop / vcpu_op). */
    struct timer singleshot_timer;
    struct timer periodic_timer;
    s_time_t periodic_period;
    struct timer poll_timer;
    const evtchn_port_t *poll_ports; /* SCHEDOP_poll in progress */
    unsigned int poll_nr;

    /* Event channels: VIRQ -> port (per-vCPU VIRQs). */
    evtchn_port_t virq_to_evtchn[NR_VIRQS];

    /*
     * The hypercall being handled (continuation.c): where it must go on
     * if it stops early, and when its share of the pCPU is used up.
     */
    struct hypercall_continuation {
        bool pending; /* re-enter hypercall nr with args */
        unsigned int nr;
        uint64_t args[6];
        s_time_t deadline; /* 0 until the first preemption check */
    } hcall;

    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    uint8_t handle[16]; /* UUID set by the toolstack */
    atomic_int refcnt;
    struct domain *next_in_list;
    pthread_mutex_t lock; /* lifecycle state below */

    bool is_privileged; /* domain 0 */
    bool is_dying;
    bool is_shutting_down;
    bool is_shut_down;
    uint8_t shutdown_code; /* SHUTDOWN_* when is_shut_down */
    int pause_count; /* domain_pause() nesting */
    bool controller_paused; /* paused by the toolstack */
    s_time_t creation_time;

    unsigned int max_vcpus;
    struct vcpu **vcpu; /* max_vcpus entries, NULL until created */

    /* Memory (domain.c): RAM memfd at gpfn 0, special frames memfd. */
    int ram_fd;
    uint8_t *ram; /* host mapping of guest RAM */
    uint64_t max_pages; /* size of the RAM mapping, in pages */
    uint64_t tot_pages; /* current reservation */
    uint64_t max_pages_limit; /* max_mem set by the toolstack */
    /* Which RAM frames are populated, a bit each (memory.c), and the lock
     * that keeps them and tot_pages in step. */
    uint64_t *populated;
    pthread_mutex_t page_alloc_lock;
    int special_fd;
    uint8_t *special; /* host mapping of the special frames */
    shared_info_t *shared_info;

    /* Event channels (event_channel.c), under event_lock. */
    pthread_mutex_t event_lock;
    struct evtchn **evtchn_buckets; /* buckets of EVTCHNS_PER_BUCKET */
    unsigned int max_evtchn_port;
    unsigned int valid_evtchns;

    struct grant_table *grant_table;

    /* console_io line buffer and log rate limit (console.c), under lock. */
    char console_line[128];
    unsigned int console_len;
    uint64_t console_credit; /* lines the domain may log now, x1000 */
    int64_t console_credit_at; /* NOW() when last topped up */
    unsigned long console_dropped; /* lines not logged since last one */

    /* Scheduler (sched/). */
    void *sched_priv;
    uint64_t cpu_time_dead; /* ns charged to vCPUs already freed */

    struct arch_domain arch;
};

/* Number of special frames per domain and their offsets (in frames). */
#define SPECIAL_FRAME_SHARED_INFO 0
#define SPECIAL_FRAME_XEN_MAP 1 /* 16 frames owned by arch code */
#define SPECIAL_FRAME_GRANT 32 /* grant-table frames start here */
#define SPECIAL_NR_FRAMES (SPECIAL_FRAME_GRANT + 64)

extern struct domain *hardware_domain; /* domain 0 */

/* Thread-local: the vCPU whose hypercall or exit is being handled; for
 * privcmd requests, domain 0's vCPU 0. */
extern __thread struct vcpu *current;

/* Lifecycle (domain.c). */
int domain_init(void); /* creates domain 0 */
struct domain *domain_create(domid_t domid,
                             const struct xen_domctl_createdomain *cfg,
                             int *err);
int domain_kill(struct domain *d);
void domain_shutdown(struct domain *d, uint8_t reason);
void domain_crash(struct domain *d, const char *why);
int domain_set_max_vcpus(struct domain *d, unsigned int max);
void domain_pause(struct domain *d); /* synchronous */
void domain_unpause(struct domain *d);
int domain_pause_by_controller(struct domain *d);
int domain_unpause_by_controller(struct domain *d);
void domain_get_info(struct domain *d, struct xen_domctl_getdomaininfo *info);
uint64_t domain_cpu_time(struct domain *d);

/* References. get_domain() fails (false) once the domain is freed. */
struct domain *get_domain_by_id(domid_t domid); /* NULL if none */
bool get_domain(struct domain *d);
void put_domain(struct domain *d);
/*
 * The domain a hypercall names: the caller's own (DOMID_SELF or its id),
 * or any other if the caller is privileged. A reference, or NULL with
 * *rc set to -EPERM or -ESRCH.
 */
struct domain *get_target_domain(domid_t domid, long *rc);

/* vCPU vcpu_id of d, or NULL if there is none. */
static inline struct vcpu *domain_vcpu(const struct domain *d,
                                       unsigned int vcpu_id)
{
    return vcpu_id < d->max_vcpus ? d->vcpu[vcpu_id] : NULL;
}
/* Iterate: calls fn for each domain with id >= first, in id order, until
 * fn returns non-zero; returns that value. */
int for_each_domain_from(domid_t first, int (*fn)(struct domain *, void *),
                         void *arg);

/* Guest memory: host pointer to a frame of d (RAM or special), or NULL if
 * the frame is not the domain's. */
void *domain_frame_ptr(struct domain *d, uint64_t mfn);
bool domain_mfn_is_ram(const struct domain *d, uint64_t mfn);

/* vCPUs. */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);
void vcpu_destroy(struct vcpu *v);
void vcpu_pause(struct vcpu *v); /* synchronous */
void vcpu_unpause(struct vcpu *v);
/* Point the vCPU's vcpu_info at a guest frame (VCPUOP_register_vcpu_info). */
int vcpu_register_info(struct vcpu *v, uint64_t mfn, uint64_t offset);

static inline bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return !atomic_load(&v->pause_flags) && !atomic_load(&v->pause_count) &&
           !*(volatile const int *)&d->pause_count && !d->is_shut_down &&
           !d->is_dying && !d->controller_paused;
}

#endif /* XEN_DOMAIN_H */
