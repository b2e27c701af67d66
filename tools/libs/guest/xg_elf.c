/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_elf.c: validation of a PV kernel's ELF image as Xen's loader reads
 * it. The Xen notes come from PT_NOTE segments, else from SHT_NOTE
 * sections, else from the legacy "__xen_guest" section; a missing
 * VIRT_BASE, PADDR_OFFSET or ENTRY takes Xen's default; each loadable
 * segment goes at p_paddr - PADDR_OFFSET + VIRT_BASE. Every offset and
 * size read from the image is checked against its length before use, so
 * that any bytes at all can be handed in: a malformed image gets a clear
 * reason, never a crash.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <public/elfnote.h>
#include <xenguest.h>

#include "xg_private.h"

#define MAX_PHDRS 64
#define MAX_SHDRS 65535

static int check_header(const Elf64_Ehdr *eh, size_t size, char *err,
                        size_t errlen)
{
    if ( size < sizeof(*eh) )
        return xg_fail(err, errlen,
                       "image too small for an ELF header (%zu bytes)", size);
    if ( memcmp(eh->e_ident, ELFMAG, SELFMAG) )
        return xg_fail(err, errlen, "not an ELF image (bad magic)");
    if ( eh->e_ident[EI_CLASS] != ELFCLASS64 )
        return xg_fail(err, errlen, "not a 64-bit ELF image");
    if ( eh->e_ident[EI_DATA] != ELFDATA2LSB )
        return xg_fail(err, errlen, "not a little-endian ELF image");
    if ( eh->e_machine != EM_X86_64 )
        return xg_fail(err, errlen, "not an x86-64 ELF image (machine %u)",
                       eh->e_machine);
    if ( eh->e_type != ET_EXEC )
        return xg_fail(err, errlen, "not an executable ELF image (type %u)",
                       eh->e_type);
    if ( eh->e_phentsize != sizeof(Elf64_Phdr) )
        return xg_fail(err, errlen, "bad program header size %u",
                       eh->e_phentsize);
    if ( eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS )
        return xg_fail(err, errlen, "bad number of program headers (%u)",
                       eh->e_phnum);
    if ( !xg_in_bounds(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr),
                       size) )
        return xg_fail(err, errlen,
                       "program headers lie outside the image "
                       "(truncated image?)");
    return 0;
}

static Elf64_Ehdr ehdr_of(const struct xc_elf_image *img)
{
    Elf64_Ehdr eh;

    memcpy(&eh, img->data, sizeof(eh));
    return eh;
}

static Elf64_Phdr phdr(const struct xc_elf_image *img, unsigned int i)
{
    Elf64_Ehdr eh = ehdr_of(img);
    Elf64_Phdr ph;

    memcpy(&ph, img->data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
    return ph;
}

/* A segment Xen loads: PT_LOAD with some access and some memory. */
static int loadable(const Elf64_Phdr *ph)
{
    return ph->p_type == PT_LOAD && (ph->p_flags & (PF_R | PF_W | PF_X)) &&
           ph->p_memsz;
}

static int notes_from_segments(struct xc_elf_image *img, unsigned int *total,
                               unsigned int *found, char *err, size_t errlen)
{
    Elf64_Ehdr eh = ehdr_of(img);
    unsigned int i;

    for ( i = 0; i < eh.e_phnum; i++ )
    {
        Elf64_Phdr ph = phdr(img, i);

        /* As Xen: some linkers leave p_offset 0 in note segments. */
        if ( ph.p_type != PT_NOTE || !ph.p_offset )
            continue;
        if ( !xg_in_bounds(ph.p_offset, ph.p_filesz, img->size) )
            return xg_fail(err, errlen,
                           "note segment %u lies outside the image", i);
        if ( xg_parse_note_block(img, img->data + ph.p_offset, ph.p_filesz,
                                 total, found, err, errlen) )
            return -1;
    }
    return 0;
}

/* The section header table, if the image has a usable one. */
struct sections {
    uint64_t off;
    unsigned int count;
    unsigned int strndx; /* 0 if there are no names */
};

static int find_sections(const struct xc_elf_image *img, struct sections *s,
                         char *err, size_t errlen)
{
    Elf64_Ehdr eh = ehdr_of(img);

    memset(s, 0, sizeof(*s));
    if ( !eh.e_shoff || !eh.e_shnum )
        return 0;
    if ( eh.e_shentsize != sizeof(Elf64_Shdr) )
        return xg_fail(err, errlen, "bad section header size %u",
                       eh.e_shentsize);
    if ( !xg_in_bounds(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr),
                       img->size) )
        return xg_fail(err, errlen,
                       "section headers lie outside the image "
                       "(truncated image?)");
    s->off = eh.e_shoff;
    s->count = eh.e_shnum;
    s->strndx = eh.e_shstrndx < eh.e_shnum ? eh.e_shstrndx : 0;
    return 0;
}

