/* Counters and their enables: mcycle/minstret advance and accept writes;
 * cycle/instret mirror them; from S-mode cycle, instret and hpmcounter3 are
 * readable only when the matching mcounteren bit is set, from U-mode only
 * when both mcounteren and scounteren allow it; a blocked read is an illegal
 * instruction. The time CSR may be implemented or trap (QEMU's spike
 * machine has no time CSR); either is accepted, no value is asserted. No
 * check depends on host time: only "later reads are larger". */
#include "isa_test.h"

#define CY  (1 << 0)
#define TM  (1 << 1)
#define IR  (1 << 2)
#define HPM3 (1 << 3)

/* Spin for a while (clobbers t0). */
.macro SPIN
    li t0, 1000
.Lspin\@:
    addi t0, t0, -1
    bnez t0, .Lspin\@
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    csrr s0, mcycle
    SPIN
    csrr s1, mcycle
    bltu s0, s1, 1f
    FAIL 1
1:  csrr s0, minstret
    SPIN
    csrr s1, minstret
    bltu s0, s1, 2f                 # (QEMU counts host ticks, not instructions)
    FAIL 2
2:  csrr s0, instret
    csrr s1, minstret
    bgeu s1, s0, 3f                 # the user alias reads the same counter
    FAIL 3
3:  li a0, 1000000
    csrw minstret, a0
    csrr a1, minstret
    sub a1, a1, a0
    li a2, 1000000
    bltu a1, a2, 4f                 # continues from the written value
    FAIL 4
4:  csrw mcycle, zero
    csrr a1, mcycle
    li a2, 1 << 40
    bltu a1, a2, 5f
    FAIL 5
5:
    # time: either readable and non-decreasing, or an illegal instruction.
    ARM_TRAP 6f
    rdtime s0
    rdtime s1
    la t5, trap_info
    sd zero, TI_RESUME(t5)
    bgeu s1, s0, 7f
    FAIL 6
6:  LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_ILLEGAL_INSTRUCTION, 7
7:
    # S-mode with mcounteren = 0: every counter read traps.
    csrw mcounteren, zero
    csrw scounteren, zero
    ENTER_MODE PRV_S, s_blocked
s_blocked:
    EXPECT_TRAP 10, CAUSE_ILLEGAL_INSTRUCTION, rdcycle a0
    EXPECT_TRAP 11, CAUSE_ILLEGAL_INSTRUCTION, rdinstret a0
    EXPECT_TRAP 12, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, hpmcounter3
    EXPECT_TRAP 13, CAUSE_ILLEGAL_INSTRUCTION, rdtime a0
    EXPECT_TRAP 14, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mcycle
    RETURN_TO_M m1
m1:
    li a0, CY | IR | HPM3
    csrw mcounteren, a0
    ENTER_MODE PRV_S, s_allowed
s_allowed:
    rdcycle a0
    rdinstret a0
    csrr a0, hpmcounter3
    li a0, CY | IR
    csrw scounteren, a0             # S controls U's access
    RETURN_TO_M m2
m2:
    # U-mode: scounteren = CY | IR, mcounteren = CY | IR | HPM3.
    ENTER_MODE PRV_U, u_partly
u_partly:
    rdcycle a0
    rdinstret a0
    EXPECT_TRAP 20, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, hpmcounter3
    RETURN_TO_M m3
m3:
    # U-mode: scounteren allows all, mcounteren allows only IR.
    li a0, CY | IR | HPM3
    csrw scounteren, a0
    li a0, IR
    csrw mcounteren, a0
    ENTER_MODE PRV_U, u_mixed
u_mixed:
    rdinstret s0
    SPIN
    rdinstret s1
    bltu s0, s1, 1f
    FAIL 21
1:  EXPECT_TRAP 22, CAUSE_ILLEGAL_INSTRUCTION, rdcycle a0
    EXPECT_TRAP 23, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, hpmcounter3
    EXPECT_TRAP 24, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, scounteren
    RETURN_TO_M m4
m4:
    LOAD_TRAP a0, TI_PRIV
    CHECK_EQ a0, PRV_U, 25
    csrw mcounteren, zero
    csrw scounteren, zero

    TEST_PASS "ok priv counters"
