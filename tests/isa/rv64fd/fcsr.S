/* The FP control and status register: fcsr = frm << 5 | fflags, with frm
 * and fflags as views of it; reserved fcsr bits read as zero; flags are
 * sticky and accumulate across instructions; fsflags/fsrm swap the old value
 * out; FP exceptions never trap. Rounding modes 5 and 6 in an instruction,
 * and 5-7 in frm used through rm = DYN, are illegal instructions; operations
 * without rounding still execute with an invalid frm. */
#include "isa_test.h"

#define ONE_S   0x3f800000
#define THREE_S 0x40400000

    .text
    .globl main
main:
    csrw fcsr, zero
    li a0, 0xff
    csrw fcsr, a0
    CHECK_CSR fflags, 0x1f, 1
    CHECK_CSR frm, 0x7, 2
    li a0, 0xffffffff
    csrw fcsr, a0
    CHECK_CSR fcsr, 0xff, 3         # bits 31:8 read as zero
    csrwi frm, RM_RUP
    CHECK_CSR fcsr, (RM_RUP << 5) | 0x1f, 4
    csrwi fflags, FFLAG_NX
    CHECK_CSR fcsr, (RM_RUP << 5) | FFLAG_NX, 5
    li a0, 0xff
    csrw fflags, a0                 # only the 5 flag bits are kept
    CHECK_CSR fflags, 0x1f, 6
    CHECK_CSR frm, RM_RUP, 7
    li a0, 0xfd
    csrw frm, a0                    # only 3 bits
    CHECK_CSR frm, 5, 8

    # fsflags/fsrm return the old value; the immediate forms.
    fsflagsi a1, FFLAG_DZ
    CHECK_EQ a1, 0x1f, 9
    CHECK_CSR fflags, FFLAG_DZ, 10
    fsrmi a1, RM_RTZ
    CHECK_EQ a1, 5, 11
    li a0, RM_RNE
    fsrm a1, a0
    CHECK_EQ a1, RM_RTZ, 12
    csrsi fflags, FFLAG_OF
    CHECK_CSR fflags, FFLAG_DZ | FFLAG_OF, 13
    csrci fflags, FFLAG_DZ
    CHECK_CSR fflags, FFLAG_OF, 14
    csrw fcsr, zero

    # Flags accumulate and are never cleared by later exact operations.
    FLI_S fa0, ONE_S
    FLI_S fa1, THREE_S
    fdiv.s fa2, fa0, fa1            # NX
    CHECK_CSR fflags, FFLAG_NX, 15
    fmv.w.x fa3, zero
    fdiv.s fa2, fa0, fa3            # DZ, no trap
    CHECK_CSR fflags, FFLAG_NX | FFLAG_DZ, 16
    fadd.s fa2, fa0, fa0            # exact
    CHECK_CSR fflags, FFLAG_NX | FFLAG_DZ, 17
    fsqrt.s fa2, fa3
    fsub.s fa2, fa3, fa0            # exact
    CHECK_CSR fflags, FFLAG_NX | FFLAG_DZ, 18
    fcvt.w.s a2, fa0
    CHECK_CSR fflags, FFLAG_NX | FFLAG_DZ, 19
    li a0, -1
    fmv.w.x fa4, a0                 # a NaN: fle raises NV
    fle.s a2, fa4, fa0
    CHECK_EQ a2, 0, 20
    CHECK_FFLAGS FFLAG_NX | FFLAG_DZ | FFLAG_NV, 21
    CHECK_CSR fflags, 0, 22

    # Reserved static rounding modes (5, 6) are illegal.
    EXPECT_TRAP 23, CAUSE_ILLEGAL_INSTRUCTION, .insn r OP_FP, 5, 0, fa2, fa0, fa1  # fadd.s, rm=5
    EXPECT_TRAP 24, CAUSE_ILLEGAL_INSTRUCTION, .insn r OP_FP, 6, 1, fa2, fa0, fa1  # fadd.d, rm=6

    # With frm = 5, 6 or 7, rm = DYN is illegal; static rm still works.
    csrwi frm, 5
    EXPECT_TRAP 25, CAUSE_ILLEGAL_INSTRUCTION, fadd.s fa2, fa0, fa1, dyn
    fadd.s fa2, fa0, fa1, rne
    CHECK_FS fa2, 0x40800000, 26
    csrwi frm, 6
    EXPECT_TRAP 27, CAUSE_ILLEGAL_INSTRUCTION, fmul.d fa2, fa0, fa1, dyn
    csrwi frm, 7
    EXPECT_TRAP 28, CAUSE_ILLEGAL_INSTRUCTION, fcvt.w.s a2, fa0, dyn
    # Instructions that do not round ignore frm.
    fsgnj.s fa2, fa0, fa1
    fmin.s fa2, fa0, fa1
    CHECK_FS fa2, ONE_S, 29
    feq.s a2, fa0, fa0
    CHECK_EQ a2, 1, 30
    fmv.x.w a2, fa0
    CHECK_EQ a2, ONE_S, 31
    csrwi frm, RM_RNE
    CHECK_CSR fflags, 0, 32

    TEST_PASS "ok rv64fd fcsr"
