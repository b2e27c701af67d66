/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_kernel_image.c: from the bytes of a kernel file to its ELF image,
 * as Xen's loader takes them: a bzImage (the x86 boot protocol's setup
 * header, version 2.08 or later, gives the payload's offset and length),
 * a raw compressed ELF, or a plain ELF. Compression is recognised by its
 * magic bytes and undone by Debian's libraries (xg_decompress*.c); the
 * output is capped, so a small hostile image cannot make a huge one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xg_private.h"

/* x86 boot protocol setup header fields (offsets in the file). */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_HEADER 0x202 /* "HdrS" */
#define BZ_VERSION 0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_VERSION 0x0208 /* the first with payload_offset/length */

static const struct format {
    const char *name;
    const uint8_t *magic;
    size_t magic_len;
    xg_decoder_fn *decode;
} formats[] = {
    { "gzip", (const uint8_t *)"\x1f\x8b", 2, xg_decode_gzip },
    { "bzip2", (const uint8_t *)"BZh", 3, xg_decode_bzip2 },
    { "xz",
      (const uint8_t *)"\xfd"
                       "7zXZ\0",
      6, xg_decode_xz },
    { "lzma", (const uint8_t *)"\x5d\0", 2, xg_decode_lzma },
    { "lzo", (const uint8_t *)"\x89LZO", 4, xg_decode_lzop },
    { "lz4", (const uint8_t *)"\x02\x21\x4c\x18", 4, xg_decode_lz4_legacy },
    { "zstd", (const uint8_t *)"\x28\xb5\x2f\xfd", 4, xg_decode_zstd },
};

static const struct format *compression_of(const uint8_t *p, size_t len)
{
    unsigned int i;

    for ( i = 0; i < sizeof(formats) / sizeof(formats[0]); i++ )
        if ( len >= formats[i].magic_len &&
             !memcmp(p, formats[i].magic, formats[i].magic_len) )
            return &formats[i];
    return NULL;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_bzimage(const uint8_t *blob, size_t size)
{
    return size >= BZ_PAYLOAD_LENGTH + 4 &&
           !memcmp(blob + BZ_HEADER, "HdrS", 4);
}

/* The payload of a bzImage: [*off, *off + *len) of the file. */
static int bzimage_payload(const uint8_t *blob, size_t size, uint64_t *off,
                           uint64_t *len, char *err, size_t errlen)
{
    unsigned int version = blob[BZ_VERSION] | blob[BZ_VERSION + 1] << 8;
    unsigned int setup_sects = blob[BZ_SETUP_SECTS] ? blob[BZ_SETUP_SECTS] : 4;

    if ( version < BZ_MIN_VERSION )
        return xg_fail(err, errlen,
                       "bzImage boot protocol %u.%02u is too old "
                       "(2.08 or later is needed)",
                       version >> 8, version & 0xff);
    /* payload_offset counts from the protected-mode code. */
    *off = (uint64_t)(setup_sects + 1) * 512 + le32(blob + BZ_PAYLOAD_OFFSET);
    *len = le32(blob + BZ_PAYLOAD_LENGTH);
    if ( !*len || !xg_in_bounds(*off, *len, size) )
        return xg_fail(err, errlen,
                       "bzImage payload [%#llx, +%#llx) lies outside the "
                       "%zu-byte file (truncated image?)",
                       (unsigned long long)*off, (unsigned long long)*len,
                       size);
    return 0;
}

/*
 * A first guess at the output size: Linux appends the uncompressed size
 * (32 bits) to every compressed kernel but a gzip one, whose own trailer
 * holds it. Only a guess: the decoder grows the buffer as it must.
 */
static size_t size_hint(const uint8_t *in, size_t len, size_t max)
{
    size_t hint = len >= 4 ? le32(in + len - 4) : 0;

    if ( hint < len )
        hint = len * 4;
    return hint < max ? hint + 1 : max;
}

static int decompress(const struct format *f, const uint8_t *in, size_t len,
                      size_t max, struct xc_kernel_blob *k, char *err,
                      size_t errlen)
{
    struct xg_outbuf ob = { .max = max };

    if ( xg_outbuf_reserve(&ob, size_hint(in, len, max)) )
        return xg_fail(err, errlen, "%s: out of memory", f->name);
    if ( f->decode(in, len, &ob, err, errlen) )
    {
        free(ob.p);
        return -1;
    }
    k->data = k->owned = ob.p;
    k->size = ob.len;
    return 0;
}

int xc_kernel_unpack(const uint8_t *blob, size_t size, size_t max_size,
                     struct xc_kernel_blob *k, char *err, size_t errlen)
{
    const struct format *f;
    uint64_t off = 0, len = size;

    memset(k, 0, sizeof(*k));
    if ( !blob )
        return xg_fail(err, errlen, "no image");
    k->data = blob;
    k->size = size;
    snprintf(k->format, sizeof(k->format), "ELF");
    if ( is_bzimage(blob, size) )
    {
        if ( bzimage_payload(blob, size, &off, &len, err, errlen) )
            return -1;
        k->data = blob + off;
        k->size = len;
    }
    f = compression_of(k->data, k->size);
    if ( off )
        snprintf(k->format, sizeof(k->format), "bzImage (%s)",
                 f ? f->name : "uncompressed");
    else if ( f )
        snprintf(k->format, sizeof(k->format), "%s", f->name);
    if ( !f )
        return 0;
    if ( decompress(f, blob + off, len, max_size, k, err, errlen) )
        return -1;
    return 0;
}

void xc_kernel_blob_free(struct xc_kernel_blob *k)
{
    free(k->owned);
    k->owned = NULL;
    k->data = NULL;
    k->size = 0;
}
