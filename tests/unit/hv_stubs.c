/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_stubs.c: the parts of the hypervisor that event_channel.c and
 * event_2l.c call but do not own, faked for user-space unit tests:
 * domain lookup and references, the scheduler's wake-ups, and guest
 * memory access (plain host pointers).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xen/domain.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/sched.h>

#include "hv_stubs.h"

#define MAX_FAKE 8

struct domain *hardware_domain;
__thread struct vcpu *current;
unsigned int fake_unblocks, fake_kicks;
static struct domain *fakes[MAX_FAKE];

struct domain *fake_domain_create(domid_t id, unsigned int nr_vcpus)
{
    struct domain *d = calloc(1, sizeof(*d));
    unsigned int i;

    d->domain_id = id;
    atomic_init(&d->refcnt, 1);
    pthread_mutex_init(&d->lock, NULL);
    pthread_mutex_init(&d->event_lock, NULL);
    d->max_vcpus = nr_vcpus ? nr_vcpus : 1;
    d->vcpu = calloc(d->max_vcpus, sizeof(*d->vcpu));
    if ( id )
        d->shared_info = calloc(1, sizeof(shared_info_t));
    else
    {
        d->is_privileged = true;
        hardware_domain = d;
    }
    for ( i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = calloc(1, sizeof(*v));

        v->vcpu_id = i;
        v->domain = d;
        if ( d->shared_info )
            v->vcpu_info = &d->shared_info->vcpu_info[i];
        d->vcpu[i] = v;
    }
    evtchn_init(d, id ? 1023 : 4095);
    for ( i = 0; i < MAX_FAKE; i++ )
        if ( !fakes[i] )
        {
            fakes[i] = d;
            break;
        }
    return d;
}

void fake_domain_destroy(struct domain *d)
{
    unsigned int i;

    evtchn_destroy(d);
    for ( i = 0; i < MAX_FAKE; i++ )
        if ( fakes[i] == d )
            fakes[i] = NULL;
    for ( i = 0; i < d->max_vcpus; i++ )
        free(d->vcpu[i]);
    if ( hardware_domain == d )
        hardware_domain = NULL;
    free(d->vcpu);
    free(d->shared_info);
    free(d);
}

void fake_set_current(struct domain *d)
{
    current = d->vcpu[0];
}

bool get_domain(struct domain *d)
{
    atomic_fetch_add(&d->refcnt, 1);
    return true;
}

void put_domain(struct domain *d)
{
    atomic_fetch_sub(&d->refcnt, 1);
}

struct domain *get_domain_by_id(domid_t id)
{
    unsigned int i;

    for ( i = 0; i < MAX_FAKE; i++ )
        if ( fakes[i] && fakes[i]->domain_id == id )
        {
            get_domain(fakes[i]);
            return fakes[i];
        }
    return NULL;
}

void vcpu_unblock(struct vcpu *v)
{
    atomic_fetch_and(&v->pause_flags, ~VPF_blocked);
    fake_unblocks++;
}

void vcpu_kick(struct vcpu *v)
{
    (void)v;
    fake_kicks++;
}

/* Guest addresses are host pointers here; null and small ones fault. */
static bool bad_ptr(uint64_t gaddr)
{
    return gaddr < 4096;
}

int copy_from_guest(void *dst, uint64_t gaddr, size_t len)
{
    if ( bad_ptr(gaddr) )
        return -EFAULT;
    memcpy(dst, (void *)(uintptr_t)gaddr, len);
    return 0;
}

int copy_to_guest(uint64_t gaddr, const void *src, size_t len)
{
    if ( bad_ptr(gaddr) )
        return -EFAULT;
    memcpy((void *)(uintptr_t)gaddr, src, len);
    return 0;
}

struct domain *get_target_domain(domid_t domid, long *rc)
{
    struct domain *cur = current->domain, *d;

    if ( domid == DOMID_SELF || domid == cur->domain_id )
    {
        get_domain(cur);
        return cur;
    }
    if ( !cur->is_privileged )
    {
        *rc = -EPERM;
        return NULL;
    }
    d = get_domain_by_id(domid);
    if ( !d )
        *rc = -ESRCH;
    return d;
}

/* Fake domains have no RAM. */
bool domain_mfn_is_ram(const struct domain *d, uint64_t mfn)
{
    (void)d;
    (void)mfn;
    return false;
}
