/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_elf_loader: the PV kernel ELF validator accepts a well-formed
 * image with Xen notes, and rejects malformed ones with a reason: bad
 * headers, segments and notes out of bounds, missing notes, and the
 * image truncated at every length. Runs under ASan, so an out-of-bounds
 * read is a failure too.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>
#include <xenguest.h>

#include "cunit_main.h"

#define BASE 0xffffffff80000000ULL

struct image {
    uint8_t *data;
    size_t size;
};

static size_t put_note(uint8_t *p, uint32_t type, const void *desc,
                       uint32_t len)
{
    Elf64_Nhdr nh = { .n_namesz = 4, .n_descsz = len, .n_type = type };
    size_t off = 0;

    memcpy(p, &nh, sizeof(nh));
    off += sizeof(nh);
    memcpy(p + off, "Xen", 4);
    off += 4;
    memcpy(p + off, desc, len);
    off += (len + 3) & ~3U;
    return off;
}

/* A minimal valid kernel: one PT_LOAD of 2 pages, one PT_NOTE. */
static struct image make_image(void)
{
    struct image im = { .size = 3 * 4096 };
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
    uint64_t v;
    size_t n = 0;
    uint8_t *notes;

    im.data = calloc(1, im.size);
    eh = (Elf64_Ehdr *)im.data;
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
    ph = (Elf64_Phdr *)(im.data + eh->e_phoff);
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD,
                          .p_offset = 4096,
                          .p_vaddr = BASE,
                          .p_paddr = BASE,
                          .p_filesz = 4096,
                          .p_memsz = 8192,
                          .p_flags = PF_R | PF_W | PF_X,
                          .p_align = 4096 };
    notes = im.data + 1024;
    n += put_note(notes + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
    n += put_note(notes + n, XEN_ELFNOTE_GUEST_OS, "test", 5);
    v = BASE;
    n += put_note(notes + n, XEN_ELFNOTE_VIRT_BASE, &v, 8);
    n += put_note(notes + n, XEN_ELFNOTE_ENTRY, &v, 8);
    v = BASE + 4096;
    n += put_note(notes + n, XEN_ELFNOTE_HYPERCALL_PAGE, &v, 8);
    ph[1] = (Elf64_Phdr){
        .p_type = PT_NOTE, .p_offset = 1024, .p_filesz = n, .p_align = 4
    };
    return im;
}

static Elf64_Ehdr *EH(struct image *im)
{
    return (Elf64_Ehdr *)im->data;
}

static Elf64_Phdr *PH(struct image *im, unsigned int i)
{
    return (Elf64_Phdr *)(im->data + EH(im)->e_phoff) + i;
}

/* Parse; expect failure whose reason contains `reason` (NULL = success). */
static void expect(struct image *im, const char *reason)
{
    struct xc_elf_image img;
    char err[256] = "";
    int rc = xc_elf_parse(im->data, im->size, &img, err, sizeof(err));

    if ( !reason )
    {
        CU_ASSERT_EQUAL(rc, 0);
        if ( rc )
            fprintf(stderr, "unexpected error: %s\n", err);
        return;
    }
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, reason));
    if ( !strstr(err, reason) )
        fprintf(stderr, "wanted '%s', got '%s'\n", reason, err);
}

