/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gnttab-lib DOMID RW RO CP: libxengnttab against the grants of
 * tests/special/gntshare: map, read, write, unmap; several grants in one
 * range; grant copies both ways; and the hostile cases (a reference not
 * granted, a domain that does not exist, a read-only grant mapped or
 * copied to writable, a copy crossing its page, more than the handle's
 * limit) all fail cleanly. Prints "gnttab-lib: ok" (exit 0) or the first
 * failed check (exit 1). The last mapping is left for close to release.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <public/grant_table.h>
#include <xengnttab.h>

static int failures;

#define CHECK(cond, what)                                                      \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
        {                                                                      \
            printf("FAIL: %s (errno %d)\n", what, errno);                      \
            failures++;                                                        \
        }                                                                      \
        else                                                                   \
            printf("ok: %s\n", what);                                          \
    } while ( 0 )

static xengnttab_grant_copy_segment_t
seg_from(uint32_t dom, uint32_t ref, uint16_t off, void *to, uint16_t len)
{
    xengnttab_grant_copy_segment_t s = { .flags = GNTCOPY_source_gref,
                                         .len = len };

    s.source.foreign.domid = dom;
    s.source.foreign.ref = ref;
    s.source.foreign.offset = off;
    s.dest.virt = to;
    return s;
}

static xengnttab_grant_copy_segment_t
seg_to(uint32_t dom, uint32_t ref, uint16_t off, void *from, uint16_t len)
{
    xengnttab_grant_copy_segment_t s = { .flags = GNTCOPY_dest_gref,
                                         .len = len };

    s.dest.foreign.domid = dom;
    s.dest.foreign.ref = ref;
    s.dest.foreign.offset = off;
    s.source.virt = from;
    return s;
}

