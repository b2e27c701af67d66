/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm.c: domains and vCPUs as KVM VMs and vCPUs. A domain's RAM and its
 * hypervisor-owned frames are two memslots over memfds (never populated
 * up front); a vCPU starts in 64-bit mode at ring 3 with Xen's flat
 * selectors, which is the only ring guest code ever runs in here.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cpuid.h>
#include <x86intrin.h>

#include <asm/arch.h>
#include <asm/memslots.h>
#include <asm/xen_map.h>
#include <asm/vm_pool.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/sched.h>

static int kvm_fd = -1;
static int vcpu_mmap_size;
static uint64_t tsc_khz;

/* The CPUID policy every domain gets: what KVM supports, cached once. */
static struct {
    struct kvm_cpuid2 hdr;
    struct kvm_cpuid_entry2 entries[256];
} cpuid_policy;

int arch_init(void)
{
    int version;

    kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if ( kvm_fd < 0 )
    {
        int rc = -errno;

        xlog(LOG_ERR, "cannot open /dev/kvm: %s", strerror(errno));
        return rc;
    }
    version = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
    if ( version != KVM_API_VERSION )
    {
        xlog(LOG_ERR, "KVM API version %d, need %d", version, KVM_API_VERSION);
        return -ENOSYS;
    }
    if ( ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) <= 0 )
    {
        xlog(LOG_ERR, "KVM lacks KVM_CAP_SYNC_REGS");
        return -ENOSYS;
    }
    vcpu_mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if ( vcpu_mmap_size <= 0 )
        return -ENOSYS;
    cpuid_policy.hdr.nent = ARRAY_SIZE(cpuid_policy.entries);
    if ( ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, &cpuid_policy) )
    {
        xlog(LOG_ERR, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
        return -errno;
    }
    if ( m2p_init() )
    {
        xlog(LOG_ERR, "cannot set up the M2P table: %s", strerror(errno));
        return -ENOMEM;
    }
    vm_pool_start(kvm_fd);
    return 0;
}

void arch_fini(void)
{
    vm_pool_stop();
}

const struct kvm_cpuid_entry2 *arch_cpuid_lookup(uint32_t leaf,
                                                 uint32_t subleaf)
{
    unsigned int i;

    for ( i = 0; i < cpuid_policy.hdr.nent; i++ )
    {
        const struct kvm_cpuid_entry2 *e = &cpuid_policy.entries[i];

        if ( e->function != leaf )
            continue;
        if ( (e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) &&
             e->index != subleaf )
            continue;
        return e;
    }
    return NULL;
}

uint64_t arch_tsc_khz(void)
{
    return tsc_khz;
}

/* One CPUID register of the host, 0 where the leaf is beyond its range. */
static uint32_t host_cpuid(uint32_t leaf, uint32_t subleaf, unsigned int reg)
{
    uint32_t r[4] = { 0 };

    if ( __get_cpuid_max(leaf & 0x80000000, NULL) >= leaf )
        __cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);
    return r[reg];
}

void arch_hw_caps(uint32_t cap[8])
{
    enum { EAX, EBX, ECX, EDX };

    /* Xen's featureset words 0-7 (public/arch-x86/cpufeatureset.h). */
    cap[0] = host_cpuid(1, 0, EDX);
    cap[1] = host_cpuid(1, 0, ECX);
    cap[2] = host_cpuid(0x80000001, 0, EDX);
    cap[3] = host_cpuid(0x80000001, 0, ECX);
    cap[4] = host_cpuid(0xd, 1, EAX);
    cap[5] = host_cpuid(7, 0, EBX);
    cap[6] = host_cpuid(7, 0, ECX);
    cap[7] = host_cpuid(0x80000007, 0, EDX);
}

