/* Supervisor timer interrupt driven by M-mode, the way SBI firmware does it:
 * M sets mip.STIP, the delegated interrupt is taken in S (scause =
 * interrupt 5), the S handler asks M (ecall) to clear STIP. STIP is
 * read-only in sip; when not delegated it goes to M (mcause = interrupt 5)
 * even from S-mode. */
#include "isa_test.h"

#define IRQ_STI (CAUSE_INTERRUPT | IRQ_S_TIMER)

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    csrw mie, zero
    la t0, m_handler
    csrw mtvec, t0
    la t0, s_handler
    csrw stvec, t0
    li s9, 0                        # S timer interrupts seen by S
    li s8, 0                        # seen by M

    li t0, MIP_STIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    ENTER_MODE PRV_S, s_mode
s_mode:
    csrr a0, sip
    CHECK_EQ a0, MIP_STIP, 1        # visible to S
    li t0, MIP_STIP
    csrc sip, t0                    # read-only for S
    csrr a0, sip
    CHECK_EQ a0, MIP_STIP, 2
    CHECK_EQ s9, 0, 3               # SIE = 0 so far
    csrsi sstatus, MSTATUS_SIE
1:  csrci sstatus, MSTATUS_SIE
    CHECK_EQ s9, 1, 4
    li t0, IRQ_STI
    CHECK_EQ_REG s11, t0, 5
    la t0, 1b
    CHECK_EQ_REG s10, t0, 6
    csrr a0, sip
    CHECK_EQ a0, 0, 7               # M cleared it on request
    li t0, MIP_STIP
    csrs sip, t0                    # S cannot raise it either
    csrr a0, sip
    CHECK_EQ a0, 0, 8
    RETURN_TO_M m1
m1:
    # Not delegated: pending STIP is taken by M while S runs.
    csrw mideleg, zero
    li t0, MIP_STIP
    csrs mip, t0
    ENTER_MODE PRV_S, s_mode2
s_mode2:
    nop
    CHECK_EQ s8, 1, 9
    CHECK_EQ s9, 1, 10
    RETURN_TO_M m2
m2:
    li t0, IRQ_STI
    CHECK_EQ_REG s7, t0, 11
    csrw mie, zero
    la t0, trap_entry
    csrw mtvec, t0
    TEST_PASS "ok priv stip"

/* M: an STI (not delegated) is counted in s8 and cleared; an ecall from S
 * with a7 = 1 is the "clear STIP" request; other traps go to the common
 * handler. */
    .align 2
m_handler:
    csrr t5, mcause
    bgez t5, 1f
    mv s7, t5
    addi s8, s8, 1
    li t6, MIP_STIP
    csrc mip, t6
    mret
1:  li t6, CAUSE_SUPERVISOR_ECALL
    bne t5, t6, 2f
    li t6, 1
    bne a7, t6, 2f
    li t6, MIP_STIP
    csrc mip, t6
    csrr t6, mepc
    addi t6, t6, 4
    csrw mepc, t6
    mret
2:  j trap_entry

/* S: count the timer interrupt (s9, cause in s11, sepc in s10) and ask M to
 * clear it. */
    .align 2
s_handler:
    csrr s11, scause
    csrr s10, sepc
    bgez s11, 1f
    addi s9, s9, 1
    li a7, 1
    ecall
    li a7, 0
    sret
1:  j strap_entry
