/* SPDX-License-Identifier: GPL-2.0-only */
/* floor: print the raw-KVM floors (kvm_floor.c) for the bench scripts. */
#include <stdio.h>

#include "kvm_floor.h"

int main(void)
{
    printf("exit_us %.2f\n", floor_exit_us(20000));
    printf("trap_us %.2f\n", floor_trap_us(5000));
    return 0;
}
