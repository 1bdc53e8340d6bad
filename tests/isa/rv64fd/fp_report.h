/* How the F/D table tests report a failed row: the row, how it was run
 * (static or dynamic rounding mode), what came and what was expected, then
 * the exit with the row's id (1-based, at most 199). */
#ifndef LOOM_ISA_RV64FD_FP_REPORT_H
#define LOOM_ISA_RV64FD_FP_REPORT_H

#include "isa_test.h"

static void report_row(unsigned index, const char *how, uint64_t got, unsigned got_flags, uint64_t expected,
                       unsigned expected_flags)
{
    console_puts("FAIL table row ");
    console_putdec(index);
    console_puts(how);
    console_puts(": got ");
    console_puthex(got);
    console_puts(" flags ");
    console_puthex(got_flags);
    console_puts(", expected ");
    console_puthex(expected);
    console_puts(" flags ");
    console_puthex(expected_flags);
    console_putchar('\n');
    test_exit(index < 199 ? index + 1 : 199);
}

#endif
