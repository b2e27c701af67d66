/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest_access.h: the one checked way to touch a caller's memory.
 *
 * For a domU the address is a guest virtual address, translated through
 * the vCPU's page tables with every frame checked against the domain's
 * memory. For domain 0 (privcmd), it is an address inside the request
 * buffer currently being served, checked against that buffer's bounds.
 * Every function returns 0 or -EFAULT and never touches anything else.
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>

struct vcpu;
struct domain;

int copy_from_guest(void *dst, uint64_t gaddr, size_t len);
int copy_to_guest(uint64_t gaddr, const void *src, size_t len);
/* Explicit-vCPU forms (current is used by the above). */
int copy_from_vcpu(struct vcpu *v, void *dst, uint64_t gaddr, size_t len);
int copy_to_vcpu(struct vcpu *v, uint64_t gaddr, const void *src, size_t len);

/* Guest-physical (machine address) copies within one domain. */
int copy_from_domain_phys(struct domain *d, void *dst, uint64_t maddr,
                          size_t len);
int copy_to_domain_phys(struct domain *d, uint64_t maddr, const void *src,
                        size_t len);

/* privcmd: the buffer that dom0 "guest addresses" must fall in. */
void guest_access_set_dom0_buffer(void *base, size_t len);

#define copy_from_guest_offset(dst, base, idx, type)                           \
    copy_from_guest((dst), (base) + (uint64_t)(idx) * sizeof(type),            \
                    sizeof(type))
#define copy_to_guest_offset(base, idx, src, type)                             \
    copy_to_guest((base) + (uint64_t)(idx) * sizeof(type), (src), sizeof(type))

#endif /* XEN_GUEST_ACCESS_H */
