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

#define PAGE_SHIFT XG_PAGE_SHIFT
#define PAGE_SIZE XG_PAGE_SIZE
#define PTE_PRESENT 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_USER 0x4ULL /* the kernel runs in ring 3 */
#define PTE_FLAGS (PTE_PRESENT | PTE_RW | PTE_USER)
#define PTE_ADDR 0x000ffffffffff000ULL

struct build_ctx {
    uint8_t *mem;
    size_t mem_size;
    const struct xc_pv_layout *l;
    uint64_t l4_pfn;
    uint64_t next_pt_pfn; /* next free page-table frame */
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
    if ( !(*e & PTE_PRESENT) )
        *e = (c->next_pt_pfn++ << PAGE_SHIFT) | PTE_FLAGS;
    return (*e & PTE_ADDR) >> PAGE_SHIFT;
}

/* As Xen's builder: the boot tables are mapped read-only. */
static uint64_t leaf_flags(const struct build_ctx *c, uint64_t pfn)
{
    uint64_t pt = pfn_of(c, c->l->pt_start);

    return pfn >= pt && pfn < pt + c->l->nr_pt_frames ? PTE_FLAGS & ~PTE_RW
                                                      : PTE_FLAGS;
}

/* Map [va, end) to the frames from pfn on, with tables from next_pt_pfn. */
static void map_range(struct build_ctx *c, uint64_t va, uint64_t end,
                      uint64_t pfn)
{
    for ( ; va < end; va += PAGE_SIZE, pfn++ )
    {
        uint64_t l3 = next_table(c, &table_at(c, c->l4_pfn)[(va >> 39) & 511]);
        uint64_t l2 = next_table(c, &table_at(c, l3)[(va >> 30) & 511]);
        uint64_t l1 = next_table(c, &table_at(c, l2)[(va >> 21) & 511]);

        table_at(c, l1)[(va >> 12) & 511] =
            (pfn << PAGE_SHIFT) | leaf_flags(c, pfn);
    }
}

