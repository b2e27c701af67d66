/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pit2.c: the PC speaker timer (PIT channel 2, ports 0x42 and 0x43, with
 * its gate and output in port 0x61) that Xen emulates for every PV guest.
 * Linux calibrates its TSC against it at boot: with all-ones reads, as
 * for ports no domain owns, its calibration loop runs 50,000 rounds of
 * two trapped reads each before it gives up (seconds here, where a trap
 * costs tens of microseconds); with a counter that counts, a few
 * hundred reads do. Only what a calibration uses is there: channel 2's
 * counter, access modes LSB, MSB and LSB-then-MSB, the latch command,
 * the gate (0x61 bit 0), the speaker enable (bit 1, kept) and OUT2 (bit
 * 5: set once the count has run down, as in mode 0). The counter runs at
 * 1,193,182 Hz of the hypervisor's clock; other channels are ignored.
 */
#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/time.h>

#define PIT_HZ 1193182ULL
#define ACCESS_LATCH 0
#define ACCESS_LSB 1
#define ACCESS_MSB 2
#define ACCESS_WORD 3

/* Ticks since the count was loaded (0 while the gate is low). */
static uint64_t ticks(const struct pit2 *p)
{
    if ( !p->gate || !p->loaded )
        return p->ticks_at_gate_low;
    return p->ticks_at_gate_low + (NOW() - p->load_ns) * PIT_HZ / 1000000000ULL;
}

static uint16_t current_count(const struct pit2 *p)
{
    uint64_t reload = p->reload ? p->reload : 0x10000;

    return (uint16_t)((reload - ticks(p) % 0x10000 + 0x10000) & 0xffff);
}

static bool out2(const struct pit2 *p)
{
    uint64_t reload = p->reload ? p->reload : 0x10000;

    return p->loaded && ticks(p) >= reload;
}

static uint8_t read_counter(struct pit2 *p)
{
    uint16_t v = p->latched ? p->latch : current_count(p);
    bool msb = p->access == ACCESS_MSB ||
               (p->access == ACCESS_WORD && p->read_msb_next);

    if ( p->access == ACCESS_WORD )
        p->read_msb_next = !p->read_msb_next;
    if ( p->latched && (p->access != ACCESS_WORD || !p->read_msb_next) )
        p->latched = false; /* the whole latched value was read */
    return msb ? v >> 8 : v & 0xff;
}

static void write_counter(struct pit2 *p, uint8_t val)
{
    bool msb = p->access == ACCESS_MSB ||
               (p->access == ACCESS_WORD && p->write_msb_next);

    p->reload =
        msb ? (p->reload & 0xff) | val << 8 : (p->reload & 0xff00) | val;
    if ( p->access == ACCESS_WORD && !msb )
    {
        p->write_msb_next = true;
        return;
    }
    p->write_msb_next = false;
    p->loaded = true; /* mode 0: counting starts at the full count */
    p->ticks_at_gate_low = 0;
    p->load_ns = NOW();
}

static void write_control(struct pit2 *p, uint8_t val)
{
    if ( (val >> 6) != 2 )
        return; /* not channel 2 (or read-back): ignored */
    if ( ((val >> 4) & 3) == ACCESS_LATCH )
    {
        if ( !p->latched )
        {
            p->latch = current_count(p);
            p->latched = true;
        }
        return;
    }
    p->access = (val >> 4) & 3;
    p->read_msb_next = p->write_msb_next = false;
    p->latched = false;
    p->loaded = false;
}

static void write_gate(struct pit2 *p, uint8_t val)
{
    bool gate = val & 1;

    if ( gate != p->gate )
    {
        if ( !gate )
            p->ticks_at_gate_low = ticks(p);
        p->gate = gate;
        if ( gate )
            p->load_ns = NOW(); /* counting resumes */
    }
    p->speaker = val & 2;
}

bool pit2_port(unsigned int port)
{
    return port == 0x42 || port == 0x43 || port == 0x61;
}

uint8_t pit2_read(struct domain *d, unsigned int port)
{
    struct pit2 *p = &d->arch.pit2;
    uint8_t v = 0xff;

    pthread_mutex_lock(&p->lock);
    if ( port == 0x42 )
        v = read_counter(p);
    else if ( port == 0x61 )
        v = (p->gate ? 1 : 0) | (p->speaker ? 2 : 0) | (out2(p) ? 0x20 : 0);
    pthread_mutex_unlock(&p->lock);
    return v;
}

void pit2_write(struct domain *d, unsigned int port, uint8_t val)
{
    struct pit2 *p = &d->arch.pit2;

    pthread_mutex_lock(&p->lock);
    if ( port == 0x42 )
        write_counter(p, val);
    else if ( port == 0x43 )
        write_control(p, val);
    else if ( port == 0x61 )
        write_gate(p, val);
    pthread_mutex_unlock(&p->lock);
}
