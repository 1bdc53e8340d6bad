/* Machine software interrupt through the CLINT msip register: writing 1
 * raises mip.MSIP (read-only in mip), only bit 0 of msip is kept, the
 * interrupt is taken with mcause = interrupt 3 once MSIE and MIE are set,
 * and clearing msip in the handler lowers MSIP. */
#include "isa_test.h"

#define IRQ_MSI (CAUSE_INTERRUPT | IRQ_M_SOFT)

.macro WAIT_MIP id, mask, value
    li t3, 1000000
.Lpoll\@:
    csrr t4, mip
    andi t4, t4, \mask
    li t6, \value
    beq t4, t6, .Ldone\@
    addi t3, t3, -1
    bnez t3, .Lpoll\@
    mv a1, t4
    mv a2, t6
    li a0, \id
    j check_failed
.Ldone\@:
.endm

    .text
    .globl main
main:
    csrw mie, zero
    csrci mstatus, MSTATUS_MIE
    li s0, CLINT_MSIP
    sw zero, 0(s0)
    WAIT_MIP 1, MIP_MSIP, 0
    lw a0, 0(s0)
    CHECK_EQ a0, 0, 2

    li t0, 1
    sw t0, 0(s0)
    WAIT_MIP 3, MIP_MSIP, MIP_MSIP
    lw a0, 0(s0)
    CHECK_EQ a0, 1, 4
    li t0, MIP_MSIP                 # read-only in mip
    csrc mip, t0
    csrr a0, mip
    andi a0, a0, MIP_MSIP
    CHECK_EQ a0, MIP_MSIP, 5
    sw zero, 0(s0)
    WAIT_MIP 6, MIP_MSIP, 0
    li t0, MIP_MSIP
    csrs mip, t0
    csrr a0, mip
    andi a0, a0, MIP_MSIP
    CHECK_EQ a0, 0, 7
    li t0, -1                       # only bit 0 is implemented
    sw t0, 0(s0)
    lw a0, 0(s0)
    CHECK_EQ a0, 1, 8

    # Take it.
    la t0, msi_handler
    csrw mtvec, t0
    li s9, 0                        # msi_count starts at 0 too
    li t0, MIP_MSIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
1:  csrci mstatus, MSTATUS_MIE
    CHECK_EQ s9, 1, 9
    li t0, IRQ_MSI
    CHECK_EQ_REG s11, t0, 10
    la t0, 1b
    CHECK_EQ_REG s10, t0, 11
    csrr a0, mip
    andi a0, a0, MIP_MSIP
    CHECK_EQ a0, 0, 12
    lw a0, 0(s0)
    CHECK_EQ a0, 0, 13

    # Raised again while MIE = 1: taken right after the store.
    csrsi mstatus, MSTATUS_MIE
    li t0, 1
    sw t0, 0(s0)
    li t3, 100000                   # the interrupt arrives within the loop
2:  bnez s9, 3f
    addi t3, t3, -1
    bnez t3, 2b
3:  csrci mstatus, MSTATUS_MIE
    CHECK_EQ s9, 2, 14

    csrw mie, zero
    la t0, trap_entry
    csrw mtvec, t0
    TEST_PASS "ok priv soft_irq"

/* Counts in msi_count (copied to s9), cause in s11, mepc in s10; clears
 * msip. */
    .align 2
msi_handler:
    csrr s11, mcause
    csrr s10, mepc
    bgez s11, 1f
    la t6, msi_count
    ld t5, 0(t6)
    addi t5, t5, 1
    sd t5, 0(t6)
    mv s9, t5
    li t6, CLINT_MSIP
    sw zero, 0(t6)
    mret
1:  j trap_entry

    .data
    .align 3
msi_count: .dword 0
