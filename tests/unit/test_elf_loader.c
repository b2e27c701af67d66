/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_elf_loader: the PV kernel ELF validator accepts a well-formed
 * image with Xen notes, and rejects malformed ones with a reason: bad
 * headers, segments and notes out of bounds, overlapping segments,
 * missing notes, and the image truncated at every length. Segments are
 * placed as Xen places them (p_paddr - PADDR_OFFSET + VIRT_BASE) and
 * loaded there. Runs under ASan, so an out-of-bounds read is a failure
 * too. test_elf_notes covers where notes come from and what they mean.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>
#include <xenguest.h>

#include "cunit_main.h"
#include "elf_builder.h"

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
    CU_ASSERT_EQUAL(img.paddr_offset, 0);
    CU_ASSERT_EQUAL(img.note_source, XC_NOTES_PT_NOTE);
    CU_ASSERT_EQUAL(img.nr_xen_notes, 7);
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
    PH(&im, 0)->p_paddr = ~0ULL - 4095; /* wraps once VIRT_BASE is added */
    expect(&im, "wraps");
    PH(&im, 0)->p_paddr = 0;
    PH(&im, 0)->p_flags = 0; /* no access: Xen does not load it */
    expect(&im, "no loadable segments");
    PH(&im, 0)->p_flags = PF_R | PF_W | PF_X;
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
    PH(&im, 0)->p_paddr = 0x7fffffffffff0000ULL; /* wraps below VIRT_BASE */
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

/* Add a PT_LOAD after the two of make_image(). */
static Elf64_Phdr *add_load(struct image *im, uint64_t vaddr, uint64_t paddr,
                            uint64_t off, uint64_t filesz, uint64_t memsz)
{
    Elf64_Phdr *ph = PH(im, EH(im)->e_phnum++);

    *ph = (Elf64_Phdr){ .p_type = PT_LOAD,
                        .p_offset = off,
                        .p_vaddr = vaddr,
                        .p_paddr = paddr,
                        .p_filesz = filesz,
                        .p_memsz = memsz,
                        .p_flags = PF_R | PF_W,
                        .p_align = 4096 };
    return ph;
}

/*
 * Linux's layout: .data..percpu has p_vaddr 0 but a p_paddr in the
 * image; Xen places every segment by p_paddr, so does the loader.
 */
static void test_paddr_placement(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    uint8_t *guest = calloc(1, 8 * 4096);
    char err[128];
    unsigned int i;

    memset(im.data + FREE_OFF, 0xab, 4096);
    add_load(&im, 0, 3 * 4096, FREE_OFF, 4096, 8192);
    CU_ASSERT_EQUAL(xc_elf_parse(im.data, im.size, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.kstart, BASE);
    CU_ASSERT_EQUAL(img.kend, BASE + 5 * 4096);
    CU_ASSERT_EQUAL(xc_elf_load(&img, guest, 8 * 4096), 0);
    CU_ASSERT_EQUAL(guest[0], im.data[LOAD_OFF]);
    CU_ASSERT_EQUAL(guest[4095], im.data[LOAD_OFF + 4095]);
    for ( i = 0; i < 4096; i++ )
        if ( guest[3 * 4096 + i] != 0xab || guest[4 * 4096 + i] != 0 )
            break;
    CU_ASSERT_EQUAL(i, 4096); /* data, then zeroed bss */
    /* A guest too small for the segments is refused, not overrun. */
    CU_ASSERT_EQUAL(xc_elf_load(&img, guest, 4 * 4096), -1);

    /* PADDR_OFFSET moves everything: a kernel linked at p_paddr = vaddr. */
    free(im.data);
    im = make_image();
    PH(&im, 0)->p_paddr = BASE;
    expect(&im, "below its VIRT_BASE"); /* BASE + BASE wraps */
    {
        size_t n = 0;
        uint8_t *p = im.data + NOTES_OFF;

        n += put_str_note(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
        n += put_str_note(p + n, XEN_ELFNOTE_LOADER, "generic");
        n += put_u64_note(p + n, XEN_ELFNOTE_VIRT_BASE, BASE);
        n += put_u64_note(p + n, XEN_ELFNOTE_PADDR_OFFSET, BASE);
        set_notes_len(&im, n);
    }
    CU_ASSERT_EQUAL(xc_elf_parse(im.data, im.size, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.kstart, BASE);
    CU_ASSERT_EQUAL(img.entry, BASE); /* no ENTRY note: e_entry */
    CU_ASSERT_EQUAL(img.hypercall_page, XC_UNSET_ADDR); /* none: accepted */
    memset(guest, 0, 8 * 4096);
    CU_ASSERT_EQUAL(xc_elf_load(&img, guest, 8 * 4096), 0);
    CU_ASSERT_EQUAL(guest[100], im.data[LOAD_OFF + 100]);
    free(guest);
    free(im.data);
}

static void test_overlapping_segments(void)
{
    struct image im = make_image();

    add_load(&im, 0, 4096, FREE_OFF, 4096, 4096); /* inside the first */
    expect(&im, "overlap");
    PH(&im, 2)->p_paddr = 2 * 4096; /* right after it: fine */
    expect(&im, NULL);
    PH(&im, 2)->p_paddr = 2 * 4096 - 1;
    expect(&im, "overlap");
    free(im.data);
}

/* Only the notes that must be there, VIRT_BASE and the entry as given. */
static void set_minimal_notes(struct image *im, uint64_t virt_base)
{
    uint8_t *p = im->data + NOTES_OFF;
    size_t n = 0;

    n += put_str_note(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    n += put_str_note(p + n, XEN_ELFNOTE_LOADER, "generic");
    n += put_u64_note(p + n, XEN_ELFNOTE_VIRT_BASE, virt_base);
    set_notes_len(im, n);
    EH(im)->e_entry = virt_base;
}

/* Images that would map over the hypervisor or off the canonical space. */
static void test_bad_places(void)
{
    struct image im = make_image();

    set_minimal_notes(&im, 0xffff800000000000ULL);
    expect(&im, "hypervisor's range");
    set_minimal_notes(&im, 0x00007ffffffff000ULL); /* runs off the low half */
    expect(&im, "canonical");
    set_minimal_notes(&im, 0x1235);
    expect(&im, "not page aligned");
    set_minimal_notes(&im, 0); /* as Xen's Mini-OS links: at 0 */
    expect(&im, NULL);
    free(im.data);
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
    { "segments placed by p_paddr", test_paddr_placement },
    { "overlapping segments", test_overlapping_segments },
    { "kernels in forbidden places", test_bad_places },
};
UNIT_MAIN("elf_loader", cases)
