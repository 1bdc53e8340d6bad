/* RV64M division and remainder: DIV, DIVU, REM, REMU and their W forms,
 * rounding towards zero for every sign combination, division by zero
 * (quotient all ones, remainder = dividend, no trap), signed overflow
 * (INT_MIN / -1 = INT_MIN, remainder 0) for 64 and 32 bits, and the W forms
 * using only the low 32 operand bits and sign-extending 32-bit results. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # div
    TEST_RR   1, div,    0x3, 0x14, 0x6
    TEST_RR   2, div,    0xfffffffffffffffd, -20, 0x6
    TEST_RR   3, div,    0xfffffffffffffffd, 0x14, -6
    TEST_RR   4, div,    0x3, -20, -6
    TEST_RR   5, div,    0x8000000000000000, 0x8000000000000000, -1
    TEST_RR   6, div,    0x8000000000000000, 0x8000000000000000, 0x1
    TEST_RR   7, div,    0xffffffffffffffff, 0x5, 0x0
    TEST_RR   8, div,    0xffffffffffffffff, -5, 0x0
    TEST_RR   9, div,    0xffffffffffffffff, 0x0, 0x0
    TEST_RR  10, div,    0xc000000000000000, 0x8000000000000000, 0x2
    TEST_RR  11, div,    0x0, 0x7, 0x8000000000000000
    # divu
    TEST_RR  12, divu,   0x3, 0x14, 0x6
    TEST_RR  13, divu,   0x2aaaaaaaaaaaaaa7, -20, 0x6
    TEST_RR  14, divu,   0xffffffffffffffff, -1, 0x1
    TEST_RR  15, divu,   0x1, -1, -1
    TEST_RR  16, divu,   0x0, 0x8000000000000000, -1
    TEST_RR  17, divu,   0xffffffffffffffff, 0x5, 0x0
    TEST_RR  18, divu,   0xffffffffffffffff, 0x0, 0x0
    TEST_RR  19, divu,   0x7fffffffffffffff, -1, 0x2
    # rem
    TEST_RR  20, rem,    0x2, 0x14, 0x6
    TEST_RR  21, rem,    0xfffffffffffffffe, -20, 0x6
    TEST_RR  22, rem,    0x2, 0x14, -6
    TEST_RR  23, rem,    0xfffffffffffffffe, -20, -6
    TEST_RR  24, rem,    0x0, 0x8000000000000000, -1
    TEST_RR  25, rem,    0x5, 0x5, 0x0
    TEST_RR  26, rem,    0xfffffffffffffffb, -5, 0x0
    TEST_RR  27, rem,    0xfffffffffffffffe, 0x8000000000000000, 0x3
    TEST_RR  28, rem,    0x7, 0x7, 0x8000000000000000
    # remu
    TEST_RR  29, remu,   0x2, 0x14, 0x6
    TEST_RR  30, remu,   0x2, -20, 0x6
    TEST_RR  31, remu,   0x0, -1, -1
    TEST_RR  32, remu,   0x5, 0x5, 0x0
    TEST_RR  33, remu,   0x0, 0x0, 0x0
    TEST_RR  34, remu,   0x2, 0x8000000000000000, 0x3
    # divw
    TEST_RR  35, divw,   0x3, 0x14, 0x6
    TEST_RR  36, divw,   0xfffffffffffffffd, -20, 0x6
    TEST_RR  37, divw,   0xffffffff80000000, 0x80000000, -1
    TEST_RR  38, divw,   0xffffffff80000000, 0x80000000, 0x1
    TEST_RR  39, divw,   0xffffffffffffffff, 0x5, 0x0
    TEST_RR  40, divw,   0xfffffffffffffffd, 0x1234567800000014, 0xfffffffa
    TEST_RR  41, divw,   0x0, 0xffffffff, 0x2
    TEST_RR  42, divw,   0xffffffffffffffff, 0xffffff0000000000, 0x0
    # divuw
    TEST_RR  43, divuw,  0x3, 0x14, 0x6
    TEST_RR  44, divuw,  0x2aaaaaa7, -20, 0x6
    TEST_RR  45, divuw,  0xffffffffffffffff, 0xffffffff, 0x1
    TEST_RR  46, divuw,  0x0, 0x80000000, -1
    TEST_RR  47, divuw,  0xffffffffffffffff, 0x5, 0x0
    TEST_RR  48, divuw,  0x3, 0x1234567800000014, 0x9876543200000006
    TEST_RR  49, divuw,  0x40000000, 0x80000000, 0x2
    # remw
    TEST_RR  50, remw,   0x2, 0x14, 0x6
    TEST_RR  51, remw,   0xfffffffffffffffe, -20, 0x6
    TEST_RR  52, remw,   0x2, 0x14, -6
    TEST_RR  53, remw,   0x0, 0x80000000, -1
    TEST_RR  54, remw,   0x5, 0x5, 0x0
    TEST_RR  55, remw,   0xfffffffffffffffb, 0x12345678fffffffb, 0x0
    TEST_RR  56, remw,   0x3, 0x1234567800000017, 0xff00000005
    # remuw
    TEST_RR  57, remuw,  0x2, 0x14, 0x6
    TEST_RR  58, remuw,  0x2, -20, 0x6
    TEST_RR  59, remuw,  0x1, 0x80000001, 0x80000000
    TEST_RR  60, remuw,  0xfffffffffffffffb, 0x12345678fffffffb, 0x0
    TEST_RR  61, remuw,  0x0, 0xffffffff, -1
    TEST_RR  62, remuw,  0xffffffff80000005, 0x80000005, 0x0

    TEST_PASS "ok rv64m div"
