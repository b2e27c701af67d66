/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * elf_builder.h: small PV kernel images for the builder's unit tests.
 * make_image() gives a valid one laid out as
 *   0      ELF header, 2 program headers (PT_LOAD, PT_NOTE)
 *   1024   Xen notes (PT_NOTE points here)
 *   4096   the loaded page (PT_LOAD, p_paddr 0, 2 pages in memory)
 *   8192   free: other notes or a "__xen_guest" string
 *   12288  free: a section header table (add_sections())
 * Tests edit it through EH()/PH() and the note helpers.
 */
#ifndef TESTS_UNIT_ELF_BUILDER_H
#define TESTS_UNIT_ELF_BUILDER_H

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>

#define BASE 0xffffffff80000000ULL
#define IMG_SIZE (4 * 4096)
#define NOTES_OFF 1024
#define LOAD_OFF 4096
#define FREE_OFF 8192
#define SHDR_OFF 12288

struct image {
    uint8_t *data;
    size_t size;
    size_t notes_len; /* bytes of notes at NOTES_OFF */
};

static inline size_t put_named_note(uint8_t *p, const char *name, uint32_t type,
                                    const void *desc, uint32_t len)
{
    Elf64_Nhdr nh = { .n_namesz = strlen(name) + 1,
                      .n_descsz = len,
                      .n_type = type };
    size_t off = sizeof(nh);

    memcpy(p, &nh, sizeof(nh));
    memcpy(p + off, name, nh.n_namesz);
    off += (nh.n_namesz + 3) & ~3U;
    memcpy(p + off, desc, len);
    off += (len + 3) & ~3U;
    return off;
}

static inline size_t put_note(uint8_t *p, uint32_t type, const void *desc,
                              uint32_t len)
{
    return put_named_note(p, "Xen", type, desc, len);
}

static inline size_t put_u64_note(uint8_t *p, uint32_t type, uint64_t v)
{
    return put_note(p, type, &v, 8);
}

static inline size_t put_str_note(uint8_t *p, uint32_t type, const char *s)
{
    return put_note(p, type, s, strlen(s) + 1);
}

/* The notes of make_image(), as the project's own kernels have them. */
static inline size_t put_standard_notes(uint8_t *p)
{
    size_t n = 0;

    n += put_str_note(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    n += put_str_note(p + n, XEN_ELFNOTE_GUEST_OS, "test");
    n += put_str_note(p + n, XEN_ELFNOTE_LOADER, "generic");
    n += put_u64_note(p + n, XEN_ELFNOTE_VIRT_BASE, BASE);
    n += put_u64_note(p + n, XEN_ELFNOTE_PADDR_OFFSET, 0);
    n += put_u64_note(p + n, XEN_ELFNOTE_ENTRY, BASE);
    n += put_u64_note(p + n, XEN_ELFNOTE_HYPERCALL_PAGE, BASE + 4096);
    return n;
}

static inline Elf64_Ehdr *EH(struct image *im)
{
    return (Elf64_Ehdr *)im->data;
}

static inline Elf64_Phdr *PH(struct image *im, unsigned int i)
{
    return (Elf64_Phdr *)(im->data + EH(im)->e_phoff) + i;
}

/* Point the PT_NOTE header at the n bytes of notes at NOTES_OFF. */
static inline void set_notes_len(struct image *im, size_t n)
{
    im->notes_len = n;
    PH(im, 1)->p_filesz = n;
    PH(im, 1)->p_memsz = n;
}

/* A minimal valid kernel: one PT_LOAD of 2 pages, one PT_NOTE. */
static inline struct image make_image(void)
{
    struct image im = { .size = IMG_SIZE };
    Elf64_Ehdr *eh;
    unsigned int i;

    im.data = calloc(1, im.size);
    eh = EH(&im);
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = BASE;
    eh->e_phoff = sizeof(*eh);
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;
    *PH(&im, 0) = (Elf64_Phdr){ .p_type = PT_LOAD,
                                .p_offset = LOAD_OFF,
                                .p_vaddr = BASE,
                                .p_paddr = 0,
                                .p_filesz = 4096,
                                .p_memsz = 8192,
                                .p_flags = PF_R | PF_W | PF_X,
                                .p_align = 4096 };
    *PH(&im, 1) =
        (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = NOTES_OFF, .p_align = 4 };
    set_notes_len(&im, put_standard_notes(im.data + NOTES_OFF));
    for ( i = 0; i < 4096; i++ )
        im.data[LOAD_OFF + i] = (uint8_t)(i * 7 + 1);
    return im;
}

struct section {
    const char *name;
    uint32_t type;
    uint64_t off, size;
};

/* A section header table at SHDR_OFF: null, the n given, .shstrtab. */
static inline void add_sections(struct image *im, const struct section *s,
                                unsigned int n)
{
    Elf64_Shdr *sh = (Elf64_Shdr *)(im->data + SHDR_OFF);
    uint64_t names = SHDR_OFF + (n + 2) * sizeof(*sh), pos = 1;
    unsigned int i;

    memset(sh, 0, (n + 2) * sizeof(*sh));
    for ( i = 0; i < n; i++ )
    {
        sh[i + 1] = (Elf64_Shdr){ .sh_name = pos,
                                  .sh_type = s[i].type,
                                  .sh_offset = s[i].off,
                                  .sh_size = s[i].size,
                                  .sh_addralign = 4 };
        strcpy((char *)im->data + names + pos, s[i].name);
        pos += strlen(s[i].name) + 1;
    }
    sh[n + 1] = (Elf64_Shdr){ .sh_name = pos,
                              .sh_type = SHT_STRTAB,
                              .sh_offset = names,
                              .sh_size = pos + sizeof(".shstrtab") };
    strcpy((char *)im->data + names + pos, ".shstrtab");
    EH(im)->e_shoff = SHDR_OFF;
    EH(im)->e_shentsize = sizeof(*sh);
    EH(im)->e_shnum = n + 2;
    EH(im)->e_shstrndx = n + 1;
}

static inline Elf64_Shdr *SH(struct image *im, unsigned int i)
{
    return (Elf64_Shdr *)(im->data + SHDR_OFF) + i;
}

#endif /* TESTS_UNIT_ELF_BUILDER_H */
