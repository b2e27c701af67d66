/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-guest-section: a kernel with no Xen ELF notes, only the legacy
 * "__xen_guest" section string that kernels before Xen 3.0.4 carried.
 * Xen's loader still reads it (with PADDR_OFFSET defaulting to
 * VIRT_BASE, the entry to e_entry, HYPERCALL_PAGE a frame number); so
 * must the builder. (Not main.c: tests/guest/notes.mk links it.)
 */
#include "xtf.h"
#include <public/version.h>

const char test_title[] = "legacy __xen_guest section";

/* kernel.lds asserts that _start and hypercall_page are where this says. */
static const char xen_guest[] __attribute__((section("__xen_guest"), used)) =
    "GUEST_OS=mini-os,XEN_VER=xen-3.0,LOADER=generic,"
    "VIRT_BASE=0xffffffff80000000,HYPERCALL_PAGE=0x1";

extern char hypercall_page[];

void test_main(void)
{
    CHECK(!strncmp(start_info.magic, "xen-3.0-x86_64", 14), "magic '%s'",
          start_info.magic);
    CHECK(((uint64_t *)start_info.mfn_list)[3] == 3, "p2m is not identity");
    CHECK((uint8_t)hypercall_page[0] != 0xcc, "hypercall page not written");
    CHECK_RC(HYPERVISOR_xen_version(XENVER_pagesize, 0), 4096);
}
