/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenabi-guest: a small PV kernel that knows only Xen's public
 * interface (xen/include/public), as Xen's own Mini-OS and test guests
 * do, to show that such a guest runs unmodified. It finds its frames
 * through Xen's hard-coded M2P (machine_to_phys_mapping at
 * MACH2PHYS_VIRT_START), sets its GS base with `wrmsr` as Linux does at
 * boot, maps shared_info with update_va_mapping, speaks the xenstore
 * protocol over its ring, says which shutdown requests it honours,
 * watches control/shutdown, and when the toolstack writes "poweroff" or
 * "reboot" there it acknowledges (writes "") and shuts down for that
 * reason, as Xen's guests do (tests/integration/xenabi-guest.sh).
 */
#include <stddef.h>
#include <stdint.h>

#include <public/event_channel.h>
#include <public/io/xs_wire.h>
#include <public/sched.h>
#include <public/xen.h>

#define VIRT_BASE 0xffffffff80000000UL
#define machine_to_phys_mapping ((const unsigned long *)MACH2PHYS_VIRT_START)

long hypercall5(unsigned long nr, unsigned long a1, unsigned long a2,
                unsigned long a3, unsigned long a4, unsigned long a5);
#define HC(nr, a, b, c) hypercall5(nr, (unsigned long)(a), (unsigned long)(b), \
                                   (unsigned long)(c), 0, 0)

static start_info_t *si;
static shared_info_t *shared;
static struct xenstore_domain_interface *store;
static uint8_t shared_page[4096] __attribute__((aligned(4096)));

static size_t str_len(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

static void print(const char *s)
{
    HC(__HYPERVISOR_console_io, CONSOLEIO_write, str_len(s), s);
}

static void __attribute__((noreturn)) shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    for ( ;; )
        HC(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s, 0);
}

static void __attribute__((noreturn)) fail(const char *why)
{
    print("xenabi: FAILED: ");
    print(why);
    print("\n");
    shutdown(SHUTDOWN_crash);
}

/* The frame a machine frame holds, by Xen's M2P: pfn -> virtual address. */
static void *mfn_to_virt(unsigned long mfn)
{
    return (void *)(VIRT_BASE + (machine_to_phys_mapping[mfn] << 12));
}

static void check_m2p(void)
{
    unsigned long pfn = ((unsigned long)si - VIRT_BASE) >> 12;
    const unsigned long *p2m = (const unsigned long *)si->mfn_list;

    if ( machine_to_phys_mapping[p2m[pfn]] != pfn )
        fail("the M2P does not give start_info's frame back");
    print("xenabi: m2p ok\n");
}

/* Linux's way of setting its per-CPU base at boot. */
static void check_gs_base(void)
{
    static struct { uint64_t magic; } percpu = { 0x5842414e4558ULL };
    unsigned long base = (unsigned long)&percpu, got;

    __asm__ volatile("wrmsr" ::"c"(0xc0000101), "a"((uint32_t)base),
                     "d"((uint32_t)(base >> 32)));
    __asm__ volatile("mov %%gs:0, %0" : "=r"(got));
    if ( got != percpu.magic )
        fail("wrmsr of GS_BASE did not take");
    print("xenabi: gs base ok\n");
}

static void map_shared_info(void)
{
    if ( HC(__HYPERVISOR_update_va_mapping, shared_page, si->shared_info | 7,
            UVMF_INVLPG) )
        fail("cannot map shared_info");
    shared = (shared_info_t *)shared_page;
}

/* Wait for the store's event channel, then clear it (events stay masked). */
static void wait_store_event(void)
{
    evtchn_port_t port = si->store_evtchn;
    struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };
    xen_ulong_t bit = (xen_ulong_t)1 << (port % (8 * sizeof(xen_ulong_t)));

    set_xen_guest_handle(poll.ports, &port);
    while ( !(__atomic_load_n(&shared->evtchn_pending[port / (8 * sizeof(bit))],
                              __ATOMIC_ACQUIRE) &
              bit) )
        HC(__HYPERVISOR_sched_op, SCHEDOP_poll, &poll, 0);
    __atomic_fetch_and(&shared->evtchn_pending[port / (8 * sizeof(bit))], ~bit,
                       __ATOMIC_SEQ_CST);
}

static void notify_store(void)
{
    struct evtchn_send send = { .port = si->store_evtchn };

    HC(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &send, 0);
}

