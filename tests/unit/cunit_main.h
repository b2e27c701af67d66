/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cunit_main.h: the main() every unit test program shares: register the
 * suite's tests, run them verbosely, exit non-zero on any failure.
 */
#ifndef TESTS_UNIT_CUNIT_MAIN_H
#define TESTS_UNIT_CUNIT_MAIN_H

#include <CUnit/Basic.h>

struct unit_case {
    const char *name;
    void (*fn)(void);
};

static inline int run_unit_suite(const char *suite_name,
                                 const struct unit_case *cases, unsigned int n)
{
    CU_pSuite suite;
    unsigned int i, failed;

    if ( CU_initialize_registry() != CUE_SUCCESS )
        return 2;
    suite = CU_add_suite(suite_name, NULL, NULL);
    for ( i = 0; suite && i < n; i++ )
        CU_add_test(suite, cases[i].name, cases[i].fn);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

#define UNIT_MAIN(suite, cases)                                                \
    int main(void)                                                             \
    {                                                                          \
        return run_unit_suite(suite, cases,                                    \
                              sizeof(cases) / sizeof((cases)[0]));             \
    }

#endif /* TESTS_UNIT_CUNIT_MAIN_H */
