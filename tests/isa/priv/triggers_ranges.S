/* loom-only: QEMU 7.2 matches trigger addresses for equality only.
 *
 * Trigger matches over ranges: >= (match 2) on S-mode stores, < (match 3)
 * on S-mode loads, NAPOT (match 1) on U-mode loads, and mcontrol6 (type 6)
 * on S-mode execution; a breakpoint exception with tval = the address that
 * matched (privileged spec: "when a hardware breakpoint is triggered, mtval
 * is written with the faulting virtual address"). */
#include "isa_test.h"

#define TSELECT 0x7a0
#define TDATA1  0x7a1
#define TDATA2  0x7a2

#define MC_TYPE2 (2 << 60)
#define MC_TYPE6 (6 << 60)
#define MC_LOAD  (1 << 0)
#define MC_STORE (1 << 1)
#define MC_EXEC  (1 << 2)
#define MC_U     (1 << 3)
#define MC_S     (1 << 4)
#define MC_NAPOT (1 << 7)
#define MC_GE    (2 << 7)
#define MC_LT    (3 << 7)

.macro ARM_TRIGGER ctl, addr
    csrw TSELECT, zero
    li t5, \ctl
    csrw TDATA1, t5
    csrw TDATA2, \addr
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL

    # >= data+64, S-mode stores.
    la a4, data
    addi a5, a4, 64
    ARM_TRIGGER MC_TYPE2 | MC_STORE | MC_S | MC_GE, a5
    ENTER_MODE PRV_S, s_ge
s_ge:
    li a5, 0x55
    sd a5, 56(a4)                   # below the bound
    EXPECT_TRAP 1, CAUSE_BREAKPOINT, sd a5, 72(a4)
    LOAD_TRAP t5, TI_TVAL
    addi t6, a4, 72
    CHECK_EQ_REG t5, t6, 2
    ld a6, 72(a4)
    CHECK_EQ a6, 0, 3               # not stored
    RETURN_TO_M m_ge
m_ge:
    # < low_data+8, S-mode loads. The bound lies below the harness's
    # trap_info, which S-mode code reads.
    la a4, low_data
    addi a5, a4, 8
    ARM_TRIGGER MC_TYPE2 | MC_LOAD | MC_S | MC_LT, a5
    ENTER_MODE PRV_S, s_lt
s_lt:
    ld a6, 8(a4)                    # not below: no trap
    EXPECT_TRAP 10, CAUSE_BREAKPOINT, ld a6, 0(a4)
    RETURN_TO_M m_lt
m_lt:
    # NAPOT: tdata2 = data+32 | 7 covers the 16 bytes data+32..data+47.
    la a4, data
    addi a5, a4, 32 + 7
    ARM_TRIGGER MC_TYPE2 | MC_LOAD | MC_U | MC_NAPOT, a5
    ENTER_MODE PRV_U, u_napot
u_napot:
    ld a6, 24(a4)                   # below the range
    ld a6, 48(a4)                   # above it
    EXPECT_TRAP 20, CAUSE_BREAKPOINT, lw a6, 44(a4)
    LOAD_TRAP t5, TI_TVAL
    addi t6, a4, 44
    CHECK_EQ_REG t5, t6, 21
    RETURN_TO_M m_napot
m_napot:
    # mcontrol6 on S-mode execution of s_target.
    la a5, s_target
    ARM_TRIGGER MC_TYPE6 | MC_EXEC | MC_S, a5
    csrr a0, TDATA1
    srli a0, a0, 60
    CHECK_EQ a0, 6, 30
    li a3, 0
    ENTER_MODE PRV_S, s_exec
s_exec:
    ARM_TRAP s_after
s_target:
    addi a3, a3, 1
    li a0, 31
    li a1, CAUSE_BREAKPOINT
    j expected_trap_missing
s_after:
    CHECK_EQ a3, 0, 32
    LOAD_TRAP t5, TI_EPC
    la t6, s_target
    CHECK_EQ_REG t5, t6, 33
    LOAD_TRAP t5, TI_TVAL
    CHECK_EQ_REG t5, t6, 34
    RETURN_TO_M m_done
m_done:
    # Writing 0 (type 0, no trigger) disables it: it reads back as type 15
    # and matches nothing, even aimed at code S-mode runs.
    csrw TDATA1, zero
    csrr a0, TDATA1
    srli a0, a0, 60
    CHECK_EQ a0, 15, 40
    la a5, s_free
    csrw TDATA2, a5
    li a3, 0
    ENTER_MODE PRV_S, s_free
s_free:
    addi a3, a3, 1
    RETURN_TO_M m_end
m_end:
    CHECK_EQ a3, 1, 41
    TEST_PASS "ok priv triggers_ranges"

    # Below the harness's data (crt.S's trap_info): see the < test.
    .align 3
low_data: .dword 0, 0

    .data
    .align 6
data: .zero 128
