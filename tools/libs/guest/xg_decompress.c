/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_decompress.c: the stream formats a Linux kernel may be compressed
 * with, each undone by its Debian library: gzip (zlib), bzip2 (libbz2),
 * xz and lzma (liblzma), zstd (libzstd). Each decoder stops at the end
 * of its stream (Linux appends the uncompressed size after it), grows
 * its output only up to the buffer's limit, and names what went wrong.
 */
#include <bzlib.h>
#include <limits.h>
#include <lzma.h>
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

#include "xg_private.h"

/* liblzma may use this much for its dictionary (Linux uses 32 MiB). */
#define LZMA_MEMLIMIT (256ULL << 20)

int xg_outbuf_reserve(struct xg_outbuf *ob, size_t extra)
{
    size_t want, cap;
    uint8_t *p;

    if ( ob->cap - ob->len >= extra )
        return 0;
    if ( ob->len >= ob->max )
        return -1;
    want = extra > ob->max - ob->len ? ob->max : ob->len + extra;
    cap = ob->cap ? ob->cap : want;
    while ( cap < want )
        cap = cap > ob->max / 2 ? ob->max : cap * 2;
    p = realloc(ob->p, cap ? cap : 1);
    if ( !p )
        return -1;
    ob->p = p;
    ob->cap = cap;
    return 0;
}

int xg_fail_too_big(const char *format, const struct xg_outbuf *ob, char *err,
                    size_t errlen)
{
    return xg_fail(err, errlen,
                   "%s: the decompressed kernel would exceed %zu KiB, the "
                   "domain's memory (a decompression bomb?)",
                   format, ob->max >> 10);
}

/* Grow for a decoder that has filled its buffer; -1 with the reason. */
static int grow(const char *format, struct xg_outbuf *ob, char *err,
                size_t errlen)
{
    if ( ob->len >= ob->max )
        return xg_fail_too_big(format, ob, err, errlen);
    if ( xg_outbuf_reserve(ob, ob->cap - ob->len + (ob->cap >> 1) + 4096) )
        return xg_fail(err, errlen, "%s: out of memory", format);
    return 0;
}

static int check_input(const char *format, size_t len, char *err, size_t errlen)
{
    if ( len > UINT_MAX )
        return xg_fail(err, errlen, "%s: compressed image too large", format);
    return 0;
}

