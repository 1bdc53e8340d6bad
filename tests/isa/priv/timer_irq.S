/* Machine timer interrupt from the CLINT: mtime advances; mtimecmp reads
 * back (also through 32-bit halves); MTIP follows mtime >= mtimecmp and is
 * read-only in mip; with MTIE and MIE set, WFI wakes up and the interrupt is
 * taken with mcause = interrupt 7 and mepc = WFI + 4; a pending timer is
 * taken as soon as MIE is set; MIE = 0 or MTIE = 0 hold it off. */
#include "isa_test.h"

#define IRQ_MTI (CAUSE_INTERRUPT | IRQ_M_TIMER)

/* Wait (bounded) until mip & \mask == \value; fail with \id otherwise. */
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

.macro SET_MTIMECMP reg
    li t0, CLINT_MTIMECMP
    sd \reg, 0(t0)
.endm

    .text
    .globl main
main:
    csrw mie, zero
    csrci mstatus, MSTATUS_MIE
    li t1, -1
    SET_MTIMECMP t1
    WAIT_MIP 1, MIP_MTIP, 0

    # mtime advances.
    li t0, CLINT_MTIME
    ld s0, 0(t0)
    li t1, 100000
1:  addi t1, t1, -1
    bnez t1, 1b
    ld s1, 0(t0)
    bltu s0, s1, 2f
    FAIL 2
2:
    # mtimecmp reads back, also as two 32-bit halves.
    li t0, CLINT_MTIMECMP
    li t1, 0x123456789abcdef0
    sd t1, 0(t0)
    ld a0, 0(t0)
    CHECK_EQ_REG a0, t1, 3
    lwu a0, 4(t0)
    CHECK_EQ a0, 0x12345678, 4
    li t1, -1
    sw t1, 0(t0)
    sw t1, 4(t0)
    ld a0, 0(t0)
    CHECK_EQ a0, -1, 5

    # MTIP: set by the comparator, not by software.
    li t0, MIP_MTIP
    csrs mip, t0
    csrr a0, mip
    andi a0, a0, MIP_MTIP
    CHECK_EQ a0, 0, 6
    SET_MTIMECMP zero
    WAIT_MIP 7, MIP_MTIP, MIP_MTIP
    li t0, MIP_MTIP
    csrc mip, t0
    csrr a0, mip
    andi a0, a0, MIP_MTIP
    CHECK_EQ a0, MIP_MTIP, 8
    li t1, -1
    SET_MTIMECMP t1
    WAIT_MIP 9, MIP_MTIP, 0

    # WFI until the timer fires.
    la t0, timer_handler
    csrw mtvec, t0
    li s9, 0
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    addi t1, t1, 500                # 50 us at 10 MHz
    SET_MTIMECMP t1
    li t0, MIP_MTIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
3:  wfi
4:  beqz s9, 3b
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s9, 1, 10
    li t0, IRQ_MTI
    CHECK_EQ_REG s11, t0, 11
    la t0, 4b
    CHECK_EQ_REG s10, t0, 12        # mepc = wfi + 4

    # Held off by MIE = 0, then taken as soon as MIE is set.
    SET_MTIMECMP zero
    WAIT_MIP 13, MIP_MTIP, MIP_MTIP
    nop
    CHECK_EQ s9, 1, 14
    csrsi mstatus, MSTATUS_MIE
5:  csrci mstatus, MSTATUS_MIE
    CHECK_EQ s9, 2, 15
    la t0, 5b
    CHECK_EQ_REG s10, t0, 16

    # Held off by MTIE = 0 even with MIE = 1.
    csrw mie, zero
    SET_MTIMECMP zero
    csrsi mstatus, MSTATUS_MIE
    WAIT_MIP 17, MIP_MTIP, MIP_MTIP
    csrci mstatus, MSTATUS_MIE
    CHECK_EQ s9, 2, 18
    li t1, -1
    SET_MTIMECMP t1

    la t0, trap_entry
    csrw mtvec, t0
    TEST_PASS "ok priv timer_irq"

/* Counts in s9, cause in s11, mepc in s10; disarms the comparator. */
    .align 2
timer_handler:
    csrr s11, mcause
    csrr s10, mepc
    bgez s11, 1f
    addi s9, s9, 1
    li t5, CLINT_MTIMECMP
    li t6, -1
    sd t6, 0(t5)
    mret
1:  j trap_entry
