/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_timer: the hypervisor's timer heap and thread: timers fire in
 * deadline order, stopped and re-armed timers behave, killed timers
 * never fire again.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <xen/time.h>
#include <xen/timer.h>

#include "cunit_main.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int order[16];
static unsigned int fired;

static void record(void *data)
{
    pthread_mutex_lock(&lock);
    if ( fired < 16 )
        order[fired] = (int)(intptr_t)data;
    fired++;
    pthread_mutex_unlock(&lock);
}

static void wait_fired(unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < 500 && __atomic_load_n(&fired, __ATOMIC_SEQ_CST) < n; i++ )
        usleep(2000);
}

static void test_order(void)
{
    struct timer t[5];
    int i;

    fired = 0;
    for ( i = 0; i < 5; i++ )
        init_timer(&t[i], record, (void *)(intptr_t)i);
    /* Armed out of order: 4, 2, 0, 3, 1 ms * 10. */
    set_timer(&t[4], NOW() + MILLISECS(50));
    set_timer(&t[2], NOW() + MILLISECS(30));
    set_timer(&t[0], NOW() + MILLISECS(10));
    set_timer(&t[3], NOW() + MILLISECS(40));
    set_timer(&t[1], NOW() + MILLISECS(20));
    wait_fired(5);
    CU_ASSERT_EQUAL(fired, 5);
    for ( i = 0; i < 5; i++ )
        CU_ASSERT_EQUAL(order[i], i);
    for ( i = 0; i < 5; i++ )
        kill_timer(&t[i]);
}

static void test_stop_rearm_kill(void)
{
    struct timer a, b, c;

    fired = 0;
    init_timer(&a, record, (void *)1);
    init_timer(&b, record, (void *)2);
    init_timer(&c, record, (void *)3);
    set_timer(&a, NOW() + MILLISECS(20));
    CU_ASSERT_TRUE(timer_is_active(&a));
    stop_timer(&a);
    CU_ASSERT_FALSE(timer_is_active(&a));
    set_timer(&b, NOW() + SECONDS(100));
    set_timer(&b, NOW() + MILLISECS(5)); /* re-arm earlier */
    set_timer(&c, NOW() + MILLISECS(10));
    kill_timer(&c);
    set_timer(&c, NOW() + MILLISECS(1)); /* ignored once killed */
    set_timer(&a, NOW() - MILLISECS(1)); /* in the past: at once */
    wait_fired(2);
    usleep(30000);
    CU_ASSERT_EQUAL(fired, 2);
    CU_ASSERT(order[0] == 1 || order[0] == 2);
    kill_timer(&a);
    kill_timer(&b);
}

static int suite_init(void)
{
    time_init();
    timer_subsys_init();
    return 0;
}

int main(void)
{
    static const struct unit_case cases[] = {
        { "timers fire in deadline order", test_order },
        { "stop, re-arm and kill", test_stop_rearm_kill },
    };

    suite_init();
    {
        int rc = run_unit_suite("timer", cases, 2);

        timer_subsys_stop();
        return rc;
    }
}
