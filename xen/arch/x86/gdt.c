/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gdt.c: each vCPU's global descriptor table, in the hypervisor's own
 * mapping (asm/xen_map.h). Guest code runs at ring 3, and segment loads
 * there (an `iretq`, `mov %ax, %ds`) read descriptors from the table the
 * vCPU's GDTR points at, as on real hardware. As on Xen, the table is 16
 * pages: the first 14 are the guest's own frames, given with set_gdt
 * (an empty page until then), the 15th holds the descriptors behind
 * Xen's flat selectors (FLAT_RING3_CS64 0xe033, FLAT_RING3_CS32 0xe023,
 * FLAT_RING3_DS32/SS 0xe02b), the 16th is empty.
 */
#include <string.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/xen_map.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define GDT_XEN_PAGE GDT_GUEST_PAGES /* the 15th page */
#define FIRST_XEN_ENTRY (GDT_XEN_PAGE * PAGE_SIZE / 8) /* 7168 */

/*
 * Flat 4 GiB ring-3 descriptors, marked accessed so that the CPU has no
 * reason to write to the page: code 64-bit (L), code 32-bit (D), data.
 */
#define DESC_CODE64 0x00affb000000ffffULL
#define DESC_CODE32 0x00cffb000000ffffULL
#define DESC_DATA 0x00cff3000000ffffULL

static unsigned int map_page(unsigned int vcpu_id, unsigned int page)
{
    return (1 + vcpu_id) * (XEN_MAP_WINDOW / PAGE_SIZE) + page;
}

uint64_t gdt_base(unsigned int vcpu_id)
{
    return XEN_MAP_VA + (uint64_t)(1 + vcpu_id) * XEN_MAP_WINDOW;
}

static void set_xen_entry(uint64_t *page, unsigned int selector, uint64_t d)
{
    page[(selector >> 3) - FIRST_XEN_ENTRY] = d;
}

void gdt_init_domain(struct domain *d)
{
    uint64_t *xen = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + FRAME_GDT_XEN);

    set_xen_entry(xen, FLAT_RING3_CS64, DESC_CODE64);
    set_xen_entry(xen, FLAT_RING3_CS32, DESC_CODE32);
    set_xen_entry(xen, FLAT_RING3_DS32, DESC_DATA);
}

/* The PTE of page p of a table whose guest pages are frames[0..nr). */
static uint64_t gdt_pte(unsigned int p, const uint64_t *frames, unsigned int nr)
{
    if ( p < nr )
        return (frames[p] << PAGE_SHIFT) | XEN_PTE;
    if ( p == GDT_XEN_PAGE )
        return special_maddr(FRAME_GDT_XEN) | XEN_PTE;
    return special_maddr(FRAME_ZERO) | XEN_PTE;
}

/*
 * A new vCPU's table: no pages of the guest's yet. Its window was not
 * mapped before, so KVM holds no stale view of it.
 */
int gdt_init_vcpu(struct domain *d, unsigned int vcpu_id)
{
    unsigned int p;

    if ( vcpu_id >= MAX_VIRT_CPUS )
        return -EINVAL;
    for ( p = 0; p < GDT_PAGES; p++ )
        xen_map_set_pte(d, map_page(vcpu_id, p), gdt_pte(p, NULL, 0));
    return 0;
}

/*
 * set_gdt (and a vCPU context's GDT): the guest's pages of v's table are
 * the frames (up to 14, of its RAM) holding `entries` descriptors, the
 * rest empty. If that changed any entry, KVM's view of the mapping is
 * refreshed, as after any change the hypervisor makes to page tables (a
 * costly step: not for a table left as it was).
 */
int gdt_set(struct vcpu *v, const uint64_t *frames, unsigned long entries)
{
    struct domain *d = v->domain;
    unsigned int p, nr;
    bool changed = false;
    int rc;

    if ( entries > GDT_GUEST_PAGES * 512 || v->vcpu_id >= MAX_VIRT_CPUS )
        return -EINVAL;
    nr = (entries + 511) / 512;
    for ( p = 0; p < nr; p++ )
        if ( !domain_mfn_is_ram(d, frames[p]) )
            return -EINVAL;
    for ( p = 0; p < GDT_GUEST_PAGES; p++ )
    {
        uint64_t pte = gdt_pte(p, frames, nr);

        if ( xen_map_set_pte(d, map_page(v->vcpu_id, p), pte) != pte )
            changed = true;
    }
    rc = changed ? arch_zap_guest_mappings(d) : 0;
    if ( rc )
        return rc;
    memset(v->arch.gdt_frames, 0, sizeof(v->arch.gdt_frames));
    memcpy(v->arch.gdt_frames, frames, nr * sizeof(frames[0]));
    v->arch.gdt_ents = entries;
    return 0;
}

/* The 8-byte descriptor for selector sel in v's GDT; false if beyond. */
bool gdt_read_entry(struct vcpu *v, uint16_t sel, uint64_t *desc)
{
    unsigned int index = sel >> 3, page = index / 512;
    uint64_t frame;
    uint64_t *p;

    if ( page < GDT_GUEST_PAGES )
    {
        if ( index >= v->arch.gdt_ents )
            return false;
        frame = v->arch.gdt_frames[page];
    }
    else if ( page == GDT_GUEST_PAGES )
        frame = XEN_SPECIAL_PFN_BASE + FRAME_GDT_XEN;
    else
        return false;
    p = domain_frame_ptr(v->domain, frame);
    if ( !p )
        return false;
    *desc = __atomic_load_n(&p[index % 512], __ATOMIC_RELAXED);
    return true;
}
