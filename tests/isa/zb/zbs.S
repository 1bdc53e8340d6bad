/* Zbs single-bit instructions: bset/bclr/binv/bext by register (index
 * taken modulo 64, so 68 means 4 and -1 means 63) and their immediate forms
 * up to bit 63. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # bset
    TEST_RR   1, bset,      0x1, 0x0, 0x0
    TEST_RR   2, bset,      0x8000000000000000, 0x0, 0x3f
    TEST_RR   3, bset,      0xffffffffffffffff, -1, 0x3f
    TEST_RR   4, bset,      0x123456789abcdef0, 0x123456789abcdef0, 0x4
    TEST_RR   5, bset,      0x123456789abcdef0, 0x123456789abcdef0, 0x44
    TEST_RR   6, bset,      0x8000000000000000, 0x8000000000000000, -1
    TEST_RR   7, bset,      0x123456799abcdef0, 0x123456789abcdef0, 0x20
    # bclr
    TEST_RR   8, bclr,      0x0, 0x0, 0x0
    TEST_RR   9, bclr,      0x0, 0x0, 0x3f
    TEST_RR  10, bclr,      0x7fffffffffffffff, -1, 0x3f
    TEST_RR  11, bclr,      0x123456789abcdee0, 0x123456789abcdef0, 0x4
    TEST_RR  12, bclr,      0x123456789abcdee0, 0x123456789abcdef0, 0x44
    TEST_RR  13, bclr,      0x0, 0x8000000000000000, -1
    TEST_RR  14, bclr,      0x123456789abcdef0, 0x123456789abcdef0, 0x20
    # binv
    TEST_RR  15, binv,      0x1, 0x0, 0x0
    TEST_RR  16, binv,      0x8000000000000000, 0x0, 0x3f
    TEST_RR  17, binv,      0x7fffffffffffffff, -1, 0x3f
    TEST_RR  18, binv,      0x123456789abcdee0, 0x123456789abcdef0, 0x4
    TEST_RR  19, binv,      0x123456789abcdee0, 0x123456789abcdef0, 0x44
    TEST_RR  20, binv,      0x0, 0x8000000000000000, -1
    TEST_RR  21, binv,      0x123456799abcdef0, 0x123456789abcdef0, 0x20
    # bext
    TEST_RR  22, bext,      0x0, 0x0, 0x0
    TEST_RR  23, bext,      0x0, 0x0, 0x3f
    TEST_RR  24, bext,      0x1, -1, 0x3f
    TEST_RR  25, bext,      0x1, 0x123456789abcdef0, 0x4
    TEST_RR  26, bext,      0x1, 0x123456789abcdef0, 0x44
    TEST_RR  27, bext,      0x1, 0x8000000000000000, -1
    TEST_RR  28, bext,      0x0, 0x123456789abcdef0, 0x20
    # bseti
    TEST_RI  29, bseti,     0x1, 0x0, 0
    TEST_RI  30, bseti,     0x8000000000000000, 0x0, 63
    TEST_RI  31, bseti,     0x123456789abcdef0, 0x123456789abcdef0, 31
    TEST_RI  32, bseti,     0xffffffffffffffff, -1, 5
    # bclri
    TEST_RI  33, bclri,     0xfffffffffffffffe, -1, 0
    TEST_RI  34, bclri,     0x7fffffffffffffff, -1, 63
    TEST_RI  35, bclri,     0x123456789abcdee0, 0x123456789abcdef0, 4
    TEST_RI  36, bclri,     0x0, 0x0, 17
    # binvi
    TEST_RI  37, binvi,     0x8000000000000000, 0x0, 63
    TEST_RI  38, binvi,     0xfffffffffffffffe, -1, 0
    TEST_RI  39, binvi,     0x123457789abcdef0, 0x123456789abcdef0, 40
    TEST_RI  40, binvi,     0x123456789abcdee0, 0x123456789abcdef0, 4
    # bexti
    TEST_RI  41, bexti,     0x1, 0x123456789abcdef0, 4
    TEST_RI  42, bexti,     0x0, 0x123456789abcdef0, 3
    TEST_RI  43, bexti,     0x1, 0x8000000000000000, 63
    TEST_RI  44, bexti,     0x1, -1, 0
    TEST_RI  45, bexti,     0x1, 0x123456789abcdef0, 60

    TEST_PASS "ok zb zbs"