int xg_decode_gzip(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                   char *err, size_t errlen)
{
    z_stream zs = { .next_in = (Bytef *)in, .avail_in = len };
    int rc = Z_OK;

    if ( check_input("gzip", len, err, errlen) )
        return -1;
    if ( inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK )
        return xg_fail(err, errlen, "gzip: cannot start zlib");
    while ( rc != Z_STREAM_END )
    {
        if ( ob->len == ob->cap && grow("gzip", ob, err, errlen) )
            break;
        zs.next_out = ob->p + ob->len;
        zs.avail_out = ob->cap - ob->len;
        rc = inflate(&zs, Z_NO_FLUSH);
        ob->len = ob->cap - zs.avail_out;
        if ( rc == Z_BUF_ERROR && !zs.avail_in )
            xg_fail(err, errlen, "gzip: truncated stream");
        else if ( rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR )
            xg_fail(err, errlen, "gzip: corrupt stream (%s)",
                    zs.msg ? zs.msg : zError(rc));
        else
            continue;
        break;
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END ? 0 : -1;
}

int xg_decode_bzip2(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                    char *err, size_t errlen)
{
    bz_stream bs = { .next_in = (char *)in, .avail_in = len };
    int rc = BZ_OK;

    if ( check_input("bzip2", len, err, errlen) )
        return -1;
    if ( BZ2_bzDecompressInit(&bs, 0, 0) != BZ_OK )
        return xg_fail(err, errlen, "bzip2: cannot start libbz2");
    while ( rc != BZ_STREAM_END )
    {
        if ( ob->len == ob->cap && grow("bzip2", ob, err, errlen) )
            break;
        bs.next_out = (char *)ob->p + ob->len;
        bs.avail_out = ob->cap - ob->len;
        rc = BZ2_bzDecompress(&bs);
        ob->len = ob->cap - bs.avail_out;
        if ( rc == BZ_OK && !bs.avail_in && bs.avail_out )
            xg_fail(err, errlen, "bzip2: truncated stream");
        else if ( rc != BZ_OK && rc != BZ_STREAM_END )
            xg_fail(err, errlen, "bzip2: corrupt stream (error %d)", rc);
        else
            continue;
        break;
    }
    BZ2_bzDecompressEnd(&bs);
    return rc == BZ_STREAM_END ? 0 : -1;
}

static const char *lzma_reason(lzma_ret rc)
{
    switch ( rc )
    {
    case LZMA_MEM_ERROR:
        return "out of memory";
    case LZMA_MEMLIMIT_ERROR:
        return "needs more than 256 MiB to decode";
    case LZMA_FORMAT_ERROR:
        return "not in this format";
    case LZMA_OPTIONS_ERROR:
        return "unsupported options";
    case LZMA_DATA_ERROR:
        return "corrupt data";
    case LZMA_BUF_ERROR:
        return "truncated stream";
    default:
        return "decoder error";
    }
}

/* xz and lzma ("alone") streams share liblzma's loop. */
static int decode_liblzma(const char *format, lzma_stream *s, const uint8_t *in,
                          size_t len, struct xg_outbuf *ob, char *err,
                          size_t errlen)
{
    lzma_ret rc = LZMA_OK;

    s->next_in = in;
    s->avail_in = len;
    while ( rc == LZMA_OK )
    {
        if ( ob->len == ob->cap && grow(format, ob, err, errlen) )
            break;
        s->next_out = ob->p + ob->len;
        s->avail_out = ob->cap - ob->len;
        rc = lzma_code(s, LZMA_FINISH);
        ob->len = ob->cap - s->avail_out;
    }
    lzma_end(s);
    if ( rc == LZMA_STREAM_END )
        return 0;
    if ( rc != LZMA_OK )
        xg_fail(err, errlen, "%s: %s", format, lzma_reason(rc));
    return -1;
}

int xg_decode_xz(const uint8_t *in, size_t len, struct xg_outbuf *ob, char *err,
                 size_t errlen)
{
    lzma_stream s = LZMA_STREAM_INIT;

    if ( lzma_stream_decoder(&s, LZMA_MEMLIMIT, 0) != LZMA_OK )
        return xg_fail(err, errlen, "xz: cannot start liblzma");
    return decode_liblzma("xz", &s, in, len, ob, err, errlen);
}

int xg_decode_lzma(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                   char *err, size_t errlen)
{
    lzma_stream s = LZMA_STREAM_INIT;

    if ( lzma_alone_decoder(&s, LZMA_MEMLIMIT) != LZMA_OK )
        return xg_fail(err, errlen, "lzma: cannot start liblzma");
    return decode_liblzma("lzma", &s, in, len, ob, err, errlen);
}

int xg_decode_zstd(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                   char *err, size_t errlen)
{
    ZSTD_DStream *ds = ZSTD_createDStream();
    ZSTD_inBuffer ib = { .src = in, .size = len };
    size_t rc = 1;

    if ( !ds )
        return xg_fail(err, errlen, "zstd: cannot start libzstd");
    /* One frame; rc is 0 once it is complete and flushed. */
    while ( rc )
    {
        ZSTD_outBuffer obuf;

        if ( ob->len == ob->cap && grow("zstd", ob, err, errlen) )
            break;
        obuf = (ZSTD_outBuffer){ ob->p, ob->cap, ob->len };
        rc = ZSTD_decompressStream(ds, &obuf, &ib);
        ob->len = obuf.pos;
        if ( ZSTD_isError(rc) )
            xg_fail(err, errlen, "zstd: %s", ZSTD_getErrorName(rc));
        else if ( rc && ib.pos == ib.size && obuf.pos < obuf.size )
            xg_fail(err, errlen, "zstd: truncated stream");
        else
            continue;
        break;
    }
    ZSTD_freeDStream(ds);
    return rc ? -1 : 0;
}