static void test_valid(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[128];

    CU_ASSERT_EQUAL(xc_elf_parse(im.data, im.size, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.entry, BASE);
    CU_ASSERT_EQUAL(img.virt_base, BASE);
    CU_ASSERT_EQUAL(img.kstart, BASE);
    CU_ASSERT_EQUAL(img.kend, BASE + 8192);
    CU_ASSERT_EQUAL(img.hypercall_page, BASE + 4096);
    CU_ASSERT_STRING_EQUAL(img.guest_os, "test");
    free(im.data);
}

static void test_bad_headers(void)
{
    struct image im = make_image();

    EH(&im)->e_ident[0] = 0;
    expect(&im, "bad magic");
    EH(&im)->e_ident[0] = ELFMAG0;
    EH(&im)->e_ident[EI_CLASS] = ELFCLASS32;
    expect(&im, "64-bit");
    EH(&im)->e_ident[EI_CLASS] = ELFCLASS64;
    EH(&im)->e_ident[EI_DATA] = ELFDATA2MSB;
    expect(&im, "little-endian");
    EH(&im)->e_ident[EI_DATA] = ELFDATA2LSB;
    EH(&im)->e_machine = EM_386;
    expect(&im, "x86-64");
    EH(&im)->e_machine = EM_X86_64;
    EH(&im)->e_type = ET_DYN;
    expect(&im, "executable");
    EH(&im)->e_type = ET_EXEC;
    EH(&im)->e_phentsize = 10;
    expect(&im, "program header size");
    EH(&im)->e_phentsize = sizeof(Elf64_Phdr);
    EH(&im)->e_phnum = 0;
    expect(&im, "number of program headers");
    EH(&im)->e_phnum = 60000;
    expect(&im, "number of program headers");
    EH(&im)->e_phnum = 2;
    EH(&im)->e_phoff = ~0ULL - 10;
    expect(&im, "outside the image");
    EH(&im)->e_phoff = im.size - 10;
    expect(&im, "outside the image");
    free(im.data);
}

static void test_bad_segments(void)
{
    struct image im = make_image();

    PH(&im, 0)->p_offset = im.size;
    expect(&im, "outside the image");
    PH(&im, 0)->p_offset = ~0ULL;
    expect(&im, "outside the image");
    PH(&im, 0)->p_offset = 4096;
    PH(&im, 0)->p_filesz = 1ULL << 40;
    expect(&im, "outside the image");
    PH(&im, 0)->p_filesz = 8192;
    PH(&im, 0)->p_memsz = 4096;
    expect(&im, "file size exceeds memory size");
    PH(&im, 0)->p_filesz = 4096;
    PH(&im, 0)->p_memsz = ~0ULL;
    expect(&im, "wraps");
    PH(&im, 0)->p_memsz = 8192;
    PH(&im, 0)->p_type = PT_NULL;
    expect(&im, "no loadable segments");
    PH(&im, 0)->p_type = PT_LOAD;
    EH(&im)->e_entry = 0;
    expect(&im, NULL); /* the ENTRY note overrides e_entry */
    free(im.data);
}

static void test_bad_notes(void)
{
    struct image im = make_image();
    Elf64_Nhdr *nh = (Elf64_Nhdr *)(im.data + 1024);

    PH(&im, 1)->p_filesz = 5;
    expect(&im, "truncated ELF note");
    PH(&im, 1)->p_filesz = 200;
    nh->n_descsz = 0xfffffff0;
    expect(&im, "runs past");
    nh->n_descsz = 8;
    nh->n_namesz = 0xffffffff;
    expect(&im, "runs past");
    nh->n_namesz = 4;
    PH(&im, 1)->p_offset = im.size - 4;
    expect(&im, "outside the image");
    PH(&im, 1)->p_type = PT_NULL;
    expect(&im, "no Xen ELF notes");
    free(im.data);
}

static void test_bad_values(void)
{
    struct image im = make_image();
    Elf64_Nhdr *nh = (Elf64_Nhdr *)(im.data + 1024);

    /* XEN_VERSION note says something else. */
    memcpy((uint8_t *)(nh + 1) + 4, "xen-2.0", 8);
    expect(&im, "unsupported XEN_VERSION");
    free(im.data);

    im = make_image();
    PH(&im, 0)->p_vaddr = BASE - 4096 * 16; /* below VIRT_BASE */
    expect(&im, "below its VIRT_BASE");
    free(im.data);
}

/*
 * Every truncation of a valid image that cuts into its headers or its
 * loadable data is rejected cleanly; cutting only the unused tail is fine.
 */
static void test_truncations(void)
{
    struct image im = make_image();
    size_t full = im.size, len;

    for ( len = 0; len < full; len++ )
    {
        struct xc_elf_image img;
        char err[128];
        uint8_t *copy = malloc(len ? len : 1);

        memcpy(copy, im.data, len);
        CU_ASSERT_EQUAL(xc_elf_parse(copy, len, &img, err, sizeof(err)),
                        len < 8192 ? -1 : 0);
        free(copy);
    }
    free(im.data);
}

/* Random corruption never crashes the parser. */
static void test_random_corruption(void)
{
    unsigned int i, seed = 12345;

    for ( i = 0; i < 20000; i++ )
    {
        struct image im = make_image();
        struct xc_elf_image img;
        char err[128];
        unsigned int k, flips = 1 + rand_r(&seed) % 8;

        for ( k = 0; k < flips; k++ )
            im.data[rand_r(&seed) % 2048] ^= 1u << (rand_r(&seed) % 8);
        (void)xc_elf_parse(im.data, im.size, &img, err, sizeof(err));
        free(im.data);
    }
    CU_PASS("no crash");
}

static void test_null(void)
{
    struct xc_elf_image img;
    char err[64];

    CU_ASSERT_EQUAL(xc_elf_parse(NULL, 100, &img, err, sizeof(err)), -1);
}

static const struct unit_case cases[] = {
    { "valid image", test_valid },
    { "bad ELF headers", test_bad_headers },
    { "bad segments", test_bad_segments },
    { "bad notes", test_bad_notes },
    { "bad note values", test_bad_values },
    { "every truncation", test_truncations },
    { "random corruption", test_random_corruption },
    { "null image", test_null },
};
UNIT_MAIN("elf_loader", cases)
