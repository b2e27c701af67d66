/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xtf.h: the guest test framework. A test kernel defines test_title and
 * test_main(); it reports with xtf_success/xtf_failure/xtf_skip/
 * xtf_error, and exactly one "Test result: ..." line is printed before
 * the domain powers off. Checks record a failure and go on.
 */
#ifndef TESTS_GUEST_XTF_H
#define TESTS_GUEST_XTF_H

#include <mini-os/os.h>
#include <public/errno.h>

extern const char test_title[];
void test_main(void);

void xtf_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record a failure (with the line) unless cond holds. */
#define CHECK(cond, fmt, ...)                                                  \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
            xtf_failure("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__);     \
    } while ( 0 )

/* A hypercall's result must equal the expected value. */
#define CHECK_RC(expr, expected)                                               \
    do                                                                         \
    {                                                                          \
        long rc_ = (long)(expr);                                               \
        CHECK(rc_ == (long)(expected), "%s returned %ld, expected %ld", #expr, \
              rc_, (long)(expected));                                          \
    } while ( 0 )

#define XEN_ERR(e) (-(long)(e))

/*
 * Guest user mode (user.c): iret to user mode at rip with stack rsp;
 * returns once a trap hook calls xtf_back_to_kernel() on a trap taken
 * in user mode.
 */
void xtf_enter_user(unsigned long rip, unsigned long rsp);
void xtf_back_to_kernel(struct pt_regs *regs);

/* Machine address of the L1 entry that maps va in the boot page tables. */
uint64_t xtf_l1e_maddr(unsigned long va);

#endif /* TESTS_GUEST_XTF_H */
