/* SPDX-License-Identifier: LGPL-2.1-only */
/* xg_util.c: small helpers of libxenguest. */
#include <stdarg.h>
#include <stdio.h>

#include "xg_private.h"

int xg_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}
