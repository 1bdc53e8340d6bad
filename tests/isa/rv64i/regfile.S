/* The integer register file: x1-x31 hold 31 distinct values at the same
 * time (sp included), writes to x0 are discarded, and a dependency chain
 * x1 -> x2 -> ... -> x31 passes a value through every register. */
#include "isa_test.h"

#define K 0x0101010101010101

/* x\to = x\from + 1, with register numbers computed by .altmacro. */
.macro STEP from, to
    addi x\to, x\from, 1
.endm

    .option norvc
    .text
    .globl main
main:
    la t0, saved_sp
    sd sp, 0(t0)
    .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    li x\n, K * \n
    .endr
    addi x0, x1, 1
    li x0, 5

    # x31 accumulates every register (x0 included, which must add 0) ...
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    add x31, x31, x\n
    .endr
    li x30, K * (31 * 32 / 2)
    CHECK_EQ_REG x31, x30, 1
    # ... and x1-x29 still hold their own values (t5/t6 = x30/x31 are the
    # check macros' scratch registers).
    .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
    CHECK_EQ x\n, K * \n, 10 + \n
    .endr
    CHECK_EQ zero, 0, 2

    # A chain through every register.
    li x1, 0x5a5a
    .altmacro
    .set i, 2
    .rept 30
    STEP %(i - 1), %i
    .set i, i + 1
    .endr
    .noaltmacro
    CHECK_EQ x31, 0x5a5a + 30, 3
    CHECK_EQ x16, 0x5a5a + 15, 4

    la sp, saved_sp
    ld sp, 0(sp)
    TEST_PASS "ok rv64i regfile"

    .data
    .align 3
saved_sp: .dword 0