/*
 * The hypervisor's own mapping (asm/xen_map.h). Window 0 holds a task
 * state segment: guests run at ring 3 and have no TSS of their own; the
 * CPU consults the TSS's I/O permission bitmap for every `out`, and this
 * one allows only XEN_HYPERCALL_PORT, so the hypercall page's `out`
 * reaches KVM as an I/O exit and every other port access raises #GP(0),
 * which emul_ioport.c emulates as Xen does.
 */
#define TSS_IOMAP_OFF 104
#define TSS_LIMIT (TSS_IOMAP_OFF + 256 / 8 - 1) /* ports 0-255 */

static const unsigned int xen_map_l1s[XEN_MAP_L1S] = { FRAME_L1_0, FRAME_L1_1,
                                                       FRAME_L1_2 };

uint64_t xen_map_set_pte(struct domain *d, unsigned int page, uint64_t pte)
{
    uint64_t *l1;

    if ( page >= XEN_MAP_L1S * 512 )
        return pte;
    l1 = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + xen_map_l1s[page / 512]);
    return __atomic_exchange_n(&l1[page % 512], pte, __ATOMIC_ACQ_REL);
}

static void build_xen_map(struct domain *d)
{
    uint64_t *l3 = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + FRAME_L3);
    uint64_t *l2 = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + FRAME_L2);
    uint8_t *tss = domain_frame_ptr(d, XEN_SPECIAL_PFN_BASE + FRAME_TSS);
    uint16_t iomap = TSS_IOMAP_OFF;
    unsigned int i;

    l3[0] = special_maddr(FRAME_L2) | XEN_PTE;
    for ( i = 0; i < XEN_MAP_L1S; i++ )
        l2[i] = special_maddr(xen_map_l1s[i]) | XEN_PTE;
    xen_map_set_pte(d, 0, special_maddr(FRAME_TSS) | XEN_PTE);
    memcpy(tss + 102, &iomap, sizeof(iomap));
    /* A set bit denies its port. */
    memset(tss + TSS_IOMAP_OFF, 0xff, 256 / 8);
    tss[TSS_IOMAP_OFF + XEN_HYPERCALL_PORT / 8] &=
        ~(1u << (XEN_HYPERCALL_PORT % 8));
    gdt_init_domain(d);
}

/* Put the hypervisor's slots (its own mapping, the M2P) into the guest L4
 * at maddr (if it is RAM). */
static void install_xen_slot(struct domain *d, uint64_t l4_maddr)
{
    uint64_t *l4 = domain_mfn_is_ram(d, l4_maddr >> PAGE_SHIFT)
                       ? domain_frame_ptr(d, l4_maddr >> PAGE_SHIFT)
                       : NULL;

    if ( !l4 )
        return;
    __atomic_store_n(&l4[XEN_L4_SLOT], special_maddr(FRAME_L3) | XEN_PTE,
                     __ATOMIC_RELEASE);
    if ( __atomic_load_n(&l4[M2P_L4_SLOT], __ATOMIC_RELAXED) != m2p_l4_entry() )
        __atomic_store_n(&l4[M2P_L4_SLOT], m2p_l4_entry(), __ATOMIC_RELEASE);
}

int arch_domain_create(struct domain *d)
{
    struct kvm_userspace_memory_region slot;
    struct warm_vm warm;
    int rc;

    if ( vm_pool_take(&warm) )
    {
        d->arch.vm_fd = warm.vm_fd;
        d->arch.vcpu0 = warm.vcpu0;
        d->arch.vcpu0_ready = true;
    }
    else
        d->arch.vm_fd = kvm_create_vm(kvm_fd);
    if ( d->arch.vm_fd < 0 )
        return d->arch.vm_fd;
    zap_gate_init(&d->arch.zap);
    pthread_mutex_init(&d->arch.replaced.lock, NULL);
    pthread_mutex_init(&d->arch.pit2.lock, NULL);

    slot = (struct kvm_userspace_memory_region){
        .slot = MEMSLOT_RAM,
        .guest_phys_addr = 0,
        .memory_size = d->max_pages << PAGE_SHIFT,
        .userspace_addr = (uintptr_t)d->ram,
    };
    if ( ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) )
        goto fail;
    slot = (struct kvm_userspace_memory_region){
        .slot = MEMSLOT_SPECIAL,
        .guest_phys_addr = XEN_SPECIAL_PFN_BASE << PAGE_SHIFT,
        .memory_size = SPECIAL_NR_FRAMES << PAGE_SHIFT,
        .userspace_addr = (uintptr_t)d->special,
    };
    if ( ioctl(d->arch.vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) )
        goto fail;
    build_xen_map(d);
    rc = m2p_domain_create(d);
    if ( !rc )
        rc = pt_pins_init(d);
    if ( rc )
    {
        arch_domain_destroy(d);
        return rc;
    }
    return 0;

