/* Locked PMP entries (L = 1): they restrict M-mode too (a read-only locked
 * region faults on M-mode stores and fetches, with mtval = the address);
 * their pmpcfg byte and pmpaddr ignore writes; a locked TOR entry also locks
 * the pmpaddr of the entry below it (its lower bound), while that entry's own
 * pmpcfg byte stays writable. Locks last until reset, so this runs on data
 * pages only. */
#include "isa_test.h"

    .text
    .globl main
main:
    la s0, locked_page              # entry 0: NAPOT 4 KiB, L | R
    srli t0, s0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    mv s4, t0
    la s1, tor_base                 # entries 1-2: TOR [tor_base, tor_end), L | R | X
    srli t0, s1, 2
    csrw pmpaddr1, t0
    mv s5, t0
    la s2, tor_end
    srli t0, s2, 2
    csrw pmpaddr2, t0
    mv s6, t0
    li t0, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR | PMP_R | PMP_X) << 16)
    csrw pmpcfg0, t0
    mv s7, t0
    PMP_ALLOW_ALL
    sfence.vma

    # M-mode is now bound by entry 0.
    ld a0, 0(s0)
    CHECK_EQ a0, 0x1122334455667788, 1
    EXPECT_TRAP 2, CAUSE_STORE_ACCESS, sd zero, 8(s0)
    LOAD_TRAP a0, TI_TVAL
    addi a1, s0, 8
    CHECK_EQ_REG a0, a1, 3
    ld a0, 8(s0)
    CHECK_EQ a0, 0x99aabbccddeeff00, 4
    ARM_TRAP 1f
    jalr s0                         # no X in entry 0
    FAIL 5
1:  LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_FETCH_ACCESS, 6
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 7

    # The TOR region allows M to read and execute but not to write.
    ld a0, 0(s1)
    EXPECT_TRAP 8, CAUSE_STORE_ACCESS, sw zero, 4(s1)
    jalr s1                         # tor_base holds "ret"
    # Outside every entry M-mode is unrestricted.
    la a1, open_page
    sd zero, 0(a1)

    # Locked entries ignore writes.
    li t0, -1
    csrw pmpaddr0, t0
    csrr a0, pmpaddr0
    CHECK_EQ_REG a0, s4, 9
    csrw pmpaddr2, zero
    csrr a0, pmpaddr2
    CHECK_EQ_REG a0, s6, 10
    csrw pmpaddr1, zero             # lower bound of a locked TOR entry
    csrr a0, pmpaddr1
    CHECK_EQ_REG a0, s5, 11
    li t0, 0xff | (0xff << 16)
    csrc pmpcfg0, t0                # try to clear bytes 0 and 2
    csrr a0, pmpcfg0
    CHECK_EQ_REG a0, s7, 12
    li t0, (PMP_NA4 | PMP_R) << 8   # byte 1 (entry 1) is not locked
    csrs pmpcfg0, t0
    csrr a0, pmpcfg0
    or t1, s7, t0
    CHECK_EQ_REG a0, t1, 13
    csrc pmpcfg0, t0
    # Store still faults after all those attempts.
    EXPECT_TRAP 14, CAUSE_STORE_ACCESS, sb zero, 0(s0)

    # S-mode is bound by the same entries.
    ENTER_MODE PRV_S, s_mode
s_mode:
    ld a0, 0(s0)
    EXPECT_TRAP 15, CAUSE_STORE_ACCESS, sd zero, 0(s0)
    RETURN_TO_M m1
m1:
    TEST_PASS "ok priv pmp_lock"

    .data
    .align 12
locked_page:
    .dword 0x1122334455667788, 0x99aabbccddeeff00
    .align 12
tor_base:
    ret
    .align 12
tor_end:
open_page:
    .skip 4096
