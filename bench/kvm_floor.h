/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_floor.h: raw-KVM floors that every benchmark prints its figures
 * against, measured in the same run: a ring-3 exit to user space and
 * back, a trap (exception) round trip, and VM creation to first exit.
 */
#ifndef BENCH_KVM_FLOOR_H
#define BENCH_KVM_FLOOR_H

#include <stddef.h>

/* Mean microseconds per `out` exit round trip from ring 3 (n exits). */
double floor_exit_us(unsigned int n);
/* Mean microseconds per ud2 trap: exit, read vector, restore, resume. */
double floor_trap_us(unsigned int n);
/* Median milliseconds from KVM_CREATE_VM to the first guest exit. */
double floor_create_ms(unsigned int n);
/*
 * Host KiB per idle raw VM (one vCPU that has run), beyond its resident
 * guest pages, with n such VMs alive at once.
 */
double floor_idle_vm_kib(unsigned int n);
/* KiB of the mapping [mem, mem + size) that is resident (mincore). */
long bench_resident_kib(const void *mem, size_t size);
/* MemAvailable of /proc/meminfo, KiB. */
long bench_mem_available_kib(void);
/* The median of v[0..n) (sorts v); 0 for none. */
double bench_median(double *v, unsigned int n);
/* Seconds since an arbitrary start (CLOCK_MONOTONIC). */
double bench_now(void);

#endif /* BENCH_KVM_FLOOR_H */