fail:
    rc = -errno;
    arch_domain_destroy(d);
    return rc;
}

void arch_domain_destroy(struct domain *d)
{
    if ( d->arch.vm_fd >= 0 )
        exit_stats_log(d);
    pt_pins_free(d);
    if ( d->arch.vcpu0_ready )
        kvm_release_vcpu(&d->arch.vcpu0);
    d->arch.vcpu0_ready = false;
    if ( d->arch.vm_fd >= 0 )
        vm_pool_close_later(d->arch.vm_fd);
    d->arch.vm_fd = -1;
    pthread_mutex_destroy(&d->arch.zap.lock);
    pthread_cond_destroy(&d->arch.zap.cond);
}

/* 64-bit paging, ring 3, Xen's flat selectors. */
static void initial_sregs(struct kvm_sregs *s)
{
    struct kvm_segment code = {
        .base = 0,
        .limit = 0xffffffff,
        .selector = FLAT_RING3_CS64,
        .type = 11,
        .present = 1,
        .dpl = 3,
        .s = 1,
        .l = 1,
        .g = 1,
    };
    struct kvm_segment data = code;

    data.selector = FLAT_RING3_SS64;
    data.type = 3;
    data.l = 0;
    data.db = 1;
    s->cs = code;
    s->ss = s->ds = s->es = s->fs = s->gs = data;
    s->tr = (struct kvm_segment){
        .base = XEN_MAP_VA,
        .limit = TSS_LIMIT,
        .selector = 0x40,
        .type = 11,
        .present = 1, /* busy 64-bit TSS */
    };
    s->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP |
             X86_CR0_PG;
    s->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    s->efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NX;
}

/*
 * Guest TSC minus host TSC. The guest's IA32_TSC is read between two
 * host TSC reads; guest - (host after) can only underestimate the true
 * offset, which keeps every pvclock tsc_timestamp at or before the
 * guest's own TSC (a timestamp ahead of it would make the guest's delta
 * negative, and its clock leap). The tightest of a few tries is kept.
 */
static int64_t read_tsc_offset(int vcpu_fd)
{
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e;
    } msrs = { .hdr.nmsrs = 1, .e.index = MSR_IA32_TSC };
    int64_t best = INT64_MIN;
    unsigned int i;

    for ( i = 0; i < 5; i++ )
    {
        int64_t bound;

        if ( ioctl(vcpu_fd, KVM_GET_MSRS, &msrs) != 1 )
            return 0;
        bound = (int64_t)(msrs.e.data - __rdtsc());
        if ( bound > best )
            best = bound;
    }
    return best;
}

/*
 * Triple-fault events make a shutdown that KVM has decided on but not yet
 * reported visible in KVM_GET_VCPU_EVENTS: a guest exception here ends
 * as one, and a kick can land in between (vcpu_run.c).
 */
