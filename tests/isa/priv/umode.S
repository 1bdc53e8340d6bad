/* Privilege checks for U and S mode: ecall causes (8 from U, 9 from S);
 * M-level CSRs are illegal from S and U, S-level CSRs from U; mret is
 * illegal below M and sret in U; sfence.vma is illegal in U; U-mode can
 * still use unprivileged instructions and memory (PMP allows it). */
#include "isa_test.h"

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    ENTER_MODE PRV_U, u_mode
u_mode:
    li a0, 40
    addi a0, a0, 2
    la a1, scratch
    sd a0, 0(a1)
    ld a2, 0(a1)
    CHECK_EQ a2, 42, 1
    EXPECT_TRAP  2, CAUSE_USER_ECALL, ecall
    LOAD_TRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_U, 3
    EXPECT_TRAP  4, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mstatus
    EXPECT_TRAP  5, CAUSE_ILLEGAL_INSTRUCTION, csrw mscratch, a0
    EXPECT_TRAP  6, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mhartid
    EXPECT_TRAP  7, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, sstatus
    EXPECT_TRAP  8, CAUSE_ILLEGAL_INSTRUCTION, csrw stvec, a0
    EXPECT_TRAP  9, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, satp
    EXPECT_TRAP 10, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, pmpcfg0
    EXPECT_TRAP 11, CAUSE_ILLEGAL_INSTRUCTION, mret
    EXPECT_TRAP 12, CAUSE_ILLEGAL_INSTRUCTION, sret
    EXPECT_TRAP 13, CAUSE_ILLEGAL_INSTRUCTION, sfence.vma
    EXPECT_TRAP 14, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mcycle
    # Unprivileged FP state is available in U.
    csrr a0, fcsr
    RETURN_TO_M m1
m1:
    LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_USER_ECALL, 15

    ENTER_MODE PRV_S, s_mode
s_mode:
    EXPECT_TRAP 16, CAUSE_SUPERVISOR_ECALL, ecall
    LOAD_TRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_S, 17
    EXPECT_TRAP 18, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mstatus
    EXPECT_TRAP 19, CAUSE_ILLEGAL_INSTRUCTION, csrw medeleg, zero
    EXPECT_TRAP 20, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mepc
    EXPECT_TRAP 21, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, pmpaddr0
    EXPECT_TRAP 22, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mcounteren
    EXPECT_TRAP 23, CAUSE_ILLEGAL_INSTRUCTION, mret
    # S-level CSRs are fine.
    li a0, 0x77
    csrw sscratch, a0
    CHECK_CSR sscratch, 0x77, 24
    csrr a0, sstatus
    csrr a0, sie
    csrr a0, stvec
    RETURN_TO_M m2
m2:
    CHECK_CSR sscratch, 0x77, 25
    TEST_PASS "ok priv umode"

    .data
    .align 3
scratch: .dword 0
