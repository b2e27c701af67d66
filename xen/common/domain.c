/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain.c: domain and vCPU lifecycle: creation with lazily backed memory,
 * pause and unpause, shutdown and crash, destruction, lookups.
 *
 * Lock order: domlist_lock, then d->lock (see domain.h). A domain stays
 * allocated while anyone holds a reference; the domain list holds one
 * until domain_kill() removes it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <asm/arch.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/sched.h>

struct domain *hardware_domain;
__thread struct vcpu *current;

static pthread_mutex_t domlist_lock = PTHREAD_MUTEX_INITIALIZER;
static struct domain *domain_list; /* sorted by domain_id */

#define DEFAULT_MAX_EVTCHN_PORT 1023
#define DOM0_MAX_EVTCHN_PORT 4095

/* ---- references and lookup ------------------------------------------ */

bool get_domain(struct domain *d)
{
    int old = atomic_load(&d->refcnt);

    do
    {
        if ( old <= 0 )
            return false;
    } while ( !atomic_compare_exchange_weak(&d->refcnt, &old, old + 1) );
    return true;
}

static void domain_free(struct domain *d)
{
    if ( d->ram && d->ram != MAP_FAILED )
        munmap(d->ram, d->max_pages << PAGE_SHIFT);
    if ( d->special && d->special != MAP_FAILED )
        munmap(d->special, SPECIAL_NR_FRAMES << PAGE_SHIFT);
    if ( d->ram_fd >= 0 )
        close(d->ram_fd);
    if ( d->special_fd >= 0 )
        close(d->special_fd);
    free(d->vcpu);
    free(d->populated);
    pthread_mutex_destroy(&d->page_alloc_lock);
    pthread_mutex_destroy(&d->lock);
    pthread_mutex_destroy(&d->event_lock);
    free(d);
}

void put_domain(struct domain *d)
{
    if ( atomic_fetch_sub(&d->refcnt, 1) == 1 )
        domain_free(d);
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;

    pthread_mutex_lock(&domlist_lock);
    for ( d = domain_list; d; d = d->next_in_list )
        if ( d->domain_id == domid )
            break;
    if ( d && !get_domain(d) )
        d = NULL;
    pthread_mutex_unlock(&domlist_lock);
    return d;
}

struct domain *get_target_domain(domid_t domid, long *rc)
{
    struct domain *cur = current->domain, *d;

    if ( domid == DOMID_SELF || domid == cur->domain_id )
    {
        get_domain(cur);
        return cur;
    }
    if ( !cur->is_privileged )
    {
        *rc = -EPERM;
        return NULL;
    }
    d = get_domain_by_id(domid);
    if ( !d )
        *rc = -ESRCH;
    return d;
}

int for_each_domain_from(domid_t first, int (*fn)(struct domain *, void *),
                         void *arg)
{
    struct domain *d, *next;
    int rc = 0;

    /*
     * Take a reference to each domain in turn so that fn() runs without
     * domlist_lock held (it may pause or query the domain).
     */
    pthread_mutex_lock(&domlist_lock);
    for ( d = domain_list; d && d->domain_id < first; d = d->next_in_list )
        ;
    if ( d && !get_domain(d) )
        d = NULL;
    pthread_mutex_unlock(&domlist_lock);

    while ( d && !rc )
    {
        rc = fn(d, arg);
        pthread_mutex_lock(&domlist_lock);
        next = d->next_in_list;
        while ( next && !get_domain(next) )
            next = next->next_in_list;
        pthread_mutex_unlock(&domlist_lock);
        put_domain(d);
        d = next;
    }
    if ( d )
        put_domain(d);
    return rc;
}

static void domlist_insert(struct domain *d)
{
    struct domain **pp;

    pthread_mutex_lock(&domlist_lock);
    for ( pp = &domain_list; *pp && (*pp)->domain_id < d->domain_id;
          pp = &(*pp)->next_in_list )
        ;
    d->next_in_list = *pp;
    *pp = d;
    pthread_mutex_unlock(&domlist_lock);
}

