/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant-map: GNTTABOP_map_grant_ref, unmap_grant_ref and unmap_and_replace
 * on the domain's own grants (a domain may map what it grants itself):
 * host mappings at a linear address and through a PTE's address,
 * read-only and writable, device mappings; GTF_reading/GTF_writing while
 * mapped; a mapped frame cannot be given back, and rewriting the entry
 * does not move a mapping; every hostile argument gets Xen's GNTST_ code.
 */
#include "xtf.h"
#include "gnttab_test.h"

const char test_title[] = "grant map and unmap";

#define RW_REF 8
#define RO_REF 9
#define SPARE_REF 10
#define NR_FRAMES 2

static grant_entry_v1_t *gt;
static domid_t self;

static struct gnttab_map_grant_ref map_op(uint64_t host_addr, uint32_t flags,
                                          grant_ref_t ref, domid_t dom)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_addr,
        .flags = flags,
        .ref = ref,
        .dom = dom,
        .status = 1,
    };

    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1), 0);
    return op;
}

static int16_t map_status(uint64_t host_addr, uint32_t flags, grant_ref_t ref,
                          domid_t dom)
{
    struct gnttab_map_grant_ref op = map_op(host_addr, flags, ref, dom);

    return op.status;
}

static int16_t unmap(uint64_t host_addr, uint64_t dev_bus_addr,
                     grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = host_addr,
                                         .dev_bus_addr = dev_bus_addr,
                                         .handle = handle,
                                         .status = 1 };

    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1), 0);
    return op.status;
}

#define CHECK_ST(expr, expected)                                               \
    do                                                                         \
    {                                                                          \
        int st_ = (expr);                                                      \
        CHECK(st_ == (expected), "%s: status %d, expected %d", #expr, st_,     \
              (int)(expected));                                                \
    } while ( 0 )

/* A writable host mapping, seen both ways, then unmapped. */
static void host_mapping(uint8_t *page, uint8_t *hole)
{
    unsigned long h = (unsigned long)hole;
    struct gnttab_map_grant_ref m;

    m = map_op(h, GNTMAP_host_map, RW_REF, self);
    CHECK_ST(m.status, GNTST_okay);
    if ( m.status != GNTST_okay )
        return;
    CHECK((*gt_l1e(h) & GT_PTE_ADDR) == m.dev_bus_addr &&
              (*gt_l1e(h) & (GT_PTE_PRESENT | GT_PTE_RW)) ==
                  (GT_PTE_PRESENT | GT_PTE_RW),
          "PTE %#lx for bus address %#lx", (unsigned long)*gt_l1e(h),
          (unsigned long)m.dev_bus_addr);
    CHECK(m.dev_bus_addr >= XEN_SPECIAL_PFN_BASE << 12,
          "mapped at %#lx, inside RAM", (unsigned long)m.dev_bus_addr);
    CHECK(hole[0] == 0x11 && hole[4095] == 0x22, "mapping shows %#x %#x",
          hole[0], hole[4095]);
    hole[1] = 0x33;
    CHECK(page[1] == 0x33, "write through the mapping not seen");
    page[2] = 0x44;
    CHECK(hole[2] == 0x44, "write to the page not seen in the mapping");
    CHECK((gt_flags(gt, RW_REF) & (GTF_reading | GTF_writing)) ==
              (GTF_reading | GTF_writing),
          "flags %#x while mapped writable", gt_flags(gt, RW_REF));
    CHECK(!gt_end_access(gt, RW_REF), "ended a grant while it was mapped");

    /* The frame cannot go while mapped, and a new entry moves nothing. */
    CHECK_RC(gt_release_frame(virt_to_mfn(page)), 0);
    CHECK(page[0] == 0x11, "mapped frame was released");

    /* Wrong addresses leave it mapped; the right ones unmap it. */
    CHECK_ST(unmap(h + PAGE_SIZE, 0, m.handle), GNTST_general_error);
    CHECK_ST(unmap(h, m.dev_bus_addr + PAGE_SIZE, m.handle),
             GNTST_general_error);
    CHECK_ST(unmap(h, 0, m.handle + 1), GNTST_bad_handle);
    CHECK_ST(unmap(h, 0, m.handle), GNTST_okay);
    CHECK(*gt_l1e(h) == 0, "PTE %#lx after unmap", (unsigned long)*gt_l1e(h));
    CHECK(!(gt_flags(gt, RW_REF) & (GTF_reading | GTF_writing)),
          "flags %#x after unmap", gt_flags(gt, RW_REF));
    CHECK_ST(unmap(h, 0, m.handle), GNTST_bad_handle);
    CHECK_ST(unmap(h, 0, 0xffffffff), GNTST_bad_handle);
}

