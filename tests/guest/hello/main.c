/* SPDX-License-Identifier: GPL-2.0-only */
/* hello: the boot protocol: start_info, shared_info, version queries. */
#include "xtf.h"
#include <public/version.h>
#include <public/features.h>

const char test_title[] = "boot protocol and xen_version";

void test_main(void)
{
    xen_feature_info_t fi = { .submap_idx = 0 };
    xen_capabilities_info_t caps;
    long ver = HYPERVISOR_xen_version(XENVER_version, 0);

    printk("Hello from a test kernel\n");
    CHECK(!strncmp(start_info.magic, "xen-3.0-x86_64", 14), "magic '%s'",
          start_info.magic);
    CHECK(start_info.nr_pages >= 256, "nr_pages %lu", start_info.nr_pages);
    CHECK(start_info.shared_info == XEN_SPECIAL_PFN_BASE << 12,
          "shared_info %#lx", start_info.shared_info);
    CHECK(start_info.store_mfn && start_info.store_mfn < start_info.nr_pages,
          "store_mfn %#lx", start_info.store_mfn);
    CHECK(start_info.console.domU.mfn < start_info.nr_pages, "console mfn");
    CHECK(start_info.store_evtchn && start_info.console.domU.evtchn &&
              start_info.store_evtchn != start_info.console.domU.evtchn,
          "event channels %u/%u", start_info.store_evtchn,
          start_info.console.domU.evtchn);
    CHECK(start_info.nr_pt_frames >= 4, "nr_pt_frames %lu",
          start_info.nr_pt_frames);
    CHECK(((uint64_t *)start_info.mfn_list)[5] == 5, "p2m is not identity");
    CHECK(ver == ((4 << 16) | 19), "version %#lx", ver);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_pagesize, 0), 4096);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_capabilities, caps), 0);
    CHECK(!strncmp(caps, "xen-3.0-x86_64", 14), "capabilities '%s'", caps);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    CHECK(fi.submap & (1U << XENFEAT_writable_page_tables), "features %#x",
          fi.submap);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_commandline, caps),
             XEN_ERR(XEN_EPERM));
    CHECK_RC(HYPERVISOR_xen_version(99, 0), XEN_ERR(XEN_ENOSYS));
}
