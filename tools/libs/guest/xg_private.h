/* SPDX-License-Identifier: LGPL-2.1-only */
/* xg_private.h: helpers shared by the files of libxenguest. */
#ifndef XG_PRIVATE_H
#define XG_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <xenguest.h>

#define XG_PAGE_SHIFT 12
#define XG_PAGE_SIZE 4096ULL
#define XG_ROUNDUP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))

/* The 64-bit PV hypervisor range no guest mapping may touch (Xen's). */
#define XG_HYPERVISOR_VIRT_START 0xffff800000000000ULL
#define XG_HYPERVISOR_VIRT_END 0xffff880000000000ULL

/* Format a reason into err and return -1. */
int xg_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* [off, off+len) lies inside something of `size` bytes. */
static inline int xg_in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/*
 * [start, end) is a usable guest virtual range: canonical, not wrapping,
 * clear of the hypervisor's range. 0 if so, else -1 with a reason.
 */
int xg_check_guest_range(const char *what, uint64_t start, uint64_t end,
                         char *err, size_t errlen);

/* Xen notes (xg_elf_notes.c). */

/* Xen's cap on the notes of one image, whatever their sources. */
#define XG_MAX_NOTES 65536

/*
 * Apply the notes named "Xen" in a block of ELF notes (a PT_NOTE segment
 * or SHT_NOTE section, len bytes at p, bounds already checked). Counts
 * them in *found and all notes in *total.
 */
int xg_parse_note_block(struct xc_elf_image *img, const uint8_t *p,
                        uint64_t len, unsigned int *total, unsigned int *found,
                        char *err, size_t errlen);

/* Apply the legacy "__xen_guest" string (len bytes at s, no NUL needed). */
int xg_parse_xen_guest(struct xc_elf_image *img, const uint8_t *s, uint64_t len,
                       char *err, size_t errlen);

/* Kernel decompression (xg_decompress.c, xg_decompress_framed.c). */

/* Growable output buffer of a decompressor, never beyond max bytes. */
struct xg_outbuf {
    uint8_t *p;
    size_t len, cap, max;
};

/* Room for at least `extra` more bytes (up to max); -1 when at max. */
int xg_outbuf_reserve(struct xg_outbuf *ob, size_t extra);

/* A decoder: all of in, into ob; -1 with a reason in err. */
typedef int xg_decoder_fn(const uint8_t *in, size_t len, struct xg_outbuf *ob,
                          char *err, size_t errlen);

xg_decoder_fn xg_decode_gzip, xg_decode_bzip2, xg_decode_xz, xg_decode_lzma,
    xg_decode_zstd, xg_decode_lz4_legacy, xg_decode_lzop;

/* The reason when a decoder would need more than ob->max bytes. */
int xg_fail_too_big(const char *format, const struct xg_outbuf *ob, char *err,
                    size_t errlen);

#endif /* XG_PRIVATE_H */
