/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest_access.c: the single checked path to a caller's memory.
 *
 * A domU's addresses are guest virtual addresses: each page is translated
 * through the vCPU's own page tables (arch_guest_translate) and must land
 * in a frame of that domain. Domain 0's "guest addresses" are addresses in
 * the privcmd request buffer being served, and must lie inside it.
 */
#include <string.h>

#include <asm/arch.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

static __thread uint8_t *dom0_buf;
static __thread size_t dom0_buf_len;

void guest_access_set_dom0_buffer(void *base, size_t len)
{
    dom0_buf = base;
    dom0_buf_len = len;
}

/* Host pointer for [gaddr, gaddr+len) of domain 0's request buffer. */
static uint8_t *dom0_range(uint64_t gaddr, size_t len)
{
    uintptr_t base = (uintptr_t)dom0_buf;

    if ( !dom0_buf || gaddr < base || len > dom0_buf_len ||
         gaddr - base > dom0_buf_len - len )
        return NULL;
    return (uint8_t *)(uintptr_t)gaddr;
}

/* Host pointer for a machine address range that stays inside one frame. */
static uint8_t *domain_phys_ptr(struct domain *d, uint64_t maddr)
{
    uint8_t *frame = domain_frame_ptr(d, maddr >> PAGE_SHIFT);

    return frame ? frame + (maddr & ~PAGE_MASK) : NULL;
}

/*
 * Copy between host memory and a domain, one guest page at a time.
 * With v, addr is a virtual address in v's page tables; without, it is a
 * machine address in domain d.
 */
static int copy_pages(struct domain *d, struct vcpu *v, uint8_t *host,
                      uint64_t addr, size_t len, bool to_guest)
{
    if ( addr + len < addr )
        return -EFAULT;

    while ( len )
    {
        size_t chunk = min(len, PAGE_SIZE - (addr & ~PAGE_MASK));
        uint64_t maddr = addr;
        uint8_t *p;

        if ( v && arch_guest_translate(v, addr, to_guest, &maddr) )
            return -EFAULT;
        p = domain_phys_ptr(d, maddr);
        if ( !p )
            return -EFAULT;
        if ( to_guest )
            memcpy(p, host, chunk);
        else
            memcpy(host, p, chunk);
        host += chunk;
        addr += chunk;
        len -= chunk;
    }
    return 0;
}

int copy_from_vcpu(struct vcpu *v, void *dst, uint64_t gaddr, size_t len)
{
    uint8_t *p;

    if ( !len )
        return 0;
    if ( v->domain->is_privileged )
    {
        p = dom0_range(gaddr, len);
        if ( !p )
            return -EFAULT;
        memmove(dst, p, len);
        return 0;
    }
    return copy_pages(v->domain, v, dst, gaddr, len, false);
}

int copy_to_vcpu(struct vcpu *v, uint64_t gaddr, const void *src, size_t len)
{
    uint8_t *p;

    if ( !len )
        return 0;
    if ( v->domain->is_privileged )
    {
        p = dom0_range(gaddr, len);
        if ( !p )
            return -EFAULT;
        memmove(p, src, len);
        return 0;
    }
    return copy_pages(v->domain, v, (uint8_t *)src, gaddr, len, true);
}

int copy_from_guest(void *dst, uint64_t gaddr, size_t len)
{
    return copy_from_vcpu(current, dst, gaddr, len);
}

int copy_to_guest(uint64_t gaddr, const void *src, size_t len)
{
    return copy_to_vcpu(current, gaddr, src, len);
}

int copy_from_domain_phys(struct domain *d, void *dst, uint64_t maddr,
                          size_t len)
{
    return copy_pages(d, NULL, dst, maddr, len, false);
}

int copy_to_domain_phys(struct domain *d, uint64_t maddr, const void *src,
                        size_t len)
{
    return copy_pages(d, NULL, (uint8_t *)src, maddr, len, true);
}
