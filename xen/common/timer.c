/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timer.c: one-shot timers. A binary min-heap ordered by expiry, guarded
 * by timer_lock, and one timer thread that sleeps until the earliest
 * expiry and runs callbacks outside the lock, one at a time.
 *
 * Lock order: timer_lock is innermost; callbacks run without it and may
 * take any other lock.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <xen/lib.h>
#include <xen/time.h>
#include <xen/timer.h>

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond; /* heap head changed, or stop */
static pthread_cond_t timer_done; /* a callback finished */
static pthread_t timer_thread;
static bool timer_stop;
static struct timer *running_timer; /* callback in progress */

static struct timer **heap; /* heap[1..heap_size] */
static unsigned int heap_size, heap_room;

static void heap_swap(unsigned int a, unsigned int b)
{
    struct timer *t = heap[a];

    heap[a] = heap[b];
    heap[b] = t;
    heap[a]->heap_offset = a;
    heap[b]->heap_offset = b;
}

static void sift_up(unsigned int i)
{
    while ( i > 1 && heap[i / 2]->expires > heap[i]->expires )
    {
        heap_swap(i, i / 2);
        i /= 2;
    }
}

static void sift_down(unsigned int i)
{
    for ( ;; )
    {
        unsigned int l = 2 * i, r = l + 1, m = i;

        if ( l <= heap_size && heap[l]->expires < heap[m]->expires )
            m = l;
        if ( r <= heap_size && heap[r]->expires < heap[m]->expires )
            m = r;
        if ( m == i )
            return;
        heap_swap(i, m);
        i = m;
    }
}

static void heap_remove(struct timer *t)
{
    unsigned int i = t->heap_offset;

    heap_swap(i, heap_size);
    heap_size--;
    t->heap_offset = 0;
    if ( i <= heap_size )
    {
        sift_up(i);
        sift_down(heap[i]->heap_offset == i ? i : heap[i]->heap_offset);
    }
}

static bool heap_insert(struct timer *t)
{
    if ( heap_size + 1 >= heap_room )
    {
        unsigned int room = heap_room ? heap_room * 2 : 64;
        struct timer **h = realloc(heap, room * sizeof(*h));

        if ( !h )
            return false;
        heap = h;
        heap_room = room;
    }
    heap[++heap_size] = t;
    t->heap_offset = heap_size;
    sift_up(heap_size);
    return true;
}

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
}

void set_timer(struct timer *t, s_time_t expires)
{
    pthread_mutex_lock(&timer_lock);
    if ( t->killed )
        goto out;
    if ( t->heap_offset )
        heap_remove(t);
    t->expires = expires;
    if ( !heap_insert(t) )
        panic("timer heap allocation failed");
    if ( heap[1] == t )
        pthread_cond_signal(&timer_cond);
out:
    pthread_mutex_unlock(&timer_lock);
}

void stop_timer(struct timer *t)
{
    pthread_mutex_lock(&timer_lock);
    if ( t->heap_offset )
        heap_remove(t);
    pthread_mutex_unlock(&timer_lock);
}

void kill_timer(struct timer *t)
{
    pthread_mutex_lock(&timer_lock);
    t->killed = true;
    if ( t->heap_offset )
        heap_remove(t);
    while ( running_timer == t && !pthread_equal(pthread_self(), timer_thread) )
        pthread_cond_wait(&timer_done, &timer_lock);
    pthread_mutex_unlock(&timer_lock);
}

bool timer_is_active(const struct timer *t)
{
    bool active;

    pthread_mutex_lock(&timer_lock);
    active = t->heap_offset != 0;
    pthread_mutex_unlock(&timer_lock);
    return active;
}

/* Absolute CLOCK_MONOTONIC deadline for system time `when`. */
static struct timespec deadline_of(s_time_t when)
{
    struct timespec ts;
    s_time_t delta = when - NOW();

    clock_gettime(CLOCK_MONOTONIC, &ts);
    if ( delta < 0 )
        delta = 0;
    ts.tv_sec += delta / 1000000000LL;
    ts.tv_nsec += delta % 1000000000LL;
    if ( ts.tv_nsec >= 1000000000L )
    {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static void *timer_main(void *arg)
{
    (void)arg;
    block_process_signals();
    pthread_mutex_lock(&timer_lock);
    while ( !timer_stop )
    {
        struct timer *t;

        if ( !heap_size )
        {
            pthread_cond_wait(&timer_cond, &timer_lock);
            continue;
        }
        t = heap[1];
        if ( t->expires > NOW() )
        {
            struct timespec ts = deadline_of(t->expires);

            pthread_cond_timedwait(&timer_cond, &timer_lock, &ts);
            continue;
        }
        heap_remove(t);
        running_timer = t;
        pthread_mutex_unlock(&timer_lock);
        t->function(t->data);
        pthread_mutex_lock(&timer_lock);
        running_timer = NULL;
        pthread_cond_broadcast(&timer_done);
    }
    pthread_mutex_unlock(&timer_lock);
    return NULL;
}

void timer_subsys_init(void)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&timer_cond, &attr);
    pthread_cond_init(&timer_done, NULL);
    pthread_condattr_destroy(&attr);
    timer_stop = false;
    if ( pthread_create(&timer_thread, NULL, timer_main, NULL) )
        panic("cannot start the timer thread");
    pthread_setname_np(timer_thread, "timer");
}

void timer_subsys_stop(void)
{
    pthread_mutex_lock(&timer_lock);
    timer_stop = true;
    pthread_cond_signal(&timer_cond);
    pthread_mutex_unlock(&timer_lock);
    pthread_join(timer_thread, NULL);
}