int kvm_create_vm(int kvm)
{
    struct kvm_enable_cap cap = {
        .cap = KVM_CAP_X86_TRIPLE_FAULT_EVENT,
        .args = { 1 },
    };
    int fd = ioctl(kvm, KVM_CREATE_VM, 0);

    if ( fd < 0 )
        return -errno;
    if ( ioctl(fd, KVM_ENABLE_CAP, &cap) )
    {
        int rc = -errno;

        xlog(LOG_ERR, "KVM_CAP_X86_TRIPLE_FAULT_EVENT: %s", strerror(errno));
        close(fd);
        return rc;
    }
    return fd;
}

/* A KVM vCPU in the initial PV state, for vm_pool.c or a vCPU made now. */
int kvm_prepare_vcpu(int vm_fd, unsigned int id, struct prepared_vcpu *p)
{
    p->run = NULL;
    p->fd = ioctl(vm_fd, KVM_CREATE_VCPU, id);
    if ( p->fd < 0 )
        return -errno;
    p->run = mmap(NULL, vcpu_mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                  p->fd, 0);
    if ( p->run == MAP_FAILED )
    {
        p->run = NULL;
        goto fail;
    }
    if ( ioctl(p->fd, KVM_SET_CPUID2, &cpuid_policy) ||
         ioctl(p->fd, KVM_GET_SREGS, &p->sregs) )
        goto fail;
    initial_sregs(&p->sregs);
    p->sregs.gdt.base = gdt_base(id);
    p->sregs.gdt.limit = GDT_PAGES * PAGE_SIZE - 1;
    if ( ioctl(p->fd, KVM_SET_SREGS, &p->sregs) )
        goto fail;
    if ( pv_syscall_msrs_init(p->fd) )
        goto fail;
    p->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
    p->tsc_offset = read_tsc_offset(p->fd);
    return 0;

fail:
    kvm_release_vcpu(p);
    return -EINVAL;
}

void kvm_release_vcpu(struct prepared_vcpu *p)
{
    if ( p->run )
        munmap(p->run, vcpu_mmap_size);
    p->run = NULL;
    if ( p->fd >= 0 )
        close(p->fd);
    p->fd = -1;
}

int arch_vcpu_create(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct arch_vcpu *a = &v->arch;
    struct prepared_vcpu p;
    int rc;

    if ( (rc = gdt_init_vcpu(d, v->vcpu_id)) )
        return rc;
    if ( v->vcpu_id == 0 && d->arch.vcpu0_ready )
    {
        p = d->arch.vcpu0;
        d->arch.vcpu0_ready = false;
    }
    else if ( (rc = kvm_prepare_vcpu(d->arch.vm_fd, v->vcpu_id, &p)) )
        return rc;
    a->vcpu_fd = p.fd;
    a->run = p.run;
    a->run_size = vcpu_mmap_size;
    a->sregs = p.sregs;
    a->tsc_offset = p.tsc_offset;
    a->in_kernel = true;
    a->cr4_guest =
        a->sregs.cr4 & (X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    a->debugreg[6] = 0xffff0ff0; /* reset values */
    a->debugreg[7] = 0x400;
    if ( !tsc_khz )
    {
        int khz = ioctl(a->vcpu_fd, KVM_GET_TSC_KHZ, 0);

        tsc_khz = khz > 0 ? (uint64_t)khz : 1000000;
    }
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;

    if ( a->run )
        munmap(a->run, a->run_size);
    a->run = NULL;
    if ( a->vcpu_fd >= 0 )
        close(a->vcpu_fd);
    a->vcpu_fd = -1;
}

/* Push the authoritative sregs to KVM (vCPU not running). */
int arch_load_sregs(struct vcpu *v)
{
    install_xen_slot(v->domain, v->arch.sregs.cr3 & PAGE_MASK);
    v->arch.sregs_dirty = false;
    return ioctl(v->arch.vcpu_fd, KVM_SET_SREGS, &v->arch.sregs) ? -errno : 0;
}

int arch_set_cr3(struct vcpu *v, uint64_t maddr)
{
    v->arch.sregs.cr3 = maddr;
    v->arch.sregs_dirty = true;
    return 0;
}