/* Removing keeps d->next_in_list so that an iterator parked on d goes on. */
static void domlist_remove(struct domain *d)
{
    struct domain **pp;

    pthread_mutex_lock(&domlist_lock);
    for ( pp = &domain_list; *pp; pp = &(*pp)->next_in_list )
        if ( *pp == d )
        {
            *pp = d->next_in_list;
            break;
        }
    pthread_mutex_unlock(&domlist_lock);
}

/* ---- memory ------------------------------------------------------- */

bool domain_mfn_is_ram(const struct domain *d, uint64_t mfn)
{
    return d->ram && mfn < d->max_pages;
}

void *domain_frame_ptr(struct domain *d, uint64_t mfn)
{
    if ( domain_mfn_is_ram(d, mfn) )
        return d->ram + (mfn << PAGE_SHIFT);
    if ( d->special && mfn >= XEN_SPECIAL_PFN_BASE &&
         mfn < XEN_SPECIAL_PFN_BASE + SPECIAL_NR_FRAMES )
        return d->special + ((mfn - XEN_SPECIAL_PFN_BASE) << PAGE_SHIFT);
    return NULL;
}

/* A memfd of `pages` pages, mapped shared. Nothing is populated. */
static int map_memfd(const char *name, uint64_t pages, int *fd, uint8_t **map)
{
    *fd = memfd_create(name, MFD_CLOEXEC);
    if ( *fd < 0 )
        return -errno;
    if ( ftruncate(*fd, pages << PAGE_SHIFT) )
        return -errno;
    *map = mmap(NULL, pages << PAGE_SHIFT, PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_NORESERVE, *fd, 0);
    if ( *map == MAP_FAILED )
    {
        *map = NULL;
        return -errno;
    }
    return 0;
}

static int domain_alloc_memory(struct domain *d, uint64_t max_pages)
{
    char name[32];
    int rc;

    snprintf(name, sizeof(name), "d%u-ram", d->domain_id);
    rc = map_memfd(name, max_pages, &d->ram_fd, &d->ram);
    if ( rc )
        return rc;
    d->max_pages = max_pages;
    d->max_pages_limit = max_pages;
    d->tot_pages = max_pages;
    /* Every frame starts populated (backed lazily by the memfd). */
    d->populated = malloc(((max_pages + 63) / 64) * sizeof(uint64_t));
    if ( !d->populated )
        return -ENOMEM;
    memset(d->populated, 0xff, ((max_pages + 63) / 64) * sizeof(uint64_t));

    snprintf(name, sizeof(name), "d%u-special", d->domain_id);
    rc = map_memfd(name, SPECIAL_NR_FRAMES, &d->special_fd, &d->special);
    if ( rc )
        return rc;
    d->shared_info = (shared_info_t *)(d->special + (SPECIAL_FRAME_SHARED_INFO
                                                     << PAGE_SHIFT));
    return 0;
}

/* ---- vCPUs ------------------------------------------------------------ */

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id)
{
    struct vcpu *v;
    unsigned int i;

    if ( vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id] )
        return NULL;
    v = calloc(1, sizeof(*v));
    if ( !v )
        return NULL;
    v->vcpu_id = vcpu_id;
    v->domain = d;
    v->processor = vcpu_id % max(sched_nr_pcpus(), 1u);
    v->cpu_hard_affinity = ~0ULL;
    v->cpu_soft_affinity = ~0ULL;
    atomic_store(&v->pause_flags, VPF_down);
    v->arch.vcpu_fd = -1;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    for ( i = 0; i < NR_VIRQS; i++ )
        v->virq_to_evtchn[i] = 0;
    vcpu_timers_init(v);

    if ( d->shared_info && vcpu_id < XEN_LEGACY_MAX_VCPUS )
    {
        v->vcpu_info = &d->shared_info->vcpu_info[vcpu_id];
        /* Events start masked, as on Xen. */
        v->vcpu_info->evtchn_upcall_mask = 1;
    }

    if ( d->ram && arch_vcpu_create(v) )
        goto fail;
    if ( sched_init_vcpu(v) )
        goto fail_arch;
    d->vcpu[vcpu_id] = v;
    return v;

