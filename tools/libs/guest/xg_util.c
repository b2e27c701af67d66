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

/* Canonical: bits 63..47 all equal (48-bit virtual addresses). */
static int canonical(uint64_t va)
{
    uint64_t top = va >> 47;

    return top == 0 || top == 0x1ffff;
}

int xg_check_guest_range(const char *what, uint64_t start, uint64_t end,
                         char *err, size_t errlen)
{
    if ( end < start )
        return xg_fail(err, errlen, "%s wraps the address space", what);
    if ( end == start )
        return 0;
    if ( !canonical(start) || !canonical(end - 1) ||
         (start < XG_HYPERVISOR_VIRT_START && end - 1 >= (1ULL << 47)) )
        return xg_fail(err, errlen,
                       "%s [%#llx, %#llx) is not canonical (or spans the "
                       "non-canonical hole)",
                       what, (unsigned long long)start,
                       (unsigned long long)end);
    if ( start < XG_HYPERVISOR_VIRT_END && end > XG_HYPERVISOR_VIRT_START )
        return xg_fail(err, errlen,
                       "%s [%#llx, %#llx) overlaps the hypervisor's range "
                       "[%#llx, %#llx)",
                       what, (unsigned long long)start, (unsigned long long)end,
                       (unsigned long long)XG_HYPERVISOR_VIRT_START,
                       (unsigned long long)XG_HYPERVISOR_VIRT_END);
    return 0;
}
