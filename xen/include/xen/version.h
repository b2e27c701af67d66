/* SPDX-License-Identifier: GPL-2.0-only */
/* version.h: the version this hypervisor reports (xen_version, xl info). */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 19
#define XEN_VERSION_EXTRA ".0-kvmpv"
#define XEN_CHANGESET "unavailable"

void version_set_cmdline(int argc, char **argv);
const char *version_cmdline(void);

#endif /* XEN_VERSION_H */