fail_arch:
    if ( d->ram )
        arch_vcpu_destroy(v);
fail:
    free(v);
    return NULL;
}

void vcpu_destroy(struct vcpu *v)
{
    struct domain *d = v->domain;

    kill_timer(&v->singleshot_timer);
    kill_timer(&v->periodic_timer);
    kill_timer(&v->poll_timer);
    d->cpu_time_dead += vcpu_cpu_time(v);
    sched_destroy_vcpu(v);
    if ( d->ram )
        arch_vcpu_destroy(v);
    d->vcpu[v->vcpu_id] = NULL;
    free(v);
}

void vcpu_pause(struct vcpu *v)
{
    atomic_fetch_add(&v->pause_count, 1);
    vcpu_sleep_sync(v);
}

void vcpu_unpause(struct vcpu *v)
{
    if ( atomic_fetch_sub(&v->pause_count, 1) == 1 )
        vcpu_wake(v);
}

int vcpu_register_info(struct vcpu *v, uint64_t mfn, uint64_t offset)
{
    struct domain *d = v->domain;
    vcpu_info_t *new_info;
    uint8_t *frame;

    if ( offset > PAGE_SIZE - sizeof(vcpu_info_t) ||
         (offset & (sizeof(uint64_t) - 1)) )
        return -EINVAL;
    if ( v->vcpu_info_registered )
        return -EINVAL;
    if ( !domain_mfn_is_ram(d, mfn) )
        return -EINVAL;
    frame = domain_frame_ptr(d, mfn);
    new_info = (vcpu_info_t *)(frame + offset);

    if ( v->vcpu_info )
        memcpy(new_info, v->vcpu_info, sizeof(*new_info));
    else
    {
        memset(new_info, 0, sizeof(*new_info));
        new_info->evtchn_upcall_mask = 1;
    }
    /*
     * Events may have been flagged in the old location only: make the
     * guest rescan every word once.
     */
    new_info->evtchn_upcall_pending = 1;
    new_info->evtchn_pending_sel = ~(xen_ulong_t)0;
    v->vcpu_info = new_info;
    v->vcpu_info_registered = true;
    return 0;
}

int domain_set_max_vcpus(struct domain *d, unsigned int max)
{
    unsigned int i;

    if ( max == 0 || max > MAX_VIRT_CPUS )
        return -EINVAL;
    if ( max < d->max_vcpus )
        return -EINVAL; /* vCPUs are never taken away */
    if ( max > d->max_vcpus )
    {
        struct vcpu **vcpus = realloc(d->vcpu, max * sizeof(*vcpus));

        if ( !vcpus )
            return -ENOMEM;
        for ( i = d->max_vcpus; i < max; i++ )
            vcpus[i] = NULL;
        d->vcpu = vcpus;
        d->max_vcpus = max;
    }
    for ( i = 0; i < max; i++ )
        if ( !d->vcpu[i] && !vcpu_create(d, i) )
            return -ENOMEM;
    return 0;
}

/* ---- creation and destruction ------------------------------------- */

static struct domain *domain_alloc(domid_t domid)
{
    struct domain *d = calloc(1, sizeof(*d));

    if ( !d )
        return NULL;
    d->domain_id = domid;
    atomic_init(&d->refcnt, 1);
    d->ram_fd = -1;
    d->special_fd = -1;
    d->arch.vm_fd = -1;
    d->creation_time = NOW();
    pthread_mutex_init(&d->lock, NULL);
    pthread_mutex_init(&d->event_lock, NULL);
    pthread_mutex_init(&d->page_alloc_lock, NULL);
    return d;
}

