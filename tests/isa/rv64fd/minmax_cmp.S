/* FMIN/FMAX and FEQ/FLT/FLE in single and double precision: a NaN operand
 * is ignored by min/max (two NaNs give the canonical NaN), -0 is smaller
 * than +0, signaling NaNs raise NV even when the result is a number; FEQ is
 * quiet (NV only for signaling NaNs) while FLT/FLE signal on any NaN; -0 and
 * +0 compare equal. */
#include "isa_test.h"

#define S_ONE   0x3f800000
#define S_MONE  0xbf800000
#define S_PZERO 0x00000000
#define S_NZERO 0x80000000
#define S_QNAN  0x7fc00000
#define S_QNAN2 0xffc12345              /* quiet NaN with a payload */
#define S_SNAN  0x7f800001
#define D_ONE   0x3ff0000000000000
#define D_TWO   0x4000000000000000
#define D_NZERO 0x8000000000000000
#define D_QNAN  0x7ff8000000000000
#define D_SNAN  0x7ff0000000000001

/* op on two single constants: result bits and flags. */
.macro MM_S id, op, a, b, result, flags
    FLI_S fa0, \a
    FLI_S fa1, \b
    \op fa2, fa0, fa1
    CHECK_FS fa2, \result, \id
    CHECK_FFLAGS \flags, \id
.endm
.macro MM_D id, op, a, b, result, flags
    FLI_D fa0, \a
    FLI_D fa1, \b
    \op fa2, fa0, fa1
    CHECK_FD fa2, \result, \id
    CHECK_FFLAGS \flags, \id
.endm
.macro CMP_S id, op, a, b, result, flags
    FLI_S fa0, \a
    FLI_S fa1, \b
    \op a5, fa0, fa1
    CHECK_EQ a5, \result, \id
    CHECK_FFLAGS \flags, \id
.endm
.macro CMP_D id, op, a, b, result, flags
    FLI_D fa0, \a
    FLI_D fa1, \b
    \op a5, fa0, fa1
    CHECK_EQ a5, \result, \id
    CHECK_FFLAGS \flags, \id
.endm

    .text
    .globl main
main:
    csrw fflags, zero
    MM_S  1, fmin.s, S_ONE, S_MONE, S_MONE, 0
    MM_S  2, fmax.s, S_ONE, S_MONE, S_ONE, 0
    MM_S  3, fmin.s, S_PZERO, S_NZERO, S_NZERO, 0
    MM_S  4, fmin.s, S_NZERO, S_PZERO, S_NZERO, 0
    MM_S  5, fmax.s, S_NZERO, S_PZERO, S_PZERO, 0
    MM_S  6, fmax.s, S_PZERO, S_NZERO, S_PZERO, 0
    MM_S  7, fmin.s, S_QNAN, S_ONE, S_ONE, 0
    MM_S  8, fmax.s, S_ONE, S_QNAN2, S_ONE, 0
    MM_S  9, fmin.s, S_SNAN, S_ONE, S_ONE, FFLAG_NV
    MM_S 10, fmax.s, S_MONE, S_SNAN, S_MONE, FFLAG_NV
    MM_S 11, fmin.s, S_QNAN2, S_QNAN2, S_QNAN, 0      # canonical, payload dropped
    MM_S 12, fmax.s, S_SNAN, S_QNAN, S_QNAN, FFLAG_NV
    MM_S 13, fmin.s, 0xff800000, S_MONE, 0xff800000, 0 # -inf

    MM_D 14, fmin.d, D_ONE, D_TWO, D_ONE, 0
    MM_D 15, fmax.d, D_ONE, D_TWO, D_TWO, 0
    MM_D 16, fmin.d, 0, D_NZERO, D_NZERO, 0
    MM_D 17, fmax.d, D_NZERO, 0, 0, 0
    MM_D 18, fmin.d, D_QNAN, D_TWO, D_TWO, 0
    MM_D 19, fmax.d, D_SNAN, D_TWO, D_TWO, FFLAG_NV
    MM_D 20, fmin.d, D_SNAN, D_SNAN, D_QNAN, FFLAG_NV
    MM_D 21, fmax.d, 0xfff8000000000123, D_QNAN, D_QNAN, 0

    CMP_S 22, feq.s, S_ONE, S_ONE, 1, 0
    CMP_S 23, feq.s, S_PZERO, S_NZERO, 1, 0
    CMP_S 24, feq.s, S_QNAN, S_QNAN, 0, 0
    CMP_S 25, feq.s, S_SNAN, S_ONE, 0, FFLAG_NV
    CMP_S 26, flt.s, S_MONE, S_ONE, 1, 0
    CMP_S 27, flt.s, S_ONE, S_ONE, 0, 0
    CMP_S 28, flt.s, S_NZERO, S_PZERO, 0, 0
    CMP_S 29, flt.s, S_QNAN, S_ONE, 0, FFLAG_NV
    CMP_S 30, fle.s, S_ONE, S_ONE, 1, 0
    CMP_S 31, fle.s, S_PZERO, S_NZERO, 1, 0
    CMP_S 32, fle.s, S_ONE, S_QNAN, 0, FFLAG_NV
    CMP_S 33, fle.s, S_ONE, S_MONE, 0, 0
    CMP_S 34, flt.s, 0xff800000, 0xff7fffff, 1, 0     # -inf < -max

    CMP_D 35, feq.d, D_ONE, D_ONE, 1, 0
    CMP_D 36, feq.d, 0, D_NZERO, 1, 0
    CMP_D 37, feq.d, D_QNAN, D_ONE, 0, 0
    CMP_D 38, feq.d, D_ONE, D_SNAN, 0, FFLAG_NV
    CMP_D 39, flt.d, D_ONE, D_TWO, 1, 0
    CMP_D 40, flt.d, D_TWO, D_ONE, 0, 0
    CMP_D 41, flt.d, D_QNAN, D_QNAN, 0, FFLAG_NV
    CMP_D 42, fle.d, D_NZERO, 0, 1, 0
    CMP_D 43, fle.d, D_TWO, D_ONE, 0, 0
    CMP_D 44, fle.d, D_SNAN, D_ONE, 0, FFLAG_NV

    # Compares write 0 or 1 to the full register.
    li a5, -1
    FLI_S fa0, S_ONE
    feq.s a5, fa0, fa0
    CHECK_EQ a5, 1, 45

    TEST_PASS "ok rv64fd minmax_cmp"
