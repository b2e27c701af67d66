/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_floor.h: raw-KVM floors that every benchmark prints its figures
 * against, measured in the same run: a ring-3 exit to user space and
 * back, a trap (exception) round trip, and VM creation to first exit.
 */
#ifndef BENCH_KVM_FLOOR_H
#define BENCH_KVM_FLOOR_H

/* Mean microseconds per `out` exit round trip from ring 3 (n exits). */
double floor_exit_us(unsigned int n);
/* Mean microseconds per ud2 trap: exit, read vector, restore, resume. */
double floor_trap_us(unsigned int n);
/* Median milliseconds from KVM_CREATE_VM to the first guest exit. */
double floor_create_ms(unsigned int n);
/* Seconds since an arbitrary start (CLOCK_MONOTONIC). */
double bench_now(void);

#endif /* BENCH_KVM_FLOOR_H */
