/* RV64I register-register ALU instructions, including the W forms: carries,
 * overflow wrap-around, signed vs unsigned compares, shift amounts taken
 * from the low 6 (5 for W) bits of rs2, sign extension of W results, x0 as
 * source and destination, and rd aliasing a source. */
#include "isa_test.h"

    .option norvc

    .text
    .globl main
main:
    # add
    TEST_RR   1, add,  0x3, 0x1, 0x2
    TEST_RR   2, add,  0x0, 0xffffffffffffffff, 0x1
    TEST_RR   3, add,  0x8000000000000000, 0x7fffffffffffffff, 0x1
    TEST_RR   4, add,  0x7fffffffffffffff, 0x8000000000000000, -1
    TEST_RR   5, add,  0x2222222222222211, 0x123456789abcdef0, 0xfedcba987654321
    # sub
    TEST_RR   6, sub,  0xfffffffffffffffe, 0x3, 0x5
    TEST_RR   7, sub,  0xffffffffffffffff, 0x0, 0x1
    TEST_RR   8, sub,  0x7fffffffffffffff, 0x8000000000000000, 0x1
    TEST_RR   9, sub,  0x0, 0xffffffffffffffff, -1
    TEST_RR  10, sub,  0x13579be02468ace0, 0x123456789abcdef0, 0xfedcba9876543210
    # sll
    TEST_RR  11, sll,  0x1, 0x1, 0x0
    TEST_RR  12, sll,  0x8000000000000000, 0x1, 0x3f
    TEST_RR  13, sll,  0x1, 0x1, 0x40
    TEST_RR  14, sll,  0x2, 0x8000000000000001, 0x1
    TEST_RR  15, sll,  0x8000000000000000, 0xff, -1
    TEST_RR  16, sll,  0xabcdef0000000000, 0x123456789abcdef0, 0x24
    # srl
    TEST_RR  17, srl,  0x1, 0x8000000000000000, 0x3f
    TEST_RR  18, srl,  0xffffffffffffffff, 0xffffffffffffffff, 0x0
    TEST_RR  19, srl,  0xffffffffffffffff, 0xffffffffffffffff, 0x40
    TEST_RR  20, srl,  0x7fffffffffffffff, 0xffffffffffffffff, 0x41
    TEST_RR  21, srl,  0x1234567, 0x123456789abcdef0, 0x24
    # sra
    TEST_RR  22, sra,  0xffffffffffffffff, 0x8000000000000000, 0x3f
    TEST_RR  23, sra,  0xc000000000000000, 0x8000000000000000, 0x1
    TEST_RR  24, sra,  0xfffffffffffffffe, 0xfffffffffffffffe, 0x40
    TEST_RR  25, sra,  0x1, 0x7fffffffffffffff, 0x3e
    TEST_RR  26, sra,  0xfffffffff8234567, 0x823456789abcdef0, 0x24
    # slt
    TEST_RR  27, slt,  0x1, 0xffffffffffffffff, 0x0
    TEST_RR  28, slt,  0x0, 0x0, -1
    TEST_RR  29, slt,  0x0, 0x5, 0x5
    TEST_RR  30, slt,  0x1, 0x8000000000000000, 0x7fffffffffffffff
    # sltu
    TEST_RR  31, sltu, 0x0, 0xffffffffffffffff, 0x0
    TEST_RR  32, sltu, 0x1, 0x0, -1
    TEST_RR  33, sltu, 0x0, 0x5, 0x5
    TEST_RR  34, sltu, 0x0, 0x8000000000000000, 0x7fffffffffffffff
    # xor
    TEST_RR  35, xor,  0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0
    TEST_RR  36, xor,  0xaaaaaaaaaaaaaaaa, 0xffffffffffffffff, 0x5555555555555555
    # or
    TEST_RR  37, or,   0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0
    TEST_RR  38, or,   0x0, 0x0, 0x0
    # and
    TEST_RR  39, and,  0xf000f000f000f00, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0
    TEST_RR  40, and,  0x123456789, 0xffffffffffffffff, 0x123456789
    # addw
    TEST_RR  41, addw, 0xffffffff80000000, 0x7fffffff, 0x1
    TEST_RR  42, addw, 0x0, 0xffffffff, 0x1
    TEST_RR  43, addw, 0x8, 0x1234567800000005, 0x7654321000000003
    TEST_RR  44, addw, 0x0, 0x80000000, 0x80000000
    TEST_RR  45, addw, 0xfffffffffffffffe, 0xffffffffffffffff, -1
    # subw
    TEST_RR  46, subw, 0xffffffffffffffff, 0x0, 0x1
    TEST_RR  47, subw, 0x7fffffff, 0x80000000, 0x1
    TEST_RR  48, subw, 0x0, 0x100000000, 0x0
    TEST_RR  49, subw, 0xffffffffffffffff, 0xfedcba9800000000, 0x1
    # sllw
    TEST_RR  50, sllw, 0xffffffff80000000, 0x1, 0x1f
    TEST_RR  51, sllw, 0x1, 0x1, 0x20
    TEST_RR  52, sllw, 0xfffffffffffffff0, 0xffffffff, 0x4
    TEST_RR  53, sllw, 0xffffffff80000000, 0x3, -1
    TEST_RR  54, sllw, 0x65432100, 0x1234567887654321, 0x8
    # srlw
    TEST_RR  55, srlw, 0xffffffff80000000, 0xffffffff80000000, 0x0
    TEST_RR  56, srlw, 0x1, 0xffffffff80000000, 0x1f
    TEST_RR  57, srlw, 0x40000000, 0x80000000, 0x1
    TEST_RR  58, srlw, 0xffffffffffffffff, 0xffffffffffffffff, 0x20
    TEST_RR  59, srlw, 0x8765432, 0x1234567887654321, 0x4
    # sraw
    TEST_RR  60, sraw, 0xffffffffffffffff, 0x80000000, 0x1f
    TEST_RR  61, sraw, 0xfffffffff8000000, 0x80000000, 0x4
    TEST_RR  62, sraw, 0x3fffffff, 0x7fffffff, 0x21
    TEST_RR  63, sraw, 0xffffffffffffffff, 0x1234567887654321, -1
    TEST_RR  64, sraw, 0x1, 0xffffffff00000001, 0x0

    # x0 reads as zero and ignores writes; rd may alias rs1 and rs2.
    li a3, 42
    add zero, a3, a3
    CHECK_EQ zero, 0, 100
    add a5, zero, a3
    CHECK_EQ a5, 42, 101
    sub a5, zero, a3
    CHECK_EQ a5, -42, 102
    add a3, a3, a3
    CHECK_EQ a3, 84, 103
    li a4, 7
    sub a4, a3, a4
    CHECK_EQ a4, 77, 104
    sltu a5, zero, a3            # snez
    CHECK_EQ a5, 1, 105
    sltu a5, zero, zero
    CHECK_EQ a5, 0, 106
    li a3, 0x8000000000000000
    sra a3, a3, a3               # shift amount 0 (low bits of 0x8000..)
    CHECK_EQ a3, 0x8000000000000000, 107

    TEST_PASS "ok rv64i alu_reg"
