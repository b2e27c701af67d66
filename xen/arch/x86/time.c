/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * time.c: the per-vCPU pvclock in vcpu_info and the wall clock in
 * shared_info. Guests read time with rdtsc (which runs natively) scaled
 * by tsc_to_system_mul/tsc_shift from tsc_timestamp/system_time.
 */
#include <x86intrin.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/time.h>

/*
 * Pick (mul, shift) so that ns = ((ticks << shift) * mul) >> 32, with a
 * negative shift meaning a right shift, and mul as precise as it can be.
 */
void pv_time_scale(uint64_t tsc_khz, uint32_t *mul, int8_t *shift)
{
    uint64_t num = 1000000ULL, den = tsc_khz ? tsc_khz : 1; /* ns per tick */
    int s = 0;

    while ( num >= den ) /* get the ratio below 1 */
    {
        den <<= 1;
        s++;
    }
    while ( num * 2 < den ) /* and at least 1/2 */
    {
        num <<= 1;
        s--;
    }
    *mul = (uint32_t)((num << 32) / den);
    *shift = (int8_t)s;
}

static void update_wallclock(struct domain *d)
{
    shared_info_t *s = d->shared_info;
    uint64_t sec;
    uint32_t nsec;

    wallclock_at_boot(&sec, &nsec);
    if ( s->wc_sec == (uint32_t)sec && s->wc_nsec == nsec )
        return;
    __atomic_add_fetch(&s->wc_version, 1, __ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = nsec;
    __atomic_add_fetch(&s->wc_version, 1, __ATOMIC_SEQ_CST);
}

/*
 * The guest's second copy of its pvclock (VCPUOP_register_vcpu_time_
 * memory_area), which Linux maps into user space for the vDSO: written
 * odd version first, then the body, then the even version, so that a
 * reader on another vCPU retries rather than mixing two updates.
 */
static void update_time_area(struct vcpu *v, const struct vcpu_time_info *t)
{
    struct vcpu_time_info copy = *t;
    uint64_t at = v->time_area_guest;

    copy.version |= 1;
    if ( copy_to_vcpu(v, at, &copy.version, sizeof(copy.version)) ||
         copy_to_vcpu(v, at, &copy, sizeof(copy)) )
        return;
    copy.version++;
    (void)copy_to_vcpu(v, at, &copy.version, sizeof(copy.version));
}

void arch_update_vcpu_time(struct vcpu *v)
{
    struct vcpu_time_info *t;
    uint32_t mul;
    int8_t shift;

    if ( !v->vcpu_info )
        return;
    t = &v->vcpu_info->time;
    pv_time_scale(arch_tsc_khz(), &mul, &shift);

    __atomic_add_fetch(&t->version, 1, __ATOMIC_SEQ_CST); /* odd: busy */
    t->tsc_timestamp = __rdtsc() + v->arch.tsc_offset;
    t->system_time = NOW();
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    __atomic_add_fetch(&t->version, 1, __ATOMIC_SEQ_CST); /* even: done */
    if ( v->time_area_guest )
        update_time_area(v, t);

    if ( v->domain->shared_info )
        update_wallclock(v->domain);
}
