/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * os.h: the kernel's core services: console, events, time, threads,
 * traps, memory, shutdown. Applications provide app_main().
 */
#ifndef MINIOS_OS_H
#define MINIOS_OS_H

#include <mini-os/hypercall.h>
#include <mini-os/lib.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>

extern start_info_t start_info;
extern shared_info_t *HYPERVISOR_shared_info;

/* The application's entry, run in a thread; returning powers off. */
int app_main(const char *cmdline);

/* Console: printk goes to console_io and the console ring. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_init(void);

/* Events. */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);
void events_init(void); /* queues its hypercalls: see batch_flush() */
void events_start(void); /* after the flush: masks, then upcalls on */
int bind_evtchn(evtchn_port_t port, evtchn_handler_t h, void *data);
evtchn_port_t bind_virq(uint32_t virq, evtchn_handler_t h, void *data);
void unbind_evtchn(evtchn_port_t port);
int notify_remote_via_evtchn(evtchn_port_t port);
void mask_evtchn(evtchn_port_t port);
void unmask_evtchn(evtchn_port_t port);
void clear_evtchn(evtchn_port_t port);
void do_hypervisor_callback(void);
extern unsigned long upcall_count; /* event upcalls taken so far */
void local_irq_disable(void);
void local_irq_enable(void);

/* Time (ns since boot) and timers. */
uint64_t monotonic_clock(void);
void wall_clock(uint64_t *sec, uint32_t *nsec);
void time_init(void);

/* Threads: cooperative, one vCPU. */
struct thread;
struct thread *create_thread(const char *name, void (*fn)(void *), void *arg);
void schedule(void);
void block_current(void); /* sleep until wake() */
void wake(struct thread *t);
void msleep(uint32_t ms);
/* Sleep until wake() or the deadline (ns, monotonic; 0: none). */
void block_until(uint64_t deadline);
struct thread *current_thread(void);
void sched_start(void) __attribute__((noreturn));

/* Traps: a test may handle a vector itself (return 1 = handled). */
struct pt_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};
typedef int (*trap_hook_t)(struct pt_regs *regs);
/* Called with the interrupted state at each event upcall (tests). */
extern void (*upcall_hook)(const struct pt_regs *regs);
void traps_init(void); /* queues its hypercall: see batch_flush() */
void set_trap_hook(unsigned int vector, trap_hook_t hook);
void dump_regs(const struct pt_regs *regs);

/* Memory. */
void mm_init(void);
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
void *alloc_page(void);
unsigned long virt_to_mfn(const void *va);

/*
 * Boot hypercalls batched into one multicall: queued calls run, in order,
 * at batch_flush(). A call whose result is not kept must succeed (why is
 * the crash message otherwise).
 */
void batch_hypercall(const char *why, long *result, unsigned long op,
                     unsigned long a0, unsigned long a1, unsigned long a2);
void batch_flush(void);

/* Shutdown; the toolstack's requests through control/shutdown. */
void shutdown_watch_start(void);
void poweroff(void) __attribute__((noreturn));
void crash(const char *why) __attribute__((noreturn));
void shutdown_with(unsigned int reason) __attribute__((noreturn));

#endif /* MINIOS_OS_H */
