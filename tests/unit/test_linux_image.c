/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_linux_image KERNEL: the builder's unpack, parse, layout and load
 * of Debian's real cloud kernel (linux-image-*-cloud-amd64, 6.1), run by
 * tests/integration/linux-image.sh when scripts/fetch-linux.sh has put it
 * in the cache. It must find the notes Linux 6.1 has: GUEST_OS "linux",
 * GUEST_VERSION, XEN_VERSION "xen-3.0", LOADER "generic", VIRT_BASE,
 * PADDR_OFFSET 0, ENTRY, INIT_P2M, FEATURES ("!writable_page_tables"),
 * SUPPORTED_FEATURES, PAE_MODE, L1_MFN_VALID, SUSPEND_CANCEL,
 * MOD_START_PFN, HV_START_LOW and PHYS32_ENTRY, and no HYPERCALL_PAGE
 * (XSA-466); and lay it out in a 256 MiB domain with a ramdisk.
 */
#include <stdio.h>
#include <sys/mman.h>

#include <xenguest.h>

#include "cunit_main.h"
#include "elf_builder.h"

#define MIB (1ULL << 20)
#define DOMAIN_PAGES (256 * MIB / 4096)
#define RAMDISK_LEN (2 * MIB)

static const char *kernel_path;
static struct buf {
    uint8_t *p;
    size_t len;
} file;
static struct xc_kernel_blob kernel;
static struct xc_elf_image img;

static void test_unpack(void)
{
    FILE *f = fopen(kernel_path, "rb");
    char err[256] = "";

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    file.len = ftell(f);
    rewind(f);
    file.p = malloc(file.len);
    CU_ASSERT_EQUAL_FATAL(fread(file.p, 1, file.len, f), file.len);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(xc_kernel_unpack(file.p, file.len, 256 * MIB, &kernel,
                                           err, sizeof(err)),
                          0);
    printf("\n  %s: %zu bytes, %s, %zu bytes unpacked\n", kernel_path, file.len,
           kernel.format, kernel.size);
    CU_ASSERT_STRING_EQUAL(kernel.format, "bzImage (lz4)");
    CU_ASSERT(kernel.size > file.len);
}

#define SEEN(note) (img.notes_seen & (1U << XEN_ELFNOTE_##note))

