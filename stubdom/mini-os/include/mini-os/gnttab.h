/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gnttab.h: the guest's grant table (version 1). A frontend grants a
 * backend domain access to one of its frames, read-only or writable,
 * and ends the access once the backend is done with it; the entry can
 * only be taken back while the hypervisor shows it neither mapped nor
 * being copied (GTF_reading, GTF_writing clear).
 */
#ifndef MINIOS_GNTTAB_H
#define MINIOS_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>

#include <public/grant_table.h>

/* Frames asked for with GNTTABOP_setup_table: 512 entries each. */
#define GNTTAB_NR_FRAMES 4
#define GNTTAB_NR_ENTRIES (GNTTAB_NR_FRAMES * 512)

/* No grant: reference 0 is the console's, never handed out. */
#define GNTTAB_INVALID_REF ((grant_ref_t)0)

/* Set the table up and map it (once; later calls do nothing): 0 or -errno. */
int gnttab_init(void);

/* Grant domid access to frame; GNTTAB_INVALID_REF if none is left. */
grant_ref_t gnttab_grant_access(domid_t domid, unsigned long frame,
                                bool readonly);

/*
 * Take the grant back and free its reference: 0, or -XEN_EBUSY if the
 * grantee still has it mapped or is copying (the grant stays; try
 * again later), -XEN_EINVAL for a reference that was not handed out.
 */
int gnttab_end_access(grant_ref_t ref);

/* The grantee has the grant mapped or is copying it right now. */
bool gnttab_in_use(grant_ref_t ref);

/* References still free. */
unsigned int gnttab_free_count(void);

/* The entry itself (tests look at what the hypervisor sees). */
volatile grant_entry_v1_t *gnttab_entry(grant_ref_t ref);

#endif /* MINIOS_GNTTAB_H */