static void ring_write(const void *data, uint32_t len)
{
    const char *p = data;

    while ( len )
    {
        uint32_t prod = store->req_prod, cons;

        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        cons = store->req_cons;
        if ( prod - cons >= XENSTORE_RING_SIZE )
        {
            notify_store();
            wait_store_event();
            continue;
        }
        store->req[MASK_XENSTORE_IDX(prod)] = *p++;
        __atomic_store_n(&store->req_prod, prod + 1, __ATOMIC_RELEASE);
        len--;
    }
}

static void ring_read(void *data, uint32_t len)
{
    char *p = data;

    while ( len )
    {
        uint32_t cons = store->rsp_cons;

        if ( cons == __atomic_load_n(&store->rsp_prod, __ATOMIC_ACQUIRE) )
        {
            wait_store_event();
            continue;
        }
        *p++ = store->rsp[MASK_XENSTORE_IDX(cons)];
        __atomic_store_n(&store->rsp_cons, cons + 1, __ATOMIC_RELEASE);
        notify_store();
        len--;
    }
}

static char reply[XENSTORE_PAYLOAD_MAX + 1];
static unsigned int watch_events;

/* One request; its reply in `reply`. Watch events on the way are counted. */
static uint32_t xs_request(uint32_t type, const char *a, const char *b,
                           uint32_t b_len)
{
    static uint32_t req_id;
    struct xsd_sockmsg msg = { .type = type, .req_id = ++req_id };
    uint32_t a_len = str_len(a) + 1;

    msg.len = a_len + b_len;
    ring_write(&msg, sizeof(msg));
    ring_write(a, a_len);
    ring_write(b, b_len);
    notify_store();
    for ( ;; )
    {
        ring_read(&msg, sizeof(msg));
        if ( msg.len > XENSTORE_PAYLOAD_MAX )
            fail("a reply longer than the protocol allows");
        ring_read(reply, msg.len);
        reply[msg.len] = 0;
        if ( msg.type == XS_WATCH_EVENT )
        {
            watch_events++;
            continue;
        }
        if ( msg.req_id == req_id )
            return msg.type;
    }
}

/* Wait for the next watch event (none pending: read one). */
static void wait_watch_event(void)
{
    struct xsd_sockmsg msg;
    unsigned int seen = watch_events;

    while ( watch_events == seen )
    {
        ring_read(&msg, sizeof(msg));
        if ( msg.len > XENSTORE_PAYLOAD_MAX )
            fail("a message longer than the protocol allows");
        ring_read(reply, msg.len);
        if ( msg.type == XS_WATCH_EVENT )
            watch_events++;
    }
}

static int str_eq(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return *a == *b;
}

void xenabi_main(start_info_t *start)
{
    unsigned int reason;

    si = start;
    print("xenabi: booted on ");
    print(si->magic);
    print("\n");
    check_m2p();
    check_gs_base();
    map_shared_info();
    store = mfn_to_virt(si->store_mfn);

    /* What the toolstack wrote for us, and what is ours to write. */
    if ( xs_request(XS_READ, "domid", "", 0) == XS_ERROR )
        fail("no domid node");
    print("xenabi: domid ");
    print(reply);
    print("\n");
    if ( xs_request(XS_WRITE, "name", "mine", 4) != XS_ERROR )
        fail("the guest could rename itself");
    if ( xs_request(XS_WRITE, "control/feature-poweroff", "1", 1) == XS_ERROR ||
         xs_request(XS_WRITE, "control/feature-reboot", "1", 1) == XS_ERROR )
        fail("cannot say which requests are honoured");
    if ( xs_request(XS_WATCH, "control/shutdown", "sd", 3) == XS_ERROR )
        fail("cannot watch control/shutdown");
    print("xenabi: waiting for control/shutdown\n");
    for ( ;; )
    {
        if ( xs_request(XS_READ, "control/shutdown", "", 0) != XS_ERROR &&
             reply[0] )
            break;
        wait_watch_event();
    }
    print("xenabi: control/shutdown says ");
    print(reply);
    print("\n");
    if ( str_eq(reply, "poweroff") )
        reason = SHUTDOWN_poweroff;
    else if ( str_eq(reply, "reboot") )
        reason = SHUTDOWN_reboot;
    else
        fail("an unexpected request");
    /* Acknowledge, as Xen's guests do, then go. */
    xs_request(XS_WRITE, "control/shutdown", "", 0);
    print(reason == SHUTDOWN_poweroff ? "xenabi: powering off\n"
                                      : "xenabi: rebooting\n");
    shutdown(reason);
}
