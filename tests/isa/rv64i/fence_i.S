/* FENCE.I after self-modifying code: a routine runs, its instructions are
 * rewritten with stores, FENCE.I, and the new code must run. Also checks that
 * the FENCE variants (fence, fence rw,rw, fence.tso, fence i,o, pause) execute
 * as ordinary no-ops in a single-hart program. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # Run the original routine so that any translation of it is cached.
    call patchable
    CHECK_EQ a0, 1, 1

    # Replace "addi a0, zero, 1" with "addi a0, zero, 2".
    la s0, patchable
    li a3, 0x00200513
    sw a3, 0(s0)
    fence.i
    call patchable
    CHECK_EQ a0, 2, 2

    # Patch twice in a row, executing in between.
    li a3, 0x00300513            # addi a0, zero, 3
    sw a3, 0(s0)
    fence.i
    call patchable
    CHECK_EQ a0, 3, 3
    li a3, 0xfff00513            # addi a0, zero, -1
    sw a3, 0(s0)
    fence.i
    call patchable
    CHECK_EQ a0, -1, 4

    # Patch the instruction right after the one being executed: a loop that
    # rewrites its own increment from 1 to 5 after the first iteration.
    la s1, loop_increment
    li s2, 0                     # counter
    li s3, 3                     # iterations
    li s4, 0x00590913            # addi s2, s2, 5
loop:
loop_increment:
    addi s2, s2, 1
    sw s4, 0(s1)
    fence.i
    addi s3, s3, -1
    bnez s3, loop
    CHECK_EQ s2, 11, 5           # 1 + 5 + 5

    # Fences execute without side effects.
    li a3, 42
    fence
    fence rw, rw
    fence r, w
    fence.tso
    fence i, o
    fence iorw, iorw
    .word 0x0100000f             # pause (fence w, 0)
    CHECK_EQ a3, 42, 6

    TEST_PASS "ok rv64i fence_i"

    .section .text.patchable, "ax", @progbits
    .align 2
patchable:
    addi a0, zero, 1
    ret
