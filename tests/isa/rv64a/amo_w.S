/* RV64A word AMOs: every AMO*.W, checking that rd receives the old word
 * sign-extended to 64 bits, that only the addressed word changes (the other
 * half of the doubleword holds a canary), that rs2's upper bits are ignored,
 * signed vs unsigned min/max on 32-bit values, the aq/rl variants, rd = x0,
 * and rd aliasing rs2. */
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
    # amoswap.w
    TEST_AMO   1, amoswap.w, 0xcafef00d80000001, 0x7fffffff, 0xffffffff80000001, 0xcafef00d7fffffff
    TEST_AMO   2, amoswap.w, 0xcafef00d12345678, 0xffffffffffffffff, 0x12345678, 0xcafef00dffffffff
    # amoadd.w
    TEST_AMO   3, amoadd.w, 0xcafef00d7fffffff, 0x1, 0x7fffffff, 0xcafef00d80000000
    TEST_AMO   4, amoadd.w, 0xcafef00dffffffff, 0x1, 0xffffffffffffffff, 0xcafef00d00000000
    TEST_AMO   5, amoadd.w, 0xcafef00d00000000, 0xffffffffffffffff, 0x0, 0xcafef00dffffffff
    TEST_AMO   6, amoadd.w, 0xcafef00d00000005, 0xfffffffffffffff9, 0x5, 0xcafef00dfffffffe
    # amoxor.w
    TEST_AMO   7, amoxor.w, 0xcafef00df0f0f0f0, 0xff00ff00, 0xfffffffff0f0f0f0, 0xcafef00d0ff00ff0
    TEST_AMO   8, amoxor.w, 0xcafef00dffffffff, 0x55555555, 0xffffffffffffffff, 0xcafef00daaaaaaaa
    # amoand.w
    TEST_AMO   9, amoand.w, 0xcafef00df0f0f0f0, 0xff00ff00, 0xfffffffff0f0f0f0, 0xcafef00df000f000
    TEST_AMO  10, amoand.w, 0xcafef00dffffffff, 0x123456789, 0xffffffffffffffff, 0xcafef00d23456789
    # amoor.w
    TEST_AMO  11, amoor.w, 0xcafef00df0f0f0f0, 0xff00ff00, 0xfffffffff0f0f0f0, 0xcafef00dfff0fff0
    TEST_AMO  12, amoor.w, 0xcafef00d00000000, 0x80000000, 0x0, 0xcafef00d80000000
    # amomin.w
    TEST_AMO  13, amomin.w, 0xcafef00d00000005, 0xfffffffffffffffd, 0x5, 0xcafef00dfffffffd
    TEST_AMO  14, amomin.w, 0xcafef00dfffffffd, 0x5, 0xfffffffffffffffd, 0xcafef00dfffffffd
    TEST_AMO  15, amomin.w, 0xcafef00d80000000, 0x7fffffff, 0xffffffff80000000, 0xcafef00d80000000
    TEST_AMO  16, amomin.w, 0xcafef00d00000000, 0x7fffffffffffffff, 0x0, 0xcafef00dffffffff
    TEST_AMO  17, amomin.w, 0xcafef00d00000007, 0x7, 0x7, 0xcafef00d00000007
    # amomax.w
    TEST_AMO  18, amomax.w, 0xcafef00d00000005, 0xfffffffffffffffd, 0x5, 0xcafef00d00000005
    TEST_AMO  19, amomax.w, 0xcafef00dfffffffd, 0x5, 0xfffffffffffffffd, 0xcafef00d00000005
    TEST_AMO  20, amomax.w, 0xcafef00d80000000, 0x7fffffff, 0xffffffff80000000, 0xcafef00d7fffffff
    TEST_AMO  21, amomax.w, 0xcafef00d00000000, 0x7fffffffffffffff, 0x0, 0xcafef00d00000000
    # amominu.w
    TEST_AMO  22, amominu.w, 0xcafef00d00000005, 0xfffffffffffffffd, 0x5, 0xcafef00d00000005
    TEST_AMO  23, amominu.w, 0xcafef00dfffffffd, 0x5, 0xfffffffffffffffd, 0xcafef00d00000005
    TEST_AMO  24, amominu.w, 0xcafef00d80000000, 0x7fffffff, 0xffffffff80000000, 0xcafef00d7fffffff
    TEST_AMO  25, amominu.w, 0xcafef00d00000000, 0x7fffffffffffffff, 0x0, 0xcafef00d00000000
    # amomaxu.w
    TEST_AMO  26, amomaxu.w, 0xcafef00d00000005, 0xfffffffffffffffd, 0x5, 0xcafef00dfffffffd
    TEST_AMO  27, amomaxu.w, 0xcafef00dfffffffd, 0x5, 0xfffffffffffffffd, 0xcafef00dfffffffd
    TEST_AMO  28, amomaxu.w, 0xcafef00d80000000, 0x7fffffff, 0xffffffff80000000, 0xcafef00d80000000
    TEST_AMO  29, amomaxu.w, 0xcafef00d00000000, 0x7fffffffffffffff, 0x0, 0xcafef00dffffffff

    # The upper word of a doubleword is an independent, aligned word.
    la a3, slot
    li a4, 0x8000000011111111
    sd a4, 0(a3)
    li a4, 1
    amoadd.w a5, a4, (a3)
    CHECK_EQ a5, 0x11111111, 100
    addi a3, a3, 4
    amoadd.w a5, a4, (a3)
    CHECK_EQ a5, 0xffffffff80000000, 101
    ld a5, -4(a3)
    CHECK_EQ a5, 0x8000000111111112, 102

    # Ordering bits do not change the result.
    la a3, slot
    sd zero, 0(a3)
    li a4, 3
    amoadd.w.aq a5, a4, (a3)
    amoadd.w.rl a5, a4, (a3)
    amoadd.w.aqrl a5, a4, (a3)
    CHECK_EQ a5, 6, 103
    lw a5, 0(a3)
    CHECK_EQ a5, 9, 104

    # rd = x0 still updates memory; rd == rs2 swaps registers and memory.
    amoor.w zero, a4, (a3)
    lw a5, 0(a3)
    CHECK_EQ a5, 11, 105
    li a4, -5
    amoswap.w a4, a4, (a3)
    CHECK_EQ a4, 11, 106
    ld a5, 0(a3)
    CHECK_EQ a5, 0x00000000fffffffb, 107

    TEST_PASS "ok rv64a amo_w"

    .data
    .align 3
slot: .dword 0