static Elf64_Shdr shdr(const struct xc_elf_image *img, const struct sections *s,
                       unsigned int i)
{
    Elf64_Shdr sh;

    memcpy(&sh, img->data + s->off + i * sizeof(sh), sizeof(sh));
    return sh;
}

/* The file bytes of section i, checked; NOBITS sections have none. */
static int section_bytes(const struct xc_elf_image *img, unsigned int i,
                         const Elf64_Shdr *sh, char *err, size_t errlen)
{
    if ( sh->sh_type == SHT_NOBITS )
        return 0;
    if ( !xg_in_bounds(sh->sh_offset, sh->sh_size, img->size) )
        return xg_fail(err, errlen, "section %u lies outside the image", i);
    return 0;
}

static int notes_from_sections(struct xc_elf_image *img,
                               const struct sections *s, unsigned int *total,
                               unsigned int *found, char *err, size_t errlen)
{
    unsigned int i;

    for ( i = 1; i < s->count; i++ )
    {
        Elf64_Shdr sh = shdr(img, s, i);

        if ( sh.sh_type != SHT_NOTE )
            continue;
        if ( section_bytes(img, i, &sh, err, errlen) ||
             xg_parse_note_block(img, img->data + sh.sh_offset, sh.sh_size,
                                 total, found, err, errlen) )
            return -1;
    }
    return 0;
}

/* Section i is called `name` (its name checked inside the string table). */
static int section_named(const struct xc_elf_image *img,
                         const struct sections *s, const Elf64_Shdr *sh,
                         const char *name)
{
    Elf64_Shdr strtab = shdr(img, s, s->strndx);
    size_t n = strlen(name) + 1;

    return strtab.sh_type == SHT_STRTAB && sh->sh_name < strtab.sh_size &&
           strtab.sh_size - sh->sh_name >= n &&
           xg_in_bounds(strtab.sh_offset, strtab.sh_size, img->size) &&
           !memcmp(img->data + strtab.sh_offset + sh->sh_name, name, n);
}

static int notes_from_xen_guest(struct xc_elf_image *img,
                                const struct sections *s, unsigned int *found,
                                char *err, size_t errlen)
{
    unsigned int i;

    if ( !s->strndx )
        return 0;
    for ( i = 1; i < s->count; i++ )
    {
        Elf64_Shdr sh = shdr(img, s, i);

        if ( !section_named(img, s, &sh, "__xen_guest") )
            continue;
        if ( section_bytes(img, i, &sh, err, errlen) )
            return -1;
        if ( sh.sh_type == SHT_NOBITS )
            return 0;
        ++*found;
        return xg_parse_xen_guest(img, img->data + sh.sh_offset, sh.sh_size,
                                  err, errlen);
    }
    return 0;
}

