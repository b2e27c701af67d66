/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/vm_pool.h: KVM VMs made ahead of time, and closed after the fact,
 * by a background thread, so that creating and destroying a domain do
 * not wait for KVM (see vm_pool.c). Private to xen/arch/x86/.
 */
#ifndef X86_VM_POOL_H
#define X86_VM_POOL_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

/* A KVM vCPU ready to run PV guest code (kvm.c makes them). */
struct prepared_vcpu {
    int fd;
    struct kvm_run *run;
    struct kvm_sregs sregs;
    int64_t tsc_offset;
};

/* A new VM, set up as every domain's is; -errno on failure. */
int kvm_create_vm(int kvm);
int kvm_prepare_vcpu(int vm_fd, unsigned int id, struct prepared_vcpu *p);
void kvm_release_vcpu(struct prepared_vcpu *p);

/* A VM with its vCPU 0 and no memory yet. */
struct warm_vm {
    int vm_fd;
    struct prepared_vcpu vcpu0;
};

int vm_pool_start(int kvm_fd);
void vm_pool_stop(void);
/* A warm VM if one is ready (true), else false: make one yourself. */
bool vm_pool_take(struct warm_vm *out);
/* Close fd (a VM's last reference: slow in KVM) off the caller's path. */
void vm_pool_close_later(int fd);

#endif /* X86_VM_POOL_H */
