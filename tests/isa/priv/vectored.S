/* Direct vs vectored trap vectors: with mtvec.MODE = 1 exceptions enter at
 * BASE and interrupt i at BASE + 4 * i (machine software, machine timer and
 * a machine-handled supervisor software interrupt); with MODE = 0 every trap
 * enters at BASE. The same for stvec with delegated interrupts (SSI at
 * +4, STI at +20) and a delegated exception. */
#include "isa_test.h"

/* A vector table: slot i is one 4-byte jump to a stub that records i in s11
 * and goes on to \handler. */
.macro VECTOR_TABLE name, handler
    .align 8
\name:
    .irp slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    j \name\()_\slot
    .endr
    .irp slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
\name\()_\slot:
    li s11, \slot
    j \handler
    .endr
.endm

    .option norvc                   # every slot is a 4-byte jump
    .text
    .globl main
main:
    PMP_ALLOW_ALL
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)                    # no timer interrupt yet
    csrw mie, zero

    # Vectored mtvec: machine software interrupt (cause 3) at BASE + 12.
    la t0, m_table
    ori t0, t0, 1
    csrw mtvec, t0
    li t0, MIP_MSIP
    csrw mie, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li s11, -1
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s11, 3, 1
    li t0, CAUSE_INTERRUPT | IRQ_M_SOFT
    CHECK_EQ_REG s10, t0, 2

    # Machine timer (cause 7) at BASE + 28.
    li t0, MIP_MTIP
    csrw mie, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)                  # due now
    li s11, -1
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s11, 7, 3

    # Supervisor software interrupt handled in M (cause 1) at BASE + 4.
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    li s11, -1
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s11, 1, 4

    # An exception enters at BASE even in vectored mode.
    li s11, -1
    ebreak
    CHECK_EQ s11, 0, 5
    CHECK_EQ s10, CAUSE_BREAKPOINT, 6

    # Direct mode: the interrupt enters at BASE too.
    la t0, m_table
    csrw mtvec, t0
    li t0, MIP_SSIP
    csrs mip, t0
    li s11, -1
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s11, 0, 7
    li t0, CAUSE_INTERRUPT | IRQ_S_SOFT
    CHECK_EQ_REG s10, t0, 8

    # Vectored stvec with delegated SSI and STI, taken in S-mode.
    la t0, trap_entry
    csrw mtvec, t0
    la t0, s_table
    ori t0, t0, 1
    csrw stvec, t0
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    csrw mie, t0
    li t0, 1 << CAUSE_BREAKPOINT
    csrw medeleg, t0
    ENTER_MODE PRV_S, s_mode
s_mode:
    li s11, -1
    csrsi sip, MIP_SSIP
    csrsi sstatus, MSTATUS_SIE
    nop
    csrci sstatus, MSTATUS_SIE
    CHECK_EQ s11, 1, 9
    RETURN_TO_M m_sets_stip
m_sets_stip:
    li t0, MIP_STIP                 # only M can raise STIP
    csrs mip, t0
    ENTER_MODE PRV_S, s_mode2
s_mode2:
    li s11, -1
    csrsi sstatus, MSTATUS_SIE
    nop
    csrci sstatus, MSTATUS_SIE
    CHECK_EQ s11, 5, 10
    li s11, -1
    ebreak                          # delegated exception: BASE
    CHECK_EQ s11, 0, 11
    RETURN_TO_M done
done:
    csrw mie, zero
    csrw mideleg, zero
    csrw medeleg, zero
    TEST_PASS "ok priv vectored"

/* M handler behind every slot: silence the source and return. */
m_vector_handler:
    csrr s10, mcause
    bltz s10, 1f
    csrr t6, mepc                   # exception (ebreak): skip it
    addi t6, t6, 4
    csrw mepc, t6
    mret
1:  li t6, CLINT_MSIP
    sw zero, 0(t6)
    li t6, CLINT_MTIMECMP
    li t5, -1
    sd t5, 0(t6)
    li t6, MIP_SSIP
    csrc mip, t6
    mret

/* S handler: clear SSIP; ask M to clear STIP by disabling it in sie. */
s_vector_handler:
    csrr s10, scause
    bltz s10, 1f
    csrr t6, sepc
    addi t6, t6, 4
    csrw sepc, t6
    sret
1:  slli t6, s10, 1
    srli t6, t6, 1
    li t5, IRQ_S_TIMER
    beq t6, t5, 2f
    csrci sip, MIP_SSIP
    sret
2:  li t6, MIP_STIP                 # S cannot clear STIP: mask it instead
    csrc sie, t6
    sret

    VECTOR_TABLE m_table, m_vector_handler
    VECTOR_TABLE s_table, s_vector_handler
