/* RV64M multiplication: MUL, MULH, MULHU, MULHSU and MULW, with signed,
 * unsigned and mixed operands at the extremes, the high/low halves of the
 * same product computed back to back (the fusable sequence), and MULW
 * ignoring the upper operand bits and sign-extending its result. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # mul
    TEST_RR   1, mul,    0x15, 0x3, 0x7
    TEST_RR   2, mul,    0xffffffffffffffeb, -3, 0x7
    TEST_RR   3, mul,    0x1, -1, -1
    TEST_RR   4, mul,    0x8000000000000000, 0x8000000000000000, -1
    TEST_RR   5, mul,    0x2236d88fe5618cf0, 0x123456789abcdef0, 0xfedcba987654321
    TEST_RR   6, mul,    0x0, 0x100000000, 0x100000000
    TEST_RR   7, mul,    0xfffffffffffffffe, 0x7fffffffffffffff, 0x2
    # mulh
    TEST_RR   8, mulh,   0x0, 0x3, 0x7
    TEST_RR   9, mulh,   0xffffffffffffffff, -3, 0x7
    TEST_RR  10, mulh,   0x0, -1, -1
    TEST_RR  11, mulh,   0x4000000000000000, 0x8000000000000000, 0x8000000000000000
    TEST_RR  12, mulh,   0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff
    TEST_RR  13, mulh,   0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff
    TEST_RR  14, mulh,   0xfede05ff528828bd, 0x123456789abcdef0, 0xf0123456789abcdf
    TEST_RR  15, mulh,   0xffffffffffffffff, -1, 0x1
    # mulhu
    TEST_RR  16, mulhu,  0x0, 0x3, 0x7
    TEST_RR  17, mulhu,  0xfffffffffffffffe, -1, -1
    TEST_RR  18, mulhu,  0x1, -1, 0x2
    TEST_RR  19, mulhu,  0x4000000000000000, 0x8000000000000000, 0x8000000000000000
    TEST_RR  20, mulhu,  0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210
    TEST_RR  21, mulhu,  0x0, 0x0, -1
    # mulhsu
    TEST_RR  22, mulhsu, 0xffffffffffffffff, -1, -1
    TEST_RR  23, mulhsu, 0xffffffffffffffff, -1, 0x1
    TEST_RR  24, mulhsu, 0x0, 0x1, -1
    TEST_RR  25, mulhsu, 0x8000000000000000, 0x8000000000000000, -1
    TEST_RR  26, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, -1
    TEST_RR  27, mulhsu, 0xede05ff528828bdd, 0xedcba98765432110, 0xfedcba9876543210
    TEST_RR  28, mulhsu, 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210
    # mulw
    TEST_RR  29, mulw,   0x15, 0x3, 0x7
    TEST_RR  30, mulw,   0xfffffffffffffffe, 0x7fffffff, 0x2
    TEST_RR  31, mulw,   0x0, 0x10000, 0x10000
    TEST_RR  32, mulw,   0x1, 0xffffffff, 0xffffffff
    TEST_RR  33, mulw,   0xffffffff962fc963, 0x1234567887654321, 0x1000000000000003
    TEST_RR  34, mulw,   0x0, -2, 0x80000000

    # mulh then mul of the same operands give the full 128-bit product;
    # destination registers alias the sources in the second one.
    li a3, 0xfedcba9876543210
    li a4, 0x0123456789abcdef
    mulhu a5, a3, a4
    mul a3, a3, a4
    CHECK_EQ a5, 0x0121fa00ad77d742, 100
    CHECK_EQ a3, 0x2236d88fe5618cf0, 101

    TEST_PASS "ok rv64m mul"
