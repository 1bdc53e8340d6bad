/* RV64C integer computational instructions, written with their c. mnemonics:
 * c.li, c.lui, c.addi, c.addiw, c.addi16sp, c.addi4spn, c.slli, c.srli,
 * c.srai, c.andi, c.mv, c.add, c.sub, c.xor, c.or, c.and, c.addw, c.subw,
 * c.nop, with immediates at the ends of their ranges and the sign extension
 * of the W forms. */
#include "isa_test.h"

    .option rvc
    .text
    .globl main
main:
    c.li a0, 31
    CHECK_EQ a0, 31, 1
    c.li a0, -32
    CHECK_EQ a0, -32, 2
    c.li s1, 0
    CHECK_EQ s1, 0, 3
    c.li t3, -1                    # c.li accepts any rd != x0
    CHECK_EQ t3, -1, 4

    c.lui a1, 1
    CHECK_EQ a1, 0x1000, 5
    c.lui a1, 31
    CHECK_EQ a1, 0x1f000, 6
    c.lui a1, 0xfffe0              # nzimm = -32: sign-extended
    CHECK_EQ a1, 0xfffffffffffe0000, 7
    c.lui a1, 0xfffff
    CHECK_EQ a1, 0xfffffffffffff000, 8

    li a2, 100
    c.addi a2, 31
    CHECK_EQ a2, 131, 9
    c.addi a2, -32
    CHECK_EQ a2, 99, 10
    li a2, 0x7fffffffffffffff
    c.addi a2, 1                   # 64-bit wrap, no trap
    CHECK_EQ a2, 0x8000000000000000, 11

    li a3, 0x7fffffff
    c.addiw a3, 1                  # 32-bit result, sign-extended
    CHECK_EQ a3, 0xffffffff80000000, 12
    li a3, 0x12345678ffffffff
    c.addiw a3, 0                  # sext.w
    CHECK_EQ a3, -1, 13
    li a3, 5
    c.addiw a3, -32
    CHECK_EQ a3, -27, 14

    # c.addi16sp and c.addi4spn work relative to sp.
    mv s2, sp
    c.addi16sp sp, -512
    sub a4, s2, sp
    CHECK_EQ a4, 512, 15
    c.addi16sp sp, 496
    sub a4, s2, sp
    CHECK_EQ a4, 16, 16
    c.addi16sp sp, 16
    CHECK_EQ_REG sp, s2, 17
    c.addi4spn a5, sp, 4
    sub a4, a5, sp
    CHECK_EQ a4, 4, 18
    c.addi4spn s0, sp, 1020
    sub a4, s0, sp
    CHECK_EQ a4, 1020, 19

    # Shifts: c.slli on any register, c.srli/c.srai on x8-x15, up to 63.
    li t4, 1
    c.slli t4, 63
    CHECK_EQ t4, 0x8000000000000000, 20
    li a0, 0x8000000000000000
    c.srli a0, 63
    CHECK_EQ a0, 1, 21
    li a0, 0x8000000000000000
    c.srai a0, 63
    CHECK_EQ a0, -1, 22
    li a0, 0x123456789abcdef0
    c.srai a0, 4
    CHECK_EQ a0, 0x0123456789abcdef, 23
    li a0, 0xf23456789abcdef0
    c.srli a0, 1
    CHECK_EQ a0, 0x791a2b3c4d5e6f78, 24
    li a1, 0x00000000ffffffff
    c.slli a1, 32
    CHECK_EQ a1, 0xffffffff00000000, 25

    # c.andi sign-extends its immediate.
    li a0, 0x123456789abcdef0
    c.andi a0, -16
    CHECK_EQ a0, 0x123456789abcdef0, 26
    li a0, 0x123456789abcdeff
    c.andi a0, 31
    CHECK_EQ a0, 0x1f, 27
    li a0, 0x123456789abcdeff
    c.andi a0, 0
    CHECK_EQ a0, 0, 28

    # Register-register forms.
    li t5, 0x5555
    c.mv a2, t5
    CHECK_EQ a2, 0x5555, 29
    li a2, 0x0f0f
    c.add a2, a2                   # rd == rs2
    CHECK_EQ a2, 0x1e1e, 30
    li s0, 0xff00ff00ff00ff00
    li s1, 0x0ff00ff00ff00ff0
    mv a0, s0
    c.xor a0, s1
    CHECK_EQ a0, 0xf0f0f0f0f0f0f0f0, 31
    mv a0, s0
    c.or a0, s1
    CHECK_EQ a0, 0xfff0fff0fff0fff0, 32
    mv a0, s0
    c.and a0, s1
    CHECK_EQ a0, 0x0f000f000f000f00, 33
    mv a0, s1
    c.sub a0, s0
    CHECK_EQ a0, 0x0ff00ff00ff00ff0 - 0xff00ff00ff00ff00, 34
    li a0, 0x7fffffff
    li a1, 1
    c.addw a0, a1
    CHECK_EQ a0, 0xffffffff80000000, 35
    li a0, 0x1234567800000000
    li a1, 1
    c.subw a0, a1
    CHECK_EQ a0, -1, 36
    li a0, 0xffffffff80000000
    li a1, 0x00000000ffffffff
    c.addw a0, a1
    CHECK_EQ a0, 0x7fffffff, 37

    li a0, 9
    c.nop
    CHECK_EQ a0, 9, 38

    TEST_PASS "ok rv64c c_alu"