static void test_notes(void)
{
    char err[256] = "";

    CU_ASSERT_PTR_NOT_NULL_FATAL(kernel.data);
    CU_ASSERT_EQUAL_FATAL(
        xc_elf_parse(kernel.data, kernel.size, &img, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(img.note_source, XC_NOTES_PT_NOTE);
    CU_ASSERT(SEEN(GUEST_OS) && !strcmp(img.guest_os, "linux"));
    CU_ASSERT(SEEN(GUEST_VERSION));
    CU_ASSERT(SEEN(XEN_VERSION) && !strcmp(img.xen_version, "xen-3.0"));
    CU_ASSERT(SEEN(LOADER) && !strcmp(img.loader, "generic"));
    CU_ASSERT(SEEN(VIRT_BASE) && img.virt_base == 0xffffffff80000000ULL);
    CU_ASSERT(SEEN(PADDR_OFFSET) && img.paddr_offset == 0);
    CU_ASSERT(SEEN(ENTRY) && img.entry >= img.kstart && img.entry < img.kend);
    CU_ASSERT(SEEN(INIT_P2M) && img.p2m_base == 0x8000000000ULL);
    CU_ASSERT(SEEN(FEATURES) &&
              img.f_required == 1U << XENFEAT_writable_page_tables);
    CU_ASSERT(img.f_supported & (1U << XENFEAT_pae_pgdir_above_4gb));
    CU_ASSERT(SEEN(SUPPORTED_FEATURES) &&
              img.f_supported & (1U << XENFEAT_dom0));
    CU_ASSERT(SEEN(PAE_MODE) && !strcmp(img.pae_mode, "yes"));
    CU_ASSERT(SEEN(L1_MFN_VALID) && img.l1_mfn_valid[0] == 1);
    CU_ASSERT(SEEN(SUSPEND_CANCEL) && img.suspend_cancel);
    CU_ASSERT(SEEN(MOD_START_PFN) && img.unmapped_ramdisk);
    CU_ASSERT(SEEN(HV_START_LOW) && img.hv_start_low == 0xffff800000000000ULL);
    CU_ASSERT(SEEN(PHYS32_ENTRY) && img.phys32_entry < (1ULL << 32));
    CU_ASSERT(!SEEN(HYPERCALL_PAGE) && img.hypercall_page == XC_UNSET_ADDR);
    /* Placed by p_paddr: __START_KERNEL at 16 MiB above VIRT_BASE. */
    CU_ASSERT_EQUAL(img.kstart, 0xffffffff81000000ULL);
    CU_ASSERT_EQUAL(
        xc_elf_check_features(&img, XC_PV_OFFERED_FEATURES, err, sizeof(err)),
        0);
    printf("  entry %#llx, image [%#llx, %#llx), %u Xen notes\n",
           (unsigned long long)img.entry, (unsigned long long)img.kstart,
           (unsigned long long)img.kend, img.nr_xen_notes);
}

static void test_layout_and_load(void)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)kernel.data;
    struct xc_pv_layout l;
    char err[256] = "";
    uint8_t *guest;
    unsigned int i, percpu = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(img.data);
    CU_ASSERT_EQUAL_FATAL(
        xc_pv_layout(&img, RAMDISK_LEN, DOMAIN_PAGES, &l, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(l.p2m_start, 0x8000000000ULL);
    CU_ASSERT_EQUAL(l.p2m_pages, DOMAIN_PAGES * 8 / 4096);
    CU_ASSERT(l.p2m_pt_frames == 3); /* own L3, L2, L1 in L4 slot 1 */
    CU_ASSERT(l.ramdisk_unmapped && l.ramdisk_start == 0);
    CU_ASSERT(l.start_info >= l.kernel_end);
    CU_ASSERT(l.virt_end >= l.stack_start + 4096 + 512 * 1024);
    CU_ASSERT(l.ramdisk_pfn >= (l.virt_end - l.virt_base) >> 12);
    CU_ASSERT(l.p2m_pfn >= l.ramdisk_pfn + RAMDISK_LEN / 4096);
    CU_ASSERT(l.nr_pfns <= DOMAIN_PAGES);
    printf("  256 MiB: boot mapping [%#llx, %#llx), %llu table frames; "
           "p2m at %#llx (frame %#llx); ramdisk frame %#llx; %llu frames\n",
           (unsigned long long)l.virt_base, (unsigned long long)l.virt_end,
           (unsigned long long)l.nr_pt_frames, (unsigned long long)l.p2m_start,
           (unsigned long long)l.p2m_pfn, (unsigned long long)l.ramdisk_pfn,
           (unsigned long long)l.nr_pfns);

    /* Loaded: each segment's bytes at its p_paddr, .data..percpu too. */
    guest = mmap(NULL, 256 * MIB, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CU_ASSERT_FATAL(guest != MAP_FAILED);
    CU_ASSERT_EQUAL(xc_elf_load(&img, guest, 256 * MIB), 0);
    for ( i = 0; i < eh->e_phnum; i++ )
    {
        Elf64_Phdr ph;

        memcpy(&ph, kernel.data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if ( ph.p_type != PT_LOAD )
            continue;
        percpu += ph.p_vaddr == 0;
        CU_ASSERT(!memcmp(guest + ph.p_paddr, kernel.data + ph.p_offset,
                          ph.p_filesz));
    }
    CU_ASSERT_EQUAL(percpu, 1);
    munmap(guest, 256 * MIB);
}

static const struct unit_case cases[] = {
    { "unpack Debian's vmlinuz", test_unpack },
    { "the notes Linux 6.1 has", test_notes },
    { "layout and load in 256 MiB", test_layout_and_load },
};

int main(int argc, char **argv)
{
    int rc;

    if ( argc != 2 )
    {
        fprintf(stderr, "usage: %s VMLINUZ\n", argv[0]);
        return 2;
    }
    kernel_path = argv[1];
    rc = run_unit_suite("linux_image", cases, sizeof(cases) / sizeof(cases[0]));
    xc_kernel_blob_free(&kernel);
    free(file.p);
    return rc;
}