int domain_init(void)
{
    struct domain *d = domain_alloc(0);
    int rc;

    if ( !d )
        return -ENOMEM;
    d->is_privileged = true;
    d->max_vcpus = 1;
    d->vcpu = calloc(1, sizeof(*d->vcpu));
    if ( !d->vcpu )
        return -ENOMEM;
    rc = evtchn_init(d, DOM0_MAX_EVTCHN_PORT);
    if ( rc )
        return rc;
    rc = sched_init_domain(d);
    if ( rc )
        return rc;
    if ( !vcpu_create(d, 0) )
        return -ENOMEM;
    hardware_domain = d;
    domlist_insert(d);
    return 0;
}

struct domain *domain_create(domid_t domid,
                             const struct xen_domctl_createdomain *cfg,
                             int *err)
{
    struct domain *d = domain_alloc(domid);
    uint64_t max_pages = cfg->max_pages;
    unsigned int max_port = cfg->max_evtchn_port;
    int rc;

    if ( !d )
    {
        *err = -ENOMEM;
        return NULL;
    }
    if ( !max_pages )
        max_pages = 256; /* 1 MiB until max_mem says more */
    if ( !max_port || max_port > DOM0_MAX_EVTCHN_PORT )
        max_port = DEFAULT_MAX_EVTCHN_PORT;
    d->controller_paused = true; /* created paused, as on Xen */
    memcpy(d->handle, cfg->handle, sizeof(d->handle));

    rc = domain_alloc_memory(d, max_pages);
    if ( rc )
        goto fail;
    rc = arch_domain_create(d);
    if ( rc )
        goto fail;
    rc = evtchn_init(d, max_port);
    if ( rc )
        goto fail_arch;
    rc = grant_table_init(d);
    if ( rc )
        goto fail_evtchn;
    rc = sched_init_domain(d);
    if ( rc )
        goto fail_gnttab;
    rc = domain_set_max_vcpus(d, cfg->max_vcpus ? cfg->max_vcpus : 1);
    if ( rc )
        goto fail_vcpus;

    domlist_insert(d);
    printk("created domain %u: %llu KiB, %u vCPUs", domid,
           (unsigned long long)(max_pages << 2), d->max_vcpus);
    return d;

fail_vcpus:
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_destroy(d->vcpu[i]);
    sched_destroy_domain(d);
fail_gnttab:
    grant_table_destroy(d);
fail_evtchn:
    evtchn_destroy(d);
fail_arch:
    arch_domain_destroy(d);
fail:
    *err = rc;
    domain_free(d);
    return NULL;
}

int domain_kill(struct domain *d)
{
    unsigned int i;

    if ( d == hardware_domain )
        return -EINVAL;
    pthread_mutex_lock(&d->lock);
    if ( d->is_dying )
    {
        pthread_mutex_unlock(&d->lock);
        return 0;
    }
    d->is_dying = true;
    pthread_mutex_unlock(&d->lock);

    /* No vCPU runs from here on: is_dying makes them all unrunnable. */
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
        {
            vcpu_kick(d->vcpu[i]);
            vcpu_sleep_sync(d->vcpu[i]);
        }

    domlist_remove(d);
    evtchn_destroy(d);
    grant_table_destroy(d);
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_destroy(d->vcpu[i]);
    sched_destroy_domain(d);
    arch_domain_destroy(d);
    printk("destroyed domain %u", d->domain_id);
    send_global_virq(VIRQ_DOM_EXC);
    put_domain(d);
    return 0;
}

/* ---- shutdown, crash, pause ---------------------------------------- */

static const char *shutdown_reason_name(uint8_t reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < ARRAY_SIZE(names) && names[reason] ? names[reason]
                                                       : "unknown";
}

