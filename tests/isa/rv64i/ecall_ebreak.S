/* ECALL and EBREAK in M-mode: the cause codes (11, 3), mepc pointing at the
 * instruction itself, mtval = 0 (QEMU writes 0 for both; the spec also
 * allows the pc for EBREAK), mstatus.MPP = M, and that a handler returning
 * with mepc + 4 continues right after the instruction with every register
 * intact. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    EXPECT_TRAP 1, CAUSE_MACHINE_ECALL, ecall
    LOAD_TRAP a5, TI_TVAL
    CHECK_EQ a5, 0, 2
    LOAD_TRAP a5, TI_PRIV
    CHECK_EQ a5, PRV_M, 3

    EXPECT_TRAP 4, CAUSE_BREAKPOINT, ebreak
    LOAD_TRAP a5, TI_TVAL
    CHECK_EQ a5, 0, 5

    # A handler that skips the instruction (mepc += 4) and counts calls.
    la t0, skip_handler
    csrw mtvec, t0
    li s0, 0x1111
    li s1, 0x2222
    li a0, 0x3333
    li a7, 0x4444
    li s2, 0
    ecall
    ebreak
    ecall
    CHECK_EQ s2, 3, 6            # handler count
    CHECK_EQ s0, 0x1111, 7
    CHECK_EQ s1, 0x2222, 8
    CHECK_EQ a0, 0x3333, 9
    CHECK_EQ a7, 0x4444, 10
    CHECK_EQ s3, CAUSE_MACHINE_ECALL, 11   # cause of the last trap
    la t0, trap_entry
    csrw mtvec, t0

    TEST_PASS "ok rv64i ecall_ebreak"

    .align 2
skip_handler:
    csrr s3, mcause
    csrr t6, mepc
    addi t6, t6, 4
    csrw mepc, t6
    addi s2, s2, 1
    mret
