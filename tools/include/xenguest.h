/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenguest.h: libxenguest, the PV domain builder: validates a kernel
 * ELF and its Xen notes, lays out and fills the guest's initial memory
 * (kernel, ramdisk, p2m, start_info, xenstore and console pages, boot
 * page tables, stack) and starts vCPU 0 as Xen's PV boot protocol says.
 */
#ifndef XENGUEST_H
#define XENGUEST_H

#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>

/* What a PV kernel image says about itself. */
struct xc_elf_image {
    uint64_t entry; /* virtual entry point */
    uint64_t virt_base;
    uint64_t kstart, kend; /* virtual range of the loaded image */
    uint64_t hypercall_page; /* virtual address, 0 if none */
    char guest_os[32];
    char xen_version[32];
    char loader[32];
    const uint8_t *data;
    size_t size;
};

/* Validate image (any bytes) and fill *img; -1 with a reason in err. */
int xc_elf_parse(const uint8_t *image, size_t size, struct xc_elf_image *img,
                 char *err, size_t errlen);

/* The initial virtual layout of a PV domain (all addresses virtual). */
struct xc_pv_layout {
    uint64_t virt_base;
    uint64_t kernel_end;
    uint64_t ramdisk_start, ramdisk_len;
    uint64_t p2m_start, p2m_pages;
    uint64_t start_info;
    uint64_t xenstore;
    uint64_t console;
    uint64_t pt_start, nr_pt_frames;
    uint64_t stack_start; /* one page; the stack top is its end */
    uint64_t virt_end; /* end of the mapped region */
};

/* Lay out a domain of nr_pages; -1 with a reason if it does not fit. */
int xc_pv_layout(uint64_t virt_base, uint64_t kstart, uint64_t kend,
                 uint64_t ramdisk_len, uint64_t nr_pages,
                 struct xc_pv_layout *l, char *err, size_t errlen);
/* Page-table frames (L4..L1) needed to map [start, end). */
uint64_t xc_pv_count_pt_frames(uint64_t start, uint64_t end);

struct xc_dom_args {
    uint32_t domid;
    uint64_t nr_pages;
    const uint8_t *kernel;
    size_t kernel_size;
    const uint8_t *ramdisk;
    size_t ramdisk_size;
    const char *cmdline;
    uint32_t console_domid; /* backend domains (0) */
    uint32_t store_domid;
};

struct xc_dom_result {
    uint64_t console_mfn;
    uint32_t console_evtchn;
    uint64_t store_mfn;
    uint32_t store_evtchn;
    uint64_t start_info_mfn;
};

/* Build the domain (created, not yet unpaused). -1 with a reason in err. */
int xc_dom_build_pv(xc_interface *xch, const struct xc_dom_args *args,
                    struct xc_dom_result *res, char *err, size_t errlen);

#endif /* XENGUEST_H */
