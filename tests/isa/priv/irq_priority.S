/* Interrupt priority. The spec's order for one privilege level is MEI, MSI,
 * MTI, SEI, SSI, STI, and interrupts destined for M-mode go before those for
 * S-mode. QEMU 7.2 (without AIA) takes the lowest-numbered pending interrupt
 * of a level first, which agrees with the spec for MSI before MTI and SSI
 * before STI, but not for S-level interrupts handled in M (it takes SSI
 * before MSI) nor for SEI; only the agreeing cases are asserted:
 *  - MSI and MTI pending together in M: MSI first, whichever was raised
 *    first;
 *  - SSI and STI delegated and pending together in S: SSI first;
 *  - in S-mode, MTI (for M) and SSI (delegated to S) pending: MTI first. */
#include "isa_test.h"

/* Wait (bounded) until every bit of \mask is set in mip. */
.macro WAIT_PENDING id, mask
    li t3, 1000000
.Lpoll\@:
    csrr t4, mip
    li t6, \mask
    and t4, t4, t6
    beq t4, t6, .Ldone\@
    addi t3, t3, -1
    bnez t3, .Lpoll\@
    FAIL \id
.Ldone\@:
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    csrw mie, zero
    csrci mstatus, MSTATUS_MIE
    la t0, m_handler
    csrw mtvec, t0
    la t0, s_handler
    csrw stvec, t0
    la s0, order

    # MTI raised before MSI: MSI is still taken first.
    li s1, 0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    WAIT_PENDING 1, MIP_MTIP
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    WAIT_PENDING 2, MIP_MSIP | MIP_MTIP
    li t0, MIP_MSIP | MIP_MTIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s1, 2, 3
    ld a0, 0(s0)
    CHECK_EQ a0, IRQ_M_SOFT, 4
    ld a0, 8(s0)
    CHECK_EQ a0, IRQ_M_TIMER, 5

    # MSI raised before MTI: same order.
    li s1, 0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    WAIT_PENDING 6, MIP_MSIP
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    WAIT_PENDING 7, MIP_MSIP | MIP_MTIP
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s1, 2, 8
    ld a0, 0(s0)
    CHECK_EQ a0, IRQ_M_SOFT, 9
    ld a0, 8(s0)
    CHECK_EQ a0, IRQ_M_TIMER, 10

    # Delegated STI and SSI, taken in S-mode: SSI first.
    li s1, 0
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    ENTER_MODE PRV_S, s_part
s_part:
    csrsi sstatus, MSTATUS_SIE
    nop
    csrci sstatus, MSTATUS_SIE
    RETURN_TO_M m1
m1:
    CHECK_EQ s1, 2, 11
    ld a0, 0(s0)
    CHECK_EQ a0, IRQ_S_SOFT, 12
    ld a0, 8(s0)
    CHECK_EQ a0, IRQ_S_TIMER, 13
    li t0, MIP_STIP
    csrc mip, t0

    # In S-mode: MTI for M and SSI for S both pending: M goes first.
    li s1, 0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    WAIT_PENDING 14, MIP_MTIP
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrs mip, t0
    li t0, MIP_SSIP | MIP_MTIP
    csrw mie, t0
    ENTER_MODE PRV_S, s_part2
s_part2:
    csrsi sstatus, MSTATUS_SIE      # MTI is taken as soon as S runs
    nop
    csrci sstatus, MSTATUS_SIE
    RETURN_TO_M m2
m2:
    CHECK_EQ s1, 2, 15
    ld a0, 0(s0)
    CHECK_EQ a0, IRQ_M_TIMER, 16
    ld a0, 8(s0)
    CHECK_EQ a0, IRQ_S_SOFT, 17

    csrw mie, zero
    csrw mideleg, zero
    la t0, trap_entry
    csrw mtvec, t0
    TEST_PASS "ok priv irq_priority"

/* Both handlers append the interrupt number to order[s1++] and silence that
 * source (S masks STI in sie, as it cannot clear STIP). Exceptions go to the
 * common handlers. */
    .align 2
m_handler:
    csrr t5, mcause
    bgez t5, 9f
    slli t5, t5, 1
    srli t5, t5, 1
    slli t6, s1, 3
    add t6, t6, s0
    sd t5, 0(t6)
    addi s1, s1, 1
    li t6, IRQ_M_SOFT
    bne t5, t6, 1f
    li t6, CLINT_MSIP
    sw zero, 0(t6)
    mret
1:  li t6, CLINT_MTIMECMP
    li t5, -1
    sd t5, 0(t6)
    mret
9:  j trap_entry

    .align 2
s_handler:
    csrr t5, scause
    bgez t5, 9f
    slli t5, t5, 1
    srli t5, t5, 1
    slli t6, s1, 3
    add t6, t6, s0
    sd t5, 0(t6)
    addi s1, s1, 1
    li t6, 1
    sll t6, t6, t5
    csrc sie, t6
    csrc sip, t6                    # clears SSIP; STIP is read-only here
    sret
9:  j strap_entry

    .data
    .align 3
order: .zero 8 * 8
