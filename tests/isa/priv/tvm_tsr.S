/* mstatus.TVM and TSR: with TVM = 1, S-mode reads and writes of satp and
 * sfence.vma are illegal instructions while M-mode is unaffected; with
 * TVM = 0 they work in S-mode. With TSR = 1, sret in S-mode is illegal;
 * with TSR = 0 it works, and sret from M-mode works either way (it returns
 * to the privilege in SPP). */
#include "isa_test.h"

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    csrr a0, satp                   # M-mode ignores TVM
    csrw satp, zero
    sfence.vma
    ENTER_MODE PRV_S, s_tvm1
s_tvm1:
    EXPECT_TRAP 1, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, satp
    EXPECT_TRAP 2, CAUSE_ILLEGAL_INSTRUCTION, csrw satp, zero
    EXPECT_TRAP 3, CAUSE_ILLEGAL_INSTRUCTION, sfence.vma
    EXPECT_TRAP 4, CAUSE_ILLEGAL_INSTRUCTION, sfence.vma a0, zero
    csrr a0, sstatus                # other S CSRs still work
    RETURN_TO_M m1
m1:
    li t0, MSTATUS_TVM
    csrc mstatus, t0
    ENTER_MODE PRV_S, s_tvm0
s_tvm0:
    csrr a0, satp
    CHECK_EQ a0, 0, 5
    csrw satp, zero
    sfence.vma
    RETURN_TO_M m2
m2:
    # TSR = 1: sret from S is illegal.
    li t0, MSTATUS_TSR
    csrs mstatus, t0
    ENTER_MODE PRV_S, s_tsr1
s_tsr1:
    la t0, s_tsr1_target
    csrw sepc, t0
    li t0, MSTATUS_SPP
    csrs sstatus, t0
    EXPECT_TRAP 6, CAUSE_ILLEGAL_INSTRUCTION, sret
    RETURN_TO_M m3
s_tsr1_target:
    FAIL 7
m3:
    # sret from M with TSR = 1: returns to S (SPP = S).
    li t0, MSTATUS_SPP
    csrs mstatus, t0
    la t0, s_from_m
    csrw sepc, t0
    sret
s_from_m:
    EXPECT_TRAP 8, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mstatus   # really in S
    # TSR = 0 now (set from M below) would allow sret; check it from S.
    RETURN_TO_M m4
m4:
    li t0, MSTATUS_TSR
    csrc mstatus, t0
    ENTER_MODE PRV_S, s_tsr0
s_tsr0:
    li t0, MSTATUS_SPP
    csrc sstatus, t0                # to U
    la t0, u_after_sret
    csrw sepc, t0
    sret
u_after_sret:
    EXPECT_TRAP 9, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, sstatus   # really in U
    RETURN_TO_M m5
m5:
    LOAD_TRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_U, 10
    TEST_PASS "ok priv tvm_tsr"
