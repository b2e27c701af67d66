/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_elf_notes: where the builder finds a kernel's Xen notes and what
 * it makes of them, as Xen's loader: PT_NOTE segments first, then SHT_NOTE
 * sections (Xen's Mini-OS links that way), then the legacy "__xen_guest"
 * string; Xen's defaults for what is missing; the FEATURES syntax with
 * '!' and the features this hypervisor offers; the notes Linux has
 * (INIT_P2M, MOD_START_PFN, L1_MFN_VALID, HV_START_LOW, PHYS32_ENTRY,
 * SUPPORTED_FEATURES); and hostile section tables and note sizes.
 */
#include <stdio.h>

#include <xenguest.h>

#include "cunit_main.h"
#include "elf_builder.h"

static int parse(struct image *im, struct xc_elf_image *img, char *err,
                 size_t errlen)
{
    int rc = xc_elf_parse(im->data, im->size, img, err, errlen);

    if ( rc )
        fprintf(stderr, "parse: %s\n", err);
    return rc;
}

/* Parse; expect failure whose reason contains `reason`. */
static void expect_error(struct image *im, const char *reason)
{
    struct xc_elf_image img;
    char err[256] = "";

    CU_ASSERT_EQUAL(xc_elf_parse(im->data, im->size, &img, err, sizeof(err)),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, reason));
    if ( !strstr(err, reason) )
        fprintf(stderr, "wanted '%s', got '%s'\n", reason, err);
}

/* Move the notes from the PT_NOTE segment into a SHT_NOTE section. */
static void notes_to_section(struct image *im)
{
    struct section s = { ".note.Xen", SHT_NOTE, NOTES_OFF, im->notes_len };

    PH(im, 1)->p_type = PT_NULL;
    add_sections(im, &s, 1);
}

static void test_section_notes(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];

    notes_to_section(&im);
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.note_source, XC_NOTES_SHT_NOTE);
    CU_ASSERT_EQUAL(img.nr_xen_notes, 7);
    CU_ASSERT_EQUAL(img.hypercall_page, BASE + 4096);
    CU_ASSERT_STRING_EQUAL(img.guest_os, "test");

    /* No section table and no PT_NOTE: nothing to go on. */
    EH(&im)->e_shnum = 0;
    expect_error(&im, "no Xen ELF notes");
    free(im.data);
}

/* A PT_NOTE holding other owners' notes only does not count. */
static void test_segment_without_xen_notes(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];
    size_t n = put_named_note(im.data + FREE_OFF, "GNU", 3, "buildid!", 8);

    notes_to_section(&im);
    PH(&im, 1)->p_type = PT_NOTE;
    PH(&im, 1)->p_offset = FREE_OFF;
    PH(&im, 1)->p_filesz = n;
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.note_source, XC_NOTES_SHT_NOTE);

    /* Xen skips a note segment at file offset 0 (a linker bug). */
    PH(&im, 1)->p_offset = 0;
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    free(im.data);
}

/* With both, the segments win and the sections are not read. */
static void test_segments_first(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];
    size_t n = 0;
    uint8_t *p = im.data + FREE_OFF;
    struct section s;

    n += put_str_note(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    n += put_str_note(p + n, XEN_ELFNOTE_GUEST_OS, "from-section");
    n += put_str_note(p + n, XEN_ELFNOTE_LOADER, "generic");
    n += put_u64_note(p + n, XEN_ELFNOTE_VIRT_BASE, BASE);
    s = (struct section){ ".note.Xen", SHT_NOTE, FREE_OFF, n };
    add_sections(&im, &s, 1);
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_STRING_EQUAL(img.guest_os, "test");
    CU_ASSERT_EQUAL(img.note_source, XC_NOTES_PT_NOTE);
    /* Even a broken section table is not looked at then. */
    EH(&im)->e_shoff = ~0ULL;
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    free(im.data);
}

/* The legacy string; p_paddr == p_vaddr, as such kernels link. */
static void set_xen_guest(struct image *im, const char *str)
{
    struct section s = { "__xen_guest", SHT_PROGBITS, FREE_OFF, strlen(str) };

    memset(im->data + FREE_OFF, 0, 4096);
    memcpy(im->data + FREE_OFF, str, strlen(str));
    PH(im, 1)->p_type = PT_NULL;
    PH(im, 0)->p_paddr = BASE;
    add_sections(im, &s, 1);
}

