/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zap.c: making KVM see page-table entries the hypervisor wrote.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <string.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/lib.h>

/*
 * KVM here shadows guest page tables and notices changes only when the
 * guest itself writes them. After the hypervisor has written guest PTEs
 * (mmu_update, update_va_mapping, a GDT mapping), the shadows are dropped
 * by removing and re-adding the RAM memslot. No vCPU of the domain may be
 * inside KVM_RUN meanwhile (it would find its memory gone): the domain's
 * zap gate (asm/domain.h) holds them out. The refresh only waits for
 * vCPUs to leave KVM_RUN, which a kick makes them do at once, never for a
 * vCPU to finish a hypercall (it may itself be waiting to refresh).
 */
void zap_gate_init(struct zap_gate *g)
{
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cond, NULL);
    g->in_guest = 0;
    g->waiting = 0;
    g->done = 0;
}

int kvm_run_gated(struct vcpu *v)
{
    struct zap_gate *g = &v->domain->arch.zap;
    int rc, saved_errno;

    pthread_mutex_lock(&g->lock);
    while ( g->waiting )
        pthread_cond_wait(&g->cond, &g->lock);
    g->in_guest++;
    pthread_mutex_unlock(&g->lock);

    /* A kick after the refresh started finds immediate_exit set. */
    rc = ioctl(v->arch.vcpu_fd, KVM_RUN, 0);
    saved_errno = errno;

    pthread_mutex_lock(&g->lock);
    if ( --g->in_guest == 0 && g->waiting )
        pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    errno = saved_errno;
    return rc;
}

static int refresh_ram_slot(struct domain *d)
{
    struct kvm_userspace_memory_region slot = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = 0,
        .userspace_addr = (uintptr_t)d->ram,
    };
    int rc = 0;

    if ( ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) )
        rc = -errno;
    slot.memory_size = d->max_pages << PAGE_SHIFT;
    if ( ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) )
        rc = -errno;
    return rc;
}

int arch_zap_guest_mappings(struct domain *d)
{
    struct zap_gate *g = &d->arch.zap;
    unsigned long asked_after;
    unsigned int i;
    int rc = 0;

    pthread_mutex_lock(&g->lock);
    g->waiting++;
    asked_after = g->done;
    pthread_mutex_unlock(&g->lock);

    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] && d->vcpu[i] != current )
            arch_vcpu_kick(d->vcpu[i]);

    pthread_mutex_lock(&g->lock);
    while ( g->in_guest )
        pthread_cond_wait(&g->cond, &g->lock);
    /* A refresh that ran since we asked covers our writes too. */
    if ( g->done == asked_after )
    {
        rc = refresh_ram_slot(d);
        g->done++;
    }
    g->waiting--;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    if ( rc )
        domain_crash(d, "cannot refresh the guest memory slot");
    return rc;
}

/*
 * Cheaper than a refresh for the common case, a leaf entry replaced
 * (Linux clearing a PTE, changing its rights, text_poke's window): KVM
 * drops every shadow entry that maps a frame whenever the host changes
 * the protection of the frame's memory (its MMU notifier), while its
 * shadows of the tables themselves stay. Adding PROT_EXEC and taking it
 * away again is such a change, and never stops the hypervisor's threads
 * or a vCPU from reading or writing the frame meanwhile. An entry that
 * maps a page table (an upper-level entry: KVM links its shadows of the
 * levels below, which no notifier drops) still needs the refresh.
 */
void pt_entry_replaced(struct domain *d, uint64_t old)
{
    struct replaced_entries *r = &d->arch.replaced;
    uint64_t gfn = (old & 0x000ffffffffff000ULL) >> PAGE_SHIFT;

    pthread_mutex_lock(&r->lock);
    r->any = true;
    if ( gfn >= d->max_pages || pt_frame_pinned(d, gfn) ||
         r->nr == REPLACED_MAX )
        r->all = true;
    else if ( !r->all && (!r->nr || r->gfn[r->nr - 1] != gfn) )
        r->gfn[r->nr++] = gfn;
    pthread_mutex_unlock(&r->lock);
}

static bool drop_frame_shadows(struct domain *d, uint64_t gfn)
{
    uint8_t *page = (uint8_t *)d->ram + (gfn << PAGE_SHIFT);

    return !mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC) &&
           !mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE);
}

void pt_refresh_replaced(struct domain *d)
{
    struct replaced_entries *r = &d->arch.replaced;
    uint64_t gfn[REPLACED_MAX];
    unsigned int nr;
    bool all;

    if ( !__atomic_load_n(&r->any, __ATOMIC_ACQUIRE) )
        return;
    pthread_mutex_lock(&r->lock);
    all = r->all;
    nr = r->nr;
    memcpy(gfn, r->gfn, nr * sizeof(gfn[0]));
    r->any = r->all = false;
    r->nr = 0;
    pthread_mutex_unlock(&r->lock);

    for ( unsigned int i = 0; !all && i < nr; i++ )
        all = !drop_frame_shadows(d, gfn[i]);
    __atomic_add_fetch(&d->arch.stats.frames_dropped, nr, __ATOMIC_RELAXED);
    if ( all )
        arch_zap_guest_mappings(d);
}
