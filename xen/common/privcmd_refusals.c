/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * privcmd_refusals.c: logging the privcmd clients that are refused (not
 * uid 0) without letting them flood the log. Any local user can connect,
 * hundreds of thousands of times a second; one line each would fill the
 * log file's disk (RAM, on a tmpfs /run) and wipe the 64 KiB console
 * ring, and with it the crash reports `xl dmesg` should still show.
 *
 * So the first REFUSALS_BURST refusals are logged one by one, and one
 * more may be every REFUSAL_CREDIT_EVERY after that; the rest are
 * counted, and the count is logged once the refusals stop for
 * REFUSALS_QUIET, or REFUSALS_SUMMARY_EVERY after the first one left
 * out if they go on. A flood that never stops costs two lines a minute.
 */
#include <pthread.h>

#include <xen/lib.h>
#include <xen/privcmd.h>
#include <xen/time.h>

#define REFUSALS_BURST 10
#define REFUSAL_CREDIT_EVERY SECONDS(60)
#define REFUSALS_QUIET SECONDS(1)
#define REFUSALS_SUMMARY_EVERY SECONDS(60)

static pthread_mutex_t refusals_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int credit = REFUSALS_BURST; /* lines that may be logged */
static s_time_t credit_at; /* when credit last grew */
static unsigned long not_logged; /* refusals since counted */
static s_time_t first_not_logged, last_refusal;
static int last_uid, last_pid;

static void refill(s_time_t now)
{
    s_time_t periods = (now - credit_at) / REFUSAL_CREDIT_EVERY;

    if ( credit == REFUSALS_BURST || !credit_at )
    {
        credit_at = now;
        return;
    }
    if ( periods <= 0 )
        return;
    credit = min(credit + (unsigned int)min(periods, (s_time_t)REFUSALS_BURST),
                 (unsigned int)REFUSALS_BURST);
    credit_at += periods * REFUSAL_CREDIT_EVERY;
}

static void log_not_logged(void)
{
    printk("privcmd: %lu more connections refused, not logged (the last "
           "from uid %d, pid %d)",
           not_logged, last_uid, last_pid);
    not_logged = 0;
}

void privcmd_refusal(int uid, int pid)
{
    s_time_t now = NOW();

    pthread_mutex_lock(&refusals_lock);
    refill(now);
    last_refusal = now;
    if ( credit )
    {
        credit--;
        if ( not_logged )
            log_not_logged();
        xlog(LOG_WARN, "privcmd: refused a client with uid %d (pid %d)", uid,
             pid);
    }
    else
    {
        if ( !not_logged++ )
            first_not_logged = now;
        last_uid = uid;
        last_pid = pid;
        if ( now - first_not_logged >= REFUSALS_SUMMARY_EVERY )
            log_not_logged();
    }
    pthread_mutex_unlock(&refusals_lock);
}

void privcmd_refusals_tick(void)
{
    pthread_mutex_lock(&refusals_lock);
    if ( not_logged && NOW() - last_refusal >= REFUSALS_QUIET )
        log_not_logged();
    pthread_mutex_unlock(&refusals_lock);
}
