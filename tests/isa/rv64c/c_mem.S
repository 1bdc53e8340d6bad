/* RV64C loads and stores: c.lw/c.ld/c.sw/c.sd (x8-x15, offsets up to
 * 124/248), the sp-relative c.lwsp/c.ldsp/c.swsp/c.sdsp (offsets up to
 * 252/504), and the FP forms c.fld/c.fsd/c.fldsp/c.fsdsp; c.lw and c.lwsp
 * sign-extend. */
#include "isa_test.h"

    .option rvc
    .text
    .globl main
main:
    la s0, area                  # 512 bytes, area[i] as dwords = i * 0x0101...
    c.lw a0, 0(s0)
    CHECK_EQ a0, 0x89abcdef - 0x100000000, 1   # sign-extended
    c.lw a0, 4(s0)
    CHECK_EQ a0, 0x01234567, 2
    c.ld a1, 0(s0)
    CHECK_EQ a1, 0x0123456789abcdef, 3
    c.ld a1, 248(s0)
    CHECK_EQ a1, 0x1f1f1f1f1f1f1f1f, 4
    c.lw a2, 124(s0)
    CHECK_EQ a2, 0x0f0f0f0f, 5

    li a3, 0x1122334455667788
    c.sd a3, 8(s0)
    c.ld a4, 8(s0)
    CHECK_EQ_REG a4, a3, 6
    c.sw a3, 120(s0)             # writes only the low word
    ld a4, 120(s0)
    CHECK_EQ a4, 0x0f0f0f0f55667788, 7
    c.sd a3, 240(s0)
    ld a4, 240(s0)
    CHECK_EQ_REG a4, a3, 8

    # sp-relative forms; sp temporarily points at the area.
    mv s2, sp
    mv sp, s0
    c.lwsp t0, 0(sp)
    CHECK_EQ t0, 0xffffffff89abcdef, 9
    c.lwsp t0, 252(sp)
    CHECK_EQ t0, 0x1f1f1f1f, 10
    c.ldsp t1, 504(sp)
    CHECK_EQ t1, 0x3f3f3f3f3f3f3f3f, 11
    c.ldsp t1, 16(sp)
    CHECK_EQ t1, 0x0202020202020202, 12
    li t2, 0xa5a5a5a5deadbeef
    c.sdsp t2, 496(sp)
    c.ldsp t3, 496(sp)
    CHECK_EQ_REG t3, t2, 13
    c.swsp t2, 248(sp)
    ld t3, 248(sp)
    CHECK_EQ t3, 0x1f1f1f1fdeadbeef, 14

    # FP forms move raw 64-bit patterns.
    c.fldsp fa0, 16(sp)
    fmv.x.d t3, fa0
    CHECK_EQ t3, 0x0202020202020202, 15
    c.fsdsp fa0, 504(sp)
    c.fld fa1, 0(s0)
    fmv.x.d t3, fa1
    CHECK_EQ t3, 0x0123456789abcdef, 16
    c.fsd fa1, 248(s0)
    mv sp, s2
    ld t3, 504(s0)
    CHECK_EQ t3, 0x0202020202020202, 17
    ld t3, 248(s0)
    CHECK_EQ t3, 0x0123456789abcdef, 18

    TEST_PASS "ok rv64c c_mem"

    .data
    .align 3
area:
    .dword 0x0123456789abcdef
    .dword 0x0101010101010101
    .irp i, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63
    .dword 0x0101010101010101 * \i
    .endr
