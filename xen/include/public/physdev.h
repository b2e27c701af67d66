/* SPDX-License-Identifier: MIT */
/*
 * physdev.h: the physdev_op hypercall. A PV domain without devices uses
 * it for its virtual I/O privilege level.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

/* Set the vCPU's virtual IOPL (0-3) for port I/O from its kernel. */
#define PHYSDEVOP_set_iopl 6
struct physdev_set_iopl {
    uint32_t iopl; /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
