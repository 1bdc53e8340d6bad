/* Illegal-instruction traps and their mtval. The spec lets mtval be 0 or the
 * instruction bits; for encodings that fail to decode QEMU 7.2 writes the
 * bits (16-bit ones zero-extended), which Loom follows. For illegal CSR
 * accesses QEMU 7.2 leaves a stale value in mtval, so only the cause is
 * checked for those. */
#include "isa_test.h"

/* \word must trap as illegal with mtval == \word. */
.macro ILLEGAL32 id, word
    EXPECT_TRAP \id, CAUSE_ILLEGAL_INSTRUCTION, .word \word
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ a0, \word, \id
.endm
.macro ILLEGAL16 id, half
    EXPECT_TRAP \id, CAUSE_ILLEGAL_INSTRUCTION, .half \half
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ a0, \half, \id
.endm

    .text
    .globl main
main:
    ILLEGAL32  1, 0x0000000b        # custom-0 opcode
    ILLEGAL32  2, 0x0000007b        # custom-3 opcode
    ILLEGAL32  3, 0xfe000033        # OP with funct7 = 0x7f
    ILLEGAL32  4, 0x40001033        # sll with funct7 = 0x20
    ILLEGAL32  5, 0x00007003        # LOAD funct3 = 7
    ILLEGAL32  6, 0x00004023        # STORE funct3 = 4
    ILLEGAL32  7, 0x00002063        # BRANCH funct3 = 2
    ILLEGAL32  8, 0x00004073        # SYSTEM funct3 = 4
    ILLEGAL32  9, 0xf800202f        # AMO funct5 = 0x1f
    ILLEGAL32 10, 0xfe000053        # OP-FP funct7 = 0x7f
    ILLEGAL32 11, 0x0200101b        # slliw with shamt[5] set
    ILLEGAL32 12, 0x0000305b        # custom-2 opcode
    ILLEGAL16 13, 0x0000            # defined illegal all-zero halfword
    ILLEGAL32 14, 0x12300073 | (0x7f << 25) # SYSTEM funct3 = 0, unknown funct7

    # CSR-related illegal instructions: cause only.
    EXPECT_TRAP 15, CAUSE_ILLEGAL_INSTRUCTION, csrw mhartid, zero
    EXPECT_TRAP 16, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, 0x7ff
    # A valid instruction after all this still works, and mepc/mtval of an
    # ecall are back to the ecall rules.
    EXPECT_TRAP 17, CAUSE_MACHINE_ECALL, ecall
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ a0, 0, 18

    TEST_PASS "ok priv illegal"
