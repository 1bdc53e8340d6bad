/* RV64I conditional branches: each of BEQ/BNE/BLT/BGE/BLTU/BGEU taken and
 * not taken, with signed/unsigned disagreements, equal operands, x0, a
 * backward loop, and branches near the +-4 KiB range limit. */
#include "isa_test.h"

    .option norvc

/* The branch must be taken. */
.macro TAKEN id, br, a, b
    li a3, \a
    li a4, \b
    \br a3, a4, .Ltaken\@
    FAIL \id
.Ltaken\@:
.endm

/* The branch must fall through. */
.macro NOT_TAKEN id, br, a, b
    li a3, \a
    li a4, \b
    \br a3, a4, .Lwrong\@
    j .Lok\@
.Lwrong\@:
    FAIL \id
.Lok\@:
.endm

    .text
    .globl main
main:
    TAKEN      1, beq, 0, 0
    TAKEN      2, beq, -1, -1
    NOT_TAKEN  3, beq, 1, 0
    NOT_TAKEN  4, beq, 0x100000000, 0       # upper bits count
    TAKEN      5, bne, 1, 0
    TAKEN      6, bne, 0x8000000000000000, 0
    NOT_TAKEN  7, bne, 7, 7

    TAKEN      8, blt, -1, 0
    TAKEN      9, blt, 0x8000000000000000, 0x7fffffffffffffff
    NOT_TAKEN 10, blt, 0, -1
    NOT_TAKEN 11, blt, 5, 5
    TAKEN     12, bge, 0, -1
    TAKEN     13, bge, 5, 5
    TAKEN     14, bge, 0x7fffffffffffffff, 0x8000000000000000
    NOT_TAKEN 15, bge, -2, -1

    TAKEN     16, bltu, 0, -1
    TAKEN     17, bltu, 0x7fffffffffffffff, 0x8000000000000000
    NOT_TAKEN 18, bltu, -1, 0
    NOT_TAKEN 19, bltu, 5, 5
    TAKEN     20, bgeu, -1, 0
    TAKEN     21, bgeu, 5, 5
    NOT_TAKEN 22, bgeu, 0, 1
    NOT_TAKEN 23, bgeu, 0x7fffffffffffffff, 0x8000000000000000

    # Pseudo-instructions that compare against x0.
    li a3, -5
    bltz a3, 1f
    FAIL 24
1:  bgtz a3, 2f                      # blt x0, a3
    bgez a3, 2f
    blez a3, 3f
2:  FAIL 25
3:  beqz zero, 4f
    FAIL 26
4:
    # A backward branch loop runs exactly 10 times.
    li a3, 10
    li a4, 0
5:  addi a4, a4, 1
    addi a3, a3, -1
    bnez a3, 5b
    CHECK_EQ a4, 10, 27

    # Branch offsets near the limits (+4094 .. -4096 bytes).
    beq zero, zero, far_forward
    FAIL 28
far_back:
    j after_far
    .skip 4000
far_forward:
    bne zero, zero, far_back         # not taken
    beq zero, zero, far_back
    FAIL 29
after_far:
    # A branch to itself + 4 (fall-through target) is well defined.
    li a3, 1
    beq a3, a3, 6f
6:  CHECK_EQ a3, 1, 30

    TEST_PASS "ok rv64i branches"