static void test_xen_guest(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];

    set_xen_guest(&im, "GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,"
                       "VIRT_BASE=0xffffffff80000000,HYPERCALL_PAGE=0x1,"
                       "FEATURES=!writable_page_tables,SOMETHING_NEW=1,"
                       "LOADER=generic");
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.note_source, XC_NOTES_XEN_GUEST);
    CU_ASSERT_STRING_EQUAL(img.guest_os, "linux");
    CU_ASSERT_STRING_EQUAL(img.guest_version, "2.6");
    /* A frame number, relative to VIRT_BASE. */
    CU_ASSERT_EQUAL(img.hypercall_page, BASE + 4096);
    /* Legacy default: PADDR_OFFSET is VIRT_BASE. */
    CU_ASSERT_EQUAL(img.paddr_offset, BASE);
    CU_ASSERT_EQUAL(img.kstart, BASE);
    CU_ASSERT_EQUAL(img.entry, BASE); /* no VIRT_ENTRY: e_entry */
    CU_ASSERT_EQUAL(img.f_required, 1U << XENFEAT_writable_page_tables);

    /* HYPERCALL_PAGE before VIRT_BASE in the string: the same page. */
    set_xen_guest(&im,
                  "XEN_VER=xen-3.0,HYPERCALL_PAGE=1,LOADER=generic,"
                  "VIRT_BASE=0xffffffff80000000,VIRT_ENTRY="
                  "0xffffffff80000010,ELF_PADDR_OFFSET=0xffffffff80000000");
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.hypercall_page, BASE + 4096);
    CU_ASSERT_EQUAL(img.entry, BASE + 16);
    free(im.data);
}

static void test_xen_guest_refused(void)
{
    struct image im = make_image();

    set_xen_guest(&im, "GUEST_OS=linux,VIRT_BASE=0xffffffff80000000");
    expect_error(&im, "need xen-3.0");
    set_xen_guest(&im, "GUEST_OS=netbsd,XEN_VER=xen-3.0");
    expect_error(&im, "generic loader or Linux");
    set_xen_guest(&im, "LOADER=generic,XEN_VER=xen-3.0,VIRT_BASE=0xzz");
    expect_error(&im, "bad number VIRT_BASE");
    set_xen_guest(&im, "LOADER=generic,XEN_VER=xen-3.0,VIRT_BASE=");
    expect_error(&im, "bad number VIRT_BASE");
    set_xen_guest(&im, "LOADER=generic,XEN_VER=xen-3.0,HYPERCALL_PAGE="
                       "0x10000000000000");
    expect_error(&im, "HYPERCALL_PAGE");
    set_xen_guest(&im, "LOADER=generic,XEN_VER=xen-3.0,FEATURES=!warp_drive");
    expect_error(&im, "unknown required feature 'warp_drive'");
    /* Keys and values longer than Xen's fields are cut, never overrun. */
    set_xen_guest(&im, "LOADER=generic,XEN_VER=xen-3.0,VIRT_BASE="
                       "0xffffffff80000000,GUEST_OS=aaaaaaaaaaaa"
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,A_VERY_LONG_KEY_NAME"
                       "_THAT_GOES_ON_AND_ON=1");
    {
        struct xc_elf_image img;
        char err[256];

        CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
        CU_ASSERT_EQUAL(strlen(img.guest_os), sizeof(img.guest_os) - 1);
    }
    /* A NOBITS __xen_guest has nothing to read. */
    SH(&im, 1)->sh_type = SHT_NOBITS;
    expect_error(&im, "no Xen ELF notes");
    free(im.data);
}

