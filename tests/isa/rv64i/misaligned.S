/* Misaligned plain loads and stores to RAM. The spec lets an implementation
 * either perform them or trap; QEMU 7.2 (and so Loom) performs them, with
 * the same result as the equivalent sequence of byte accesses, also when the
 * access straddles an 8-byte boundary or a 4 KiB page. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    la s0, bytes                 # bytes[i] = i + 1
    lh a5, 1(s0)
    CHECK_EQ a5, 0x0302, 1
    lhu a5, 7(s0)                # crosses the 8-byte boundary
    CHECK_EQ a5, 0x0908, 2
    lw a5, 1(s0)
    CHECK_EQ a5, 0x05040302, 3
    lw a5, 6(s0)
    CHECK_EQ a5, 0x0a090807, 4
    lwu a5, 3(s0)
    CHECK_EQ a5, 0x07060504, 5
    ld a5, 1(s0)
    CHECK_EQ a5, 0x0908070605040302, 6
    ld a5, 7(s0)
    CHECK_EQ a5, 0x0f0e0d0c0b0a0908, 7
    la s1, negatives
    lh a5, 1(s1)                 # sign extension still applies
    CHECK_EQ a5, 0xffffffffffff8180, 8
    lw a5, 3(s1)
    CHECK_EQ a5, 0xffffffff85848382, 9

    # Misaligned stores write exactly their bytes.
    la s2, scratch
    sd zero, 0(s2)
    sd zero, 8(s2)
    li a3, 0x1122334455667788
    sd a3, 5(s2)
    ld a5, 0(s2)
    CHECK_EQ a5, 0x6677880000000000, 10
    ld a5, 8(s2)
    CHECK_EQ a5, 0x0000001122334455, 11
    sw a3, 11(s2)
    ld a5, 8(s2)
    CHECK_EQ a5, 0x0055667788334455, 12
    ld a5, 16(s2)
    CHECK_EQ a5, 0, 13
    sh a3, 15(s2)
    ld a5, 8(s2)
    CHECK_EQ a5, 0x8855667788334455, 14
    ld a5, 16(s2)
    CHECK_EQ a5, 0x77, 15

    # An access that straddles a page boundary.
    la s3, page_end
    li a3, 0xa1a2a3a4a5a6a7a8
    sd a3, -3(s3)
    ld a5, -3(s3)
    CHECK_EQ_REG a5, a3, 16
    lwu a5, -2(s3)
    CHECK_EQ a5, 0xa4a5a6a7, 17
    lbu a5, 0(s3)
    CHECK_EQ a5, 0xa5, 18

    TEST_PASS "ok rv64i misaligned"

    .data
    .align 3
bytes:
    .byte 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
negatives:
    .byte 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86
scratch:
    .dword 0, 0, 0

    .bss
    .align 12
    .skip 4096
page_end:
    .skip 64
