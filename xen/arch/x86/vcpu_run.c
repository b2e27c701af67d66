/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_run.c: the loop that runs a vCPU on the calling pCPU thread. Each
 * round delivers a pending event upcall, enters KVM_RUN, and handles the
 * exit: a hypercall (an `out` to XEN_HYPERCALL_PORT from the hypercall
 * page, in guest kernel mode) or an exception (KVM_EXIT_SHUTDOWN with the
 * vector in the vCPU events). Other threads stop a running vCPU with
 * arch_vcpu_kick().
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include <asm/arch.h>
#include <asm/x86.h>
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define KICK_SIGNAL SIGUSR1

static void kick_handler(int sig)
{
    (void)sig; /* only there to interrupt KVM_RUN */
}

/* Install the kick signal handler once (no SA_RESTART). */
static void kick_signal_init(void)
{
    static atomic_bool done;
    struct sigaction sa = { .sa_handler = kick_handler };

    if ( atomic_exchange(&done, true) )
        return;
    sigemptyset(&sa.sa_mask);
    sigaction(KICK_SIGNAL, &sa, NULL);
}

void arch_vcpu_kick(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;

    if ( !a->run )
        return;
    __atomic_store_n(&a->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    if ( __atomic_load_n(&a->thread_valid, __ATOMIC_SEQ_CST) )
        pthread_kill(a->thread, KICK_SIGNAL);
}

/* Hypercall stubs are 32 bytes each, from the start of the page. */
#define STUB_SIZE 32

/*
 * A hypercall is an `out` to the hypercall port from the hypercall page,
 * in guest kernel mode. The same `out` from guest user mode, or from any
 * other code, is port I/O (emul_ioport.c): guest user processes cannot
 * make hypercalls.
 */
static bool hypercall_from_page(struct vcpu *v, uint64_t rip)
{
    struct kvm_run *run = v->arch.run;
    uint64_t maddr;

    if ( run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1 ||
         run->io.count != 1 || !v->arch.in_kernel ||
         !__atomic_load_n(&v->domain->arch.hypercall_page_set,
                          __ATOMIC_ACQUIRE) )
        return false;
    if ( arch_guest_translate(v, rip & PAGE_MASK, false, &maddr) )
        return false;
    return maddr >> PAGE_SHIFT == v->domain->arch.hypercall_mfn;
}

/*
 * Run the hypercall in rax with the arguments in rdi, rsi, rdx, r10, r8,
 * r9 (syscall.c enters here too). If it stopped early (continuation.c),
 * the vCPU re-enters it at restart_rip with the continuation's arguments
 * and rax = the call's number; a new rip also tells KVM not to complete
 * an `out` itself.
 */
void pv_hypercall(struct vcpu *v, uint64_t restart_rip)
{
    struct kvm_regs *regs = guest_regs(v);
    uint64_t args[6] = { regs->rdi, regs->rsi, regs->rdx,
                         regs->r10, regs->r8,  regs->r9 };
    unsigned int nr = (uint32_t)regs->rax;
    long ret;

    v->arch.fault_repeat = 0;
    v->arch.skip_result = false;
    hypercall_begin(v);
    ret = hypercall_dispatch(nr, args);
    if ( v->hcall.pending )
    {
        const uint64_t *c = v->hcall.args;

        regs->rdi = c[0];
        regs->rsi = c[1];
        regs->rdx = c[2];
        regs->r10 = c[3];
        regs->r8 = c[4];
        regs->r9 = c[5];
        regs->rax = v->hcall.nr;
        regs->rip = restart_rip;
        v->hcall.pending = false;
    }
    else if ( !v->arch.skip_result )
        regs->rax = ret;
    v->arch.regs_dirty = true;
}

static void handle_io_exit(struct vcpu *v)
{
    struct kvm_run *run = v->arch.run;

    uint64_t rip = guest_regs(v)->rip;

    /* A continuation restarts the stub, which loads eax itself. */
    if ( run->io.port == XEN_HYPERCALL_PORT && hypercall_from_page(v, rip) )
    {
        exit_stats_count(v, EXIT_HYPERCALL_PAGE);
        pv_hypercall(v, rip - rip % STUB_SIZE);
    }
    else
    {
        exit_stats_count(v, EXIT_PORT_IO);
        pv_emulate_port_io_exit(v);
    }
}

/*
 * KVM keeps the exception that stopped the vCPU and may deliver it again
 * at the next entry, at whatever rip the hypervisor has put there (a
 * bounce, an upcall, an emulated instruction's successor): Linux then
 * oopses at its callback's first instruction with another instruction's
 * fault. Once handled, it is dropped; the rest of the event state is
 * written back as read.
 */
static void forget_exception(struct vcpu *v, struct kvm_vcpu_events *ev)
{
    memset(&ev->exception, 0, sizeof(ev->exception));
    ev->exception_has_payload = 0;
    ev->exception_payload = 0;
    ev->flags = 0;
    if ( ioctl(v->arch.vcpu_fd, KVM_SET_VCPU_EVENTS, ev) )
        domain_crash(v->domain, "cannot clear a handled exception");
}

static void handle_exception_exit(struct vcpu *v)
{
    struct kvm_vcpu_events ev;
    struct kvm_sregs sregs;

    /*
     * A `syscall` stops at the guard (syscall.c): rip says so, and the
     * vector and CR2 need not be read (two ioctls saved on the path every
     * Linux hypercall takes). The segment state is ring 0's: restore ours.
     */
    if ( guest_regs(v)->rip == SYSCALL_GUARD_VA )
    {
        v->arch.sregs_dirty = true;
        exit_stats_count(v, v->arch.in_kernel ? EXIT_HYPERCALL_SYSCALL
                                              : EXIT_USER_SYSCALL);
        pv_syscall_entry(v);
        return;
    }

    if ( ioctl(v->arch.vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) ||
         ioctl(v->arch.vcpu_fd, KVM_GET_SREGS, &sregs) )
    {
        domain_crash(v->domain, "cannot read the exception state");
        return;
    }
    /* The shutdown left KVM's segment state unusable: restore ours. */
    v->arch.sregs_dirty = true;
    /*
     * Here the vector and error code are valid even though KVM reports
     * the exception as neither injected nor pending (measured).
     */
    exit_stats_vector(v, ev.exception.nr);
    arch_handle_exception(v, ev.exception.nr, ev.exception.has_error_code,
                          ev.exception.error_code, sregs.cr2);
    forget_exception(v, &ev);
}

/*
 * A kick can stop the vCPU after KVM has taken an exception from the
 * guest and before it has delivered it (measured: injected, vector 14,
 * with rip at the faulting instruction). KVM delivers it at the next
 * entry at whatever rip the registers hold then, so no upcall may move
 * rip first: the vCPU is resumed untouched, the exception comes back as
 * an exception exit with its own rip, and the upcall follows.
 */
static bool exception_queued(struct vcpu *v)
{
    struct kvm_vcpu_events ev;

    if ( ioctl(v->arch.vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) )
        return false;
    return ev.exception.injected || ev.exception.pending ||
           ((ev.flags & KVM_VCPUEVENT_VALID_TRIPLE_FAULT) &&
            ev.triple_fault.pending);
}

/* Enter the guest once. Returns false if the loop must end. */
static bool run_once(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;
    struct kvm_run *run = a->run;

    pv_deliver_upcall(v);
    if ( a->sregs_dirty && arch_load_sregs(v) )
    {
        domain_crash(v->domain, "cannot load segment state");
        return false;
    }
    a->exception_queued = false;
    run->kvm_dirty_regs = a->regs_dirty ? KVM_SYNC_X86_REGS : 0;
    a->regs_dirty = false;

    if ( kvm_run_gated(v) < 0 )
    {
        if ( errno == EINTR || errno == EAGAIN )
        {
            exit_stats_count(v, EXIT_KICK);
            a->exception_queued = exception_queued(v);
            return true;
        }
        xlog(LOG_ERR, "d%uv%u: KVM_RUN: %s", v->domain->domain_id, v->vcpu_id,
             strerror(errno));
        domain_crash(v->domain, "KVM_RUN failed");
        return false;
    }

    switch ( run->exit_reason )
    {
    case KVM_EXIT_IO:
        handle_io_exit(v);
        break;
    case KVM_EXIT_SHUTDOWN:
        handle_exception_exit(v);
        break;
    case KVM_EXIT_INTR:
        exit_stats_count(v, EXIT_KICK);
        a->exception_queued = exception_queued(v);
        break;
    case KVM_EXIT_MMIO:
        xlog(LOG_WARN, "d%uv%u: MMIO at %#llx", v->domain->domain_id,
             v->vcpu_id, (unsigned long long)run->mmio.phys_addr);
        domain_crash(v->domain, "access to an unbacked guest frame");
        break;
    default:
        xlog(LOG_WARN, "d%uv%u: unexpected exit %u", v->domain->domain_id,
             v->vcpu_id, run->exit_reason);
        domain_crash(v->domain, "unexpected exit");
        break;
    }
    return true;
}

void arch_vcpu_run(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;

    if ( a->vcpu_fd < 0 )
        return;
    kick_signal_init();
    current = v;
    a->thread = pthread_self();
    __atomic_store_n(&a->thread_valid, true, __ATOMIC_SEQ_CST);

    for ( ;; )
    {
        /* Clear before checking: a kick after the check still lands. */
        __atomic_store_n(&a->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        if ( !vcpu_runnable(v) || atomic_load(&v->need_resched) )
            break;
        if ( !run_once(v) )
            break;
    }

    __atomic_store_n(&a->thread_valid, false, __ATOMIC_SEQ_CST);
    current = NULL;
}

/*
 * The words at the top of the guest's stack (return addresses, mostly),
 * eight to a line, as far as they can be read.
 */
static void dump_guest_stack(struct vcpu *v, uint64_t rsp)
{
    unsigned int row, i;

    for ( row = 0; row < 3; row++ )
    {
        char line[8 * 17 + 1];
        unsigned int n = 0;
        uint64_t w;

        for ( i = 0; i < 8; i++ )
        {
            if ( copy_from_vcpu(v, &w, rsp + (row * 8 + i) * 8, 8) )
                break;
            n += snprintf(line + n, sizeof(line) - n, " %016llx",
                          (unsigned long long)w);
        }
        if ( i )
            xlog(LOG_ERR, "d%uv%u stack %016llx:%s", v->domain->domain_id,
                 v->vcpu_id, (unsigned long long)(rsp + row * 64), line);
        if ( i < 8 )
            break;
    }
}

void arch_vcpu_dump(struct vcpu *v)
{
    struct kvm_regs *r;

    if ( !v->arch.run )
        return;
    r = guest_regs(v);
    xlog(LOG_ERR,
         "d%uv%u registers:\n"
         "  rip %016llx  rsp %016llx  rflags %016llx\n"
         "  rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n"
         "  rsi %016llx  rdi %016llx  rbp %016llx  r8  %016llx\n"
         "  r9  %016llx  r10 %016llx  r11 %016llx  r12 %016llx\n"
         "  r13 %016llx  r14 %016llx  r15 %016llx\n"
         "  cr3 %016llx  cr2 %016llx  %s mode",
         v->domain->domain_id, v->vcpu_id, r->rip, r->rsp, r->rflags, r->rax,
         r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rbp, r->r8, r->r9, r->r10,
         r->r11, r->r12, r->r13, r->r14, r->r15, v->arch.sregs.cr3,
         v->vcpu_info ? (unsigned long long)v->vcpu_info->arch.cr2 : 0ULL,
         v->arch.in_kernel ? "kernel" : "user");
    dump_guest_stack(v, r->rsp);
}
