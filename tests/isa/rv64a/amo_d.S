/* RV64A doubleword AMOs: every AMO*.D with wrap-around, signed vs unsigned
 * min/max at the extremes, the aq/rl variants, rd = x0, and rd aliasing rs2. */
#include "isa_test.h"

/* Memory starts as \old; the AMO gets \operand; rd must be \rd, memory \new. */
.macro TEST_AMO id, insn, old, operand, rd, new
    la a3, slot
    li a4, \old
    sd a4, 0(a3)
    li a4, \operand
    \insn a5, a4, (a3)
    CHECK_EQ a5, \rd, \id
    ld a5, 0(a3)
    CHECK_EQ a5, \new, \id
.endm

    .option norvc
    .text
    .globl main
main:
    # amoswap.d
    TEST_AMO   1, amoswap.d, 0x80000001, 0x7fffffff, 0x80000001, 0x7fffffff
    TEST_AMO   2, amoswap.d, 0x12345678, 0xffffffffffffffff, 0x12345678, 0xffffffffffffffff
    # amoadd.d
    TEST_AMO   3, amoadd.d, 0x7fffffff, 0x1, 0x7fffffff, 0x80000000
    TEST_AMO   4, amoadd.d, 0xffffffff, 0x1, 0xffffffff, 0x100000000
    TEST_AMO   5, amoadd.d, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    TEST_AMO   6, amoadd.d, 0x5, 0xfffffffffffffff9, 0x5, 0xfffffffffffffffe
    # amoxor.d
    TEST_AMO   7, amoxor.d, 0xf0f0f0f0, 0xff00ff00, 0xf0f0f0f0, 0xff00ff0
    TEST_AMO   8, amoxor.d, 0xffffffffffffffff, 0x55555555, 0xffffffffffffffff, 0xffffffffaaaaaaaa
    # amoand.d
    TEST_AMO   9, amoand.d, 0xf0f0f0f0, 0xff00ff00, 0xf0f0f0f0, 0xf000f000
    TEST_AMO  10, amoand.d, 0x80000000ffffffff, 0x123456789, 0x80000000ffffffff, 0x23456789
    # amoor.d
    TEST_AMO  11, amoor.d, 0xf0f0f0f0, 0xff00ff00, 0xf0f0f0f0, 0xfff0fff0
    TEST_AMO  12, amoor.d, 0x0, 0x80000000, 0x0, 0x80000000
    # amomin.d
    TEST_AMO  13, amomin.d, 0x5, 0xfffffffffffffffd, 0x5, 0xfffffffffffffffd
    TEST_AMO  14, amomin.d, 0xfffffffffffffffd, 0x5, 0xfffffffffffffffd, 0xfffffffffffffffd
    TEST_AMO  15, amomin.d, 0x80000000, 0x7fffffff, 0x80000000, 0x7fffffff
    TEST_AMO  16, amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
    TEST_AMO  17, amomin.d, 0x7, 0x7, 0x7, 0x7
    # amomax.d
    TEST_AMO  18, amomax.d, 0x5, 0xfffffffffffffffd, 0x5, 0x5
    TEST_AMO  19, amomax.d, 0xfffffffffffffffd, 0x5, 0xfffffffffffffffd, 0x5
    TEST_AMO  20, amomax.d, 0x80000000, 0x7fffffff, 0x80000000, 0x80000000
    TEST_AMO  21, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    # amominu.d
    TEST_AMO  22, amominu.d, 0x5, 0xfffffffffffffffd, 0x5, 0x5
    TEST_AMO  23, amominu.d, 0xfffffffffffffffd, 0x5, 0xfffffffffffffffd, 0x5
    TEST_AMO  24, amominu.d, 0x80000000, 0x7fffffff, 0x80000000, 0x7fffffff
    TEST_AMO  25, amominu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    # amomaxu.d
    TEST_AMO  26, amomaxu.d, 0x5, 0xfffffffffffffffd, 0x5, 0xfffffffffffffffd
    TEST_AMO  27, amomaxu.d, 0xfffffffffffffffd, 0x5, 0xfffffffffffffffd, 0xfffffffffffffffd
    TEST_AMO  28, amomaxu.d, 0x80000000, 0x7fffffff, 0x80000000, 0x80000000
    TEST_AMO  29, amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000

    # Ordering bits do not change the result.
    la a3, slot
    sd zero, 0(a3)
    li a4, 3
    amoadd.d.aq a5, a4, (a3)
    amoadd.d.rl a5, a4, (a3)
    amoadd.d.aqrl a5, a4, (a3)
    CHECK_EQ a5, 6, 100
    ld a5, 0(a3)
    CHECK_EQ a5, 9, 101

    # rd = x0 still updates memory; rd == rs2 swaps registers and memory.
    li a4, 0x100000000
    amoxor.d zero, a4, (a3)
    ld a5, 0(a3)
    CHECK_EQ a5, 0x100000009, 102
    li a4, -5
    amoswap.d a4, a4, (a3)
    CHECK_EQ a4, 0x100000009, 103
    ld a5, 0(a3)
    CHECK_EQ a5, -5, 104

    # An AMO to the next doubleword leaves this one alone.
    li a4, 1
    addi a2, a3, 8
    amoadd.d a5, a4, (a2)
    ld a5, 0(a3)
    CHECK_EQ a5, -5, 105
    ld a5, 8(a3)
    CHECK_EQ a5, 0x7777777777777778, 106

    TEST_PASS "ok rv64a amo_d"

    .data
    .align 3
slot: .dword 0
      .dword 0x7777777777777777
