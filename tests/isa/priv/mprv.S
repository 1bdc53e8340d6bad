/* mstatus.MPRV: with MPRV = 1, M-mode loads and stores are checked with the
 * privilege in MPP (here against a PMP entry that denies S and U), while
 * instruction fetch keeps running in M; MPP = M or MPRV = 0 remove the
 * restriction. Note that a trap taken in M sets MPP = M and the handler's
 * mret then sets MPP = U, while MPRV stays 1. */
#include "isa_test.h"

.macro SET_MPRV mpp
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPRV | ((\mpp) << 11)
    csrs mstatus, t0
.endm
.macro CLEAR_MPRV
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
.endm

    .text
    .globl main
main:
    la s0, denied
    srli t0, s0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    li t0, PMP_NAPOT                # no permission for S/U
    csrw pmpcfg0, t0
    PMP_ALLOW_ALL
    sfence.vma

    ld a0, 0(s0)                    # plain M access
    CHECK_EQ a0, 0x0123456789abcdef, 1

    SET_MPRV PRV_U
    EXPECT_TRAP 2, CAUSE_LOAD_ACCESS, ld a0, 0(s0)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 3
    csrr a0, mstatus                # MPRV kept; MPP is now U after the mret
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    and a0, a0, t0
    CHECK_EQ a0, MSTATUS_MPRV, 4
    EXPECT_TRAP 5, CAUSE_STORE_ACCESS, sd zero, 8(s0)
    la a1, allowed                  # other memory is fine for U
    sd s0, 0(a1)
    ld a0, 0(a1)
    CHECK_EQ_REG a0, s0, 6
    CLEAR_MPRV

    SET_MPRV PRV_S
    EXPECT_TRAP 7, CAUSE_LOAD_ACCESS, lw a0, 4(s0)
    CLEAR_MPRV

    SET_MPRV PRV_M
    ld a0, 0(s0)
    sd a0, 8(s0)
    CLEAR_MPRV
    ld a0, 8(s0)
    CHECK_EQ a0, 0x0123456789abcdef, 8

    csrw pmpcfg0, zero
    TEST_PASS "ok priv mprv"

    .data
    .align 12
denied:
    .dword 0x0123456789abcdef, 0
    .align 12
allowed:
    .dword 0
