/* Trap delegation with medeleg/mideleg:
 *  - delegated exceptions from U and S go to the S handler (scause, sepc,
 *    SPP), undelegated ones (S ecall, or anything once medeleg is cleared)
 *    go to M; a trap taken in M is never delegated;
 *  - a delegated interrupt (SSIP) is never taken in M, is taken in S only
 *    when sstatus.SIE is set, and always in U; an undelegated supervisor
 *    interrupt pending while in S goes to M even with mstatus.MIE = 0. */
#include "isa_test.h"

#define IRQ_SSI (CAUSE_INTERRUPT | IRQ_S_SOFT)

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    la t0, strap_entry
    csrw stvec, t0
    li t0, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_ILLEGAL_INSTRUCTION)
    csrw medeleg, t0

    # A trap taken in M stays in M whatever medeleg says.
    EXPECT_TRAP 1, CAUSE_BREAKPOINT, ebreak

    ENTER_MODE PRV_U, u1
u1:
    EXPECT_STRAP 2, CAUSE_USER_ECALL, ecall
    LOAD_STRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_U, 3
    LOAD_STRAP a0, TI_TVAL
    CHECK_EQ a0, 0, 4
    EXPECT_STRAP 5, CAUSE_BREAKPOINT, ebreak
    EXPECT_STRAP 6, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, sstatus
    RETURN_TO_S s1
s1:
    LOAD_STRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_USER_ECALL, 7
    EXPECT_STRAP 8, CAUSE_BREAKPOINT, ebreak        # S -> S
    LOAD_STRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_S, 9
    EXPECT_TRAP 10, CAUSE_SUPERVISOR_ECALL, ecall    # not delegated
    LOAD_TRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_S, 11
    RETURN_TO_M m1
m1:
    # With medeleg cleared, the same U-mode exceptions go to M.
    csrw medeleg, zero
    ENTER_MODE PRV_U, u2
u2:
    EXPECT_TRAP 12, CAUSE_USER_ECALL, ecall
    EXPECT_TRAP 13, CAUSE_BREAKPOINT, ebreak
    RETURN_TO_M m2
m2:
    LOAD_STRAP a0, TI_COUNT
    CHECK_EQ a0, 5, 14              # no more S traps than the five above

    # Interrupt delegation, with handlers that clear SSIP and count.
    la t0, s_irq
    csrw stvec, t0
    la t0, m_irq
    csrw mtvec, t0
    li s10, 0                       # S-handled interrupts
    li s9, 0                        # M-handled interrupts
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    csrsi mstatus, MSTATUS_MIE      # delegated: M does not take it
    nop
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s10, 0, 15
    CHECK_EQ s9, 0, 16
    li t0, MSTATUS_SIE
    csrc mstatus, t0
    ENTER_MODE PRV_S, s2
s2:
    nop                             # SIE = 0: not taken in S
    CHECK_EQ s10, 0, 17
    csrsi sstatus, MSTATUS_SIE
.Lafter_sie:
    CHECK_EQ s10, 1, 18             # taken right after SIE was set
    CHECK_EQ s11, IRQ_SSI, 19
    la t0, .Lafter_sie
    CHECK_EQ_REG s8, t0, 20
    # In U, S interrupts are enabled regardless of SIE.
    csrci sstatus, MSTATUS_SIE
    li t0, MSTATUS_SPIE | MSTATUS_SPP
    csrc sstatus, t0
    csrsi sip, MIP_SSIP
    la t0, u3
    csrw sepc, t0
    sret
u3:
    nop
    CHECK_EQ s10, 2, 21
    RETURN_TO_M m3
m3:
    # Not delegated: pending while in S, taken by M although MIE = 0.
    la t0, m_irq
    csrw mtvec, t0
    csrw mideleg, zero
    csrci mstatus, MSTATUS_MIE
    ENTER_MODE PRV_S, s3
s3:
    li s9, 0
    csrsi sip, MIP_SSIP             # invisible in sip when not delegated
    CHECK_EQ s9, 0, 22
    RETURN_TO_M m4
m4:
    li t0, MIP_SSIP
    csrs mip, t0
    ENTER_MODE PRV_S, s4
s4:
    nop
    CHECK_EQ s9, 1, 23
    CHECK_EQ s11, IRQ_SSI, 24
    RETURN_TO_M m5
m5:
    csrw mie, zero
    TEST_PASS "ok priv delegation"

/* S interrupt handler: count in s10, cause in s11, sepc in s8. */
    .align 2
s_irq:
    csrr s11, scause
    csrr s8, sepc
    addi s10, s10, 1
    csrci sip, MIP_SSIP
    sret

/* M handler for the interrupt part: counts interrupts in s9 (cause in s11);
 * an ecall (RETURN_TO_M) is passed on to the common handler. */
    .align 2
m_irq:
    csrr s11, mcause
    bgez s11, 1f
    addi s9, s9, 1
    li t6, MIP_SSIP
    csrc mip, t6
    mret
1:  j trap_entry
