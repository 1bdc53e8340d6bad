/* RV64A LR/SC: successful pairs for words and doublewords (rd = 0, memory
 * written, LR.W sign-extends), and the failures the spec guarantees: SC with
 * no reservation, a second SC after the reservation was used, and an SC to
 * an address outside the reserved set (another page); a failed SC writes 1 to
 * rd and leaves memory alone. Also an LR/SC retry loop and the aq/rl forms.
 * (Whether a trap or a store by the same hart between LR and SC breaks the
 * reservation is left open by the spec and is not asserted.) */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    la s0, words
    # SC with no reservation at all (first LR/SC of the program) fails.
    li a4, 0x77
    sc.d a5, a4, (s0)
    CHECK_EQ a5, 1, 1
    ld a5, 0(s0)
    CHECK_EQ a5, 0x1111111111111111, 2

    # lr.d / sc.d succeed.
    lr.d a5, (s0)
    CHECK_EQ a5, 0x1111111111111111, 3
    li a4, 0x2222222222222222
    sc.d a3, a4, (s0)
    CHECK_EQ a3, 0, 4
    ld a5, 0(s0)
    CHECK_EQ a5, 0x2222222222222222, 5

    # The reservation is gone after an SC: the next SC fails.
    li a4, 0x33
    sc.d a3, a4, (s0)
    CHECK_EQ a3, 1, 6
    ld a5, 0(s0)
    CHECK_EQ a5, 0x2222222222222222, 7

    # lr.w sign-extends; sc.w writes only its word.
    addi s1, s0, 8                # word 0x80000001, next word 0x7fffffff
    lr.w a5, (s1)
    CHECK_EQ a5, 0xffffffff80000001, 8
    li a4, 0xffffffff00000005    # upper bits of rs2 are not stored
    sc.w a3, a4, (s1)
    CHECK_EQ a3, 0, 9
    ld a5, 0(s1)
    CHECK_EQ a5, 0x7fffffff00000005, 10
    sc.w a3, a4, (s1)
    CHECK_EQ a3, 1, 11

    # SC to an address in another page than the LR fails.
    la s2, other_page
    lr.d a5, (s0)
    li a4, 0x44
    sc.d a3, a4, (s2)
    CHECK_EQ a3, 1, 12
    ld a5, 0(s2)
    CHECK_EQ a5, 0, 13

    # An atomic increment loop with acquire/release ordering.
    la s3, counter
    li s4, 5
1:  lr.d.aq a5, (s3)
    addi a5, a5, 10
    sc.d.rl a3, a5, (s3)
    bnez a3, 1b
    addi s4, s4, -1
    bnez s4, 1b
    ld a5, 0(s3)
    CHECK_EQ a5, 50, 14

    lr.w.aqrl a5, (s3)
    li a4, 7
    sc.w.aqrl a3, a4, (s3)
    CHECK_EQ a3, 0, 15
    ld a5, 0(s3)
    CHECK_EQ a5, 7, 16

    # sc with rd = x0 still stores on success.
    lr.d a5, (s3)
    li a4, 9
    sc.d zero, a4, (s3)
    ld a5, 0(s3)
    CHECK_EQ a5, 9, 17

    TEST_PASS "ok rv64a lrsc"

    .data
    .align 3
words:
    .dword 0x1111111111111111
    .word 0x80000001, 0x7fffffff
counter:
    .dword 0

    .bss
    .align 12
other_page:
    .skip 4096
