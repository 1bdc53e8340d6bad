/* WFI and mstatus.TW: in M-mode WFI returns when an enabled interrupt is
 * pending even with MIE = 0 (no trap); in S-mode with TW = 0 it also returns
 * (a delegated interrupt pending and enabled in sie, SIE = 0); in S-mode
 * with TW = 1 it is an illegal instruction; in U-mode it is always an
 * illegal instruction when S-mode exists (QEMU does not let it wait for a
 * bounded time first, and neither does Loom). QEMU 7.2 reports mepc = WFI + 4
 * for these traps instead of the WFI itself: both are accepted. */
#include "isa_test.h"

/* WFI must trap as illegal. mepc should point at the WFI; QEMU 7.2 reports
 * the next instruction instead, so both are accepted. */
.macro EXPECT_WFI_ILLEGAL id
    ARM_TRAP .Lresume\@
.Lwfi\@:
    wfi
    FAIL \id
.Lresume\@:
    LOAD_TRAP t5, TI_CAUSE
    CHECK_EQ t5, CAUSE_ILLEGAL_INSTRUCTION, \id
    LOAD_TRAP t5, TI_EPC
    la t6, .Lwfi\@
    beq t5, t6, .Lepc_ok\@
    addi t6, t6, 4
    CHECK_EQ_REG t5, t6, \id
.Lepc_ok\@:
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    # M-mode: MTIP pending and enabled in mie, MIE = 0.
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)                  # mtime >= 0: MTIP pending
    li t0, MIP_MTIP
    csrw mie, t0
    csrci mstatus, MSTATUS_MIE
    wfi
    csrr a0, mip
    andi a0, a0, MIP_MTIP
    CHECK_EQ a0, MIP_MTIP, 1
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    csrw mie, zero

    # S-mode, TW = 0: a delegated SSI pending in sip and enabled in sie.
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    li t0, MSTATUS_SIE | MSTATUS_TW
    csrc mstatus, t0
    ENTER_MODE PRV_S, s_tw0
s_tw0:
    wfi
    csrr a0, sip
    CHECK_EQ a0, MIP_SSIP, 2
    csrci sip, MIP_SSIP
    RETURN_TO_M m1
m1:
    csrw mie, zero
    csrw mideleg, zero

    # S-mode, TW = 1: illegal. No interrupt is pending, so a WFI that did
    # not trap would wait forever.
    li t0, MSTATUS_TW
    csrs mstatus, t0
    ENTER_MODE PRV_S, s_tw1
s_tw1:
    EXPECT_WFI_ILLEGAL 3
    RETURN_TO_M m2
m2:
    # U-mode: illegal with TW = 1 and with TW = 0.
    ENTER_MODE PRV_U, u_tw1
u_tw1:
    EXPECT_WFI_ILLEGAL 4
    RETURN_TO_M m3
m3:
    li t0, MSTATUS_TW
    csrc mstatus, t0
    ENTER_MODE PRV_U, u_tw0
u_tw0:
    EXPECT_WFI_ILLEGAL 5
    RETURN_TO_M m4
m4:
    # TW has no effect in M-mode.
    li t0, MSTATUS_TW
    csrs mstatus, t0
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    wfi
    csrc mip, t0
    csrw mie, zero
    li t0, MSTATUS_TW
    csrc mstatus, t0

    TEST_PASS "ok priv wfi_tw"
