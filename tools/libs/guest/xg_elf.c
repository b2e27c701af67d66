/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_elf.c: validation of a PV kernel's ELF image and its Xen notes.
 * Every offset and size read from the image is checked against the
 * image's length before use, so that any bytes at all can be handed in:
 * a malformed image gets a clear reason, never a crash.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <public/elfnote.h>
#include <xenguest.h>

#include "xg_private.h"

#define MAX_PHDRS 64

/* [off, off+len) lies inside an image of `size` bytes. */
static int in_bounds(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

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
    if ( !in_bounds(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr),
                    size) )
        return xg_fail(err, errlen,
                       "program headers lie outside the image "
                       "(truncated image?)");
    return 0;
}

static void copy_string(char *dst, size_t dstlen, const uint8_t *src,
                        uint32_t len)
{
    size_t n = len < dstlen - 1 ? len : dstlen - 1;

    memcpy(dst, src, n);
    dst[n] = '\0';
    dst[strnlen(dst, n)] = '\0';
}

static uint64_t note_value(const uint8_t *desc, uint32_t len)
{
    uint64_t v = 0;

    memcpy(&v, desc, len < 8 ? len : 8);
    return v;
}

static void apply_note(struct xc_elf_image *img, uint32_t type,
                       const uint8_t *desc, uint32_t len, int *seen)
{
    switch ( type )
    {
    case XEN_ELFNOTE_ENTRY:
        img->entry = note_value(desc, len);
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        img->hypercall_page = note_value(desc, len);
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        img->virt_base = note_value(desc, len);
        break;
    case XEN_ELFNOTE_GUEST_OS:
        copy_string(img->guest_os, sizeof(img->guest_os), desc, len);
        break;
    case XEN_ELFNOTE_XEN_VERSION:
        copy_string(img->xen_version, sizeof(img->xen_version), desc, len);
        break;
    case XEN_ELFNOTE_LOADER:
        copy_string(img->loader, sizeof(img->loader), desc, len);
        break;
    default:
        break;
    }
    *seen = 1;
}

#define ALIGN4(x) (((uint64_t)(x) + 3) & ~3ULL)

static int parse_notes(struct xc_elf_image *img, uint64_t off, uint64_t len,
                       int *seen, char *err, size_t errlen)
{
    const uint8_t *p = img->data + off;
    uint64_t pos = 0;

    while ( pos < len )
    {
        Elf64_Nhdr nh;
        uint64_t name_off, desc_off, next;

        if ( len - pos < sizeof(nh) )
            return xg_fail(err, errlen, "truncated ELF note header");
        memcpy(&nh, p + pos, sizeof(nh));
        name_off = pos + sizeof(nh);
        desc_off = name_off + ALIGN4(nh.n_namesz);
        next = desc_off + ALIGN4(nh.n_descsz);
        if ( desc_off > len || next > len || next <= pos )
            return xg_fail(err, errlen, "ELF note runs past its segment");
        if ( nh.n_namesz == 4 && !memcmp(p + name_off, "Xen", 4) )
            apply_note(img, nh.n_type, p + desc_off, nh.n_descsz, seen);
        pos = next;
    }
    return 0;
}

static int check_segments(struct xc_elf_image *img, const Elf64_Ehdr *eh,
                          int *seen, char *err, size_t errlen)
{
    unsigned int i, loads = 0;

    img->kstart = UINT64_MAX;
    img->kend = 0;
    for ( i = 0; i < eh->e_phnum; i++ )
    {
        Elf64_Phdr ph;

        memcpy(&ph, img->data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if ( ph.p_type == PT_NOTE )
        {
            if ( !in_bounds(ph.p_offset, ph.p_filesz, img->size) )
                return xg_fail(err, errlen,
                               "note segment %u lies outside the "
                               "image",
                               i);
            if ( parse_notes(img, ph.p_offset, ph.p_filesz, seen, err, errlen) )
                return -1;
            continue;
        }
        if ( ph.p_type != PT_LOAD || !ph.p_memsz )
            continue;
        if ( !in_bounds(ph.p_offset, ph.p_filesz, img->size) )
            return xg_fail(err, errlen,
                           "segment %u lies outside the image "
                           "(truncated image?)",
                           i);
        if ( ph.p_filesz > ph.p_memsz )
            return xg_fail(err, errlen,
                           "segment %u: file size exceeds memory "
                           "size",
                           i);
        if ( ph.p_vaddr + ph.p_memsz < ph.p_vaddr )
            return xg_fail(err, errlen, "segment %u wraps the address space",
                           i);
        if ( ph.p_vaddr < img->kstart )
            img->kstart = ph.p_vaddr;
        if ( ph.p_vaddr + ph.p_memsz > img->kend )
            img->kend = ph.p_vaddr + ph.p_memsz;
        loads++;
    }
    if ( !loads )
        return xg_fail(err, errlen, "no loadable segments");
    return 0;
}

int xc_elf_parse(const uint8_t *image, size_t size, struct xc_elf_image *img,
                 char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    int seen_notes = 0;

    memset(img, 0, sizeof(*img));
    if ( !image )
        return xg_fail(err, errlen, "no image");
    if ( check_header((const Elf64_Ehdr *)image, size, err, errlen) )
        return -1;
    memcpy(&eh, image, sizeof(eh));
    img->data = image;
    img->size = size;
    img->entry = eh.e_entry;
    if ( check_segments(img, &eh, &seen_notes, err, errlen) )
        return -1;
    if ( !seen_notes )
        return xg_fail(err, errlen, "not a Xen PV kernel: no Xen ELF notes");
    if ( strncmp(img->xen_version, "xen-3.0", 7) )
        return xg_fail(err, errlen,
                       "unsupported XEN_VERSION note '%s' "
                       "(need xen-3.0)",
                       img->xen_version);
    if ( img->kstart < img->virt_base )
        return xg_fail(err, errlen, "image starts below its VIRT_BASE");
    if ( img->kend - img->virt_base > (1ULL << 40) )
        return xg_fail(err, errlen, "image spans more than 1 TiB");
    if ( img->entry < img->kstart || img->entry >= img->kend )
        return xg_fail(err, errlen, "entry point %#lx outside the image",
                       (unsigned long)img->entry);
    if ( img->hypercall_page &&
         (img->hypercall_page & 0xfff || img->hypercall_page < img->kstart ||
          img->hypercall_page >= img->kend) )
        return xg_fail(err, errlen, "bad hypercall page address %#lx",
                       (unsigned long)img->hypercall_page);
    return 0;
}

/* Copy the PT_LOAD segments into guest memory at their pfns. */
int xc_elf_load(const struct xc_elf_image *img, uint8_t *guest,
                size_t guest_size)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;
    unsigned int i;

    for ( i = 0; i < eh->e_phnum; i++ )
    {
        Elf64_Phdr ph;
        uint64_t dst;

        memcpy(&ph, img->data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if ( ph.p_type != PT_LOAD || !ph.p_memsz )
            continue;
        dst = ph.p_vaddr - img->virt_base;
        if ( dst > guest_size || ph.p_memsz > guest_size - dst )
            return -1;
        memcpy(guest + dst, img->data + ph.p_offset, ph.p_filesz);
        memset(guest + dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
    }
    return 0;
}