/* GNTMAP_readonly, and a read-only grant that refuses a writable map. */
static void readonly_mapping(uint8_t *page, uint8_t *hole)
{
    unsigned long h = (unsigned long)hole;
    struct gnttab_map_grant_ref m;

    gt_grant(gt, RO_REF, self, page, true);
    CHECK_ST(map_status(h, GNTMAP_host_map, RO_REF, self), GNTST_general_error);
    CHECK(*gt_l1e(h) == 0, "a refused map wrote the PTE");
    CHECK(!(gt_flags(gt, RO_REF) & (GTF_reading | GTF_writing)),
          "a refused map left flags %#x", gt_flags(gt, RO_REF));
    m = map_op(h, GNTMAP_host_map | GNTMAP_readonly, RO_REF, self);
    CHECK_ST(m.status, GNTST_okay);
    if ( m.status != GNTST_okay )
        return;
    CHECK((*gt_l1e(h) & (GT_PTE_PRESENT | GT_PTE_RW)) == GT_PTE_PRESENT,
          "read-only PTE %#lx", (unsigned long)*gt_l1e(h));
    CHECK(hole[0] == 0x11, "read-only mapping shows %#x", hole[0]);
    CHECK((gt_flags(gt, RO_REF) & (GTF_reading | GTF_writing)) == GTF_reading,
          "flags %#x while mapped read-only", gt_flags(gt, RO_REF));
    /* A second, writable mapping of the same read-only grant: refused. */
    CHECK_ST(map_status(0, GNTMAP_device_map, RO_REF, self),
             GNTST_general_error);
    CHECK_ST(unmap(h, 0, m.handle), GNTST_okay);
    CHECK(!gt_flags(gt, RO_REF) || gt_end_access(gt, RO_REF),
          "read-only grant stuck after unmap");
}

/* The mapping is of the frame pinned at the first map, whatever the
 * guest writes into the entry later. */
static void regrant_while_mapped(uint8_t *page, uint8_t *other)
{
    struct gnttab_map_grant_ref a, b;

    a = map_op(0, GNTMAP_device_map, RW_REF, self);
    CHECK_ST(a.status, GNTST_okay);
    gt[RW_REF].frame = virt_to_mfn(other);
    b = map_op(0, GNTMAP_device_map, RW_REF, self);
    CHECK_ST(b.status, GNTST_okay);
    CHECK(a.dev_bus_addr != b.dev_bus_addr, "two mappings, one address");
    CHECK_RC(gt_release_frame(virt_to_mfn(page)), 0);
    CHECK_ST(unmap(0, a.dev_bus_addr, a.handle), GNTST_okay);
    CHECK_ST(unmap(0, b.dev_bus_addr, b.handle), GNTST_okay);
    gt[RW_REF].frame = virt_to_mfn(page);
    CHECK(!(gt_flags(gt, RW_REF) & (GTF_reading | GTF_writing)),
          "flags %#x after both unmaps", gt_flags(gt, RW_REF));
}

/* Device mappings, and unmapping one part of a mapping at a time. */
static void device_mapping(uint8_t *hole)
{
    unsigned long h = (unsigned long)hole;
    struct gnttab_map_grant_ref m;

    m = map_op(h, GNTMAP_host_map | GNTMAP_device_map, RW_REF, self);
    CHECK_ST(m.status, GNTST_okay);
    /* The host part goes, the device part stays: still pinned. */
    CHECK_ST(unmap(h, 0, m.handle), GNTST_okay);
    CHECK(*gt_l1e(h) == 0, "host part not unmapped");
    CHECK(gt_flags(gt, RW_REF) & GTF_writing, "device part lost");
    CHECK_ST(unmap(h, 0, m.handle), GNTST_okay); /* nothing left to do */
    CHECK_ST(unmap(0, m.dev_bus_addr, m.handle), GNTST_okay);
    CHECK(!(gt_flags(gt, RW_REF) & GTF_reading), "device part not unmapped");
    CHECK_ST(unmap(0, m.dev_bus_addr, m.handle), GNTST_bad_handle);
}

