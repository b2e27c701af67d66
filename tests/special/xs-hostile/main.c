/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xs-hostile: a guest that sets its xenstore ring's request producer far
 * ahead of the consumer. xenstored must mark the ring broken
 * (XENSTORE_ERROR_RINGIDX) and carry on; the guest reports what it saw.
 */
#include <mini-os/os.h>
#include <public/io/xs_wire.h>

/* This kernel drives its ring by hand: no shutdown watcher on it. */
const bool minios_no_shutdown_watch = true;

int app_main(const char *cmdline)
{
    struct xenstore_domain_interface *ring =
        (void *)(VIRT_BASE + (start_info.store_mfn << 12));
    unsigned int i;

    (void)cmdline;
    ring->req_prod = ring->req_cons + 50000;
    notify_remote_via_evtchn(start_info.store_evtchn);
    for ( i = 0; i < 200 && ring->error != XENSTORE_ERROR_RINGIDX; i++ )
        msleep(10);
    printk("xs-hostile: ring error %u\n", ring->error);
    return 0;
}
