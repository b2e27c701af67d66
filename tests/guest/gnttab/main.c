/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gnttab: the guest's grant-table API (stubdom/mini-os/gnttab.c). The
 * table frames come from GNTTABOP_setup_table and are mapped; a grant
 * fills its entry as the hypervisor reads it (domid, frame, flags with
 * GTF_readonly for a read-only grant); ending access clears it unless
 * the hypervisor marks it in use (GTF_reading/GTF_writing, written here
 * by hand as the hypervisor writes them while a backend maps or copies);
 * every reference but the reserved ones can be handed out, and refused
 * when none is left.
 */
#include "xtf.h"
#include <mini-os/gnttab.h>

const char test_title[] = "grant table API";

static char page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void check_table_size(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };

    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    CHECK(q.status == GNTST_okay, "query_size status %d", q.status);
    CHECK(q.nr_frames == GNTTAB_NR_FRAMES, "table has %u frames, asked %u",
          q.nr_frames, GNTTAB_NR_FRAMES);
}

static void check_grant_entry(bool readonly)
{
    unsigned long frame = virt_to_mfn(page);
    grant_ref_t ref = gnttab_grant_access(7, frame, readonly);
    volatile grant_entry_v1_t *e = gnttab_entry(ref);
    uint16_t want = GTF_permit_access | (readonly ? GTF_readonly : 0);

    CHECK(ref >= GNTTAB_NR_RESERVED_ENTRIES, "ref %u is reserved", ref);
    if ( !e )
        return;
    CHECK(e->domid == 7 && e->frame == frame && e->flags == want,
          "entry %u: domid %u frame %#x flags %#x", ref, e->domid, e->frame,
          e->flags);
    CHECK(!gnttab_in_use(ref), "a fresh grant looks in use");
    CHECK_RC(gnttab_end_access(ref), 0);
    CHECK(e->flags == 0, "ended grant keeps flags %#x", e->flags);
    CHECK_RC(gnttab_end_access(ref), XEN_ERR(XEN_EINVAL));
}

/* The hypervisor marks a grant in use: it cannot be taken back. */
static void check_busy_grant(uint16_t in_use)
{
    grant_ref_t ref = gnttab_grant_access(0, virt_to_mfn(page), false);
    volatile grant_entry_v1_t *e = gnttab_entry(ref);
    unsigned int free_before = gnttab_free_count();

    if ( !e )
    {
        xtf_failure("no grant");
        return;
    }
    __atomic_fetch_or(&e->flags, in_use, __ATOMIC_SEQ_CST);
    CHECK(gnttab_in_use(ref), "flags %#x not seen as in use", e->flags);
    CHECK_RC(gnttab_end_access(ref), XEN_ERR(XEN_EBUSY));
    CHECK(e->flags == (GTF_permit_access | in_use),
          "refused end changed flags to %#x", e->flags);
    CHECK(gnttab_free_count() == free_before, "a busy ref went back free");
    __atomic_fetch_and(&e->flags, (uint16_t)~in_use, __ATOMIC_SEQ_CST);
    CHECK_RC(gnttab_end_access(ref), 0);
    CHECK(gnttab_free_count() == free_before + 1, "ref not freed");
}

static void check_exhaustion(void)
{
    static grant_ref_t refs[GNTTAB_NR_ENTRIES];
    unsigned int n = 0, i;
    grant_ref_t r;

    while ( (r = gnttab_grant_access(0, virt_to_mfn(page), true)) !=
            GNTTAB_INVALID_REF )
    {
        if ( n == GNTTAB_NR_ENTRIES )
            break;
        refs[n++] = r;
    }
    CHECK(n == GNTTAB_NR_ENTRIES - GNTTAB_NR_RESERVED_ENTRIES,
          "%u grants before refusal, expected %u", n,
          GNTTAB_NR_ENTRIES - GNTTAB_NR_RESERVED_ENTRIES);
    for ( i = 0; i < n; i++ )
        CHECK(refs[i] >= GNTTAB_NR_RESERVED_ENTRIES,
              "reserved ref %u handed out", refs[i]);
    for ( i = 0; i < n; i++ )
        if ( gnttab_end_access(refs[i]) )
        {
            xtf_failure("ref %u not taken back", refs[i]);
            break;
        }
    CHECK(gnttab_free_count() == n, "%u free after ending all",
          gnttab_free_count());
}

void test_main(void)
{
    CHECK_RC(gnttab_init(), 0);
    CHECK_RC(gnttab_init(), 0);
    check_table_size();
    CHECK_RC(gnttab_end_access(3), XEN_ERR(XEN_EINVAL));
    CHECK_RC(gnttab_end_access(GNTTAB_NR_ENTRIES), XEN_ERR(XEN_EINVAL));
    check_grant_entry(false);
    check_grant_entry(true);
    check_busy_grant(GTF_writing);
    check_busy_grant(GTF_reading);
    check_busy_grant(GTF_reading | GTF_writing);
    check_exhaustion();
}
