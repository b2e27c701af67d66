/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zap.c: making KVM see page-table entries the hypervisor wrote.
 */
#include <sys/ioctl.h>

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
