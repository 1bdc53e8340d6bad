/* RV64I register-immediate ALU instructions (12-bit sign-extended
 * immediates at both ends of their range, 6-bit shift amounts, W forms with
 * 5-bit shift amounts and sign-extended results), plus LUI and AUIPC. */
#include "isa_test.h"

    .option norvc

    .text
    .globl main
main:
    # addi
    TEST_RI   1, addi,  0x3, 0x1, 2
    TEST_RI   2, addi,  0xffffffffffffffff, 0x5, -6
    TEST_RI   3, addi,  0x8000000000000000, 0x7fffffffffffffff, 1
    TEST_RI   4, addi,  0x7ff, 0x0, 2047
    TEST_RI   5, addi,  0xfffffffffffff800, 0x0, -2048
    TEST_RI   6, addi,  0xfffffffffffff7ff, 0xffffffffffffffff, -2048
    # slti
    TEST_RI   7, slti,  0x1, 0xffffffffffffffff, 0
    TEST_RI   8, slti,  0x0, 0x0, -1
    TEST_RI   9, slti,  0x0, 0x5, 5
    TEST_RI  10, slti,  0x1, 0x4, 5
    TEST_RI  11, slti,  0x1, 0x8000000000000000, -2048
    TEST_RI  12, slti,  0x0, 0x7fffffffffffffff, 2047
    # sltiu
    TEST_RI  13, sltiu, 0x1, 0x0, 1
    TEST_RI  14, sltiu, 0x0, 0x1, 1
    TEST_RI  15, sltiu, 0x1, 0xfffffffffffffffe, -1
    TEST_RI  16, sltiu, 0x0, 0xfffffffffffff800, -2048
    TEST_RI  17, sltiu, 0x0, 0x1000, 2047
    # xori
    TEST_RI  18, xori,  0xffffffffffffff00, 0xff, -1
    TEST_RI  19, xori,  0x123456789abcd90f, 0x123456789abcdef0, 2047
    TEST_RI  20, xori,  0x7ff, 0xffffffffffffffff, -2048
    # ori
    TEST_RI  21, ori,   0xfffffffffffff800, 0x1000, -2048
    TEST_RI  22, ori,   0x8000000000000001, 0x8000000000000000, 1
    TEST_RI  23, ori,   0x555, 0x0, 1365
    # andi
    TEST_RI  24, andi,  0xfffffffffffff800, 0xffffffffffffffff, -2048
    TEST_RI  25, andi,  0x6f0, 0x123456789abcdef0, 2047
    TEST_RI  26, andi,  0x8000000000000f0f, 0x8000000000000f0f, -1
    # slli
    TEST_RI  27, slli,  0x1, 0x1, 0
    TEST_RI  28, slli,  0x8000000000000000, 0x1, 63
    TEST_RI  29, slli,  0x2, 0x8000000000000001, 1
    TEST_RI  30, slli,  0x9abcdef000000000, 0x123456789abcdef0, 32
    # srli
    TEST_RI  31, srli,  0x1, 0x8000000000000000, 63
    TEST_RI  32, srli,  0xffffffffffffffff, 0xffffffffffffffff, 0
    TEST_RI  33, srli,  0x7fffffffffffffff, 0xffffffffffffffff, 1
    TEST_RI  34, srli,  0x12345678, 0x123456789abcdef0, 32
    # srai
    TEST_RI  35, srai,  0xffffffffffffffff, 0x8000000000000000, 63
    TEST_RI  36, srai,  0xc000000000000000, 0x8000000000000000, 1
    TEST_RI  37, srai,  0x1, 0x7fffffffffffffff, 62
    TEST_RI  38, srai,  0xffffffff82345678, 0x823456789abcdef0, 32
    # addiw
    TEST_RI  39, addiw, 0xffffffff80000000, 0x7fffffff, 1
    TEST_RI  40, addiw, 0x0, 0xffffffff, 1
    TEST_RI  41, addiw, 0xffffffffffffffff, 0x12345678ffffffff, 0
    TEST_RI  42, addiw, 0xffffffffffffffff, 0x0, -1
    TEST_RI  43, addiw, 0x7fffffff, 0x80000000, -1
    TEST_RI  44, addiw, 0x7ff, 0x1234567800000000, 2047
    # slliw
    TEST_RI  45, slliw, 0xffffffff80000000, 0x1, 31
    TEST_RI  46, slliw, 0x1, 0x1, 0
    TEST_RI  47, slliw, 0xfffffffffffffff0, 0xffffffff, 4
    TEST_RI  48, slliw, 0x43210000, 0x1234567887654321, 16
    # srliw
    TEST_RI  49, srliw, 0xffffffff80000000, 0xffffffff80000000, 0
    TEST_RI  50, srliw, 0x1, 0xffffffff80000000, 31
    TEST_RI  51, srliw, 0x40000000, 0x80000000, 1
    TEST_RI  52, srliw, 0x8765432, 0x1234567887654321, 4
    # sraiw
    TEST_RI  53, sraiw, 0xffffffffffffffff, 0x80000000, 31
    TEST_RI  54, sraiw, 0xfffffffff8000000, 0x80000000, 4
    TEST_RI  55, sraiw, 0x7fffffff, 0x7fffffff, 0
    TEST_RI  56, sraiw, 0xffffffff87654321, 0x1234567887654321, 0
    TEST_RI  57, sraiw, 0x1, 0xffffffff00000001, 0
    TEST_RI  58, sraiw, 0xffffffffffffffff, 0x1234567887654321, 31

    # lui: the 32-bit result is sign-extended to 64 bits.
    lui a5, 0x12345
    CHECK_EQ a5, 0x12345000, 100
    lui a5, 0x80000
    CHECK_EQ a5, 0xffffffff80000000, 101
    lui a5, 0xfffff
    CHECK_EQ a5, 0xfffffffffffff000, 102
    lui a5, 0x7ffff
    addiw a5, a5, 0x7ff
    CHECK_EQ a5, 0x7ffff7ff, 103

    # auipc adds the sign-extended upper immediate to its own address.
1:  auipc a5, 0
    la a4, 1b
    CHECK_EQ_REG a5, a4, 104
2:  auipc a5, 1
    la a4, 2b + 0x1000
    CHECK_EQ_REG a5, a4, 105
3:  auipc a5, 0xfffff             # -4096
    la a4, 3b
    addi a4, a4, -2048
    addi a4, a4, -2048
    CHECK_EQ_REG a5, a4, 106
4:  auipc a5, 0x80000             # -2 GiB: wraps below the RAM base
    la a4, 4b
    li a3, 0xffffffff80000000
    add a4, a4, a3
    CHECK_EQ_REG a5, a4, 107

    # nop and writes to x0 have no effect.
    li a5, 7
    nop
    addi zero, a5, 1
    CHECK_EQ zero, 0, 108
    lui zero, 0x12345
    CHECK_EQ zero, 0, 109

    TEST_PASS "ok rv64i alu_imm"
