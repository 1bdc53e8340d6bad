/* RV64I JAL and JALR: link values, targets, offsets in both directions,
 * JALR clearing bit 0 of the target, rd == rs1, rd = x0 (plain jumps), and
 * a call/return through ra. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # jal links pc + 4 and jumps forward.
1:  jal a5, 2f
    FAIL 1
2:  la a4, 1b + 4
    CHECK_EQ_REG a5, a4, 2

    # jal backward (the target is before the jal).
    j 4f
3:  la a4, 5f
    CHECK_EQ_REG a5, a4, 3
    j 6f
4:  jal a5, 3b
5:  FAIL 4
6:
    # jal x0 does not link.
    li a5, 99
    jal zero, 7f
    FAIL 5
7:  CHECK_EQ a5, 99, 6

    # jalr with a positive and a negative offset.
    la a3, 8f - 16
.Ljalr_pos:
    jalr a5, 16(a3)
    FAIL 7
8:  la a4, .Ljalr_pos + 4
    CHECK_EQ_REG a5, a4, 8
    la a3, 9f + 8
    jalr a5, -8(a3)
    FAIL 9
9:
    # jalr clears bit 0 of the computed target.
    la a3, 10f
    addi a3, a3, 1
.Ljalr_odd:
    jalr a5, 0(a3)
    FAIL 10
10: la a4, .Ljalr_odd + 4
    CHECK_EQ_REG a5, a4, 11
    la a3, 11f - 1                   # odd base, odd offset
    jalr a5, 2(a3)
    FAIL 12
11:
    # rd == rs1: the target uses the old register value.
    la a3, 12f
.Ljalr_same:
    jalr a3, 0(a3)
    FAIL 13
12: la a4, .Ljalr_same + 4
    CHECK_EQ_REG a3, a4, 14

    # jalr x0 (jr) does not link; call/ret through ra.
    li a5, 77
    la a3, 13f
    jr a3
    FAIL 15
13: CHECK_EQ a5, 77, 16
    li s1, 0
    call add_five
    call add_five
    CHECK_EQ s1, 10, 17

    # A jump table: jalr to a computed entry.
    li s2, 0
    la s3, table
    li s4, 2
    slli s4, s4, 2
    add s3, s3, s4
    jalr s3
    CHECK_EQ s2, 3, 18

    TEST_PASS "ok rv64i jumps"

add_five:
    addi s1, s1, 5
    ret

table:
    j entry0
    j entry1
    j entry2
entry0:
    li s2, 1
    ret
entry1:
    li s2, 2
    ret
entry2:
    li s2, 3
    ret
