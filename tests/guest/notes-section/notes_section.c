/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * notes-section: a kernel whose Xen notes live only in a SHT_NOTE
 * section, with no PT_NOTE program header (kernel.lds here), as Xen's
 * own Mini-OS links. Xen's loader falls back to the sections; so must the
 * builder: booting at all is the test, and the boot looks as usual.
 * (Not main.c: tests/guest/notes.mk links it, not guest.mk.)
 */
#include "xtf.h"
#include <public/version.h>

const char test_title[] = "Xen notes in a SHT_NOTE section only";

extern char hypercall_page[];

void test_main(void)
{
    CHECK(!strncmp(start_info.magic, "xen-3.0-x86_64", 14), "magic '%s'",
          start_info.magic);
    CHECK(start_info.nr_pt_frames >= 4, "nr_pt_frames %lu",
          start_info.nr_pt_frames);
    CHECK(((uint64_t *)start_info.mfn_list)[7] == 7, "p2m is not identity");
    /* The HYPERCALL_PAGE note was read from the section: it is filled. */
    CHECK((uint8_t)hypercall_page[0] != 0xcc, "hypercall page not written");
    CHECK_RC(HYPERVISOR_xen_version(XENVER_pagesize, 0), 4096);
}
