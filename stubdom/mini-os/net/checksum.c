/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * checksum.c: the Internet checksum (RFC 1071): the ones'-complement sum
 * of 16-bit big-endian words, an odd last byte padded with zero.
 */
#include "net_internal.h"

uint32_t csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
    uint64_t acc = sum;
    size_t i;

    for ( i = 0; i + 1 < len; i += 2 )
        acc += (uint32_t)(data[i] << 8 | data[i + 1]);
    if ( len & 1 )
        acc += (uint32_t)data[len - 1] << 8;
    while ( acc >> 32 )
        acc = (acc & 0xffffffffULL) + (acc >> 32);
    return (uint32_t)acc;
}

uint16_t csum_fold(uint32_t sum)
{
    while ( sum >> 16 )
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The pseudo-header of TCP and UDP over IPv4. */
uint32_t csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    uint64_t acc = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
                   proto + (uint32_t)len;

    while ( acc >> 32 )
        acc = (acc & 0xffffffffULL) + (acc >> 32);
    return (uint32_t)acc;
}
