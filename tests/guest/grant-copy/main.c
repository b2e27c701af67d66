/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant-copy: GNTTABOP_copy in both directions between a grant and the
 * domain's own frames, in batches longer than a preemption stride, with
 * every hostile argument; and the table operations: cache_flush,
 * swap_grant_ref, dump_table, set_version (v1 only, v2 -ENOSYS),
 * get_version, get_status_frames, and what the hypercall refuses.
 */
#include "xtf.h"
#include "gnttab_test.h"

const char test_title[] = "grant copy and table operations";

#define SRC_REF 8 /* read-only grant of src */
#define DST_REF 9 /* writable grant of dst */
#define SWAP_A 10
#define SWAP_B 11
#define NR_FRAMES 1

static grant_entry_v1_t *gt;
static domid_t self;

#define CHECK_ST(expr, expected)                                               \
    do                                                                         \
    {                                                                          \
        int st_ = (expr);                                                      \
        CHECK(st_ == (expected), "%s: status %d, expected %d", #expr, st_,     \
              (int)(expected));                                                \
    } while ( 0 )

static struct gnttab_copy copy_op(bool src_gref, uint32_t src, domid_t sdom,
                                  uint16_t soff, bool dst_gref, uint32_t dst,
                                  domid_t ddom, uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = {
        .len = len,
        .flags = (src_gref ? GNTCOPY_source_gref : 0) |
                 (dst_gref ? GNTCOPY_dest_gref : 0),
        .status = 1,
    };

    if ( src_gref )
        op.source.u.ref = src;
    else
        op.source.u.gmfn = src;
    op.source.domid = sdom;
    op.source.offset = soff;
    if ( dst_gref )
        op.dest.u.ref = dst;
    else
        op.dest.u.gmfn = dst;
    op.dest.domid = ddom;
    op.dest.offset = doff;
    return op;
}

static int16_t copy(struct gnttab_copy op)
{
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1), 0);
    return op.status;
}

/* Out of a grant, into a grant, and through both at once. */
static void copies(uint8_t *src, uint8_t *dst, uint8_t *local)
{
    unsigned long lmfn = virt_to_mfn(local);
    unsigned int i;

    for ( i = 0; i < PAGE_SIZE; i++ )
        src[i] = (uint8_t)(i * 7 + 1);
    memset(local, 0, PAGE_SIZE);
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 100, false, lmfn, DOMID_SELF,
                          200, 300)),
             GNTST_okay);
    CHECK(local[199] == 0 && local[200] == src[100] && local[499] == src[399] &&
              local[500] == 0,
          "copy from a grant: %#x %#x", local[200], local[499]);

    memset(local, 0xab, PAGE_SIZE);
    CHECK_ST(copy(copy_op(false, lmfn, DOMID_SELF, 0, true, DST_REF, self, 0,
                          PAGE_SIZE)),
             GNTST_okay);
    CHECK(dst[0] == 0xab && dst[4095] == 0xab, "copy to a grant");
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 0, true, DST_REF, DOMID_SELF, 0,
                          PAGE_SIZE)),
             GNTST_okay);
    CHECK(!memcmp(src, dst, PAGE_SIZE), "copy from a grant to a grant");
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 0, true, DST_REF, self, 0, 0)),
             GNTST_okay);
    CHECK(!(gt_flags(gt, SRC_REF) & (GTF_reading | GTF_writing)) &&
              !(gt_flags(gt, DST_REF) & (GTF_reading | GTF_writing)),
          "copies left flags %#x %#x", gt_flags(gt, SRC_REF),
          gt_flags(gt, DST_REF));
}