/* Xen's order: PT_NOTE, then SHT_NOTE, then __xen_guest, first that has any. */
static int find_notes(struct xc_elf_image *img, char *err, size_t errlen)
{
    unsigned int total = 0, found = 0;
    struct sections s = { 0 };

    if ( notes_from_segments(img, &total, &found, err, errlen) )
        return -1;
    img->note_source = XC_NOTES_PT_NOTE;
    if ( !found )
    {
        if ( find_sections(img, &s, err, errlen) ||
             notes_from_sections(img, &s, &total, &found, err, errlen) )
            return -1;
        img->note_source = XC_NOTES_SHT_NOTE;
    }
    if ( !found )
    {
        if ( notes_from_xen_guest(img, &s, &found, err, errlen) )
            return -1;
        img->note_source = XC_NOTES_XEN_GUEST;
    }
    img->nr_xen_notes = found;
    if ( !found )
        return xg_fail(err, errlen,
                       "not a Xen PV kernel: no Xen ELF notes "
                       "(PT_NOTE or SHT_NOTE) and no __xen_guest section");
    return 0;
}

/* What the notes say must be for Xen's PV loader. */
static int check_notes(const struct xc_elf_image *img, char *err, size_t errlen)
{
    if ( strncmp(img->loader, "generic", 7) &&
         strncmp(img->guest_os, "linux", 5) )
        return xg_fail(err, errlen,
                       "only kernels for the generic loader or Linux load "
                       "(LOADER '%s', GUEST_OS '%s')",
                       img->loader, img->guest_os);
    if ( strncmp(img->xen_version, "xen-3.0", 7) )
        return xg_fail(err, errlen,
                       "unsupported XEN_VERSION note '%s' "
                       "(need xen-3.0)",
                       img->xen_version);
    if ( img->paddr_offset != XC_UNSET_ADDR && img->virt_base == XC_UNSET_ADDR )
        return xg_fail(err, errlen, "PADDR_OFFSET given without VIRT_BASE");
    return 0;
}

/* Xen's defaults for what the notes left out. */
static void apply_defaults(struct xc_elf_image *img)
{
    if ( img->virt_base == XC_UNSET_ADDR )
        img->virt_base = 0;
    /* Legacy kernels have p_paddr == p_vaddr: offset VIRT_BASE. */
    if ( img->paddr_offset == XC_UNSET_ADDR )
        img->paddr_offset =
            img->note_source == XC_NOTES_XEN_GUEST ? img->virt_base : 0;
    if ( img->entry == XC_UNSET_ADDR )
        img->entry = ehdr_of(img).e_entry;
}

/* Where segment ph goes: [*start, *end), virtual. */
static int place_segment(const struct xc_elf_image *img, unsigned int i,
                         const Elf64_Phdr *ph, uint64_t *start, uint64_t *end,
                         char *err, size_t errlen)
{
    uint64_t offset = img->virt_base - img->paddr_offset;

    if ( !xg_in_bounds(ph->p_offset, ph->p_filesz, img->size) )
        return xg_fail(err, errlen,
                       "segment %u lies outside the image "
                       "(truncated image?)",
                       i);
    if ( ph->p_filesz > ph->p_memsz )
        return xg_fail(err, errlen, "segment %u: file size exceeds memory size",
                       i);
    *start = ph->p_paddr + offset;
    *end = *start + ph->p_memsz;
    if ( ph->p_paddr + ph->p_memsz < ph->p_paddr || *end < *start )
        return xg_fail(err, errlen, "segment %u wraps the address space", i);
    return 0;
}

/* The loaded range; loadable segments may not overlap one another. */
static int check_segments(struct xc_elf_image *img, char *err, size_t errlen)
{
    uint64_t starts[MAX_PHDRS], ends[MAX_PHDRS];
    unsigned int i, j, n = 0, phnum = ehdr_of(img).e_phnum;

    img->kstart = UINT64_MAX;
    img->kend = 0;
    for ( i = 0; i < phnum; i++ )
    {
        Elf64_Phdr ph = phdr(img, i);

        if ( !loadable(&ph) )
            continue;
        if ( place_segment(img, i, &ph, &starts[n], &ends[n], err, errlen) )
            return -1;
        for ( j = 0; j < n; j++ )
            if ( starts[n] < ends[j] && starts[j] < ends[n] )
                return xg_fail(err, errlen,
                               "loadable segments overlap (segment %u at "
                               "%#llx)",
                               i, (unsigned long long)starts[n]);
        if ( starts[n] < img->kstart )
            img->kstart = starts[n];
        if ( ends[n] > img->kend )
            img->kend = ends[n];
        n++;
    }
    if ( !n )
        return xg_fail(err, errlen, "no loadable segments");
    return 0;
}

