/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm_pool.c: a few KVM VMs, each with its vCPU 0, made ahead of time by a
 * background thread. KVM_CREATE_VM, KVM_CREATE_VCPU and KVM_SET_CPUID2
 * are most of what creating a domain costs; with a warm VM ready, a
 * domain's creation only adds its memory. The same thread closes the VM
 * fds of destroyed domains, as KVM tears a VM down in the close() that
 * drops its last reference. The pool is a cache: when it is empty the
 * caller makes its VM itself, and nothing depends on the thread running.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <asm/vm_pool.h>
#include <xen/lib.h>

#define POOL_SIZE 2
#define REAP_MAX 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;
static struct warm_vm ready[POOL_SIZE];
static unsigned int nr_ready;
static int to_close[REAP_MAX];
static unsigned int nr_to_close;
static bool running, stopping;
static pthread_t thread;
static int kvm;
static unsigned long nr_taken, nr_missed, nr_failed;

static int make_warm_vm(struct warm_vm *w)
{
    w->vm_fd = kvm_create_vm(kvm);
    if ( w->vm_fd < 0 )
        return w->vm_fd;
    if ( kvm_prepare_vcpu(w->vm_fd, 0, &w->vcpu0) )
    {
        close(w->vm_fd);
        return -EINVAL;
    }
    return 0;
}

static void release_warm_vm(struct warm_vm *w)
{
    kvm_release_vcpu(&w->vcpu0);
    close(w->vm_fd);
}

/* Sleeps until there is something to close or a VM to make. */
static void *pool_thread(void *arg)
{
    (void)arg;
    block_process_signals();
    pthread_mutex_lock(&lock);
    while ( !stopping )
    {
        struct warm_vm w;

        if ( nr_to_close )
        {
            int fd = to_close[--nr_to_close];

            pthread_mutex_unlock(&lock);
            close(fd);
            pthread_mutex_lock(&lock);
            continue;
        }
        if ( nr_ready == POOL_SIZE )
        {
            pthread_cond_wait(&work, &lock);
            continue;
        }
        pthread_mutex_unlock(&lock);
        if ( make_warm_vm(&w) )
        {
            /* Out of resources: leave creation to the callers. */
            pthread_mutex_lock(&lock);
            nr_failed++;
            pthread_cond_wait(&work, &lock);
            continue;
        }
        pthread_mutex_lock(&lock);
        ready[nr_ready++] = w;
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int vm_pool_start(int kvm_fd)
{
    int rc;

    kvm = kvm_fd;
    stopping = false;
    rc = pthread_create(&thread, NULL, pool_thread, NULL);
    if ( rc )
    {
        xlog(LOG_WARN, "no VM pool thread: domains are made on demand");
        return -rc;
    }
    running = true;
    return 0;
}

void vm_pool_stop(void)
{
    if ( !running )
        return;
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_signal(&work);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    running = false;
    xlog(LOG_INFO,
         "VM pool: %lu VMs ready when asked for, %lu made on demand, "
         "%lu refills failed",
         nr_taken, nr_missed, nr_failed);
    while ( nr_ready )
        release_warm_vm(&ready[--nr_ready]);
    while ( nr_to_close )
        close(to_close[--nr_to_close]);
}

bool vm_pool_take(struct warm_vm *out)
{
    bool got = false;

    pthread_mutex_lock(&lock);
    if ( nr_ready )
    {
        *out = ready[--nr_ready];
        got = true;
        nr_taken++;
        pthread_cond_signal(&work);
    }
    else
        nr_missed++;
    pthread_mutex_unlock(&lock);
    return got;
}

void vm_pool_close_later(int fd)
{
    pthread_mutex_lock(&lock);
    if ( running && nr_to_close < REAP_MAX )
    {
        to_close[nr_to_close++] = fd;
        fd = -1;
        pthread_cond_signal(&work);
    }
    pthread_mutex_unlock(&lock);
    if ( fd >= 0 )
        close(fd);
}