/* GNTMAP_contains_pte: host_addr is the machine address of the PTE. */
static void pte_mapping(uint8_t *hole)
{
    unsigned long h = (unsigned long)hole;
    uint64_t pte_maddr = xtf_l1e_maddr(h);
    struct gnttab_map_grant_ref m;

    m = map_op(pte_maddr, GNTMAP_host_map | GNTMAP_contains_pte, RW_REF, self);
    CHECK_ST(m.status, GNTST_okay);
    CHECK(hole[0] == 0x11, "PTE mapping shows %#x", hole[0]);
    CHECK_ST(map_status(pte_maddr + 1, GNTMAP_host_map | GNTMAP_contains_pte,
                        RW_REF, self),
             GNTST_general_error);
    CHECK_ST(map_status((uint64_t)start_info.nr_pages << 12,
                        GNTMAP_host_map | GNTMAP_contains_pte, RW_REF, self),
             GNTST_general_error);
    CHECK_ST(unmap(pte_maddr, 0, m.handle), GNTST_okay);
    CHECK(*gt_l1e(h) == 0, "PTE mapping not unmapped");
}

/* unmap_and_replace: the entry of new_addr moves to host_addr. */
static void replace_mapping(uint8_t *hole, uint8_t *spare)
{
    unsigned long h = (unsigned long)hole, n = (unsigned long)spare;
    uint64_t spare_pte = *gt_l1e(n);
    struct gnttab_unmap_and_replace r = { .host_addr = h, .new_addr = n };
    struct gnttab_map_grant_ref m;

    m = map_op(h, GNTMAP_host_map, RW_REF, self);
    CHECK_ST(m.status, GNTST_okay);
    r.handle = m.handle + 100;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
    CHECK_ST(r.status, GNTST_bad_handle);
    r.handle = m.handle;
    r.host_addr = 0;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
    CHECK_ST(r.status, GNTST_general_error);
    r.host_addr = h;
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
    CHECK_ST(r.status, GNTST_okay);
    CHECK(*gt_l1e(n) == 0, "new_addr's entry not taken");
    CHECK((*gt_l1e(h) & GT_PTE_ADDR) == (spare_pte & GT_PTE_ADDR),
          "host_addr maps %#lx, not the spare page", (unsigned long)*gt_l1e(h));
    CHECK(hole[0] == 0x5a, "host_addr shows %#x, not the spare page", hole[0]);
    CHECK(!(gt_flags(gt, RW_REF) & GTF_reading), "still pinned");
    /* Put the spare page's mapping back where it was. */
    CHECK_RC(HYPERVISOR_update_va_mapping(n, spare_pte, UVMF_INVLPG), 0);
    CHECK_RC(HYPERVISOR_update_va_mapping(h, 0, UVMF_INVLPG), 0);
}

/* Every way a map can be wrong, and the code Xen gives it. */
static void hostile_maps(uint8_t *page, uint8_t *hole)
{
    unsigned long h = (unsigned long)hole;
    uint8_t *gone = alloc_page();
    grant_entry_v1_t saved;

    CHECK_ST(map_status(h, 0, RW_REF, self), GNTST_bad_gntref);
    CHECK_ST(map_status(h, GNTMAP_readonly, RW_REF, self), GNTST_bad_gntref);
    CHECK_ST(map_status(h, GNTMAP_host_map, RW_REF, DOMID_SELF),
             GNTST_bad_domain);
    CHECK_ST(map_status(h, GNTMAP_host_map, RW_REF, 0x7ff4), GNTST_bad_domain);
    CHECK_ST(map_status(h, GNTMAP_host_map, RW_REF, 4000), GNTST_bad_domain);
    CHECK_ST(map_status(h, GNTMAP_host_map, NR_FRAMES * 512, self),
             GNTST_bad_gntref);
    CHECK_ST(map_status(h, GNTMAP_host_map, 0xffffffff, self),
             GNTST_bad_gntref);
    /* Domain 0 has no grants to map. */
    CHECK_ST(map_status(h, GNTMAP_host_map, RW_REF, 0), GNTST_bad_gntref);

    saved = gt[SPARE_REF];
    gt_grant(gt, SPARE_REF, 0, page, false); /* granted to domain 0 */
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self),
             GNTST_general_error);
    gt_grant(gt, SPARE_REF, self, page, false);
    gt[SPARE_REF].flags = GTF_invalid;
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self),
             GNTST_general_error);
    gt[SPARE_REF].flags = GTF_accept_transfer;
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self),
             GNTST_general_error);
    gt[SPARE_REF].flags = GTF_transitive;
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self),
             GNTST_general_error);
    gt[SPARE_REF].flags = GTF_permit_access | GTF_sub_page;
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self),
             GNTST_general_error);
    /* Frames that are not this domain's RAM, or not populated. */
    gt_grant(gt, SPARE_REF, self, page, false);
    gt[SPARE_REF].frame = start_info.nr_pages;
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self), GNTST_bad_page);
    gt[SPARE_REF].frame = XEN_SPECIAL_PFN_BASE; /* its shared_info */
    CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self), GNTST_bad_page);
    if ( gone )
    {
        CHECK_RC(gt_release_frame(virt_to_mfn(gone)), 1);
        gt[SPARE_REF].frame = virt_to_mfn(gone);
        CHECK_ST(map_status(h, GNTMAP_host_map, SPARE_REF, self),
                 GNTST_bad_page);
        CHECK(!(gt_flags(gt, SPARE_REF) & GTF_reading),
              "refused map left flags %#x", gt_flags(gt, SPARE_REF));
        CHECK_RC(gt_populate_frame(virt_to_mfn(gone)), 1);
    }
    gt[SPARE_REF] = saved;

    /* Host addresses without a page table, misaligned, not the guest's. */
    CHECK_ST(map_status(0x100000000000UL, GNTMAP_host_map, RW_REF, self),
             GNTST_general_error);
    CHECK_ST(map_status(h + 8, GNTMAP_host_map, RW_REF, self),
             GNTST_general_error);
    CHECK_ST(map_status(0xffff808000000000UL, GNTMAP_host_map, RW_REF, self),
             GNTST_general_error);
    CHECK_ST(map_status(0x0000800000000000UL, GNTMAP_host_map, RW_REF, self),
             GNTST_general_error);
    CHECK(!(gt_flags(gt, RW_REF) & GTF_reading), "refused maps left flags %#x",
          gt_flags(gt, RW_REF));
}

