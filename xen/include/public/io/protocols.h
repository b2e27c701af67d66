/* SPDX-License-Identifier: MIT */
/* io/protocols.h: names of the ring ABIs a frontend may announce. */
#ifndef __XEN_PUBLIC_IO_PROTOCOLS_H__
#define __XEN_PUBLIC_IO_PROTOCOLS_H__

#define XEN_IO_PROTO_ABI_X86_32 "x86_32-abi"
#define XEN_IO_PROTO_ABI_X86_64 "x86_64-abi"
#define XEN_IO_PROTO_ABI_ARM    "arm-abi"
#define XEN_IO_PROTO_ABI_NATIVE XEN_IO_PROTO_ABI_X86_64

#endif /* __XEN_PUBLIC_IO_PROTOCOLS_H__ */