/* Every way a copy can be wrong, and the code Xen gives it. */
static void hostile_copies(uint8_t *src, uint8_t *local)
{
    unsigned long lmfn = virt_to_mfn(local), smfn = virt_to_mfn(src);
    uint8_t *gone = alloc_page();

    /* Beyond either page. */
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 4000, false, lmfn, DOMID_SELF, 0,
                          200)),
             GNTST_bad_copy_arg);
    CHECK_ST(
        copy(copy_op(true, SRC_REF, self, 0, false, lmfn, DOMID_SELF, 4095, 2)),
        GNTST_bad_copy_arg);
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 0xffff, false, lmfn, DOMID_SELF,
                          0, 0xffff)),
             GNTST_bad_copy_arg);
    /* A frame by number is only the caller's own (DOMID_SELF). */
    CHECK_ST(copy(copy_op(false, smfn, self, 0, false, lmfn, DOMID_SELF, 0, 8)),
             GNTST_permission_denied);
    CHECK_ST(copy(copy_op(false, smfn, 0, 0, false, lmfn, DOMID_SELF, 0, 8)),
             GNTST_permission_denied);
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 0, false, lmfn, 0, 0, 8)),
             GNTST_permission_denied);
    /* Domains that do not exist; domain 0, which grants nothing. */
    CHECK_ST(
        copy(copy_op(true, SRC_REF, 4000, 0, false, lmfn, DOMID_SELF, 0, 8)),
        GNTST_bad_domain);
    CHECK_ST(
        copy(copy_op(false, lmfn, DOMID_SELF, 0, true, DST_REF, 0x7ff4, 0, 8)),
        GNTST_bad_domain);
    CHECK_ST(copy(copy_op(true, SRC_REF, 0, 0, false, lmfn, DOMID_SELF, 0, 8)),
             GNTST_bad_gntref);
    /* References beyond the table. */
    CHECK_ST(copy(copy_op(true, NR_FRAMES * 512, self, 0, false, lmfn,
                          DOMID_SELF, 0, 8)),
             GNTST_bad_gntref);
    CHECK_ST(copy(copy_op(false, lmfn, DOMID_SELF, 0, true, 0x80000000u, self,
                          0, 8)),
             GNTST_bad_gntref);
    /* Into a read-only grant; out of an entry granted to someone else. */
    CHECK_ST(
        copy(copy_op(false, lmfn, DOMID_SELF, 0, true, SRC_REF, self, 0, 8)),
        GNTST_general_error);
    CHECK(!(gt_flags(gt, SRC_REF) & (GTF_reading | GTF_writing)),
          "refused copy left flags %#x", gt_flags(gt, SRC_REF));
    gt[SWAP_A].domid = 0;
    CHECK_ST(
        copy(copy_op(true, SWAP_A, self, 0, false, lmfn, DOMID_SELF, 0, 8)),
        GNTST_general_error);
    gt[SWAP_A].domid = self;
    /* Frames that are not the domain's RAM, or given back. */
    CHECK_ST(copy(copy_op(false, start_info.nr_pages, DOMID_SELF, 0, true,
                          DST_REF, self, 0, 8)),
             GNTST_bad_page);
    CHECK_ST(copy(copy_op(true, SRC_REF, self, 0, false, XEN_SPECIAL_PFN_BASE,
                          DOMID_SELF, 0, 8)),
             GNTST_bad_page);
    if ( gone )
    {
        CHECK_RC(gt_release_frame(virt_to_mfn(gone)), 1);
        CHECK_ST(copy(copy_op(true, SRC_REF, self, 0, false, virt_to_mfn(gone),
                              DOMID_SELF, 0, 8)),
                 GNTST_bad_page);
        gt_grant(gt, SWAP_B, self, gone, false);
        CHECK_ST(
            copy(copy_op(true, SWAP_B, self, 0, false, lmfn, DOMID_SELF, 0, 8)),
            GNTST_bad_page);
        CHECK_RC(gt_populate_frame(virt_to_mfn(gone)), 1);
    }
}

