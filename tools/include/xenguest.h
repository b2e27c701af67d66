/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenguest.h: libxenguest, the PV domain builder: unwraps a kernel image
 * (bzImage, compressed or plain ELF), validates the ELF and its Xen notes
 * as Xen's loader does, lays out and fills the guest's initial memory
 * (kernel, ramdisk, p2m, start_info, xenstore and console pages, boot
 * page tables, stack) and starts vCPU 0 as Xen's PV boot protocol says.
 * docs/design/domain-builder.md says what is accepted and why.
 */
#ifndef XENGUEST_H
#define XENGUEST_H

#include <stddef.h>
#include <stdint.h>

#include <public/features.h>
#include <xenctrl.h>

/* An address or value a kernel did not give (Xen's UNSET_ADDR). */
#define XC_UNSET_ADDR (~0ULL)

/* Where the Xen notes of an image were found, in Xen's order of search. */
enum xc_note_source {
    XC_NOTES_PT_NOTE = 1, /* PT_NOTE program headers */
    XC_NOTES_SHT_NOTE, /* SHT_NOTE sections (no PT_NOTE with Xen notes) */
    XC_NOTES_XEN_GUEST, /* the legacy "__xen_guest" section string */
};

/* What a PV kernel image says about itself. Addresses are virtual. */
struct xc_elf_image {
    uint64_t entry;
    uint64_t virt_base;
    uint64_t paddr_offset; /* segments go at p_paddr - this + virt_base */
    uint64_t kstart, kend; /* virtual range of the loaded image */
    uint64_t hypercall_page; /* XC_UNSET_ADDR if none */
    uint64_t p2m_base; /* INIT_P2M: where to map the p2m, or unset */
    uint64_t hv_start_low; /* HV_START_LOW (no effect on 64-bit) */
    uint64_t phys32_entry; /* PHYS32_ENTRY (PVH only: a PV build ignores it) */
    uint64_t l1_mfn_valid[2]; /* L1_MFN_VALID mask and value, if given */
    int unmapped_ramdisk; /* MOD_START_PFN: the ramdisk is not mapped */
    int suspend_cancel; /* SUSPEND_CANCEL */
    uint32_t f_supported; /* XENFEAT_* bits (submap 0) the kernel can use */
    uint32_t f_required; /* XENFEAT_* bits it cannot run without ('!') */
    enum xc_note_source note_source;
    unsigned int nr_xen_notes;
    uint32_t notes_seen; /* bit n: a XEN_ELFNOTE_n note (or its legacy key) */
    char guest_os[32];
    char guest_version[32];
    char xen_version[32];
    char loader[32];
    char pae_mode[32];
    const uint8_t *data;
    size_t size;
};

/* Validate image (any bytes) and fill *img; -1 with a reason in err. */
int xc_elf_parse(const uint8_t *image, size_t size, struct xc_elf_image *img,
                 char *err, size_t errlen);

/*
 * The XENFEAT_* bits a 64-bit PV domU of this hypervisor can be given: a
 * kernel whose FEATURES note requires ('!') any other is refused.
 */
#define XC_PV_OFFERED_FEATURES                                                 \
    ((1U << XENFEAT_writable_page_tables) | (1U << XENFEAT_pae_pgdir_above_4gb))

/* Refuse an image that requires a feature outside `offered`. */
int xc_elf_check_features(const struct xc_elf_image *img, uint32_t offered,
                          char *err, size_t errlen);

/* Name of XENFEAT_ bit n as FEATURES notes spell it, NULL if it has none. */
const char *xc_feature_name(unsigned int bit);

/* A kernel as handed in, unwrapped to the ELF image inside it. */
struct xc_kernel_blob {
    const uint8_t *data; /* the ELF bytes */
    size_t size;
    uint8_t *owned; /* data, when it was decompressed (free with below) */
    char format[32]; /* "ELF", "gzip", "bzImage (lz4)", ... */
};

/*
 * Unwrap a bzImage (x86 boot protocol >= 2.08: its payload), a raw image
 * compressed with gzip, bzip2, xz, lzma, lzo (lzop) or lz4 (legacy frame)
 * or zstd, or take the bytes as they are. Decompressed output larger than
 * max_size (the domain's memory) is refused. -1 with a reason in err.
 */
int xc_kernel_unpack(const uint8_t *blob, size_t size, size_t max_size,
                     struct xc_kernel_blob *k, char *err, size_t errlen);
void xc_kernel_blob_free(struct xc_kernel_blob *k);

/* The initial layout of a PV domain. Addresses are virtual. */
struct xc_pv_layout {
    uint64_t virt_base;
    uint64_t kernel_end;
    uint64_t ramdisk_start, ramdisk_len; /* ramdisk_start 0 when unmapped */
    uint64_t
        ramdisk_pfn; /* its first frame (start_info.mod_start if unmapped) */
    int ramdisk_unmapped; /* MOD_START_PFN: placed after the boot mapping */
    uint64_t p2m_start, p2m_pages; /* start_info.mfn_list */
    uint64_t p2m_pfn; /* first frame of the p2m list */
    uint64_t p2m_pt_frames; /* INIT_P2M: tables of its own mapping, else 0 */
    uint64_t start_info;
    uint64_t xenstore;
    uint64_t console;
    uint64_t pt_start, nr_pt_frames; /* tables of the boot mapping */
    uint64_t stack_start; /* one page; the stack top is its end */
    uint64_t virt_end; /* end of the boot mapping */
    uint64_t nr_pfns; /* frames the layout uses, from frame 0 */
};

/*
 * Lay out a domain of nr_pages for the parsed image and a ramdisk of
 * ramdisk_len bytes; -1 with a reason if it does not fit.
 */
int xc_pv_layout(const struct xc_elf_image *img, uint64_t ramdisk_len,
                 uint64_t nr_pages, struct xc_pv_layout *l, char *err,
                 size_t errlen);
/* Page-table frames (L4..L1) needed to map [start, end). */
uint64_t xc_pv_count_pt_frames(uint64_t start, uint64_t end);

/* Copy the loadable segments of a parsed image into guest memory. */
int xc_elf_load(const struct xc_elf_image *img, uint8_t *guest,
                size_t guest_size);

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
