/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_host.c: host mappings of grants into a domU: the grant windows
 * (asm/grant_host.h explains them) and the mapper's page-table entries.
 * Called by xen/common/grant_map.c with gnttab_lock held, except
 * grant_host_flush(), which may wait for the domain's vCPUs to leave
 * KVM_RUN and so is called with no lock held.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <asm/arch.h>
#include <asm/grant_host.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define PTE_PRESENT 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_USER 0x4ULL
#define PTE_ACCESSED 0x20ULL
#define PTE_DIRTY 0x40ULL
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

struct grant_window {
    uint8_t *base; /* host pages of the window, PROT_NONE when unused */
    uint64_t pfn; /* guest-physical frame of page 0 */
};

struct grant_host {
    struct domain *d;
    unsigned int slots;
    struct grant_window rw, ro;
};

static int window_create(struct domain *d, struct grant_window *w,
                         unsigned int slot, uint64_t pfn, unsigned int pages,
                         bool readonly)
{
    struct kvm_userspace_memory_region region = {
        .slot = slot,
        .guest_phys_addr = pfn << PAGE_SHIFT,
        .memory_size = (uint64_t)pages << PAGE_SHIFT,
    };

    w->pfn = pfn;
    w->base = mmap(NULL, region.memory_size, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if ( w->base == MAP_FAILED )
    {
        w->base = NULL;
        return -errno;
    }
    region.userspace_addr = (uintptr_t)w->base;
    /*
     * A read-only slot turns a guest write into an MMIO exit (the domain
     * crashes) instead of reaching the page. Without the capability the
     * host mapping is still PROT_READ, and KVM refuses the write as well.
     */
    if ( readonly &&
         ioctl(d->arch.vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) > 0 )
        region.flags = KVM_MEM_READONLY;
    if ( ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &region) )
    {
        int rc = -errno;

        munmap(w->base, region.memory_size);
        w->base = NULL;
        return rc;
    }
    return 0;
}

static void window_destroy(struct domain *d, struct grant_window *w,
                           unsigned int slot, unsigned int pages)
{
    struct kvm_userspace_memory_region region = { .slot = slot };

    if ( !w->base )
        return;
    /* Nothing runs any more; a VM being torn down needs no slot removal. */
    if ( d->arch.vm_fd >= 0 )
        ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &region);
    munmap(w->base, (size_t)pages << PAGE_SHIFT);
    w->base = NULL;
}

struct grant_host *grant_host_create(struct domain *d, unsigned int slots)
{
    struct grant_host *h = calloc(1, sizeof(*h));
    int rc;

    if ( !h )
        return NULL;
    h->d = d;
    h->slots = slots;
    rc = window_create(d, &h->rw, GRANT_WINDOW_RW_SLOT, GRANT_WINDOW_RW_PFN,
                       slots, false);
    if ( !rc )
        rc = window_create(d, &h->ro, GRANT_WINDOW_RO_SLOT, GRANT_WINDOW_RO_PFN,
                           slots, true);
    if ( rc )
    {
        xlog(LOG_ERR, "d%u: cannot create the grant windows: %s", d->domain_id,
             strerror(-rc));
        grant_host_destroy(h);
        return NULL;
    }
    return h;
}

void grant_host_destroy(struct grant_host *h)
{
    if ( !h )
        return;
    window_destroy(h->d, &h->rw, GRANT_WINDOW_RW_SLOT, h->slots);
    window_destroy(h->d, &h->ro, GRANT_WINDOW_RO_SLOT, h->slots);
    free(h);
}

int grant_host_window_map(struct grant_host *h, unsigned int slot,
                          bool readonly, struct domain *rd, uint64_t frame,
                          uint64_t *maddr)
{
    struct grant_window *w = readonly ? &h->ro : &h->rw;
    void *at;

    if ( slot >= h->slots || rd->ram_fd < 0 )
        return -EINVAL;
    at = mmap(w->base + ((size_t)slot << PAGE_SHIFT), PAGE_SIZE,
              PROT_READ | (readonly ? 0 : PROT_WRITE), MAP_SHARED | MAP_FIXED,
              rd->ram_fd, (off_t)(frame << PAGE_SHIFT));
    if ( at == MAP_FAILED )
        return -errno;
    *maddr = (w->pfn + slot) << PAGE_SHIFT;
    return 0;
}

void grant_host_window_unmap(struct grant_host *h, unsigned int slot,
                             bool readonly)
{
    struct grant_window *w = readonly ? &h->ro : &h->rw;
    void *at;

    if ( slot >= h->slots )
        return;
    /* The MMU notifier makes KVM drop the old page before this returns. */
    at = mmap(w->base + ((size_t)slot << PAGE_SHIFT), PAGE_SIZE, PROT_NONE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    if ( at == MAP_FAILED )
        panic("cannot revoke grant window page: %s", strerror(errno));
}

/* The PTE a host mapping is made of. */
static uint64_t *pte_slot(struct vcpu *v, uint64_t addr, bool contains_pte)
{
    struct domain *d = v->domain;
    uint64_t maddr = addr;

    if ( !contains_pte )
    {
        if ( (addr & ~PAGE_MASK) || !guest_va_ok(addr) ||
             pt_find_l1e(d, v->arch.sregs.cr3, addr, &maddr) )
            return NULL;
    }
    else if ( (addr & 7) || !domain_mfn_is_ram(d, addr >> PAGE_SHIFT) )
        return NULL;
    return (uint64_t *)((uint8_t *)domain_frame_ptr(d, maddr >> PAGE_SHIFT) +
                        (maddr & ~PAGE_MASK));
}

int grant_host_pte_map(struct vcpu *v, uint64_t addr, bool contains_pte,
                       uint64_t maddr, bool readonly, unsigned int avail,
                       bool *flush)
{
    uint64_t *slot = pte_slot(v, addr, contains_pte);
    uint64_t pte = maddr | PTE_PRESENT | PTE_USER | PTE_ACCESSED | PTE_DIRTY |
                   PTE_NX | (readonly ? 0 : PTE_RW) |
                   ((uint64_t)(avail & 7) << 9);

    if ( !slot )
        return -EINVAL;
    /* KVM keeps nothing for an entry that was not present. */
    if ( __atomic_exchange_n(slot, pte, __ATOMIC_ACQ_REL) & PTE_PRESENT )
        *flush = true;
    return 0;
}

int grant_host_pte_unmap(struct vcpu *v, uint64_t addr, bool contains_pte,
                         uint64_t maddr, uint64_t new_addr, bool *flush)
{
    uint64_t *slot = pte_slot(v, addr, contains_pte), *from = NULL;
    uint64_t old, replacement = 0;

    if ( !slot )
        return -EINVAL;
    old = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if ( !(old & PTE_PRESENT) || (old & PTE_ADDR) != maddr )
        return -EINVAL;
    if ( new_addr )
    {
        if ( contains_pte || !(from = pte_slot(v, new_addr, false)) )
            return -EINVAL;
        replacement = __atomic_exchange_n(from, 0, __ATOMIC_ACQ_REL);
        if ( replacement & PTE_PRESENT )
            replacement |= PTE_USER; /* as every entry written for a guest */
    }
    if ( !__atomic_compare_exchange_n(slot, &old, replacement, false,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
    {
        /* The guest changed the entry meanwhile: leave it, say so. */
        if ( from )
            __atomic_store_n(from, replacement, __ATOMIC_RELEASE);
        return -EINVAL;
    }
    *flush = true;
    return 0;
}

void grant_host_flush(struct domain *d)
{
    arch_zap_guest_mappings(d);
}
