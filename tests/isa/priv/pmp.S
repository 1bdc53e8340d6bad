/* Physical memory protection for S and U mode:
 *  - with no entry programmed, S/U accesses all fail: the first instruction
 *    fetch in U faults (cause 1, mtval = its address). QEMU 7.2 instead
 *    refuses the mret into U with an illegal-instruction trap; either way no
 *    U instruction runs, and both outcomes are accepted;
 *  - TOR (entries 0-1) denying a region: load, store and fetch access faults
 *    (causes 5, 7, 1) with mtval = the faulting address; the bytes right
 *    below and at the top bound stay accessible;
 *  - NAPOT (4 KiB, read-only): loads work, stores and fetches fault;
 *  - priority: a NA4 entry granting RW inside a lower-priority NAPOT entry
 *    that denies everything wins for its 4 bytes; an 8-byte access that only
 *    partly matches the NA4 entry fails;
 *  - unlocked entries do not restrict M-mode;
 *  - pmpaddr/pmpcfg read back what was written. */
#include "isa_test.h"

#define NAPOT_4K(base) (((base) >> 2) | 0x1ff)

    .text
    .globl main
main:
    # No entry programmed: U-mode cannot even fetch.
    ARM_TRAP_TO_M 1f
    ENTER_MODE PRV_U, u_nothing
u_nothing:
    FAIL 1
1:  LOAD_TRAP a0, TI_CAUSE
    li a1, CAUSE_ILLEGAL_INSTRUCTION
    beq a0, a1, 2f
    CHECK_EQ a0, CAUSE_FETCH_ACCESS, 2
    LOAD_TRAP a0, TI_TVAL
    la a1, u_nothing
    CHECK_EQ_REG a0, a1, 3
    LOAD_TRAP a0, TI_EPC
    CHECK_EQ_REG a0, a1, 4
    j 3f
2:  LOAD_TRAP a0, TI_PRIV           # QEMU: the mret itself trapped, in M
    CHECK_EQ a0, PRV_M, 4
3:

    # Program the entries.
    PMP_ALLOW_ALL
    la s0, region_tor
    la s1, region_tor_end
    srli t0, s0, 2
    csrw pmpaddr0, t0
    srli t0, s1, 2
    csrw pmpaddr1, t0
    la s2, region_ro
    li t0, NAPOT_4K(0)
    srli t1, s2, 2
    or t0, t0, t1
    csrw pmpaddr2, t0
    la s3, region_mixed
    srli t0, s3, 2
    csrw pmpaddr3, t0               # NA4: the first word of region_mixed
    li t0, 0x1ff
    srli t1, s3, 2
    or t0, t0, t1
    csrw pmpaddr4, t0               # NAPOT 4 KiB: all of region_mixed
    li t0, (PMP_OFF << 0) | (PMP_TOR << 8) | ((PMP_NAPOT | PMP_R) << 16) | ((PMP_NA4 | PMP_R | PMP_W) << 24) | (PMP_NAPOT << 32)
    csrw pmpcfg0, t0
    sfence.vma
    csrr a0, pmpcfg0
    CHECK_EQ_REG a0, t0, 5
    csrr a0, pmpaddr1
    srli t0, s1, 2
    CHECK_EQ_REG a0, t0, 6

    # M-mode ignores unlocked entries.
    ld a0, 0(s0)
    sd a0, 0(s0)
    sd a0, 8(s2)
    sd a0, 64(s3)

    ENTER_MODE PRV_S, s_mode
s_mode:
    # TOR region.
    EXPECT_TRAP 10, CAUSE_LOAD_ACCESS, ld a0, 0(s0)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 11
    EXPECT_TRAP 12, CAUSE_STORE_ACCESS, sw zero, 100(s0)
    LOAD_TRAP a0, TI_TVAL
    addi a1, s0, 100
    CHECK_EQ_REG a0, a1, 13
    EXPECT_TRAP 14, CAUSE_LOAD_ACCESS, lbu a0, -1(s1)
    ld a0, -8(s0)                   # just below
    ld a0, 0(s1)                    # the top bound is exclusive
    ARM_TRAP 1f
    jalr s0                         # fetch from the TOR region
    FAIL 15
1:  LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_FETCH_ACCESS, 16
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 17
    LOAD_TRAP a0, TI_EPC
    CHECK_EQ_REG a0, s0, 18

    # Read-only NAPOT region.
    ld a0, 0(s2)
    ld a0, 2040(s2)
    EXPECT_TRAP 20, CAUSE_STORE_ACCESS, sd zero, 16(s2)
    LOAD_TRAP a0, TI_TVAL
    addi a1, s2, 16
    CHECK_EQ_REG a0, a1, 21
    ARM_TRAP 1f
    jalr s2
    FAIL 22
1:  LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_FETCH_ACCESS, 23

    # NA4 inside a denying NAPOT region: only its word is usable.
    li a1, 0x5a5a5a5a
    sw a1, 0(s3)
    lw a0, 0(s3)
    CHECK_EQ a0, 0x5a5a5a5a, 30
    EXPECT_TRAP 31, CAUSE_LOAD_ACCESS, lw a0, 4(s3)
    EXPECT_TRAP 32, CAUSE_STORE_ACCESS, sw a1, 8(s3)
    EXPECT_TRAP 33, CAUSE_LOAD_ACCESS, ld a0, 0(s3)    # partly in the NA4 word
    RETURN_TO_M m1
m1:
    # The same rules apply to U-mode.
    ENTER_MODE PRV_U, u_mode
u_mode:
    EXPECT_TRAP 40, CAUSE_LOAD_ACCESS, ld a0, 8(s0)
    EXPECT_TRAP 41, CAUSE_STORE_ACCESS, sb zero, 0(s2)
    lw a0, 0(s3)
    CHECK_EQ a0, 0x5a5a5a5a, 42
    RETURN_TO_M m2
m2:
    # Turning the TOR entry off opens the region again.
    li t0, PMP_TOR << 8
    csrc pmpcfg0, t0
    sfence.vma
    ENTER_MODE PRV_S, s_open
s_open:
    ld a0, 0(s0)
    RETURN_TO_M m3
m3:
    csrw pmpcfg0, zero
    TEST_PASS "ok priv pmp"

    .bss
    .align 12
region_tor:
    .skip 4096
region_tor_end:
    .skip 4096
region_ro:
    .skip 4096
region_mixed:
    .skip 4096
