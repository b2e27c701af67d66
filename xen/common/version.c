/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * version.c: the xen_version hypercall: version numbers, build
 * information, capabilities and the feature bits this hypervisor offers.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <public/features.h>
#include <public/version.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/version.h>

static char hypervisor_cmdline[1024];

void version_set_cmdline(int argc, char **argv)
{
    size_t used = 0;
    int i;

    for ( i = 1; i < argc && used < sizeof(hypervisor_cmdline) - 1; i++ )
    {
        int n = snprintf(hypervisor_cmdline + used,
                         sizeof(hypervisor_cmdline) - used, "%s%s",
                         i > 1 ? " " : "", argv[i]);

        if ( n < 0 )
            break;
        used = min(used + n, sizeof(hypervisor_cmdline) - 1);
    }
}

const char *version_cmdline(void)
{
    return hypervisor_cmdline;
}

/* Feature bits of submap 0 this hypervisor offers to guests. */
static uint32_t feature_submap0(const struct domain *d)
{
    /*
     * Guests write their own page tables (DESIGN.md: no exit needed). As
     * Xen for every PV guest: mmu_update keeps A/D bits on request,
     * highmem assist (nothing to do on 64-bit), grant PTEs carry the
     * guest's avail bits. Linux refuses to boot without the first and last.
     */
    uint32_t map = (1U << XENFEAT_writable_page_tables) |
                   (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                   (1U << XENFEAT_highmem_assist) |
                   (1U << XENFEAT_gnttab_map_avail_bits);

    if ( d->is_privileged )
        map |= 1U << XENFEAT_dom0;
    return map;
}

static long put_string(uint64_t arg, const char *s, size_t field_len)
{
    char buf[1024] = { 0 };

    ASSERT(field_len <= sizeof(buf));
    strncpy(buf, s, field_len - 1);
    return copy_to_guest(arg, buf, field_len) ? -EFAULT : 0;
}

long do_xen_version(int cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch ( cmd )
    {
    case XENVER_version:
        return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;

    case XENVER_extraversion:
        return put_string(arg, XEN_VERSION_EXTRA, sizeof(xen_extraversion_t));

    case XENVER_compile_info:
    {
        xen_compile_info_t info;

        memset(&info, 0, sizeof(info));
        strncpy(info.compiler, "gcc " __VERSION__, sizeof(info.compiler) - 1);
        strncpy(info.compile_by, "root", sizeof(info.compile_by) - 1);
        strncpy(info.compile_domain, "localdomain",
                sizeof(info.compile_domain) - 1);
        strncpy(info.compile_date, __DATE__ " " __TIME__,
                sizeof(info.compile_date) - 1);
        return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
    }

    case XENVER_capabilities:
        return put_string(arg, "xen-3.0-x86_64",
                          sizeof(xen_capabilities_info_t));

    case XENVER_changeset:
        return put_string(arg, XEN_CHANGESET, sizeof(xen_changeset_info_t));

    case XENVER_platform_parameters:
    {
        xen_platform_parameters_t params = {
            .virt_start = HYPERVISOR_VIRT_START,
        };

        return copy_to_guest(arg, &params, sizeof(params)) ? -EFAULT : 0;
    }

    case XENVER_get_features:
    {
        xen_feature_info_t fi;

        if ( copy_from_guest(&fi, arg, sizeof(fi)) )
            return -EFAULT;
        fi.submap = fi.submap_idx == 0 ? feature_submap0(d) : 0;
        return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }

    case XENVER_pagesize:
        return PAGE_SIZE;

    case XENVER_guest_handle:
        return copy_to_guest(arg, d->handle, sizeof(d->handle)) ? -EFAULT : 0;

    case XENVER_commandline:
        if ( !d->is_privileged )
            return -EPERM;
        return put_string(arg, hypervisor_cmdline, sizeof(xen_commandline_t));

    default:
        return -ENOSYS;
    }
}