static int check_addresses(const struct xc_elf_image *img, char *err,
                           size_t errlen)
{
    if ( img->kstart < img->virt_base )
        return xg_fail(err, errlen,
                       "image starts below its VIRT_BASE (%#llx < %#llx)",
                       (unsigned long long)img->kstart,
                       (unsigned long long)img->virt_base);
    if ( img->virt_base & (XG_PAGE_SIZE - 1) )
        return xg_fail(err, errlen, "VIRT_BASE %#llx is not page aligned",
                       (unsigned long long)img->virt_base);
    if ( img->kend - img->virt_base > (1ULL << 40) )
        return xg_fail(err, errlen, "image spans more than 1 TiB");
    if ( xg_check_guest_range("the kernel image", img->virt_base, img->kend,
                              err, errlen) )
        return -1;
    if ( img->entry < img->kstart || img->entry > img->kend )
        return xg_fail(err, errlen, "entry point %#llx outside the image",
                       (unsigned long long)img->entry);
    if ( img->hypercall_page != XC_UNSET_ADDR &&
         (img->hypercall_page & 0xfff || img->hypercall_page < img->kstart ||
          img->hypercall_page >= img->kend) )
        return xg_fail(err, errlen, "bad hypercall page address %#llx",
                       (unsigned long long)img->hypercall_page);
    if ( img->p2m_base != XC_UNSET_ADDR && img->p2m_base >= img->kstart &&
         img->p2m_base < img->kend )
        return xg_fail(err, errlen,
                       "INIT_P2M address %#llx lies inside the image",
                       (unsigned long long)img->p2m_base);
    return 0;
}

static void init_image(struct xc_elf_image *img, const uint8_t *image,
                       size_t size)
{
    memset(img, 0, sizeof(*img));
    img->data = image;
    img->size = size;
    img->entry = XC_UNSET_ADDR;
    img->virt_base = XC_UNSET_ADDR;
    img->paddr_offset = XC_UNSET_ADDR;
    img->hypercall_page = XC_UNSET_ADDR;
    img->p2m_base = XC_UNSET_ADDR;
    img->hv_start_low = XC_UNSET_ADDR;
    img->phys32_entry = XC_UNSET_ADDR;
}

int xc_elf_parse(const uint8_t *image, size_t size, struct xc_elf_image *img,
                 char *err, size_t errlen)
{
    init_image(img, image, size);
    if ( !image )
        return xg_fail(err, errlen, "no image");
    if ( check_header((const Elf64_Ehdr *)image, size, err, errlen) ||
         find_notes(img, err, errlen) || check_notes(img, err, errlen) )
        return -1;
    apply_defaults(img);
    if ( check_segments(img, err, errlen) || check_addresses(img, err, errlen) )
        return -1;
    return 0;
}

/* Copy the loadable segments into guest memory at their frames. */
int xc_elf_load(const struct xc_elf_image *img, uint8_t *guest,
                size_t guest_size)
{
    unsigned int i, phnum = ehdr_of(img).e_phnum;

    for ( i = 0; i < phnum; i++ )
    {
        Elf64_Phdr ph = phdr(img, i);
        uint64_t dst;

        if ( !loadable(&ph) )
            continue;
        dst = ph.p_paddr - img->paddr_offset; /* virtual - VIRT_BASE */
        if ( dst > guest_size || ph.p_memsz > guest_size - dst )
            return -1;
        memcpy(guest + dst, img->data + ph.p_offset, ph.p_filesz);
        memset(guest + dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
    }
    return 0;
}