int main(int argc, char **argv)
{
    xengnttab_handle *g;
    uint32_t dom, rw, ro, cp, refs[2];
    uint8_t *p, local[4096], fill[100];
    xengnttab_grant_copy_segment_t segs[6];
    int i, ok;

    if ( argc != 5 )
    {
        fprintf(stderr, "usage: gnttab-lib DOMID RW RO CP\n");
        return 2;
    }
    dom = atoi(argv[1]);
    rw = atoi(argv[2]);
    ro = atoi(argv[3]);
    cp = atoi(argv[4]);
    g = xengnttab_open(NULL, 0);
    CHECK(g, "open");
    if ( !g )
        return 1;

    /* A writable grant: read the guest's pattern, write over part of it. */
    p = xengnttab_map_grant_ref(g, dom, rw, PROT_READ | PROT_WRITE);
    CHECK(p, "map a writable grant");
    if ( p )
    {
        for ( ok = 1, i = 0; i < 4096; i++ )
            ok &= p[i] == (uint8_t)(i * 7 + 1);
        CHECK(ok, "the guest's pattern through the mapping");
        for ( i = 0; i < 16; i++ )
            p[i] = 0xa0 + i;
        CHECK(xengnttab_unmap(g, p, 2) < 0 && errno == EINVAL,
              "unmap with the wrong count refused");
        CHECK(xengnttab_unmap(g, p + 4096, 1) < 0, "unmap a wrong address");
        CHECK(xengnttab_unmap(g, p, 1) == 0, "unmap");
        CHECK(xengnttab_unmap(g, p, 1) < 0, "unmap twice refused");
    }

    /* A read-only grant. */
    p = xengnttab_map_grant_ref(g, dom, ro, PROT_READ | PROT_WRITE);
    CHECK(!p && errno == EINVAL, "a read-only grant is not mapped writable");
    p = xengnttab_map_grant_ref(g, dom, ro, PROT_READ);
    CHECK(p, "map a read-only grant read-only");
    if ( p )
    {
        for ( ok = 1, i = 0; i < 4096; i++ )
            ok &= p[i] == (uint8_t)(i * 13 + 5);
        CHECK(ok, "the read-only page's pattern");
        CHECK(mprotect(p, 4096, PROT_READ | PROT_WRITE) < 0,
              "the read-only mapping cannot be made writable");
        CHECK(xengnttab_unmap(g, p, 1) == 0, "unmap read-only");
    }

    /* Two grants, one range. */
    refs[0] = ro;
    refs[1] = rw;
    p = xengnttab_map_domain_grant_refs(g, 2, dom, refs, PROT_READ);
    CHECK(p, "map two grants");
    if ( p )
    {
        CHECK(p[1] == (uint8_t)(13 + 5) && p[4096 + 100] == (uint8_t)(701 + 0),
              "both pages in order");
        CHECK(xengnttab_unmap(g, p, 2) == 0, "unmap both");
    }

    /* Hostile references and domains. */
    refs[0] = rw;
    refs[1] = 100000;
    p = xengnttab_map_domain_grant_refs(g, 2, dom, refs, PROT_READ);
    CHECK(!p && errno == EINVAL, "a reference past the table");
    refs[1] = cp + 40;
    p = xengnttab_map_domain_grant_refs(g, 2, dom, refs, PROT_READ);
    CHECK(!p && errno == EINVAL, "a reference that was never granted");
    p = xengnttab_map_grant_ref(g, 4321, rw, PROT_READ);
    CHECK(!p && errno == ESRCH, "a domain that does not exist");
    p = xengnttab_map_grant_ref(g, 0, rw, PROT_READ);
    CHECK(!p, "a grant of domain 0");
    p = xengnttab_map_grant_ref(g, dom, rw, PROT_EXEC);
    CHECK(!p && errno == EINVAL, "a protection other than read/write");

    /* The handle's limit. */
    CHECK(xengnttab_set_max_grants(g, 1) == 0, "set max grants to 1");
    refs[0] = rw;
    refs[1] = cp;
    p = xengnttab_map_domain_grant_refs(g, 2, dom, refs, PROT_READ);
    CHECK(!p && errno == ENOSPC, "two grants over a limit of one");
    CHECK(xengnttab_set_max_grants(g, 0) == 0, "limit lifted");

    /* Copies: guest to dom0, dom0 to guest, and the hostile ones. */
    memset(local, 0, sizeof(local));
    memset(fill, 0x5c, sizeof(fill));
    segs[0] = seg_from(dom, ro, 0, local, 4096);
    segs[1] = seg_to(dom, cp, 200, fill, 100);
    segs[2] = seg_to(dom, ro, 0, fill, 100); /* read-only dest */
    segs[3] = seg_to(dom, cp, 4000, fill, 100); /* crosses the page */
    segs[4] = seg_from(dom, 77777, 0, local, 16); /* bad reference */
    segs[5] = seg_from(4321, ro, 0, local, 16); /* bad domain */
    CHECK(xengnttab_grant_copy(g, 6, segs) == 0, "grant copy call");
    CHECK(segs[0].status == GNTST_okay, "copy from a grant");
    for ( ok = 1, i = 0; i < 4096; i++ )
        ok &= local[i] == (uint8_t)(i * 13 + 5);
    CHECK(ok, "the copied page");
    CHECK(segs[1].status == GNTST_okay, "copy to a grant");
    /* As Xen: a write pin of a read-only entry is a general error. */
    CHECK(segs[2].status == GNTST_general_error,
          "no copy into a read-only grant");
    CHECK(segs[3].status == GNTST_bad_copy_arg, "no copy across a page");
    CHECK(segs[4].status == GNTST_bad_gntref, "no copy from a bad reference");
    CHECK(segs[5].status == GNTST_bad_domain, "no copy from a bad domain");

    /* Left mapped on purpose: closing the handle must release it. */
    p = xengnttab_map_grant_ref(g, dom, cp, PROT_READ);
    CHECK(p && p[250] == 0x5c, "the copy seen through a mapping");
    xengnttab_close(g);
    if ( failures )
    {
        printf("gnttab-lib: %d checks failed\n", failures);
        return 1;
    }
    printf("gnttab-lib: ok\n");
    return 0;
}
