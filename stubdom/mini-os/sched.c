/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched.c: cooperative threads on the one vCPU. A thread runs until it
 * blocks, sleeps or yields; when nothing can run, the idle loop sets the
 * hypervisor timer for the next sleeper and blocks the vCPU
 * (SCHEDOP_block), which returns once an event or the timer arrives.
 */
#include <mini-os/os.h>

#define STACK_SIZE (16 * 1024)

struct thread {
    char name[16];
    uint64_t sp;
    bool runnable;
    bool exited;
    uint64_t wakeup; /* ns, 0 = not sleeping */
    void (*fn)(void *);
    void *arg;
    struct thread *next;
    uint8_t *stack;
};

static struct thread idle_thread = { .name = "idle", .runnable = true };
static struct thread *current = &idle_thread;
static struct thread *threads; /* all but idle */

void switch_stack(uint64_t *save_sp, uint64_t new_sp);

struct thread *current_thread(void)
{
    return current;
}

static void thread_entry(void)
{
    current->fn(current->arg);
    current->exited = true;
    current->runnable = false;
    schedule();
    crash("exited thread was scheduled");
}

struct thread *create_thread(const char *name, void (*fn)(void *), void *arg)
{
    struct thread *t = calloc(1, sizeof(*t));
    uint64_t *sp;

    if ( !t || !(t->stack = malloc(STACK_SIZE)) )
        crash("out of memory creating a thread");
    strncpy(t->name, name, sizeof(t->name) - 1);
    t->fn = fn;
    t->arg = arg;
    t->runnable = true;
    /* The frame switch_stack pops: six callee-saved registers, then ret. */
    sp = (uint64_t *)(t->stack + STACK_SIZE);
    *--sp = 0; /* keeps rsp 16-aligned at entry */
    *--sp = (uint64_t)thread_entry;
    for ( int i = 0; i < 6; i++ )
        *--sp = 0;
    t->sp = (uint64_t)sp;
    t->next = threads;
    threads = t;
    return t;
}

/* Wake sleepers whose time has come. */
static void wake_sleepers(uint64_t now)
{
    struct thread *t;

    for ( t = threads; t; t = t->next )
        if ( t->wakeup && t->wakeup <= now )
        {
            t->wakeup = 0;
            t->runnable = true;
        }
}

static struct thread *pick_next(void)
{
    struct thread *t =
        current != &idle_thread && current->next ? current->next : threads;
    struct thread *start = t;

    if ( !t )
        return &idle_thread;
    do
    {
        if ( t->runnable && !t->exited )
            return t;
        t = t->next ? t->next : threads;
    } while ( t != start );
    return &idle_thread;
}

void schedule(void)
{
    struct thread *prev = current, *next;

    local_irq_disable();
    wake_sleepers(monotonic_clock());
    next = pick_next();
    local_irq_enable();
    if ( next == prev )
        return;
    current = next;
    switch_stack(&prev->sp, next->sp);
}

void block_current(void)
{
    current->runnable = false;
    schedule();
}

void wake(struct thread *t)
{
    t->runnable = true;
}

void msleep(uint32_t ms)
{
    current->wakeup = monotonic_clock() + (uint64_t)ms * 1000000ULL;
    current->runnable = false;
    schedule();
}

void block_until(uint64_t deadline)
{
    current->wakeup = deadline;
    current->runnable = false;
    schedule();
    current->wakeup = 0;
}

/* Earliest wake-up among sleepers, 0 if none. */
static uint64_t next_deadline(void)
{
    uint64_t d = 0;
    struct thread *t;

    for ( t = threads; t; t = t->next )
        if ( t->wakeup && (!d || t->wakeup < d) )
            d = t->wakeup;
    return d;
}

/*
 * Arm the timer for the next sleeper and block, in one multicall (one
 * exit, not two). SCHEDOP_block unmasks events and returns when one
 * arrives, or at once if one is pending.
 */
static void idle_block(uint64_t deadline)
{
    static multicall_entry_t calls[2] = {
        { .op = __HYPERVISOR_set_timer_op },
        { .op = __HYPERVISOR_sched_op, .args = { SCHEDOP_block } },
    };

    calls[0].args[0] = deadline;
    if ( HYPERVISOR_multicall(calls, 2) )
        crash("idle multicall refused");
}

void sched_start(void)
{
    for ( ;; )
    {
        uint64_t deadline;

        schedule();
        /* Back in idle: nothing runnable. */
        local_irq_disable();
        wake_sleepers(monotonic_clock());
        if ( pick_next() != &idle_thread )
        {
            local_irq_enable();
            continue;
        }
        deadline = next_deadline();
        idle_block(deadline);
        local_irq_enable();
    }
}
