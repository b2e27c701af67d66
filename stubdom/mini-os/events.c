/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * events.c: event channels. shared_info is mapped over a page of the
 * kernel image; the upcall handler scans the 2-level bitmaps (selector,
 * then pending & ~mask) and calls each port's handler.
 */
#include <mini-os/os.h>
#include <public/callback.h>

#define NR_EVS 1024
#define BITS_PER_WORD 64

static char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
shared_info_t *HYPERVISOR_shared_info;

static struct {
    evtchn_handler_t handler;
    void *data;
} handlers[NR_EVS];

extern char hypervisor_callback[];

static vcpu_info_t *vcpu0(void)
{
    return &HYPERVISOR_shared_info->vcpu_info[0];
}

void local_irq_disable(void)
{
    vcpu0()->evtchn_upcall_mask = 1;
    barrier();
}

void local_irq_enable(void)
{
    barrier();
    vcpu0()->evtchn_upcall_mask = 0;
    mb();
    /* Any hypercall lets the hypervisor deliver what is pending. */
    if ( vcpu0()->evtchn_upcall_pending )
        HYPERVISOR_xen_version(0, 0);
}

void mask_evtchn(evtchn_port_t port)
{
    __atomic_fetch_or(&HYPERVISOR_shared_info->evtchn_mask[port / 64],
                      1UL << (port % 64), __ATOMIC_SEQ_CST);
}

void clear_evtchn(evtchn_port_t port)
{
    __atomic_fetch_and(&HYPERVISOR_shared_info->evtchn_pending[port / 64],
                       ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

void unmask_evtchn(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    /* The hypervisor re-raises an event that arrived while masked. */
    HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

int bind_evtchn(evtchn_port_t port, evtchn_handler_t h, void *data)
{
    if ( port >= NR_EVS )
        return -1;
    handlers[port].handler = h;
    handlers[port].data = data;
    unmask_evtchn(port);
    return 0;
}

void unbind_evtchn(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    if ( port >= NR_EVS )
        return;
    mask_evtchn(port);
    handlers[port].handler = NULL;
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

evtchn_port_t bind_virq(uint32_t virq, evtchn_handler_t h, void *data)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };

    if ( HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op) )
        return 0;
    bind_evtchn(op.port, h, data);
    return op.port;
}

int notify_remote_via_evtchn(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

unsigned long upcall_count;

void do_hypervisor_callback(void)
{
    vcpu_info_t *vi = vcpu0();
    unsigned long sel;

    upcall_count++;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int word = __builtin_ctzl(sel);
        unsigned long bits;

        sel &= sel - 1;
        bits = HYPERVISOR_shared_info->evtchn_pending[word] &
               ~HYPERVISOR_shared_info->evtchn_mask[word];
        while ( bits )
        {
            evtchn_port_t port = word * BITS_PER_WORD + __builtin_ctzl(bits);

            bits &= bits - 1;
            clear_evtchn(port);
            if ( port < NR_EVS && handlers[port].handler )
                handlers[port].handler(port, handlers[port].data);
        }
    }
}

void events_init(void)
{
    static struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (unsigned long)hypervisor_callback,
    };

    batch_hypercall("cannot map shared_info", NULL,
                    __HYPERVISOR_update_va_mapping,
                    (unsigned long)shared_info_page, start_info.shared_info | 7,
                    UVMF_INVLPG);
    batch_hypercall("cannot register the event callback", NULL,
                    __HYPERVISOR_callback_op, CALLBACKOP_register,
                    (unsigned long)&cb, 0);
}

void events_start(void)
{
    unsigned int i;

    HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;
    for ( i = 0; i < ARRAY_SIZE(HYPERVISOR_shared_info->evtchn_mask); i++ )
        HYPERVISOR_shared_info->evtchn_mask[i] = ~0UL;
    local_irq_enable();
}