void domain_shutdown(struct domain *d, uint8_t reason)
{
    unsigned int i;

    pthread_mutex_lock(&d->lock);
    if ( d->is_shut_down || d->is_dying )
    {
        pthread_mutex_unlock(&d->lock);
        return;
    }
    d->is_shutting_down = true;
    d->is_shut_down = true;
    d->shutdown_code = reason;
    pthread_mutex_unlock(&d->lock);

    printk("domain %u shut down: %s", d->domain_id,
           shutdown_reason_name(reason));
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_kick(d->vcpu[i]);
    send_global_virq(VIRQ_DOM_EXC);
}

void domain_crash(struct domain *d, const char *why)
{
    xlog(LOG_ERR, "domain %u crashed: %s", d->domain_id, why);
    if ( current && current->domain == d )
        arch_vcpu_dump(current);
    domain_shutdown(d, SHUTDOWN_crash);
}

void domain_pause(struct domain *d)
{
    unsigned int i;

    pthread_mutex_lock(&d->lock);
    d->pause_count++;
    pthread_mutex_unlock(&d->lock);
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
        {
            vcpu_kick(d->vcpu[i]);
            vcpu_sleep_sync(d->vcpu[i]);
        }
}

static void domain_wake_all(struct domain *d)
{
    unsigned int i;

    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_wake(d->vcpu[i]);
}

void domain_unpause(struct domain *d)
{
    bool wake;

    pthread_mutex_lock(&d->lock);
    ASSERT(d->pause_count > 0);
    wake = --d->pause_count == 0;
    pthread_mutex_unlock(&d->lock);
    if ( wake )
        domain_wake_all(d);
}

int domain_pause_by_controller(struct domain *d)
{
    unsigned int i;

    if ( d == hardware_domain )
        return -EINVAL;
    pthread_mutex_lock(&d->lock);
    d->controller_paused = true;
    pthread_mutex_unlock(&d->lock);
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
        {
            vcpu_kick(d->vcpu[i]);
            vcpu_sleep_sync(d->vcpu[i]);
        }
    return 0;
}

int domain_unpause_by_controller(struct domain *d)
{
    if ( d == hardware_domain )
        return -EINVAL;
    pthread_mutex_lock(&d->lock);
    d->controller_paused = false;
    pthread_mutex_unlock(&d->lock);
    domain_wake_all(d);
    return 0;
}

uint64_t domain_cpu_time(struct domain *d)
{
    uint64_t t = d->cpu_time_dead;
    unsigned int i;

    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            t += vcpu_cpu_time(d->vcpu[i]);
    return t;
}

void domain_get_info(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    unsigned int i, online = 0, max_id = 0;
    bool running = false, blocked = true;

    memset(info, 0, sizeof(*info));
    for ( i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = d->vcpu[i];

        if ( !v )
            continue;
        max_id = i;
        if ( atomic_load(&v->pause_flags) & VPF_down )
            continue;
        online++;
        if ( v->is_running )
            running = true;
        if ( !(atomic_load(&v->pause_flags) & VPF_blocked) )
            blocked = false;
    }

    info->domain = d->domain_id;
    if ( d->is_dying )
        info->flags |= XEN_DOMINF_dying;
    if ( d->is_shut_down )
        info->flags |= XEN_DOMINF_shutdown |
                       ((uint32_t)d->shutdown_code << XEN_DOMINF_shutdownshift);
    if ( d->controller_paused || d->pause_count )
        info->flags |= XEN_DOMINF_paused;
    if ( online && blocked )
        info->flags |= XEN_DOMINF_blocked;
    if ( running )
        info->flags |= XEN_DOMINF_running;
    info->tot_pages = d->is_privileged ? 0 : d->tot_pages;
    info->max_pages = d->is_privileged ? 0 : d->max_pages_limit;
    info->shared_info_frame =
        d->shared_info ? XEN_SPECIAL_PFN_BASE + SPECIAL_FRAME_SHARED_INFO : 0;
    info->cpu_time = domain_cpu_time(d);
    info->nr_online_vcpus = online;
    info->max_vcpu_id = max_id;
    memcpy(info->handle, d->handle, sizeof(info->handle));
}
