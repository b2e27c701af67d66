/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_stubs.h: a tiny fake of the hypervisor around the mechanism under
 * test: domains with a heap shared_info and vCPUs, and records of what
 * the mechanism asked of the scheduler.
 */
#ifndef TESTS_UNIT_HV_STUBS_H
#define TESTS_UNIT_HV_STUBS_H

#include <xen/domain.h>

/* A domain with nr_vcpus vCPUs (0 = domain 0, no shared_info). */
struct domain *fake_domain_create(domid_t id, unsigned int nr_vcpus);
void fake_domain_destroy(struct domain *d);
void fake_set_current(struct domain *d);

extern unsigned int fake_unblocks, fake_kicks;

#endif /* TESTS_UNIT_HV_STUBS_H */
