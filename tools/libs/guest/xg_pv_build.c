/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_pv_build.c: build a PV domain that the toolstack has created: load
 * the kernel and ramdisk into its memory, write the p2m list, start_info
 * and the boot page tables, allocate the console and xenstore event
 * channels, have the hypervisor write the hypercall page, and set vCPU 0
 * going at the entry point with start_info in rsi.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenguest.h>

#include "xg_private.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096ULL
#define PTE_FLAGS 0x7ULL /* present, writable, user: the kernel is ring 3 */

struct build_ctx {
    uint8_t *mem;
    size_t mem_size;
    const struct xc_pv_layout *l;
    uint64_t next_pt; /* next free page-table frame (virtual) */
};

static uint64_t pfn_of(const struct build_ctx *c, uint64_t va)
{
    return (va - c->l->virt_base) >> PAGE_SHIFT;
}

static uint64_t *table_at(struct build_ctx *c, uint64_t pfn)
{
    return (uint64_t *)(c->mem + (pfn << PAGE_SHIFT));
}

/* The next-level table under entry e, allocating one if it is empty. */
static uint64_t next_table(struct build_ctx *c, uint64_t *e)
{
    if ( !(*e & 1) )
    {
        uint64_t pfn = pfn_of(c, c->next_pt);

        c->next_pt += PAGE_SIZE;
        *e = (pfn << PAGE_SHIFT) | PTE_FLAGS;
    }
    return (*e & 0x000ffffffffff000ULL) >> PAGE_SHIFT;
}

static void build_page_tables(struct build_ctx *c)
{
    const struct xc_pv_layout *l = c->l;
    uint64_t l4 = pfn_of(c, l->pt_start), va;

    c->next_pt = l->pt_start + PAGE_SIZE;
    for ( va = l->virt_base; va < l->virt_end; va += PAGE_SIZE )
    {
        uint64_t l3 = next_table(c, &table_at(c, l4)[(va >> 39) & 511]);
        uint64_t l2 = next_table(c, &table_at(c, l3)[(va >> 30) & 511]);
        uint64_t l1 = next_table(c, &table_at(c, l2)[(va >> 21) & 511]);

        table_at(c, l1)[(va >> 12) & 511] =
            (pfn_of(c, va) << PAGE_SHIFT) | PTE_FLAGS;
    }
}

static void fill_start_info(struct build_ctx *c, const struct xc_dom_args *a,
                            const xc_domaininfo_t *info,
                            const struct xc_dom_result *res)
{
    const struct xc_pv_layout *l = c->l;
    start_info_t *si =
        (start_info_t *)(c->mem + (pfn_of(c, l->start_info) << PAGE_SHIFT));

    memset(si, 0, sizeof(*si));
    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
    si->nr_pages = a->nr_pages;
    si->shared_info = info->shared_info_frame << PAGE_SHIFT;
    si->flags = 0;
    si->store_mfn = res->store_mfn;
    si->store_evtchn = res->store_evtchn;
    si->console.domU.mfn = res->console_mfn;
    si->console.domU.evtchn = res->console_evtchn;
    si->pt_base = l->pt_start;
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = l->p2m_start;
    si->mod_start = l->ramdisk_len ? l->ramdisk_start : 0;
    si->mod_len = l->ramdisk_len;
    if ( a->cmdline )
        snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", a->cmdline);
}

static void fill_p2m(struct build_ctx *c, uint64_t nr_pages)
{
    uint64_t *p2m =
        (uint64_t *)(c->mem + (pfn_of(c, c->l->p2m_start) << PAGE_SHIFT));
    uint64_t i;

    for ( i = 0; i < nr_pages; i++ )
        p2m[i] = i; /* machine frames are guest-physical frames here */
}

static void initial_context(struct vcpu_guest_context *ctxt,
                            const struct xc_elf_image *img,
                            const struct xc_pv_layout *l, uint64_t pt_pfn)
{
    uint64_t stack_top = l->stack_start + PAGE_SIZE;

    memset(ctxt, 0, sizeof(*ctxt));
    ctxt->flags = VGCF_in_kernel | VGCF_online;
    ctxt->user_regs.rip = img->entry;
    ctxt->user_regs.rsp = stack_top;
    ctxt->user_regs.rsi = l->start_info;
    ctxt->user_regs.cs = FLAT_KERNEL_CS64;
    ctxt->user_regs.ss = FLAT_KERNEL_SS64;
    ctxt->user_regs.rflags = 0x200;
    ctxt->kernel_ss = FLAT_KERNEL_SS64;
    ctxt->kernel_sp = stack_top;
    ctxt->ctrlreg[3] = xen_pfn_to_cr3(pt_pfn);
}

