/* SPDX-License-Identifier: LGPL-2.1-only */
/* xg_private.h: helpers shared by the files of libxenguest. */
#ifndef XG_PRIVATE_H
#define XG_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <xenguest.h>

/* Format a reason into err and return -1. */
int xg_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copy the PT_LOAD segments of a parsed image into guest memory. */
int xc_elf_load(const struct xc_elf_image *img, uint8_t *guest,
                size_t guest_size);

#endif /* XG_PRIVATE_H */
