/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gntshare: grants three pages to domain 0 for libxengnttab's test
 * (tests/integration/gnttab-lib.sh): one writable with a pattern, one
 * read-only, one writable and blank for grant copies. Publishes the
 * references under data/, waits for dom0's data/done, then checks what
 * dom0 wrote and that no grant is still in use; prints "gntshare: ok".
 */
#include <mini-os/gnttab.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>

static void expect(int cond, const char *what)
{
    if ( !cond )
    {
        printk("gntshare: FAILED: %s\n", what);
        crash(what);
    }
}

int app_main(const char *cmdline)
{
    uint8_t *rw = alloc_page(), *ro = alloc_page(), *cp = alloc_page();
    grant_ref_t r_rw, r_ro, r_cp;
    char buf[64], *v = NULL;
    unsigned int i;
    int err;

    (void)cmdline;
    xenbus_init();
    expect(gnttab_init() == 0, "grant table set up");
    for ( i = 0; i < 4096; i++ )
    {
        rw[i] = (uint8_t)(i * 7 + 1);
        ro[i] = (uint8_t)(i * 13 + 5);
        cp[i] = 0;
    }
    r_rw = gnttab_grant_access(0, virt_to_mfn(rw), false);
    r_ro = gnttab_grant_access(0, virt_to_mfn(ro), true);
    r_cp = gnttab_grant_access(0, virt_to_mfn(cp), false);
    expect(r_rw && r_ro && r_cp, "three grants");
    snprintf(buf, sizeof(buf), "%u %u %u", r_rw, r_ro, r_cp);
    expect(xenbus_write(0, "data/grefs", buf) == 0, "publish the refs");
    printk("gntshare: granted %s\n", buf);

    for ( i = 0; i < 600 && !v; i++ )
    {
        v = xenbus_read(0, "data/done", &err);
        if ( !v )
            msleep(50);
    }
    expect(v != NULL, "dom0 said it is done");
    free(v);

    /* dom0 wrote the first 16 bytes of rw through its mapping. */
    for ( i = 0; i < 16; i++ )
        expect(rw[i] == (uint8_t)(0xa0 + i), "dom0's write through a mapping");
    expect(rw[16] == (uint8_t)(16 * 7 + 1), "the rest of the page unchanged");
    for ( i = 0; i < 4096; i++ )
        expect(ro[i] == (uint8_t)(i * 13 + 5), "read-only page unchanged");
    /* dom0 copied 100 bytes of 0x5c at offset 200 with grant_copy. */
    for ( i = 0; i < 4096; i++ )
        expect(cp[i] == ((i >= 200 && i < 300) ? 0x5c : 0), "grant copy in");
    expect(!gnttab_in_use(r_rw) && !gnttab_in_use(r_ro) && !gnttab_in_use(r_cp),
           "nothing left mapped");
    expect(gnttab_end_access(r_rw) == 0 && gnttab_end_access(r_ro) == 0 &&
               gnttab_end_access(r_cp) == 0,
           "grants ended");
    printk("gntshare: ok\n");
    return 0;
}
