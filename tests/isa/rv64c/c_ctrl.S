/* RV64C control transfer and system: c.j (both directions), c.jr, c.jalr
 * (links pc + 2, clears target bit 0), c.beqz/c.bnez taken and not taken on
 * full 64-bit values, c.ebreak (cause 3, mepc at the 2-byte instruction),
 * the all-zero 16-bit word as an illegal instruction (cause 2, mtval 0), and
 * 32-bit instructions at addresses that are 2 mod 4. */
#include "isa_test.h"

    .option rvc
    .text
    .globl main
main:
    c.j 1f
    FAIL 1
2:  c.j 3f
    FAIL 2
1:  c.j 2b
    FAIL 3
3:
    la t0, 4f
    c.jr t0
    FAIL 4
4:
    la t0, 5f
.Lcjalr:
    c.jalr t0
    FAIL 5
5:  la t1, .Lcjalr + 2
    CHECK_EQ_REG ra, t1, 6
    la t0, 6f + 1                # bit 0 is ignored
    c.jalr t0
    FAIL 7
6:
    li s0, 0
    c.beqz s0, 7f
    FAIL 8
7:  li s0, 0x100000000            # non-zero only in the upper half
    c.beqz s0, 8f
    c.bnez s0, 9f
8:  FAIL 9
9:  li s1, 0
    c.bnez s1, 8b
    li a5, -1
    c.bnez a5, 10f
    FAIL 10
10:
    # Backward c.bnez loop.
    li a0, 4
    li a1, 0
11: c.addi a1, 3
    c.addi a0, -1
    c.bnez a0, 11b
    CHECK_EQ a1, 12, 11

    # c.ebreak traps with cause 3 and mepc at the 16-bit instruction.
    EXPECT_TRAP 12, CAUSE_BREAKPOINT, c.ebreak
    LOAD_TRAP a5, TI_TVAL
    CHECK_EQ a5, 0, 13

    # The all-zero halfword is defined to be illegal.
    EXPECT_TRAP 14, CAUSE_ILLEGAL_INSTRUCTION, .half 0
    LOAD_TRAP a5, TI_TVAL
    CHECK_EQ a5, 0, 15

    # A 32-bit instruction at an address that is 2 mod 4, and a trap there.
    .align 2
    c.nop
    addi a0, zero, 0x123
    CHECK_EQ a0, 0x123, 16
    ARM_TRAP 12f
    .align 2
    c.nop
.Lecall_2mod4:
    ecall
    FAIL 17
12: LOAD_TRAP a5, TI_EPC
    la a4, .Lecall_2mod4
    CHECK_EQ_REG a5, a4, 18
    andi a5, a5, 3
    CHECK_EQ a5, 2, 19

    TEST_PASS "ok rv64c c_ctrl"