/* Batches of any count are preempted and continued; all are done. */
static void batch(uint8_t *dst, uint8_t *local)
{
    unsigned int n = 1000, i, ok = 0;
    struct gnttab_copy *ops = malloc(n * sizeof(*ops));

    if ( !ops )
    {
        xtf_error("no memory for a batch");
        return;
    }
    for ( i = 0; i < PAGE_SIZE; i++ )
        local[i] = (uint8_t)(i ^ 0x5a);
    for ( i = 0; i < n; i++ )
        ops[i] = copy_op(false, virt_to_mfn(local), DOMID_SELF, i % 4096, true,
                         DST_REF, self, i % 4096, 1);
    ops[n / 2].len = 0xffff; /* one bad op does not stop the batch */
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n), 0);
    for ( i = 0; i < n; i++ )
        ok += ops[i].status == GNTST_okay;
    CHECK(ok == n - 1 && ops[n / 2].status == GNTST_bad_copy_arg,
          "%u of %u copies done, bad one %d", ok, n, ops[n / 2].status);
    for ( i = 0; i < n; i++ )
        if ( i != n / 2 && dst[i % 4096] != local[i % 4096] )
        {
            xtf_failure("byte %u not copied", i);
            break;
        }
    free(ops);
}

static long flush(uint64_t addr, uint16_t off, uint16_t len, uint32_t op)
{
    struct gnttab_cache_flush f = {
        .a.dev_bus_addr = addr, .offset = off, .length = len, .op = op
    };

    return HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &f, 1);
}

static void cache_flush(uint8_t *dst)
{
    uint64_t own = (uint64_t)virt_to_mfn(dst) << 12;
    struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map,
                                      .ref = DST_REF,
                                      .dom = self };

    CHECK_RC(flush(own, 0, 64, GNTTAB_CACHE_CLEAN), 0);
    CHECK_RC(flush(own, 0, 64, GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL), 0);
    CHECK_RC(flush(own, 0, 64, GNTTAB_CACHE_INVAL), XEN_ERR(XEN_EOPNOTSUPP));
    CHECK_RC(flush(own, 0, 0, GNTTAB_CACHE_CLEAN), 0);
    CHECK_RC(flush(own, 0, 64, 0), 0);
    CHECK_RC(flush(own, 4096, 1, GNTTAB_CACHE_CLEAN), XEN_ERR(XEN_EINVAL));
    CHECK_RC(flush(own, 4000, 200, GNTTAB_CACHE_CLEAN), XEN_ERR(XEN_EINVAL));
    CHECK_RC(flush(own, 0, 4097, GNTTAB_CACHE_CLEAN), XEN_ERR(XEN_EINVAL));
    CHECK_RC(flush(own, 0, 64, GNTTAB_CACHE_SOURCE_GREF | GNTTAB_CACHE_CLEAN),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(flush(own, 0, 64, 1u << 5), XEN_ERR(XEN_EINVAL));
    /* Not its own, and not a page it has mapped. */
    CHECK_RC(
        flush((uint64_t)start_info.nr_pages << 12, 0, 64, GNTTAB_CACHE_CLEAN),
        XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    CHECK_ST(m.status, GNTST_okay);
    CHECK_RC(flush(m.dev_bus_addr, 0, 64, GNTTAB_CACHE_CLEAN), 0);
    CHECK_RC(flush(m.dev_bus_addr + PAGE_SIZE, 0, 64, GNTTAB_CACHE_CLEAN),
             XEN_ERR(XEN_EINVAL));
    {
        struct gnttab_unmap_grant_ref u = { .dev_bus_addr = m.dev_bus_addr,
                                            .handle = m.handle };

        CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
        CHECK_ST(u.status, GNTST_okay);
    }
    CHECK_RC(flush(m.dev_bus_addr, 0, 64, GNTTAB_CACHE_CLEAN),
             XEN_ERR(XEN_EINVAL));
}

static void swap(uint8_t *a, uint8_t *b)
{
    struct gnttab_swap_grant_ref s = { .ref_a = SWAP_A, .ref_b = SWAP_B };
    struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map,
                                      .ref = SWAP_A,
                                      .dom = self };
    struct gnttab_unmap_grant_ref u;

    gt_grant(gt, SWAP_A, self, a, false);
    gt_grant(gt, SWAP_B, self, b, true);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1), 0);
    CHECK_ST(s.status, GNTST_okay);
    CHECK(gt[SWAP_A].frame == virt_to_mfn(b) &&
              gt[SWAP_B].frame == virt_to_mfn(a) &&
              (gt[SWAP_A].flags & GTF_readonly) &&
              !(gt[SWAP_B].flags & GTF_readonly),
          "entries not swapped");
    s.ref_b = NR_FRAMES * 512;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1), 0);
    CHECK_ST(s.status, GNTST_bad_gntref);
    s.ref_b = SWAP_B;
    m.flags |= GNTMAP_readonly;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    CHECK_ST(m.status, GNTST_okay);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1), 0);
    CHECK_ST(s.status, GNTST_eagain);
    u = (struct gnttab_unmap_grant_ref){ .dev_bus_addr = m.dev_bus_addr,
                                         .handle = m.handle };
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1), 0);
    CHECK_ST(s.status, GNTST_okay);
}

