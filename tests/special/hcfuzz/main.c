/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hcfuzz: random hypercalls with random arguments ("rounds=N", "seed=S").
 * Arguments are small numbers, random 64-bit values, pointers the guest
 * may not give (null, unmapped, the hypervisor's range, non-canonical)
 * or pointers into a scratch buffer of random bytes. Calls that would
 * only harm this guest itself (its page tables, trap table, callbacks,
 * stack, vCPUs, shutdown, blocking) are left out: the point is what the
 * hypervisor does with the rest. Prints "hcfuzz: survived N calls".
 */
#include <mini-os/os.h>

#define SCRATCH_SIZE (64UL << 10)

static uint8_t scratch[SCRATCH_SIZE] __attribute__((aligned(4096)));
static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64: deterministic for a seed, good enough to fuzz with. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const unsigned long bad_ptrs[] = {
    0,
    0x1000,
    0xffff800000000000UL,
    0xffff808000000000UL,
    0x0000800000000000UL,
    0xfffffffffffffff8UL,
};

static unsigned long random_arg(void)
{
    switch ( rnd() % 5 )
    {
    case 0:
        return rnd() % 64;
    case 1:
        return rnd();
    case 2:
        return bad_ptrs[rnd() % ARRAY_SIZE(bad_ptrs)];
    default: /* well inside scratch: calls may write a few KiB there */
        return (unsigned long)scratch + rnd() % 4096;
    }
}

/* Hypercalls that would only wreck this guest, never tried. */
static bool self_harming(unsigned long op)
{
    switch ( op )
    {
    case __HYPERVISOR_set_trap_table:
    case __HYPERVISOR_mmu_update:
    case __HYPERVISOR_stack_switch:
    case __HYPERVISOR_set_callbacks:
    case __HYPERVISOR_sched_op_compat:
    case __HYPERVISOR_set_debugreg:
    case __HYPERVISOR_update_descriptor:
    case __HYPERVISOR_memory_op:
    case __HYPERVISOR_multicall:
    case __HYPERVISOR_update_va_mapping:
    case __HYPERVISOR_update_va_mapping_otherdomain:
    case __HYPERVISOR_iret:
    case __HYPERVISOR_vcpu_op:
    case __HYPERVISOR_set_segment_base:
    case __HYPERVISOR_mmuext_op:
    case __HYPERVISOR_callback_op:
        return true;
    default:
        return false;
    }
}

static void one_call(void)
{
    unsigned long op, a[5];
    unsigned int i;

    do
        op = rnd() % 128; /* the hypercall page's entries */
    while ( self_harming(op) );
    for ( i = 0; i < 5; i++ )
        a[i] = random_arg();
    /* sched_op: no shutdown, block or poll (they would end or stall us). */
    if ( op == __HYPERVISOR_sched_op && a[0] != SCHEDOP_yield &&
         a[0] != SCHEDOP_remote_shutdown && a[0] != SCHEDOP_shutdown_code &&
         a[0] < 7 )
        a[0] = SCHEDOP_yield;
    hypercall(op, a[0], a[1], a[2], a[3], a[4]);
}

int app_main(const char *cmdline)
{
    char buf[32];
    unsigned long rounds = 20000, i, j;

    (void)cmdline;
    rng_state = 0x9e3779b97f4a7c15ULL;
    if ( cmdline_get("seed", buf, sizeof(buf)) )
        rng_state ^= strtoul(buf, NULL, 10) * 0x2545f4914f6cdd1dULL;
    if ( cmdline_get("rounds", buf, sizeof(buf)) )
        rounds = strtoul(buf, NULL, 10);
    printk("hcfuzz: %lu calls\n", rounds);
    for ( i = 0; i < rounds; i++ )
    {
        if ( i % 64 == 0 )
            for ( j = 0; j < 4096; j += 8 )
                *(uint64_t *)(scratch + j) = rnd();
        one_call();
    }
    printk("hcfuzz: survived %lu calls\n", rounds);
    return 0;
}