/* Handles run out at the maptrack limit: GNTST_no_space, nothing lost. */
#define MAPTRACK_LIMIT 4096

static void maptrack_limit(void)
{
    unsigned int n = MAPTRACK_LIMIT + 1, i, ok = 0;
    struct gnttab_map_grant_ref *ops = malloc(n * sizeof(*ops));
    struct gnttab_unmap_grant_ref *un = malloc(n * sizeof(*un));

    if ( !ops || !un )
    {
        xtf_error("no memory for %u maps", n);
        return;
    }
    for ( i = 0; i < n; i++ )
        ops[i] = (struct gnttab_map_grant_ref){
            .flags = GNTMAP_device_map, .ref = RW_REF, .dom = self, .status = 1
        };
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, ops, n), 0);
    for ( i = 0; i < n; i++ )
        ok += ops[i].status == GNTST_okay;
    CHECK(ok == MAPTRACK_LIMIT, "%u of %u maps made", ok, n);
    CHECK_ST(ops[n - 1].status, GNTST_no_space);
    for ( i = 0; i < n; i++ )
        un[i] = (struct gnttab_unmap_grant_ref){ .dev_bus_addr =
                                                     ops[i].dev_bus_addr,
                                                 .handle = ops[i].handle };
    CHECK_RC(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, un, n - 1), 0);
    for ( i = 0; i < n - 1; i++ )
        if ( un[i].status != GNTST_okay )
        {
            xtf_failure("unmap %u: status %d", i, un[i].status);
            break;
        }
    CHECK(!(gt_flags(gt, RW_REF) & GTF_reading), "flags %#x after %u unmaps",
          gt_flags(gt, RW_REF), n - 1);
    free(ops);
    free(un);
}

void test_main(void)
{
    uint8_t *page = alloc_page(), *other = alloc_page(), *spare = alloc_page();
    uint8_t *hole;

    self = gt_self_domid();
    gt = gt_setup(NR_FRAMES);
    hole = gt_hole();
    if ( !page || !other || !spare || !gt || !hole || self == DOMID_INVALID )
    {
        xtf_error("setup failed (domid %u)", self);
        return;
    }
    page[0] = 0x11;
    page[4095] = 0x22;
    spare[0] = 0x5a;
    gt_grant(gt, RW_REF, self, page, false);

    host_mapping(page, hole);
    readonly_mapping(page, hole);
    regrant_while_mapped(page, other);
    device_mapping(hole);
    pte_mapping(hole);
    replace_mapping(hole, spare);
    hostile_maps(page, hole);
    maptrack_limit();

    /* Nothing mapped any more: the frame can go, and the grant end. */
    CHECK(gt_end_access(gt, RW_REF), "grant still in use at the end");
    CHECK_RC(gt_release_frame(virt_to_mfn(page)), 1);
}
