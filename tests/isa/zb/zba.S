/* Zba address generation: add.uw, sh1add/sh2add/sh3add, their .uw forms
 * (rs1 zero-extended from 32 bits before shifting) and slli.uw, plus the
 * zext.w pseudo-instruction (add.uw rd, rs, zero). */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # add.uw
    TEST_RR   1, add.uw,    0x80000001, 0xffffffff80000000, 0x1
    TEST_RR   2, add.uw,    0xfffffffe, -1, -1
    TEST_RR   3, add.uw,    0x15, 0x100000005, 0x10
    # sh1add
    TEST_RR   4, sh1add,    0x66, 0x1, 0x64
    TEST_RR   5, sh1add,    0xfffffffffffffffe, -1, 0x0
    TEST_RR   6, sh1add,    0x7, 0x8000000000000001, 0x5
    TEST_RR   7, sh1add,    0x369d0369d0369cd0, 0x123456789abcdef0, 0x123456789abcdef0
    # sh2add
    TEST_RR   8, sh2add,    0x68, 0x1, 0x64
    TEST_RR   9, sh2add,    0xfffffffffffffffc, -1, 0x0
    TEST_RR  10, sh2add,    0x9, 0x8000000000000001, 0x5
    TEST_RR  11, sh2add,    0x5b05b05b05b05ab0, 0x123456789abcdef0, 0x123456789abcdef0
    # sh3add
    TEST_RR  12, sh3add,    0x6c, 0x1, 0x64
    TEST_RR  13, sh3add,    0xfffffffffffffff8, -1, 0x0
    TEST_RR  14, sh3add,    0xd, 0x8000000000000001, 0x5
    TEST_RR  15, sh3add,    0xa3d70a3d70a3d670, 0x123456789abcdef0, 0x123456789abcdef0
    # sh1add.uw
    TEST_RR  16, sh1add.uw, 0x100000002, 0xffffffff80000001, 0x0
    TEST_RR  17, sh1add.uw, 0x1ffffffff, -1, 0x1
    TEST_RR  18, sh1add.uw, 0x1006, 0x1234567800000003, 0x1000
    # sh2add.uw
    TEST_RR  19, sh2add.uw, 0x200000004, 0xffffffff80000001, 0x0
    TEST_RR  20, sh2add.uw, 0x3fffffffd, -1, 0x1
    TEST_RR  21, sh2add.uw, 0x100c, 0x1234567800000003, 0x1000
    # sh3add.uw
    TEST_RR  22, sh3add.uw, 0x400000008, 0xffffffff80000001, 0x0
    TEST_RR  23, sh3add.uw, 0x7fffffff9, -1, 0x1
    TEST_RR  24, sh3add.uw, 0x1018, 0x1234567800000003, 0x1000
    # slli.uw
    TEST_RI  25, slli.uw,   0x80000001, 0xffffffff80000001, 0
    TEST_RI  26, slli.uw,   0xffffffff00000000, -1, 32
    TEST_RI  27, slli.uw,   0x8000000000000000, -1, 63
    TEST_RI  28, slli.uw,   0x234567890, 0x123456789, 4
    # zext.w
    TEST_R   29, zext.w,    0xffffffff, -1
    TEST_R   30, zext.w,    0x87654321, 0x1234567887654321

    TEST_PASS "ok zb zba"
