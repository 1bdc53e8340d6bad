/* The trap and return state machine of mstatus:
 *  - a trap into M: MPIE <- MIE, MIE <- 0, MPP <- previous privilege;
 *  - mret: MIE <- MPIE, MPIE <- 1, MPP <- U, privilege <- old MPP (priv 1.12
 *    also clears MPRV when returning below M; QEMU 7.2 does not, so MPRV is
 *    not asserted);
 *  - a trap into S: SPIE <- SIE, SIE <- 0, SPP <- previous privilege;
 *  - sret: SIE <- SPIE, SPIE <- 1, SPP <- U, privilege <- old SPP.
 * Handlers here snapshot the status register on entry (s10), the cause
 * (s11) and the epc (s9), then continue at the address in s8 (M handler, in
 * M-mode) or s7 (S handler, in S-mode). No interrupt is enabled in mie, so
 * setting MIE/SIE is harmless. */
#include "isa_test.h"

#define FIELD(reg, mask) li t6, mask; and reg, reg, t6

    .option norvc
    .text
    .globl main
main:
    PMP_ALLOW_ALL
    csrw mie, zero
    la t0, m_capture
    csrw mtvec, t0
    la t0, s_capture
    csrw stvec, t0

    # mret to M: MIE <- MPIE (1), MPIE <- 1, MPP <- U.
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    li t0, MSTATUS_MPIE
    csrs mstatus, t0
    ENTER_MODE PRV_M, 1f
1:  csrr a0, mstatus
    FIELD(a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    CHECK_EQ a0, MSTATUS_MIE | MSTATUS_MPIE, 1
    # mret with MPIE = 0: MIE becomes 0.
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    ENTER_MODE PRV_M, 2f
2:  csrr a0, mstatus
    FIELD(a0, MSTATUS_MIE | MSTATUS_MPIE)
    CHECK_EQ a0, MSTATUS_MPIE, 2

    # A trap from M with MIE = 1: MPIE <- 1, MIE <- 0, MPP <- M.
    csrsi mstatus, MSTATUS_MIE
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    la s8, 3f
    ecall
3:  FIELD(s10, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    CHECK_EQ s10, MSTATUS_MPIE | MSTATUS_MPP_M, 3
    CHECK_EQ s11, CAUSE_MACHINE_ECALL, 4

    # mret to S; the trap back records MPP = S.
    la s8, 4f
    ENTER_MODE PRV_S, in_s
in_s:
    ecall
4:  FIELD(s10, MSTATUS_MPP)
    CHECK_EQ s10, MSTATUS_MPP_S, 5
    CHECK_EQ s11, CAUSE_SUPERVISOR_ECALL, 6

    # mret to U; the trap records MPP = U.
    la s8, 5f
    ENTER_MODE PRV_U, in_u
in_u:
    ecall
5:  FIELD(s10, MSTATUS_MPP)
    CHECK_EQ s10, 0, 7
    CHECK_EQ s11, CAUSE_USER_ECALL, 8

    # sret, run from S-mode.
    la s8, 6f
    ENTER_MODE PRV_S, s_tests
s_tests:
    # sret to S with SPIE = 0 and SIE = 1: SIE <- 0, SPIE <- 1, SPP <- U.
    li t0, MSTATUS_SPP | MSTATUS_SIE
    csrs sstatus, t0
    li t0, MSTATUS_SPIE
    csrc sstatus, t0
    la t0, 1f
    csrw sepc, t0
    sret
1:  csrr a0, sstatus
    FIELD(a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    CHECK_EQ a0, MSTATUS_SPIE, 9
    # sret to U with SPIE = 1: U-mode runs with SIE restored to 1.
    li t0, MSTATUS_SPP | MSTATUS_SIE
    csrc sstatus, t0
    la t0, 2f
    csrw sepc, t0
    sret
2:  ecall                           # from U to M: check the privilege there
6:  FIELD(s10, MSTATUS_MPP | MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    CHECK_EQ s10, MSTATUS_SIE | MSTATUS_SPIE, 10
    CHECK_EQ s11, CAUSE_USER_ECALL, 11

    # Traps delegated to S: from U (SPP <- U) and from S (SPP <- S).
    li t0, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_BREAKPOINT)
    csrw medeleg, t0
    li t0, MSTATUS_SIE
    csrs mstatus, t0                # SIE = 1 while U runs
    la s7, s_after_u
    ENTER_MODE PRV_U, u_ecall
u_ecall:
    ecall                           # goes to S now
s_after_u:
    FIELD(s10, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    CHECK_EQ s10, MSTATUS_SPIE, 12
    CHECK_EQ s11, CAUSE_USER_ECALL, 13
    la t0, u_ecall
    CHECK_EQ_REG s9, t0, 14
    # Still in S (s_capture continues there); an S -> S trap.
    li t0, MSTATUS_SIE
    csrc sstatus, t0
    la s7, 7f
    ebreak                          # S -> S
7:  FIELD(s10, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    CHECK_EQ s10, MSTATUS_SPP, 15
    CHECK_EQ s11, CAUSE_BREAKPOINT, 16
    la s8, 8f
    ecall                           # S ecall is not delegated: back to M
8:  CHECK_EQ s11, CAUSE_SUPERVISOR_ECALL, 17
    csrw medeleg, zero
    la t0, trap_entry
    csrw mtvec, t0

    TEST_PASS "ok priv mret_sret"

/* M handler: snapshot, then continue at s8 in M-mode. */
    .align 2
m_capture:
    csrr s10, mstatus
    csrr s11, mcause
    csrr s9, mepc
    li t6, MSTATUS_MPP
    csrs mstatus, t6
    csrw mepc, s8
    mret

/* S handler: snapshot, then continue at s7 in S-mode. */
    .align 2
s_capture:
    csrr s10, sstatus
    csrr s11, scause
    csrr s9, sepc
    li t6, MSTATUS_SPP
    csrs sstatus, t6
    csrw sepc, s7
    sret