static void build_page_tables(struct build_ctx *c)
{
    const struct xc_pv_layout *l = c->l;

    c->l4_pfn = pfn_of(c, l->pt_start);
    c->next_pt_pfn = c->l4_pfn + 1;
    map_range(c, l->virt_base, l->virt_end, 0);
    if ( l->p2m_start < l->virt_base )
    {
        /* INIT_P2M: its own tables follow the list's frames. */
        c->next_pt_pfn = l->p2m_pfn + l->p2m_pages;
        map_range(c, l->p2m_start, l->p2m_start + l->p2m_pages * PAGE_SIZE,
                  l->p2m_pfn);
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
    if ( l->p2m_start < l->virt_base ) /* INIT_P2M */
    {
        si->first_p2m_pfn = l->p2m_pfn;
        si->nr_p2m_frames = l->p2m_pages + l->p2m_pt_frames;
    }
    if ( l->ramdisk_unmapped ) /* MOD_START_PFN */
    {
        si->flags |= SIF_MOD_START_PFN;
        si->mod_start = l->ramdisk_pfn;
    }
    else
        si->mod_start = l->ramdisk_len ? l->ramdisk_start : 0;
    si->mod_len = l->ramdisk_len;
    if ( a->cmdline )
        snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", a->cmdline);
}

static void fill_p2m(struct build_ctx *c, uint64_t nr_pages)
{
    uint64_t *p2m = table_at(c, c->l->p2m_pfn);
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

/* The kernel as the domain will run it: unwrapped, parsed, laid out. */
static int prepare_kernel(const struct xc_dom_args *a, struct xc_kernel_blob *k,
                          struct xc_elf_image *img, struct xc_pv_layout *l,
                          char *err, size_t errlen)
{
    char why[200];

    if ( xc_kernel_unpack(a->kernel, a->kernel_size, a->nr_pages << PAGE_SHIFT,
                          k, err, errlen) )
        return -1;
    if ( xc_elf_parse(k->data, k->size, img, why, sizeof(why)) ||
         xc_elf_check_features(img, XC_PV_OFFERED_FEATURES, why, sizeof(why)) ||
         xc_pv_layout(img, a->ramdisk_size, a->nr_pages, l, why, sizeof(why)) )
    {
        if ( strcmp(k->format, "ELF") )
            return xg_fail(err, errlen, "%s kernel: %s", k->format, why);
        return xg_fail(err, errlen, "%s", why);
    }
    return 0;
}

static int load_images(struct build_ctx *c, const struct xc_dom_args *a,
                       const struct xc_elf_image *img, char *err, size_t errlen)
{
    const struct xc_pv_layout *l = c->l;

    if ( c->mem_size < a->nr_pages << PAGE_SHIFT )
        return xg_fail(err, errlen, "domain %u has less memory than requested",
                       a->domid);
    if ( xc_elf_load(img, c->mem, c->mem_size) )
        return xg_fail(err, errlen,
                       "kernel does not fit in the domain's memory");
    if ( a->ramdisk_size )
        memcpy(c->mem + (l->ramdisk_pfn << PAGE_SHIFT), a->ramdisk,
               a->ramdisk_size);
    fill_p2m(c, a->nr_pages);
    build_page_tables(c);
    return 0;
}

static int alloc_channels(xc_interface *xch, const struct xc_dom_args *a,
                          struct xc_dom_result *res, char *err, size_t errlen)
{
    int port = xc_evtchn_alloc_unbound(xch, a->domid, a->console_domid);

    if ( port < 0 )
        return xg_fail(err, errlen, "console event channel: %s",
                       strerror(errno));
    res->console_evtchn = port;
    port = xc_evtchn_alloc_unbound(xch, a->domid, a->store_domid);
    if ( port < 0 )
        return xg_fail(err, errlen, "xenstore event channel: %s",
                       strerror(errno));
    res->store_evtchn = port;
    return 0;
}

/* Hypercall page, pinned tables, vCPU 0: the domain is ready to run. */
static int start_vcpu0(xc_interface *xch, struct build_ctx *c,
                       const struct xc_dom_args *a,
                       const struct xc_elf_image *img, char *err, size_t errlen)
{
    struct vcpu_guest_context *ctxt;
    uint64_t l4 = pfn_of(c, c->l->pt_start);
    int rc = -1;

    /* Without the note (Linux since XSA-466) the kernel uses syscall. */
    if ( img->hypercall_page != XC_UNSET_ADDR &&
         xc_domain_hypercall_init(xch, a->domid,
                                  pfn_of(c, img->hypercall_page)) )
        return xg_fail(err, errlen, "hypercall page: %s", strerror(errno));
    ctxt = malloc(sizeof(*ctxt));
    if ( !ctxt )
        return xg_fail(err, errlen, "out of memory");
    initial_context(ctxt, img, c->l, l4);
    if ( pin_initial_table(xch, a->domid, l4) )
        xg_fail(err, errlen, "pinning the initial page table: %s",
                strerror(errno));
    else if ( xc_vcpu_setcontext(xch, a->domid, 0, ctxt) )
        xg_fail(err, errlen, "setting vCPU 0's context: %s", strerror(errno));
    else
        rc = 0;
    free(ctxt);
    return rc;
}

int xc_dom_build_pv(xc_interface *xch, const struct xc_dom_args *a,
                    struct xc_dom_result *res, char *err, size_t errlen)
{
    struct xc_kernel_blob k;
    struct xc_elf_image img;
    struct xc_pv_layout l;
    struct build_ctx c = { .l = &l };
    xc_domaininfo_t info;
    int rc = -1;

    memset(res, 0, sizeof(*res));
    if ( check_args(a, err, errlen) )
        return -1;
    if ( prepare_kernel(a, &k, &img, &l, err, errlen) )
        goto out_kernel;
    if ( xc_domain_getinfo_single(xch, a->domid, &info) )
    {
        xg_fail(err, errlen, "domain %u: %s", a->domid, strerror(errno));
        goto out_kernel;
    }
    c.mem = xc_map_foreign_domain(xch, a->domid, &c.mem_size);
    if ( !c.mem )
    {
        xg_fail(err, errlen, "cannot map the memory of domain %u: %s", a->domid,
                strerror(errno));
        goto out_kernel;
    }
    if ( load_images(&c, a, &img, err, errlen) ||
         alloc_channels(xch, a, res, err, errlen) )
        goto out;
    res->console_mfn = pfn_of(&c, l.console);
    res->store_mfn = pfn_of(&c, l.xenstore);
    res->start_info_mfn = pfn_of(&c, l.start_info);
    fill_start_info(&c, a, &info, res);
    rc = start_vcpu0(xch, &c, a, &img, err, errlen);
out:
    munmap(c.mem, c.mem_size);
out_kernel:
    xc_kernel_blob_free(&k);
    return rc;
}
