/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_decompress_framed.c: the two block formats of Linux kernels, whose
 * libraries decode blocks but not the file around them: lz4's legacy
 * frame (`lz4 -l`: a magic, then blocks of at most 8 MiB, each led by its
 * compressed size) with liblz4, and the lzop file (`lzop`: a header, then
 * blocks with their sizes and checksums) with liblzo2. The framing is
 * read here, with every size checked; the blocks go to the libraries.
 */
#include <lz4.h>
#include <lzo/lzo1x.h>
#include <string.h>
#include <zlib.h>

#include "xg_private.h"

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

#define LZ4_LEGACY_MAGIC 0x184c2102U
#define LZ4_LEGACY_BLOCK (8U << 20)

int xg_decode_lz4_legacy(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                         char *err, size_t errlen)
{
    size_t pos = 4; /* the magic */
    unsigned int block = 0;

    while ( pos < len )
    {
        uint32_t csize;
        size_t room;
        int n;

        if ( len - pos < 4 )
            return xg_fail(err, errlen, "lz4: truncated block header");
        csize = le32(in + pos);
        pos += 4;
        if ( csize == LZ4_LEGACY_MAGIC ) /* concatenated streams */
            continue;
        /* Four bytes with nothing after them cannot be a block: Linux's
         * appended size, which (as for the other formats) is only a hint. */
        if ( pos == len && block )
            break;
        if ( csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK) ||
             csize > len - pos )
            return xg_fail(err, errlen,
                           "lz4: block %u of %u bytes runs past the end "
                           "(truncated or corrupt image)",
                           block, csize);
        if ( xg_outbuf_reserve(ob, LZ4_LEGACY_BLOCK) ) /* up to the max */
            return xg_fail_too_big("lz4", ob, err, errlen);
        room = ob->cap - ob->len;
        if ( room > LZ4_LEGACY_BLOCK )
            room = LZ4_LEGACY_BLOCK;
        n = LZ4_decompress_safe((const char *)in + pos, (char *)ob->p + ob->len,
                                csize, room);
        if ( n < 0 )
            return room < LZ4_LEGACY_BLOCK && ob->cap == ob->max
                       ? xg_fail_too_big("lz4", ob, err, errlen)
                       : xg_fail(err, errlen, "lz4: block %u is corrupt",
                                 block);
        ob->len += n;
        pos += csize;
        block++;
    }
    return 0;
}

/* lzop header flags (lzop's file format). */
#define LZOP_ADLER32_D 0x00000001U
#define LZOP_ADLER32_C 0x00000002U
#define LZOP_EXTRA_FIELD 0x00000040U
#define LZOP_CRC32_D 0x00000100U
#define LZOP_CRC32_C 0x00000200U
#define LZOP_FILTER 0x00000800U
#define LZOP_HEADER_CRC32 0x00001000U
#define LZOP_MAX_BLOCK (64U << 20) /* lzop writes 256 KiB blocks */
#define LZOP_MAGIC_LEN 9

struct lzop_reader {
    const uint8_t *in;
    size_t len, pos;
    uint32_t flags;
};

/* n bytes at the read position, or NULL if the file ends first. */
static const uint8_t *take(struct lzop_reader *r, size_t n)
{
    const uint8_t *p = r->in + r->pos;

    if ( r->len - r->pos < n )
        return NULL;
    r->pos += n;
    return p;
}

/* lzop's checksums: Adler-32 (from 1) or CRC-32 (from 0), as zlib's. */
static uint32_t lzop_sum(int use_crc, const uint8_t *p, size_t n)
{
    return use_crc ? crc32(0, p, n) : adler32(1, p, n);
}

