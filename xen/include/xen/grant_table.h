/* SPDX-License-Identifier: GPL-2.0-only */
/* grant_table.h: per-domain grant tables (grant_table.c). */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

struct domain;

int grant_table_init(struct domain *d);
void grant_table_destroy(struct domain *d);

#endif /* XEN_GRANT_TABLE_H */