/* Only some notes: Xen's defaults fill in the rest. */
static void test_defaults(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];
    uint8_t *p = im.data + NOTES_OFF;
    size_t n = 0;

    n += put_str_note(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    n += put_str_note(p + n, XEN_ELFNOTE_GUEST_OS, "linux");
    set_notes_len(&im, n);
    PH(&im, 0)->p_paddr = 0x100000;
    EH(&im)->e_entry = 0x100010;
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.virt_base, 0);
    CU_ASSERT_EQUAL(img.paddr_offset, 0);
    CU_ASSERT_EQUAL(img.kstart, 0x100000);
    CU_ASSERT_EQUAL(img.entry, 0x100010);
    CU_ASSERT_EQUAL(img.hypercall_page, XC_UNSET_ADDR);
    CU_ASSERT_EQUAL(img.p2m_base, XC_UNSET_ADDR);

    /* PADDR_OFFSET without VIRT_BASE is refused, as by Xen. */
    n += put_u64_note(p + n, XEN_ELFNOTE_PADDR_OFFSET, 0x1000);
    set_notes_len(&im, n);
    expect_error(&im, "PADDR_OFFSET given without VIRT_BASE");

    /* Neither a generic loader nor Linux. */
    n = put_str_note(p, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    n += put_str_note(p + n, XEN_ELFNOTE_GUEST_OS, "plan9");
    set_notes_len(&im, n);
    expect_error(&im, "generic loader or Linux");
    /* The entry may be the image's end (Xen's bound), not past it. */
    n += put_str_note(p + n, XEN_ELFNOTE_LOADER, "generic");
    set_notes_len(&im, n);
    EH(&im)->e_entry = 0x100000 + 8192;
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    EH(&im)->e_entry++;
    expect_error(&im, "entry point");
    free(im.data);
}

/* Linux's notes (values as Debian's 6.1 kernel has them). */
static size_t put_linux_notes(uint8_t *p, const char *features)
{
    uint64_t l1[2] = { 1, 1 };
    uint32_t one = 1, supported = 0x8801;
    size_t n = 0;

    n += put_str_note(p + n, XEN_ELFNOTE_GUEST_OS, "linux");
    n += put_str_note(p + n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    n += put_str_note(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    n += put_u64_note(p + n, XEN_ELFNOTE_VIRT_BASE, BASE);
    n += put_u64_note(p + n, XEN_ELFNOTE_INIT_P2M, 0x8000000000ULL);
    n += put_u64_note(p + n, XEN_ELFNOTE_ENTRY, BASE + 64);
    /* Linux's FEATURES has no NUL (.ascii). */
    n += put_note(p + n, XEN_ELFNOTE_FEATURES, features, strlen(features));
    n += put_note(p + n, XEN_ELFNOTE_SUPPORTED_FEATURES, &supported, 4);
    n += put_str_note(p + n, XEN_ELFNOTE_PAE_MODE, "yes");
    n += put_str_note(p + n, XEN_ELFNOTE_LOADER, "generic");
    n += put_note(p + n, XEN_ELFNOTE_L1_MFN_VALID, l1, 16);
    n += put_note(p + n, XEN_ELFNOTE_SUSPEND_CANCEL, &one, 4);
    n += put_note(p + n, XEN_ELFNOTE_MOD_START_PFN, &one, 4);
    n += put_u64_note(p + n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL);
    n += put_u64_note(p + n, XEN_ELFNOTE_PADDR_OFFSET, 0);
    n += put_note(p + n, XEN_ELFNOTE_PHYS32_ENTRY, &(uint32_t){ 0x1000850 }, 4);
    return n;
}

static void test_linux_notes(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];

    set_notes_len(&im,
                  put_linux_notes(im.data + NOTES_OFF, "!writable_page_tables|"
                                                       "pae_pgdir_above_4gb"));
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.p2m_base, 0x8000000000ULL);
    CU_ASSERT(img.unmapped_ramdisk);
    CU_ASSERT(img.suspend_cancel);
    CU_ASSERT_EQUAL(img.l1_mfn_valid[0], 1);
    CU_ASSERT_EQUAL(img.l1_mfn_valid[1], 1);
    CU_ASSERT_EQUAL(img.hv_start_low, 0xffff800000000000ULL);
    CU_ASSERT_EQUAL(img.phys32_entry, 0x1000850); /* a PV build ignores it */
    CU_ASSERT_EQUAL(img.hypercall_page, XC_UNSET_ADDR);
    CU_ASSERT_EQUAL(img.entry, BASE + 64);
    CU_ASSERT_STRING_EQUAL(img.pae_mode, "yes");
    CU_ASSERT_EQUAL(img.f_required, 1U << XENFEAT_writable_page_tables);
    CU_ASSERT_EQUAL(img.f_supported, (1U << XENFEAT_writable_page_tables) |
                                         (1U << XENFEAT_pae_pgdir_above_4gb) |
                                         0x8801);
    CU_ASSERT_EQUAL(
        xc_elf_check_features(&img, XC_PV_OFFERED_FEATURES, err, sizeof(err)),
        0);
    CU_ASSERT_EQUAL(img.notes_seen & (1U << XEN_ELFNOTE_HYPERCALL_PAGE), 0);
    CU_ASSERT(img.notes_seen & (1U << XEN_ELFNOTE_INIT_P2M));
    free(im.data);
}

