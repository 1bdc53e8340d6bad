/* FP loads and stores: flw/fsw/fld/fsd with positive and negative offsets;
 * they move raw bits (signaling NaNs and non-canonical NaNs are not
 * changed), flw NaN-boxes, fsw stores only 32 bits, and none of them raise
 * FP flags. */
#include "isa_test.h"

    .text
    .globl main
main:
    csrw fflags, zero
    la s0, data
    flw fa0, 0(s0)
    CHECK_FS fa0, 0x7f800001, 1
    flw fa1, 4(s0)
    CHECK_FS fa1, 0xffc12345, 2
    fld fa2, 8(s0)
    CHECK_FD fa2, 0x7ff0000000000001, 3
    addi s1, s0, 24
    fld fa3, -8(s1)
    CHECK_FD fa3, 0xc00921fb54442d18, 4
    flw fa4, -4(s1)
    CHECK_FS fa4, 0xc00921fb, 5

    la s2, out
    fsw fa0, 0(s2)
    fsw fa1, 4(s2)
    fsd fa2, 8(s2)
    fsd fa3, 16(s2)
    addi s3, s2, 32
    fsw fa3, -8(s3)                 # low 32 bits of the double
    ld a0, 0(s2)
    CHECK_EQ a0, 0xffc123457f800001, 6
    ld a0, 8(s2)
    CHECK_EQ a0, 0x7ff0000000000001, 7
    ld a0, 16(s2)
    CHECK_EQ a0, 0xc00921fb54442d18, 8
    ld a0, 24(s2)
    CHECK_EQ a0, 0x5555555554442d18, 9
    CHECK_FFLAGS 0, 10

    # A dependency chain through all 32 FP registers.
    la s0, data
    fld f0, 16(s0)
    fsgnj.d f1, f0, f0              # f[n] = 2 * f[n-1] from f2 on
    fadd.d f2, f1, f1; fadd.d f3, f2, f2; fadd.d f4, f3, f3
    fadd.d f5, f4, f4; fadd.d f6, f5, f5; fadd.d f7, f6, f6
    fadd.d f8, f7, f7; fadd.d f9, f8, f8; fadd.d f10, f9, f9
    fadd.d f11, f10, f10; fadd.d f12, f11, f11; fadd.d f13, f12, f12
    fadd.d f14, f13, f13; fadd.d f15, f14, f14; fadd.d f16, f15, f15
    fadd.d f17, f16, f16; fadd.d f18, f17, f17; fadd.d f19, f18, f18
    fadd.d f20, f19, f19; fadd.d f21, f20, f20; fadd.d f22, f21, f21
    fadd.d f23, f22, f22; fadd.d f24, f23, f23; fadd.d f25, f24, f24
    fadd.d f26, f25, f25; fadd.d f27, f26, f26; fadd.d f28, f27, f27
    fadd.d f29, f28, f28; fadd.d f30, f29, f29; fadd.d f31, f30, f30
    fsd f31, 0(s2)                  # -pi * 2^30, exact
    ld a0, 0(s2)
    CHECK_EQ a0, 0xc1e921fb54442d18, 11

    TEST_PASS "ok rv64fd fmem"

    .data
    .align 3
data:
    .word 0x7f800001, 0xffc12345
    .dword 0x7ff0000000000001
    .dword 0xc00921fb54442d18
out:
    .dword 0, 0, 0, 0x5555555555555555