/* The version ops, the status frames, the dump, and refused commands. */
static void table_ops(void)
{
    struct gnttab_set_version sv = { .version = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames sf = { .dom = DOMID_SELF };
    struct gnttab_dump_table dt = { .dom = DOMID_SELF, .status = 1 };
    struct gnttab_query_size qs = { .dom = 0 };
    uint64_t frames[2];

    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), 0);
    CHECK(sv.version == 1, "version %u", sv.version);
    sv.version = 2;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1),
             XEN_ERR(XEN_ENOSYS));
    CHECK(sv.version == 1, "version %u after asking for 2", sv.version);
    sv.version = 3;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1),
             XEN_ERR(XEN_EINVAL));
    sv.version = 0;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1), 0);
    CHECK(gv.version == 1, "get_version %u", gv.version);
    gv.dom = 0;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1),
             XEN_ERR(XEN_EPERM));

    set_xen_guest_handle(sf.frame_list, frames);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &sf, 1), 0);
    CHECK_ST(sf.status, GNTST_okay);
    sf.nr_frames = 1;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &sf, 1), 0);
    CHECK_ST(sf.status, GNTST_general_error);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &sf, 2),
             XEN_ERR(XEN_EINVAL));
    sf.dom = 0;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &sf, 1), 0);
    CHECK_ST(sf.status, GNTST_permission_denied);

    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_dump_table, &dt, 1), 0);
    CHECK_ST(dt.status, GNTST_okay);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_dump_table, &dt, 2),
             XEN_ERR(XEN_EINVAL));
    dt.dom = 0;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_dump_table, &dt, 1), 0);
    CHECK_ST(dt.status, GNTST_permission_denied);
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    CHECK_ST(qs.status, GNTST_permission_denied);

    /* A frame list the hypervisor cannot write. */
    {
        struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };

        set_xen_guest_handle(st.frame_list, (xen_pfn_t *)0x100000000000UL);
        CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
        CHECK_ST(st.status, GNTST_bad_virt_addr);
    }

    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_transfer, &sv, 1),
             XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_grant_table_op(13, &sv, 1), XEN_ERR(XEN_ENOSYS));
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_copy | 0x1000, &sv, 1),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_copy, &sv, -1),
             XEN_ERR(XEN_EINVAL));
    CHECK_RC(
        HYPERVISOR_grant_table_op(GNTTABOP_copy, (void *)0x100000000000UL, 1),
        XEN_ERR(XEN_EFAULT));
}

void test_main(void)
{
    uint8_t *src = alloc_page(), *dst = alloc_page(), *local = alloc_page();
    uint8_t *a = alloc_page(), *b = alloc_page();

    self = gt_self_domid();
    gt = gt_setup(NR_FRAMES);
    if ( !src || !dst || !local || !a || !b || !gt || self == DOMID_INVALID )
    {
        xtf_error("setup failed (domid %u)", self);
        return;
    }
    gt_grant(gt, SRC_REF, self, src, true);
    gt_grant(gt, DST_REF, self, dst, false);
    gt_grant(gt, SWAP_A, self, a, false);

    copies(src, dst, local);
    hostile_copies(src, local);
    batch(dst, local);
    cache_flush(dst);
    swap(a, b);
    table_ops();
}
