/* The trigger module (Sdtrig): tselect selects one of several triggers
 * (writing past the last is ignored); tinfo lists type 2 (mcontrol); an
 * mcontrol trigger matching an address on execute, load or store raises a
 * breakpoint exception before the instruction or the access, in the modes
 * its m/s/u bits name only, with epc at the instruction; the load does not
 * load, the store does not store; a trigger rewritten with nothing enabled
 * matches nothing. Range matches: triggers_ranges.S. Not asserted: tval (the privileged spec wants the matched
 * address, which Loom writes; QEMU 7.2 writes 0; see README.md). */
#include "isa_test.h"

#define TSELECT 0x7a0
#define TDATA1  0x7a1
#define TDATA2  0x7a2
#define TINFO   0x7a4

#define MC_TYPE2 (2 << 60)
#define MC_LOAD  (1 << 0)
#define MC_STORE (1 << 1)
#define MC_EXEC  (1 << 2)
#define MC_U     (1 << 3)
#define MC_S     (1 << 4)
#define MC_M     (1 << 6)

/* Trigger 0 := tdata1 value \ctl on address \addr (in a register). */
.macro ARM_TRIGGER ctl, addr
    csrw TSELECT, zero
    li t5, \ctl
    csrw TDATA1, t5
    csrw TDATA2, \addr
.endm

.macro DISARM_TRIGGER
    csrw TSELECT, zero
    li t5, MC_TYPE2
    csrw TDATA1, t5
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    # tselect: triggers 0 and 1 exist; a huge index is ignored.
    li a0, 1
    csrw TSELECT, a0
    CHECK_CSR TSELECT, 1, 1
    li a0, 1000
    csrw TSELECT, a0
    csrr a1, TSELECT
    li a2, 1000
    bne a1, a2, 2f
    FAIL 2
2:  csrr a0, TINFO
    andi a0, a0, 1 << 2
    CHECK_EQ a0, 1 << 2, 3

    # Execute, U-mode only: traps at u_exec in U, with tval = its address.
    la a4, u_exec
    ARM_TRIGGER MC_TYPE2 | MC_EXEC | MC_U, a4
    li a3, 0
    ENTER_MODE PRV_U, u_start
u_start:
    ARM_TRAP u_after_exec
u_exec:
    addi a3, a3, 1                  # not executed: the trigger fires first
    li a0, 10
    li a1, CAUSE_BREAKPOINT
    j expected_trap_missing
u_after_exec:
    LOAD_TRAP t5, TI_CAUSE
    CHECK_EQ t5, CAUSE_BREAKPOINT, 11
    LOAD_TRAP t5, TI_EPC
    la t6, u_exec
    CHECK_EQ_REG t5, t6, 12
    LOAD_TRAP t5, TI_PRIV
    CHECK_EQ t5, PRV_U, 13
    CHECK_EQ a3, 0, 14
    RETURN_TO_M m_exec
m_exec:
    # The trigger does not fire in M-mode (m = 0).
    la a4, m_probe
    csrw TDATA2, a4
m_probe:
    addi a3, a3, 1
    CHECK_EQ a3, 1, 16
    DISARM_TRIGGER

    # Load, U-mode: the load traps before it loads.
    la a4, data
    ARM_TRIGGER MC_TYPE2 | MC_LOAD | MC_U, a4
    ENTER_MODE PRV_U, u_load
u_load:
    li a5, 77
    EXPECT_TRAP 20, CAUSE_BREAKPOINT, ld a5, 0(a4)
    CHECK_EQ a5, 77, 21             # not loaded
    sd zero, 8(a4)                  # another address: no trap
    ld a6, 8(a4)
    RETURN_TO_M m_load
m_load:
    DISARM_TRIGGER

    # Store, S-mode, on data+72: another address does not trap.
    la a4, data
    addi a4, a4, 72
    ARM_TRIGGER MC_TYPE2 | MC_STORE | MC_S, a4
    la a4, data
    ENTER_MODE PRV_S, s_store
s_store:
    li a5, 0x55
    sd a5, 56(a4)                   # another address
    EXPECT_TRAP 30, CAUSE_BREAKPOINT, sd a5, 72(a4)
    ld a6, 72(a4)
    CHECK_EQ a6, 0, 31              # not stored
    ld a6, 56(a4)
    CHECK_EQ a6, 0x55, 32
    RETURN_TO_M m_store
m_store:
    # M-mode stores are not watched by an S-only trigger.
    li a5, 0x66
    sd a5, 72(a4)
    ld a6, 72(a4)
    CHECK_EQ a6, 0x66, 33

    # Rewritten with nothing enabled: nothing fires in S any more. (Writing
    # 0 is WARL: Loom disables the trigger, type 15; QEMU 7.2 ignores the
    # write. triggers_ranges.S checks Loom's.)
    DISARM_TRIGGER
    ENTER_MODE PRV_S, s_after
s_after:
    sd a5, 72(a4)
    RETURN_TO_M m_done
m_done:
    # Equal, M-mode loads, on trigger 1 (trigger 0 stays off).
    li a0, 1
    csrw TSELECT, a0
    la a4, data
    addi a5, a4, 24
    li t5, MC_TYPE2 | MC_LOAD | MC_M
    csrw TDATA1, t5
    csrw TDATA2, a5
    ld a6, 16(a4)                   # another address: no trap
    EXPECT_TRAP 41, CAUSE_BREAKPOINT, ld a6, 24(a4)
    li t5, MC_TYPE2
    csrw TDATA1, t5
    TEST_PASS "ok priv triggers"


    .data
    .align 6
data: .zero 128