static void test_features(void)
{
    struct image im = make_image();
    struct xc_elf_image img;
    char err[256];

    /* An unknown feature a kernel can do without is ignored. */
    set_notes_len(&im, put_linux_notes(im.data + NOTES_OFF,
                                       "warp_drive|writable_descriptor_tables"
                                       "||!dom0"));
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.f_required, 1U << XENFEAT_dom0);
    CU_ASSERT(img.f_supported & (1U << XENFEAT_writable_descriptor_tables));
    /* A domU builder does not offer dom0: refused, named. */
    CU_ASSERT_EQUAL(
        xc_elf_check_features(&img, XC_PV_OFFERED_FEATURES, err, sizeof(err)),
        -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "requires feature 'dom0'"));
    CU_ASSERT_EQUAL(
        xc_elf_check_features(&img, 1U << XENFEAT_dom0, err, sizeof(err)), 0);
    set_notes_len(
        &im, put_linux_notes(im.data + NOTES_OFF, "!auto_translated_physmap"));
    CU_ASSERT_EQUAL(parse(&im, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(
        xc_elf_check_features(&img, XC_PV_OFFERED_FEATURES, err, sizeof(err)),
        -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "auto_translated_physmap"));
    /* An unknown required one refuses the image itself. */
    set_notes_len(&im, put_linux_notes(im.data + NOTES_OFF,
                                       "pae_pgdir_above_4gb|!warp_drive"));
    expect_error(&im, "unknown required feature 'warp_drive'");
    set_notes_len(&im, put_linux_notes(im.data + NOTES_OFF, "!"));
    expect_error(&im, "unknown required feature ''");
    CU_ASSERT_STRING_EQUAL(xc_feature_name(XENFEAT_writable_page_tables),
                           "writable_page_tables");
    CU_ASSERT_PTR_NULL(xc_feature_name(XENFEAT_mmu_pt_update_preserve_ad));
    CU_ASSERT_PTR_NULL(xc_feature_name(1000));
    free(im.data);
}

static void test_init_p2m_inside_image(void)
{
    struct image im = make_image();
    uint8_t *p = im.data + NOTES_OFF + im.notes_len;

    set_notes_len(&im, im.notes_len +
                           put_u64_note(p, XEN_ELFNOTE_INIT_P2M, BASE + 4096));
    expect_error(&im, "INIT_P2M address");
    free(im.data);
}

/* Numbers of odd sizes and arrays too short are refused by name. */
static void test_bad_note_sizes(void)
{
    static const struct {
        uint32_t type, len;
        const char *reason;
    } cases[] = {
        { XEN_ELFNOTE_ENTRY, 3, "note 1 has a bad size" },
        { XEN_ELFNOTE_VIRT_BASE, 16, "note 3 has a bad size" },
        { XEN_ELFNOTE_INIT_P2M, 0, "note 15 has a bad size" },
        { XEN_ELFNOTE_L1_MFN_VALID, 12, "L1_MFN_VALID note has a bad size" },
        { XEN_ELFNOTE_SUPPORTED_FEATURES, 2,
          "SUPPORTED_FEATURES note has a bad size" },
    };
    uint8_t zeros[16] = { 0 };
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        struct image im = make_image();
        uint8_t *p = im.data + NOTES_OFF + im.notes_len;

        set_notes_len(&im, im.notes_len +
                               put_note(p, cases[i].type, zeros, cases[i].len));
        expect_error(&im, cases[i].reason);
        free(im.data);
    }
}