static int check_args(const struct xc_dom_args *a, char *err, size_t errlen)
{
    if ( a->cmdline && strlen(a->cmdline) >= MAX_GUEST_CMDLINE )
        return xg_fail(err, errlen, "command line longer than %d bytes",
                       MAX_GUEST_CMDLINE - 1);
    if ( a->nr_pages < 256 )
        return xg_fail(err, errlen, "at least 1 MiB of memory is needed");
    return 0;
}

/* As Xen's builder does: the guest finds its initial L4 pinned. */
static int pin_initial_table(xc_interface *xch, uint32_t domid, uint64_t l4)
{
    struct mmuext_op op = { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = l4 };

    return xc_mmuext_op(xch, &op, 1, domid);
}

int xc_dom_build_pv(xc_interface *xch, const struct xc_dom_args *a,
                    struct xc_dom_result *res, char *err, size_t errlen)
{
    struct vcpu_guest_context *ctxt = NULL;
    struct xc_elf_image img;
    struct xc_pv_layout l;
    struct build_ctx c = { .l = &l };
    xc_domaininfo_t info;
    int port, rc = -1;

    memset(res, 0, sizeof(*res));
    if ( check_args(a, err, errlen) ||
         xc_elf_parse(a->kernel, a->kernel_size, &img, err, errlen) ||
         xc_pv_layout(img.virt_base, img.kstart, img.kend, a->ramdisk_size,
                      a->nr_pages, &l, err, errlen) )
        return -1;
    if ( xc_domain_getinfo_single(xch, a->domid, &info) )
        return xg_fail(err, errlen, "domain %u: %s", a->domid, strerror(errno));

    c.mem = xc_map_foreign_domain(xch, a->domid, &c.mem_size);
    if ( !c.mem )
        return xg_fail(err, errlen, "cannot map the memory of domain %u: %s",
                       a->domid, strerror(errno));
    if ( c.mem_size < a->nr_pages << PAGE_SHIFT )
    {
        xg_fail(err, errlen, "domain %u has less memory than requested",
                a->domid);
        goto out;
    }
    if ( xc_elf_load(&img, c.mem, c.mem_size) )
    {
        xg_fail(err, errlen, "kernel does not fit in the domain's memory");
        goto out;
    }
    if ( a->ramdisk_size )
        memcpy(c.mem + (pfn_of(&c, l.ramdisk_start) << PAGE_SHIFT), a->ramdisk,
               a->ramdisk_size);
    fill_p2m(&c, a->nr_pages);
    build_page_tables(&c);

    res->console_mfn = pfn_of(&c, l.console);
    res->store_mfn = pfn_of(&c, l.xenstore);
    res->start_info_mfn = pfn_of(&c, l.start_info);
    port = xc_evtchn_alloc_unbound(xch, a->domid, a->console_domid);
    if ( port < 0 )
    {
        xg_fail(err, errlen, "console event channel: %s", strerror(errno));
        goto out;
    }
    res->console_evtchn = port;
    port = xc_evtchn_alloc_unbound(xch, a->domid, a->store_domid);
    if ( port < 0 )
    {
        xg_fail(err, errlen, "xenstore event channel: %s", strerror(errno));
        goto out;
    }
    res->store_evtchn = port;
    fill_start_info(&c, a, &info, res);

    if ( img.hypercall_page &&
         xc_domain_hypercall_init(xch, a->domid,
                                  pfn_of(&c, img.hypercall_page)) )
    {
        xg_fail(err, errlen, "hypercall page: %s", strerror(errno));
        goto out;
    }
    ctxt = malloc(sizeof(*ctxt));
    if ( !ctxt )
    {
        xg_fail(err, errlen, "out of memory");
        goto out;
    }
    initial_context(ctxt, &img, &l, pfn_of(&c, l.pt_start));
    if ( pin_initial_table(xch, a->domid, pfn_of(&c, l.pt_start)) )
    {
        xg_fail(err, errlen, "pinning the initial page table: %s",
                strerror(errno));
        goto out;
    }
    if ( xc_vcpu_setcontext(xch, a->domid, 0, ctxt) )
    {
        xg_fail(err, errlen, "setting vCPU 0's context: %s", strerror(errno));
        goto out;
    }
    rc = 0;
out:
    free(ctxt);
    munmap(c.mem, c.mem_size);
    return rc;
}
