/* NaN-boxing of single-precision values in the 64-bit FP registers:
 * flw, fmv.w.x and single-precision results write the upper 32 bits as
 * ones; a single-precision operation reading a register that is not a valid
 * NaN-box sees the canonical NaN (arithmetic, sign injection, fclass,
 * compares, min/max, conversions), while the transfer operations fsw and
 * fmv.x.w use the low 32 bits as they are. */
#include "isa_test.h"

#define ONE_S    0x3f800000
#define TWO_S    0x40000000
#define QNAN_S   0x7fc00000
#define UNBOXED  0x000000003f800000   /* 1.0f without its box */

    .text
    .globl main
main:
    la s0, data
    flw fa0, 0(s0)                  # 2.0f
    CHECK_FD fa0, 0xffffffff40000000, 1
    li a0, ONE_S
    fmv.w.x fa1, a0
    CHECK_FD fa1, 0xffffffff3f800000, 2
    fadd.s fa2, fa0, fa1
    CHECK_FD fa2, 0xffffffff40400000, 3

    # Single-precision ops on an unboxed value use the canonical NaN.
    fld fa3, 8(s0)                  # UNBOXED
    CHECK_FD fa3, UNBOXED, 4
    fadd.s fa4, fa3, fa1
    CHECK_FS fa4, QNAN_S, 5
    CHECK_FFLAGS 0, 6               # a canonical NaN is quiet: no NV
    fmv.s fa4, fa3                  # fsgnj.s fa4, fa3, fa3
    CHECK_FS fa4, QNAN_S, 7
    fneg.s fa4, fa3
    CHECK_FS fa4, 0xffc00000, 8
    fsgnj.s fa4, fa1, fa3           # sign from the canonical NaN: +
    CHECK_FS fa4, ONE_S, 9
    fsgnjn.s fa4, fa1, fa3
    CHECK_FS fa4, 0xbf800000, 10
    fclass.s a1, fa3
    CHECK_EQ a1, 1 << 9, 11         # quiet NaN
    feq.s a1, fa3, fa3
    CHECK_EQ a1, 0, 12
    CHECK_FFLAGS 0, 13
    flt.s a1, fa3, fa1
    CHECK_EQ a1, 0, 14
    CHECK_FFLAGS FFLAG_NV, 15
    fmin.s fa4, fa3, fa1
    CHECK_FS fa4, ONE_S, 16
    fmax.s fa4, fa1, fa3
    CHECK_FS fa4, ONE_S, 17
    fcvt.w.s a1, fa3
    CHECK_EQ a1, 0x7fffffff, 18
    CHECK_FFLAGS FFLAG_NV, 19
    fcvt.d.s fa4, fa3
    CHECK_FD fa4, 0x7ff8000000000000, 20
    fmadd.s fa4, fa1, fa1, fa3
    CHECK_FS fa4, QNAN_S, 21

    # A value boxed with anything but all ones is not boxed either.
    FLI_D fa5, 0xfffffffe3f800000
    fadd.s fa4, fa5, fa1
    CHECK_FS fa4, QNAN_S, 22
    FLI_D fa5, 0x7fffffff3f800000
    fadd.s fa4, fa5, fa1
    CHECK_FS fa4, QNAN_S, 23

    # Transfers: fsw and fmv.x.w take the low 32 bits without checking.
    fsw fa3, 16(s0)
    lwu a1, 16(s0)
    CHECK_EQ a1, ONE_S, 24
    fmv.x.w a1, fa3
    CHECK_EQ a1, ONE_S, 25
    FLI_D fa5, 0x12345678c0000000
    fmv.x.w a1, fa5                 # sign-extended from bit 31
    CHECK_EQ a1, 0xffffffffc0000000, 26

    # Double-precision ops see the raw 64 bits of a boxed single.
    fclass.d a1, fa1                # 0xffffffff3f800000 is a -NaN as a double
    CHECK_EQ a1, 1 << 9, 27
    CHECK_FFLAGS 0, 28

    TEST_PASS "ok rv64fd nanbox"

    .data
    .align 3
data:
    .word TWO_S, 0
    .dword UNBOXED
    .dword 0
