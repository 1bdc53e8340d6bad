/* RV64I loads and stores: every width, sign vs zero extension, positive and
 * negative offsets (including the 12-bit limits), stores that must change
 * only their own bytes, little-endian byte order, and x0 as a store source
 * and a load destination. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    la s0, pattern
    # Loads of each width, sign- and zero-extended (pattern is little-endian).
    lb a5, 0(s0)
    CHECK_EQ a5, 0xfffffffffffffff0, 1
    lbu a5, 0(s0)
    CHECK_EQ a5, 0xf0, 2
    lb a5, 1(s0)
    CHECK_EQ a5, 0x7e, 3
    lh a5, 0(s0)
    CHECK_EQ a5, 0x7ef0, 4
    lh a5, 2(s0)
    CHECK_EQ a5, 0xffffffffffff8091, 5
    lhu a5, 2(s0)
    CHECK_EQ a5, 0x8091, 6
    lw a5, 0(s0)
    CHECK_EQ a5, 0xffffffff80917ef0, 7
    lwu a5, 0(s0)
    CHECK_EQ a5, 0x80917ef0, 8
    lw a5, 4(s0)
    CHECK_EQ a5, 0x3456789a, 9
    lwu a5, 4(s0)
    CHECK_EQ a5, 0x3456789a, 10
    ld a5, 0(s0)
    CHECK_EQ a5, 0x3456789a80917ef0, 11
    ld a5, 8(s0)
    CHECK_EQ a5, 0xfedcba9876543210, 12
    lbu a5, 15(s0)
    CHECK_EQ a5, 0xfe, 13
    lb a5, 15(s0)
    CHECK_EQ a5, -2, 14

    # Negative offsets and the 12-bit immediate limits.
    addi s1, s0, 16
    ld a5, -8(s1)
    CHECK_EQ a5, 0xfedcba9876543210, 15
    lhu a5, -2(s1)
    CHECK_EQ a5, 0xfedc, 16
    la s1, pattern + 2048
    lw a5, -2048(s1)
    CHECK_EQ a5, 0xffffffff80917ef0, 17
    la s1, far_word - 2047
    ld a5, 2047(s1)
    CHECK_EQ a5, 0x1122334455667788, 18

    # A load into x0 is performed but discarded.
    lw zero, 0(s0)
    CHECK_EQ zero, 0, 19

    # Stores change exactly their own bytes.
    la s2, scratch
    li a3, -1
    sd a3, 0(s2)
    sd a3, 8(s2)
    sb zero, 1(s2)
    ld a5, 0(s2)
    CHECK_EQ a5, 0xffffffffffff00ff, 20
    li a3, 0x1234
    sh a3, 2(s2)
    ld a5, 0(s2)
    CHECK_EQ a5, 0xffffffff123400ff, 21
    li a3, 0x89abcdef
    sw a3, 4(s2)
    ld a5, 0(s2)
    CHECK_EQ a5, 0x89abcdef123400ff, 22
    li a3, 0x0102030405060708
    sd a3, 8(s2)
    ld a5, 8(s2)
    CHECK_EQ a5, 0x0102030405060708, 23
    lbu a5, 8(s2)                    # little-endian: lowest byte first
    CHECK_EQ a5, 0x08, 24
    lbu a5, 15(s2)
    CHECK_EQ a5, 0x01, 25
    sb a3, 0(s2)                     # sb/sh/sw store the low bits only
    lbu a5, 0(s2)
    CHECK_EQ a5, 0x08, 26
    sh a3, 2(s2)
    lhu a5, 2(s2)
    CHECK_EQ a5, 0x0708, 27
    sw a3, 4(s2)
    lwu a5, 4(s2)
    CHECK_EQ a5, 0x05060708, 28
    sd zero, 8(s2)                   # x0 stores zero
    ld a5, 8(s2)
    CHECK_EQ a5, 0, 29
    addi s3, s2, 16
    li a3, 0x55
    sb a3, -16(s3)
    ld a5, 0(s2)
    CHECK_EQ a5, 0x0506070807080055, 30

    # Base register == destination register.
    la a5, pattern
    ld a5, 8(a5)
    CHECK_EQ a5, 0xfedcba9876543210, 31

    TEST_PASS "ok rv64i loads_stores"

    .data
    .align 3
pattern:
    .byte 0xf0, 0x7e, 0x91, 0x80, 0x9a, 0x78, 0x56, 0x34
    .dword 0xfedcba9876543210
    .skip 4000
far_word:
    .dword 0x1122334455667788
scratch:
    .dword 0, 0
