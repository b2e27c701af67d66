/* SPDX-License-Identifier: GPL-2.0-only */
/* tools.h: the parts of the xenstore command-line tools (xenstore.c). */
#ifndef XENSTORE_CLIENTS_TOOLS_H
#define XENSTORE_CLIENTS_TOOLS_H

#include <stdbool.h>

#include <xenstore.h>

/* xenstore-ls of n paths ("/" if none); exits 1 on a path it cannot list. */
void ls_paths(struct xs_handle *h, char **paths, int n, bool full, bool perms);
/* xenstore-control, as Xen's own program. */
int control_main(int argc, char **argv);

#endif
