/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_kernel_unpack: kernels as files hold them. A test ELF image is
 * compressed at test time with each format's own command-line tool, as
 * Linux's build does (gzip, bzip2, xz, lzma, lzop, lz4 -l, zstd), and
 * unwrapped both raw and inside a bzImage (boot protocol 2.08+, with
 * Linux's appended size); the result must be the very image. Hostile
 * inputs: every truncation, random corruption, bad bzImage headers, and
 * decompression bombs, which stop at the cap (the domain's memory) with
 * a clear reason. A format whose tool is not installed is reported as
 * skipped on stderr (scripts/install-deps.sh installs them all).
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <xenguest.h>

#include "cunit_main.h"
#include "elf_builder.h"

#define MIB (1ULL << 20)

struct buf {
    uint8_t *p;
    size_t len;
};

/* xz and lzma with a 1 MiB dictionary: each decoder allocates it whole,
 * and the hostile tests start hundreds of them. */
static const struct tool {
    const char *format, *program, *args;
    int size_appended; /* Linux appends the uncompressed size (not gzip) */
} tools[] = {
    { "gzip", "gzip", "-9 -n -c", 0 },
    { "bzip2", "bzip2", "-9 -c", 1 },
    { "xz", "xz", "--format=xz --check=crc32 --lzma2=preset=6,dict=1MiB -c",
      1 },
    { "lzma", "xz", "--format=lzma --lzma1=preset=9,dict=1MiB -c", 1 },
    { "lzo", "lzop", "-9 -c", 1 },
    { "lz4", "lz4", "-l -9 -c", 1 },
    { "zstd", "zstd", "-19 -q -c", 1 },
};
#define NR_TOOLS (sizeof(tools) / sizeof(tools[0]))

static int have_program(const char *name)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

static struct buf read_all(const char *path)
{
    struct buf b = { 0 };
    FILE *f = fopen(path, "rb");
    struct stat st;

    if ( f && !fstat(fileno(f), &st) )
    {
        b.p = malloc(st.st_size + 1);
        b.len = fread(b.p, 1, st.st_size, f);
    }
    if ( f )
        fclose(f);
    return b;
}

/* `tool` applied to data (a file in /tmp), or len 0 if it failed. */
static struct buf compress_with(const struct tool *t, const void *data,
                                size_t len)
{
    char in[] = "/tmp/xg-unpack-in.XXXXXX", out[64], cmd[256];
    struct buf b = { 0 };
    int fd = mkstemp(in);

    if ( fd < 0 || write(fd, data, len) != (ssize_t)len )
        return b;
    close(fd);
    snprintf(out, sizeof(out), "%s.out", in);
    snprintf(cmd, sizeof(cmd), "%s %s < %s > %s", t->program, t->args, in, out);
    if ( system(cmd) == 0 )
        b = read_all(out);
    unlink(in);
    unlink(out);
    return b;
}

/* Linux's size_append: the uncompressed length, 32-bit little-endian. */
static void append_size(struct buf *b, uint32_t size)
{
    b->p = realloc(b->p, b->len + 4);
    memcpy(b->p + b->len, &size, 4);
    b->len += 4;
}

/* A bzImage around payload: setup_sects 1, payload_offset 0x40. */
static struct buf make_bzimage(const struct buf *payload)
{
    size_t off = 2 * 512 + 0x40;
    struct buf b = { calloc(1, off + payload->len), off + payload->len };
    uint32_t poff = 0x40, plen = payload->len;

    b.p[0x1f1] = 1;
    b.p[0x1fe] = 0x55;
    b.p[0x1ff] = 0xaa;
    memcpy(b.p + 0x202, "HdrS", 4);
    b.p[0x206] = 0x0f; /* protocol 2.15, as Debian's kernel */
    b.p[0x207] = 0x02;
    memcpy(b.p + 0x248, &poff, 4);
    memcpy(b.p + 0x24c, &plen, 4);
    memcpy(b.p + off, payload->p, payload->len);
    return b;
}

static int unpack(const struct buf *b, size_t max, struct xc_kernel_blob *k,
                  char *err, size_t errlen)
{
    return xc_kernel_unpack(b->p, b->len, max, k, err, errlen);
}

/* The blob unpacks to exactly the image, named as expected. */
static void check_unpacks_to(const struct buf *b, const struct image *im,
                             const char *format)
{
    struct xc_kernel_blob k;
    struct xc_elf_image img;
    char err[256] = "";

    CU_ASSERT_EQUAL_FATAL(unpack(b, 64 * MIB, &k, err, sizeof(err)), 0);
    CU_ASSERT_STRING_EQUAL(k.format, format);
    CU_ASSERT_EQUAL(k.size, im->size);
    CU_ASSERT(k.size == im->size && !memcmp(k.data, im->data, im->size));
    CU_ASSERT_EQUAL(xc_elf_parse(k.data, k.size, &img, err, sizeof(err)), 0);
    xc_kernel_blob_free(&k);
    CU_ASSERT_PTR_NULL(k.owned);
}

static void test_formats(void)
{
    struct image im = make_image();
    unsigned int i;

    for ( i = 0; i < NR_TOOLS; i++ )
    {
        const struct tool *t = &tools[i];
        struct buf raw, bz;
        char name[40];

        if ( !have_program(t->program) )
        {
            fprintf(stderr, "SKIP %s: %s is not installed\n", t->format,
                    t->program);
            continue;
        }
        raw = compress_with(t, im.data, im.size);
        CU_ASSERT_FATAL(raw.len > 0);
        check_unpacks_to(&raw, &im, t->format);
        if ( t->size_appended )
            append_size(&raw, im.size);
        check_unpacks_to(&raw, &im, t->format); /* the trailer is ignored */
        bz = make_bzimage(&raw);
        snprintf(name, sizeof(name), "bzImage (%s)", t->format);
        check_unpacks_to(&bz, &im, name);
        free(raw.p);
        free(bz.p);
    }
    free(im.data);
}

static void test_plain(void)
{
    struct image im = make_image();
    struct buf elf = { im.data, im.size }, bz = make_bzimage(&elf);
    struct xc_kernel_blob k;
    char err[128];

    CU_ASSERT_EQUAL(unpack(&elf, MIB, &k, err, sizeof(err)), 0);
    CU_ASSERT_STRING_EQUAL(k.format, "ELF");
    CU_ASSERT_PTR_EQUAL(k.data, im.data); /* no copy */
    CU_ASSERT_PTR_NULL(k.owned);
    xc_kernel_blob_free(&k);
    check_unpacks_to(&bz, &im, "bzImage (uncompressed)");
    free(bz.p);
    free(im.data);
    CU_ASSERT_EQUAL(xc_kernel_unpack(NULL, 10, MIB, &k, err, sizeof(err)), -1);
}

static void expect_unpack_error(const struct buf *b, size_t max,
                                const char *reason)
{
    struct xc_kernel_blob k;
    char err[256] = "";

    CU_ASSERT_EQUAL(unpack(b, max, &k, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, reason));
    if ( !strstr(err, reason) )
        fprintf(stderr, "wanted '%s', got '%s'\n", reason, err);
    CU_ASSERT_PTR_NULL(k.owned);
}

static void test_bad_bzimage(void)
{
    struct image im = make_image();
    struct buf elf = { im.data, im.size }, bz = make_bzimage(&elf);
    uint32_t v;

    bz.p[0x206] = 0x07; /* 2.07: no payload fields */
    expect_unpack_error(&bz, MIB, "2.07 is too old");
    bz.p[0x206] = 0x0f;
    v = bz.len;
    memcpy(bz.p + 0x248, &v, 4);
    expect_unpack_error(&bz, MIB, "payload");
    v = 0x40;
    memcpy(bz.p + 0x248, &v, 4);
    v = 0xffffffff;
    memcpy(bz.p + 0x24c, &v, 4);
    expect_unpack_error(&bz, MIB, "outside");
    v = 0;
    memcpy(bz.p + 0x24c, &v, 4);
    expect_unpack_error(&bz, MIB, "outside");
    v = im.size;
    memcpy(bz.p + 0x24c, &v, 4);
    bz.p[0x1f1] = 0; /* means 4 sectors: the payload moves past the end */
    expect_unpack_error(&bz, MIB, "outside");
    bz.p[0x1f1] = 1;
    bz.len = 0x250; /* cut inside the header's fields */
    expect_unpack_error(&bz, MIB, "outside");
    free(bz.p);
    free(im.data);
}

/* Every prefix of each compressed image fails cleanly (or, cut at a
 * block boundary, gives a short image the ELF parser refuses). */
static void test_truncations(void)
{
    struct image im = make_image();
    unsigned int i;

    for ( i = 0; i < NR_TOOLS; i++ )
    {
        struct buf raw;
        size_t len;

        if ( !have_program(tools[i].program) )
            continue;
        raw = compress_with(&tools[i], im.data, im.size);
        for ( len = 0; len < raw.len; len++ )
        {
            struct buf cut = { malloc(len + 1), len };
            struct xc_kernel_blob k;
            struct xc_elf_image img;
            char err[256] = "";

            memcpy(cut.p, raw.p, len);
            if ( !unpack(&cut, MIB, &k, err, sizeof(err)) )
            {
                CU_ASSERT_EQUAL(
                    xc_elf_parse(k.data, k.size, &img, err, sizeof(err)), -1);
                xc_kernel_blob_free(&k);
            }
            CU_ASSERT(err[0] != '\0');
            free(cut.p);
        }
        free(raw.p);
    }
    free(im.data);
}

static void test_corruption(void)
{
    struct image im = make_image();
    unsigned int i, n, seed = 777;

    for ( i = 0; i < NR_TOOLS; i++ )
    {
        struct buf raw;

        if ( !have_program(tools[i].program) )
            continue;
        raw = compress_with(&tools[i], im.data, im.size);
        for ( n = 0; n < 300; n++ )
        {
            struct buf c = { malloc(raw.len), raw.len };
            struct xc_kernel_blob k;
            char err[256];
            unsigned int f;

            memcpy(c.p, raw.p, raw.len);
            for ( f = 0; f < 1 + n % 4; f++ )
                c.p[rand_r(&seed) % c.len] ^= 1u << (rand_r(&seed) % 8);
            if ( !unpack(&c, MIB, &k, err, sizeof(err)) )
                xc_kernel_blob_free(&k);
            free(c.p);
        }
        free(raw.p);
    }
    free(im.data);
    CU_PASS("no crash");
}

/* Checksums the lzop and gzip containers carry are checked. */
static void test_checksums(void)
{
    struct image im = make_image();
    struct buf lzo, gz;

    if ( !have_program("lzop") )
    {
        fprintf(stderr, "SKIP checksums: lzop is not installed\n");
        free(im.data);
        return;
    }
    lzo = compress_with(&tools[4], im.data, im.size);
    lzo.p[12] ^= 0x40; /* inside the header (the library version) */
    expect_unpack_error(&lzo, MIB, "lzo: bad header checksum");
    lzo.p[12] ^= 0x40;
    /* From stdin, lzop's header is 38 bytes; block 0's sizes follow,
     * then its Adler-32, then its data. */
    lzo.p[38 + 8] ^= 0x01;
    expect_unpack_error(&lzo, MIB, "lzo: block 0 fails its checksum");
    lzo.p[38 + 8] ^= 0x01;
    lzo.p[38 + 12 + 5] ^= 0x10;
    expect_unpack_error(&lzo, MIB, "lzo: block 0");
    gz = compress_with(&tools[0], im.data, im.size);
    gz.p[gz.len - 6] ^= 0x01; /* the CRC */
    expect_unpack_error(&gz, MIB, "gzip: corrupt stream");
    free(lzo.p);
    free(gz.p);
    free(im.data);
}

/* 24 MiB of zeros; each format packs it into a few KiB. */
static void test_bombs(void)
{
    size_t len = 24 * MIB;
    uint8_t *zeros = calloc(1, len);
    unsigned int i;

    for ( i = 0; i < NR_TOOLS; i++ )
    {
        struct buf raw, bz;
        struct xc_kernel_blob k;
        char err[256];

        if ( !have_program(tools[i].program) )
            continue;
        raw = compress_with(&tools[i], zeros, len);
        CU_ASSERT(raw.len > 0 && raw.len < len / 100);
        /* A domain of 8 MiB: refused at the cap, whatever the trailer says. */
        expect_unpack_error(&raw, 8 * MIB, "decompression bomb");
        if ( tools[i].size_appended )
            append_size(&raw, 4096);
        bz = make_bzimage(&raw);
        expect_unpack_error(&bz, 8 * MIB, "exceed 8192 KiB");
        /* With room for it, the same image unpacks in full. */
        CU_ASSERT_EQUAL(unpack(&raw, 32 * MIB, &k, err, sizeof(err)), 0);
        if ( k.size != len )
            fprintf(stderr, "%s: %s\n", tools[i].format, err);
        CU_ASSERT_EQUAL(k.size, len);
        xc_kernel_blob_free(&k);
        free(raw.p);
        free(bz.p);
    }
    free(zeros);
}

static const struct unit_case cases[] = {
    { "every compression, raw and in a bzImage", test_formats },
    { "plain ELF and uncompressed bzImage", test_plain },
    { "bad bzImage headers", test_bad_bzimage },
    { "every truncation", test_truncations },
    { "random corruption", test_corruption },
    { "container checksums", test_checksums },
    { "decompression bombs", test_bombs },
};
UNIT_MAIN("kernel_unpack", cases)
