/* FCLASS for all ten classes in both precisions; FSGNJ/FSGNJN/FSGNJX (and
 * the fmv/fneg/fabs pseudo-instructions) which only touch the sign bit, keep
 * NaN payloads and raise no flags; FMV.X.W/FMV.W.X/FMV.X.D/FMV.D.X moving raw
 * bits (fmv.x.w sign-extends, signaling NaNs pass unchanged). */
#include "isa_test.h"

.macro CLASS_S id, bits, class
    FLI_S fa0, \bits
    fclass.s a5, fa0
    CHECK_EQ a5, 1 << \class, \id
.endm
.macro CLASS_D id, bits, class
    FLI_D fa0, \bits
    fclass.d a5, fa0
    CHECK_EQ a5, 1 << \class, \id
.endm
.macro SGNJ_S id, op, a, b, result
    FLI_S fa0, \a
    FLI_S fa1, \b
    \op fa2, fa0, fa1
    CHECK_FS fa2, \result, \id
.endm
.macro SGNJ_D id, op, a, b, result
    FLI_D fa0, \a
    FLI_D fa1, \b
    \op fa2, fa0, fa1
    CHECK_FD fa2, \result, \id
.endm

    .text
    .globl main
main:
    csrw fflags, zero
    CLASS_S  1, 0xff800000, 0       # -inf
    CLASS_S  2, 0xbf800000, 1       # -normal
    CLASS_S  3, 0x807fffff, 2       # -subnormal
    CLASS_S  4, 0x80000000, 3       # -0
    CLASS_S  5, 0x00000000, 4       # +0
    CLASS_S  6, 0x00000001, 5       # +subnormal
    CLASS_S  7, 0x7f7fffff, 6       # +normal (max)
    CLASS_S  8, 0x7f800000, 7       # +inf
    CLASS_S  9, 0x7f800001, 8       # signaling NaN
    CLASS_S 10, 0xffbfffff, 8       # negative signaling NaN
    CLASS_S 11, 0x7fc00000, 9       # quiet NaN
    CLASS_S 12, 0x00800000, 6       # smallest normal
    CLASS_D 13, 0xfff0000000000000, 0
    CLASS_D 14, 0x8010000000000000, 1
    CLASS_D 15, 0x8000000000000001, 2
    CLASS_D 16, 0x8000000000000000, 3
    CLASS_D 17, 0x0000000000000000, 4
    CLASS_D 18, 0x000fffffffffffff, 5
    CLASS_D 19, 0x3ff0000000000000, 6
    CLASS_D 20, 0x7ff0000000000000, 7
    CLASS_D 21, 0x7ff4000000000000, 8
    CLASS_D 22, 0xfff8000000000001, 9
    CHECK_FFLAGS 0, 23              # fclass never raises flags

    SGNJ_S 24, fsgnj.s,  0x3f800000, 0x80000000, 0xbf800000
    SGNJ_S 25, fsgnj.s,  0xbf800000, 0x00000000, 0x3f800000
    SGNJ_S 26, fsgnjn.s, 0x3f800000, 0x80000000, 0x3f800000
    SGNJ_S 27, fsgnjn.s, 0x3f800000, 0x00000000, 0xbf800000
    SGNJ_S 28, fsgnjx.s, 0xbf800000, 0x80000000, 0x3f800000
    SGNJ_S 29, fsgnjx.s, 0xbf800000, 0x00000000, 0xbf800000
    SGNJ_S 30, fsgnj.s,  0x7f800001, 0x80000000, 0xff800001   # payload kept
    SGNJ_S 31, fsgnjx.s, 0xffc12345, 0x80000000, 0x7fc12345
    SGNJ_D 32, fsgnj.d,  0x3ff0000000000000, 0x8000000000000000, 0xbff0000000000000
    SGNJ_D 33, fsgnjn.d, 0xbff0000000000000, 0xbff0000000000000, 0x3ff0000000000000
    SGNJ_D 34, fsgnjx.d, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000
    SGNJ_D 35, fsgnj.d,  0x7ff0000000000001, 0xffffffffffffffff, 0xfff0000000000001
    CHECK_FFLAGS 0, 36              # no flags, even for signaling NaNs

    # Pseudo-instructions built on sign injection.
    FLI_D fa0, 0xc008000000000000    # -3.0
    fabs.d fa1, fa0
    CHECK_FD fa1, 0x4008000000000000, 37
    fneg.d fa1, fa1
    CHECK_FD fa1, 0xc008000000000000, 38
    fmv.d fa2, fa1
    CHECK_FD fa2, 0xc008000000000000, 39
    FLI_S fa0, 0xc0400000
    fabs.s fa1, fa0
    CHECK_FS fa1, 0x40400000, 40

    # Raw moves between register files.
    li a0, 0x7f800001               # signaling NaN survives fmv.w.x/fmv.x.w
    fmv.w.x fa0, a0
    fmv.x.w a1, fa0
    CHECK_EQ a1, 0x7f800001, 41
    li a0, 0x00000000ff800001       # fmv.x.w sign-extends bit 31
    fmv.w.x fa0, a0
    fmv.x.w a1, fa0
    CHECK_EQ a1, 0xffffffffff800001, 42
    li a0, 0x7ff0000000000001
    fmv.d.x fa0, a0
    fmv.x.d a1, fa0
    CHECK_EQ a1, 0x7ff0000000000001, 43
    fmv.d.x fa0, zero
    CHECK_FD fa0, 0, 44
    CHECK_FFLAGS 0, 45

    TEST_PASS "ok rv64fd class_sgnj_mv"
