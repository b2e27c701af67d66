/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gnttab.c: the guest's grant table. GNTTABOP_setup_table gives the
 * domain GNTTAB_NR_FRAMES frames (hypervisor-owned); they are mapped
 * over pages of the kernel image, as shared_info is, in one multicall.
 *
 * A grant is written domid and frame first, then (after a write
 * barrier) the flags that make it valid, so the hypervisor never sees a
 * valid entry with stale contents. It is taken back by clearing the
 * flags with a compare-and-exchange that fails if the hypervisor set
 * GTF_reading or GTF_writing meanwhile: the entry is only free once a
 * mapping or copy of it has ended.
 *
 * Free references form a stack; references below
 * GNTTAB_NR_RESERVED_ENTRIES (console, xenstore) are never handed out.
 */
#include <mini-os/gnttab.h>
#include <mini-os/os.h>
#include <public/errno.h>

static char table_pages[GNTTAB_NR_FRAMES][PAGE_SIZE]
    __attribute__((aligned(PAGE_SIZE)));
static grant_entry_v1_t *table;

static grant_ref_t free_refs[GNTTAB_NR_ENTRIES];
static unsigned int nr_free;
static uint8_t handed_out[GNTTAB_NR_ENTRIES / 8];

static bool is_handed_out(grant_ref_t ref)
{
    return handed_out[ref / 8] & (1U << (ref % 8));
}

static void mark(grant_ref_t ref, bool out)
{
    if ( out )
        handed_out[ref / 8] |= 1U << (ref % 8);
    else
        handed_out[ref / 8] &= ~(1U << (ref % 8));
}

static int map_frames(const xen_pfn_t *frames)
{
    multicall_entry_t calls[GNTTAB_NR_FRAMES];
    unsigned int i;

    for ( i = 0; i < GNTTAB_NR_FRAMES; i++ )
        calls[i] = (multicall_entry_t){
            .op = __HYPERVISOR_update_va_mapping,
            .args = { (unsigned long)table_pages[i], (frames[i] << 12) | 7,
                      i + 1 == GNTTAB_NR_FRAMES ? UVMF_TLB_FLUSH : UVMF_NONE },
        };
    if ( HYPERVISOR_multicall(calls, GNTTAB_NR_FRAMES) )
        return -XEN_EFAULT;
    for ( i = 0; i < GNTTAB_NR_FRAMES; i++ )
        if ( calls[i].result )
            return (int)calls[i].result;
    return 0;
}

int gnttab_init(void)
{
    xen_pfn_t frames[GNTTAB_NR_FRAMES];
    struct gnttab_setup_table setup = {
        .dom = DOMID_SELF,
        .nr_frames = GNTTAB_NR_FRAMES,
    };
    grant_ref_t ref;
    long rc;

    if ( table )
        return 0;
    set_xen_guest_handle(setup.frame_list, frames);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    if ( rc )
        return (int)rc;
    if ( setup.status != GNTST_okay )
        return -XEN_EINVAL;
    rc = map_frames(frames);
    if ( rc )
        return (int)rc;
    table = (grant_entry_v1_t *)table_pages;
    nr_free = 0;
    for ( ref = GNTTAB_NR_ENTRIES - 1; ref >= GNTTAB_NR_RESERVED_ENTRIES;
          ref-- )
        free_refs[nr_free++] = ref;
    return 0;
}

grant_ref_t gnttab_grant_access(domid_t domid, unsigned long frame,
                                bool readonly)
{
    grant_ref_t ref;

    if ( !table || !nr_free || frame > UINT32_MAX )
        return GNTTAB_INVALID_REF;
    ref = free_refs[--nr_free];
    mark(ref, true);
    table[ref].domid = domid;
    table[ref].frame = (uint32_t)frame;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(&table[ref].flags,
                     GTF_permit_access | (readonly ? GTF_readonly : 0),
                     __ATOMIC_RELEASE);
    return ref;
}

bool gnttab_in_use(grant_ref_t ref)
{
    if ( !table || ref >= GNTTAB_NR_ENTRIES )
        return false;
    return __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE) &
           (GTF_reading | GTF_writing);
}

int gnttab_end_access(grant_ref_t ref)
{
    uint16_t flags;

    if ( !table || ref >= GNTTAB_NR_ENTRIES || !is_handed_out(ref) )
        return -XEN_EINVAL;
    flags = __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE);
    do
    {
        if ( flags & (GTF_reading | GTF_writing) )
            return -XEN_EBUSY;
    } while ( !__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false,
                                           __ATOMIC_ACQ_REL,
                                           __ATOMIC_ACQUIRE) );
    mark(ref, false);
    free_refs[nr_free++] = ref;
    return 0;
}

unsigned int gnttab_free_count(void)
{
    return nr_free;
}

volatile grant_entry_v1_t *gnttab_entry(grant_ref_t ref)
{
    return table && ref < GNTTAB_NR_ENTRIES ? &table[ref] : NULL;
}
