/* mstatus.FS: with FS = Off every F/D instruction and every access to
 * fflags/frm/fcsr is an illegal instruction (loads, stores, arithmetic,
 * moves, compressed FP loads/stores); writing FP state from Initial or Clean
 * makes FS Dirty, and mstatus.SD summarises FS = Dirty. */
#include "isa_test.h"

.macro SET_FS value
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, \value
    csrs mstatus, t0
.endm

/* mstatus.FS must equal \value and SD must match FS == Dirty. */
.macro CHECK_FS_STATE id, value
    csrr a5, mstatus
    li t0, MSTATUS_FS
    and a4, a5, t0
    CHECK_EQ a4, \value, \id
    srli a4, a5, 63
    CHECK_EQ a4, ((\value) == MSTATUS_FS_DIRTY) & 1, \id   # gas: true is -1
.endm

    .text
    .globl main
main:
    la s0, data
    fld fa0, 0(s0)

    SET_FS 0
    CHECK_FS_STATE 1, 0
    EXPECT_TRAP  2, CAUSE_ILLEGAL_INSTRUCTION, flw fa1, 0(s0)
    EXPECT_TRAP  3, CAUSE_ILLEGAL_INSTRUCTION, fld fa1, 0(s0)
    EXPECT_TRAP  4, CAUSE_ILLEGAL_INSTRUCTION, fsw fa0, 8(s0)
    EXPECT_TRAP  5, CAUSE_ILLEGAL_INSTRUCTION, fsd fa0, 8(s0)
    EXPECT_TRAP  6, CAUSE_ILLEGAL_INSTRUCTION, fadd.d fa1, fa0, fa0
    EXPECT_TRAP  7, CAUSE_ILLEGAL_INSTRUCTION, fmadd.s fa1, fa0, fa0, fa0
    EXPECT_TRAP  8, CAUSE_ILLEGAL_INSTRUCTION, fmv.x.d a0, fa0
    EXPECT_TRAP  9, CAUSE_ILLEGAL_INSTRUCTION, fmv.w.x fa0, zero
    EXPECT_TRAP 10, CAUSE_ILLEGAL_INSTRUCTION, fcvt.d.l fa0, zero
    EXPECT_TRAP 11, CAUSE_ILLEGAL_INSTRUCTION, fclass.s a0, fa0
    EXPECT_TRAP 12, CAUSE_ILLEGAL_INSTRUCTION, feq.d a0, fa0, fa0
    EXPECT_TRAP 13, CAUSE_ILLEGAL_INSTRUCTION, fsgnj.d fa1, fa0, fa0
    EXPECT_TRAP 14, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, fcsr
    EXPECT_TRAP 15, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, frm
    EXPECT_TRAP 16, CAUSE_ILLEGAL_INSTRUCTION, csrw fflags, zero
    EXPECT_TRAP 17, CAUSE_ILLEGAL_INSTRUCTION, c.fld fa1, 0(s0)
    EXPECT_TRAP 18, CAUSE_ILLEGAL_INSTRUCTION, c.fsdsp fa0, 0(sp)
    CHECK_FS_STATE 19, 0            # a trapping instruction changes nothing

    # Initial -> Dirty on an FP register write.
    SET_FS MSTATUS_FS_INITIAL
    CHECK_FS_STATE 20, MSTATUS_FS_INITIAL
    fadd.d fa1, fa0, fa0
    CHECK_FS_STATE 21, MSTATUS_FS_DIRTY
    CHECK_FD fa1, 0x4000000000000000, 22

    # Clean -> Dirty on an FP load and on an fcsr write.
    SET_FS MSTATUS_FS_CLEAN
    CHECK_FS_STATE 23, MSTATUS_FS_CLEAN
    flw fa2, 0(s0)
    CHECK_FS_STATE 24, MSTATUS_FS_DIRTY
    SET_FS MSTATUS_FS_CLEAN
    csrwi fflags, FFLAG_NX
    CHECK_FS_STATE 25, MSTATUS_FS_DIRTY
    SET_FS MSTATUS_FS_CLEAN
    fmv.d.x fa3, zero
    CHECK_FS_STATE 26, MSTATUS_FS_DIRTY
    csrw fcsr, zero

    TEST_PASS "ok rv64fd fs_off"

    .data
    .align 3
data:
    .dword 0x3ff0000000000000, 0
