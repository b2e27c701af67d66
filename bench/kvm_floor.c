/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_floor.c: the smallest possible KVM guest (a few instructions in
 * ring 3, identity-mapped with 2 MiB pages), used to measure the floors
 * of what the hypervisor does: one exit, one trap, one VM creation.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kvm_floor.h"

#define GUEST_MEM (4UL << 20)
#define CODE_ADDR 0x200000UL
#define STACK_ADDR 0x300000UL
#define PT_ADDR 0x1000UL /* L4, L3, L2 at 0x1000..0x3fff */

struct tiny_vm {
    int kvm, vm, vcpu;
    uint8_t *mem;
    struct kvm_run *run;
    size_t run_size;
};

double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
    fprintf(stderr, "kvm_floor: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Identity map the first 4 MiB with user-accessible 2 MiB pages. */
static void map_identity(uint8_t *mem)
{
    uint64_t *l4 = (uint64_t *)(mem + PT_ADDR);
    uint64_t *l3 = (uint64_t *)(mem + PT_ADDR + 0x1000);
    uint64_t *l2 = (uint64_t *)(mem + PT_ADDR + 0x2000);

    l4[0] = (PT_ADDR + 0x1000) | 7;
    l3[0] = (PT_ADDR + 0x2000) | 7;
    l2[0] = 0x000000 | 0x87;
    l2[1] = 0x200000 | 0x87;
}

static void set_ring3_long_mode(int vcpu)
{
    struct kvm_sregs sregs;
    struct kvm_segment code = {
        .limit = 0xffffffff,
        .present = 1,
        .s = 1,
        .g = 1,
        .type = 11,
        .l = 1,
        .dpl = 3,
        .selector = 0xe033,
    };
    struct kvm_segment data = code;

    if ( ioctl(vcpu, KVM_GET_SREGS, &sregs) )
        die("KVM_GET_SREGS");
    data.type = 3;
    data.l = 0;
    data.db = 1;
    data.selector = 0xe02b;
    sregs.cs = code;
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
    sregs.cr3 = PT_ADDR;
    sregs.cr4 = 0x20; /* PAE */
    sregs.cr0 = 0x80000011; /* PG | ET | PE */
    sregs.efer = 0x500; /* LMA | LME */
    if ( ioctl(vcpu, KVM_SET_SREGS, &sregs) )
        die("KVM_SET_SREGS");
}

static void tiny_vm_open(struct tiny_vm *t, const uint8_t *code, size_t len)
{
    struct kvm_userspace_memory_region slot;
    struct kvm_regs regs = { .rip = CODE_ADDR, .rsp = STACK_ADDR, .rflags = 2 };

    t->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if ( t->kvm < 0 )
        die("open /dev/kvm");
    t->vm = ioctl(t->kvm, KVM_CREATE_VM, 0);
    if ( t->vm < 0 )
        die("KVM_CREATE_VM");
    t->mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if ( t->mem == MAP_FAILED )
        die("mmap");
    map_identity(t->mem);
    memcpy(t->mem + CODE_ADDR, code, len);
    slot = (struct kvm_userspace_memory_region){
        .slot = 0,
        .memory_size = GUEST_MEM,
        .userspace_addr = (uintptr_t)t->mem,
    };
    if ( ioctl(t->vm, KVM_SET_USER_MEMORY_REGION, &slot) )
        die("KVM_SET_USER_MEMORY_REGION");
    t->vcpu = ioctl(t->vm, KVM_CREATE_VCPU, 0);
    if ( t->vcpu < 0 )
        die("KVM_CREATE_VCPU");
    t->run_size = ioctl(t->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    t->run =
        mmap(NULL, t->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, t->vcpu, 0);
    if ( t->run == MAP_FAILED )
        die("mmap kvm_run");
    set_ring3_long_mode(t->vcpu);
    if ( ioctl(t->vcpu, KVM_SET_REGS, &regs) )
        die("KVM_SET_REGS");
}

static void tiny_vm_close(struct tiny_vm *t)
{
    munmap(t->run, t->run_size);
    close(t->vcpu);
    close(t->vm);
    close(t->kvm);
    munmap(t->mem, GUEST_MEM);
}

static unsigned int tiny_vm_run(struct tiny_vm *t)
{
    if ( ioctl(t->vcpu, KVM_RUN, 0) )
        die("KVM_RUN");
    return t->run->exit_reason;
}

double floor_exit_us(unsigned int n)
{
    static const uint8_t loop[] = { 0xe6, 0x80, 0xeb, 0xfc }; /* out; jmp */
    struct tiny_vm t;
    double t0, t1;
    unsigned int i;

    tiny_vm_open(&t, loop, sizeof(loop));
    tiny_vm_run(&t);
    t0 = bench_now();
    for ( i = 0; i < n; i++ )
        if ( tiny_vm_run(&t) != KVM_EXIT_IO )
            die("unexpected exit");
    t1 = bench_now();
    tiny_vm_close(&t);
    return (t1 - t0) / n * 1e6;
}

double floor_trap_us(unsigned int n)
{
    static const uint8_t loop[] = { 0x0f, 0x0b, 0xeb, 0xfc }; /* ud2; jmp */
    struct kvm_vcpu_events ev;
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    struct tiny_vm t;
    double t0, t1;
    unsigned int i;

    tiny_vm_open(&t, loop, sizeof(loop));
    if ( ioctl(t.vcpu, KVM_GET_SREGS, &sregs) )
        die("KVM_GET_SREGS");
    t0 = bench_now();
    for ( i = 0; i < n; i++ )
    {
        if ( tiny_vm_run(&t) != KVM_EXIT_SHUTDOWN )
            die("unexpected exit");
        if ( ioctl(t.vcpu, KVM_GET_VCPU_EVENTS, &ev) ||
             ioctl(t.vcpu, KVM_GET_REGS, &regs) )
            die("reading the trap");
        regs.rip = CODE_ADDR; /* "deliver": back to the loop */
        if ( ioctl(t.vcpu, KVM_SET_REGS, &regs) ||
             ioctl(t.vcpu, KVM_SET_SREGS, &sregs) )
            die("resuming");
    }
    t1 = bench_now();
    tiny_vm_close(&t);
    return (t1 - t0) / n * 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double bench_median(double *v, unsigned int n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n ? v[n / 2] : 0;
}

double floor_create_ms(unsigned int n)
{
    static const uint8_t code[] = { 0xe6, 0x80, 0xeb, 0xfe };
    double *samples = calloc(n, sizeof(*samples)), median;
    unsigned int i;

    if ( !samples )
        die("calloc");
    for ( i = 0; i < n; i++ )
    {
        struct tiny_vm t;
        double t0 = bench_now();

        tiny_vm_open(&t, code, sizeof(code));
        if ( tiny_vm_run(&t) != KVM_EXIT_IO )
            die("unexpected exit");
        samples[i] = (bench_now() - t0) * 1e3;
        tiny_vm_close(&t);
    }
    median = bench_median(samples, n);
    free(samples);
    return median;
}

long bench_mem_available_kib(void)
{
    char line[128];
    long kib = -1;
    FILE *f = fopen("/proc/meminfo", "r");

    while ( f && fgets(line, sizeof(line), f) )
        if ( sscanf(line, "MemAvailable: %ld kB", &kib) == 1 )
            break;
    if ( f )
        fclose(f);
    return kib;
}

long bench_resident_kib(const void *mem, size_t size)
{
    unsigned char *vec = malloc(size >> 12);
    size_t i;
    long pages = 0;

    if ( vec && !mincore((void *)mem, size, vec) )
        for ( i = 0; i < size >> 12; i++ )
            pages += vec[i] & 1;
    free(vec);
    return pages * 4;
}

double floor_idle_vm_kib(unsigned int n)
{
    static const uint8_t code[] = { 0xe6, 0x80, 0xeb, 0xfe }; /* out; jmp */
    struct tiny_vm *vms = calloc(n, sizeof(*vms));
    long before = bench_mem_available_kib(), after, guest = 0;
    unsigned int i;

    if ( !vms )
        die("calloc");
    for ( i = 0; i < n; i++ )
    {
        tiny_vm_open(&vms[i], code, sizeof(code));
        tiny_vm_run(&vms[i]);
    }
    sleep(2); /* as long as the domains are given to settle */
    after = bench_mem_available_kib();
    for ( i = 0; i < n; i++ )
    {
        guest += bench_resident_kib(vms[i].mem, GUEST_MEM);
        tiny_vm_close(&vms[i]);
    }
    free(vms);
    return (double)(before - after - guest) / n;
}