/* Section tables that lie. */
static void test_hostile_sections(void)
{
    struct image im = make_image();

    notes_to_section(&im);
    SH(&im, 1)->sh_offset = im.size - 4;
    expect_error(&im, "section 1 lies outside the image");
    SH(&im, 1)->sh_offset = NOTES_OFF;
    SH(&im, 1)->sh_size = ~0ULL;
    expect_error(&im, "section 1 lies outside the image");
    SH(&im, 1)->sh_size = 5;
    expect_error(&im, "truncated ELF note header");
    SH(&im, 1)->sh_size = im.notes_len;
    EH(&im)->e_shentsize = 32;
    expect_error(&im, "bad section header size");
    EH(&im)->e_shentsize = sizeof(Elf64_Shdr);
    EH(&im)->e_shnum = 60000;
    expect_error(&im, "section headers lie outside");
    EH(&im)->e_shnum = 3;
    EH(&im)->e_shoff = ~0ULL - 100;
    expect_error(&im, "section headers lie outside");
    free(im.data);

    /* A __xen_guest name check never reads past the string table. */
    im = make_image();
    set_xen_guest(&im, "LOADER=generic,XEN_VER=xen-3.0");
    SH(&im, 1)->sh_name = ~0U;
    expect_error(&im, "no Xen ELF notes");
    SH(&im, 1)->sh_name = 1;
    SH(&im, 2)->sh_size = 3; /* the name runs off the table */
    expect_error(&im, "no Xen ELF notes");
    SH(&im, 2)->sh_size = 64;
    SH(&im, 2)->sh_offset = im.size - 8;
    expect_error(&im, "no Xen ELF notes");
    EH(&im)->e_shstrndx = 200;
    expect_error(&im, "no Xen ELF notes");
    free(im.data);
}

/* Xen's cap on the number of notes holds whatever they are. */
static void test_too_many_notes(void)
{
    struct image im = make_image();
    size_t count = 65537, len = count * sizeof(Elf64_Nhdr);

    im.data = realloc(im.data, IMG_SIZE + len);
    memset(im.data + IMG_SIZE, 0, len); /* empty notes, 12 bytes each */
    im.size = IMG_SIZE + len;
    PH(&im, 1)->p_offset = IMG_SIZE;
    PH(&im, 1)->p_filesz = len;
    expect_error(&im, "more than 65536 ELF notes");
    free(im.data);
}

/* Random corruption of images of each note source never crashes. */
static void test_random_corruption(void)
{
    unsigned int i, seed = 4242;

    for ( i = 0; i < 12000; i++ )
    {
        struct image im = make_image();
        struct xc_elf_image img;
        char err[128];
        unsigned int k, flips = 1 + rand_r(&seed) % 8;

        if ( i % 3 == 1 )
            notes_to_section(&im);
        else if ( i % 3 == 2 )
            set_xen_guest(&im,
                          "GUEST_OS=linux,XEN_VER=xen-3.0,"
                          "HYPERCALL_PAGE=0x1,VIRT_BASE=0xffffffff80000000");
        for ( k = 0; k < flips; k++ )
        {
            /* Headers, notes, the legacy string and the section table. */
            static const size_t where[] = { 0, NOTES_OFF, FREE_OFF, SHDR_OFF };
            size_t off = where[rand_r(&seed) % 4] + rand_r(&seed) % 512;

            im.data[off] ^= 1u << (rand_r(&seed) % 8);
        }
        (void)xc_elf_parse(im.data, im.size, &img, err, sizeof(err));
        free(im.data);
    }
    CU_PASS("no crash");
}

static const struct unit_case cases[] = {
    { "notes in a SHT_NOTE section", test_section_notes },
    { "PT_NOTE without Xen notes", test_segment_without_xen_notes },
    { "PT_NOTE before SHT_NOTE", test_segments_first },
    { "legacy __xen_guest", test_xen_guest },
    { "legacy __xen_guest refused", test_xen_guest_refused },
    { "defaults for missing notes", test_defaults },
    { "Linux's notes", test_linux_notes },
    { "FEATURES and SUPPORTED_FEATURES", test_features },
    { "INIT_P2M inside the image", test_init_p2m_inside_image },
    { "bad note sizes", test_bad_note_sizes },
    { "hostile section tables", test_hostile_sections },
    { "too many notes", test_too_many_notes },
    { "random corruption", test_random_corruption },
};
UNIT_MAIN("elf_notes", cases)