static int lzop_header(struct lzop_reader *r, char *err, size_t errlen)
{
    const uint8_t *h = r->in, *p, *name_len;
    unsigned int version, method;

    r->pos = LZOP_MAGIC_LEN;
    if ( !(p = take(r, 7)) ) /* version, lib version, needed, method */
        goto truncated;
    version = be16(p);
    method = p[6];
    if ( version < 0x0940 )
        return xg_fail(err, errlen, "lzo: lzop file version %#x is too old",
                       version);
    if ( method < 1 || method > 3 )
        return xg_fail(err, errlen, "lzo: unknown method %u", method);
    if ( !take(r, 1) || !(p = take(r, 4)) ) /* level, flags */
        goto truncated;
    r->flags = be32(p);
    if ( (r->flags & LZOP_FILTER && !take(r, 4)) || !take(r, 12) ||
         !(name_len = take(r, 1)) || !take(r, *name_len) )
        goto truncated;
    /* The header's checksum covers it from the version on. */
    if ( !(p = take(r, 4)) )
        goto truncated;
    if ( be32(p) != lzop_sum(r->flags & LZOP_HEADER_CRC32, h + LZOP_MAGIC_LEN,
                             p - h - LZOP_MAGIC_LEN) )
        return xg_fail(err, errlen, "lzo: bad header checksum");
    if ( r->flags & LZOP_EXTRA_FIELD )
    {
        if ( !(p = take(r, 4)) || !take(r, be32(p)) || !take(r, 4) )
            goto truncated;
    }
    return 0;
truncated:
    return xg_fail(err, errlen, "lzo: truncated lzop header");
}

static int lzop_block(struct lzop_reader *r, uint32_t dlen, uint32_t clen,
                      unsigned int block, struct xg_outbuf *ob, char *err,
                      size_t errlen)
{
    const uint8_t *sums, *data;
    unsigned int nsums =
        !!(r->flags & LZOP_ADLER32_D) + !!(r->flags & LZOP_CRC32_D);
    lzo_uint out_len = dlen;

    if ( clen < dlen )
        nsums += !!(r->flags & LZOP_ADLER32_C) + !!(r->flags & LZOP_CRC32_C);
    if ( !(sums = take(r, 4 * nsums)) || !(data = take(r, clen)) )
        return xg_fail(err, errlen, "lzo: block %u runs past the end", block);
    if ( xg_outbuf_reserve(ob, dlen) )
        return xg_fail_too_big("lzo", ob, err, errlen);
    if ( clen == dlen ) /* stored as is */
        memcpy(ob->p + ob->len, data, dlen);
    else if ( lzo1x_decompress_safe(data, clen, ob->p + ob->len, &out_len,
                                    NULL) != LZO_E_OK ||
              out_len != dlen )
        return xg_fail(err, errlen, "lzo: block %u is corrupt", block);
    /* The first checksum is of the uncompressed data (Adler-32 first). */
    if ( (r->flags & (LZOP_ADLER32_D | LZOP_CRC32_D)) &&
         be32(sums) !=
             lzop_sum(!(r->flags & LZOP_ADLER32_D), ob->p + ob->len, dlen) )
        return xg_fail(err, errlen, "lzo: block %u fails its checksum", block);
    ob->len += dlen;
    return 0;
}

int xg_decode_lzop(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                   char *err, size_t errlen)
{
    struct lzop_reader r = { .in = in, .len = len };
    unsigned int block;
    const uint8_t *p;

    if ( len < LZOP_MAGIC_LEN ||
         memcmp(in, "\x89LZO\0\r\n\x1a\n", LZOP_MAGIC_LEN) )
        return xg_fail(err, errlen, "lzo: not an lzop file");
    if ( lzo_init() != LZO_E_OK )
        return xg_fail(err, errlen, "lzo: cannot start liblzo2");
    if ( lzop_header(&r, err, errlen) )
        return -1;
    for ( block = 0;; block++ )
    {
        uint32_t dlen, clen;

        if ( !(p = take(&r, 4)) )
            return xg_fail(err, errlen, "lzo: truncated at block %u", block);
        dlen = be32(p);
        if ( !dlen ) /* the end */
            return 0;
        if ( !(p = take(&r, 4)) )
            return xg_fail(err, errlen, "lzo: truncated at block %u", block);
        clen = be32(p);
        if ( dlen > LZOP_MAX_BLOCK || !clen || clen > dlen )
            return xg_fail(err, errlen,
                           "lzo: block %u has bad sizes (%u from %u bytes)",
                           block, dlen, clen);
        if ( lzop_block(&r, dlen, clen, block, ob, err, errlen) )
            return -1;
    }
}
