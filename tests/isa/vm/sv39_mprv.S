/* Translated accesses on behalf of another mode, and accesses that straddle
 * pages, under Sv39:
 *  - M-mode loads/stores with MPRV = 1 use the translation and permissions
 *    of MPP: U pages need SUM when MPP = S, S pages are out of reach when
 *    MPP = U, execute-only pages need MXR; instruction fetch stays in M;
 *  - a misaligned load/store that crosses into an unmapped page takes a page
 *    fault whose mtval is the first byte of that page (the spec allows the
 *    address of the faulting portion; QEMU and Loom report the page start),
 *    and the store changes nothing in the mapped page. */
#include "vm.h"

.macro SET_PAGE_FLAGS page, flags
    la t1, \page
    LEAF_PTE_ADDR t2, l0_ram, t1
    MAKE_PTE t0, t1, \flags
    sd t0, 0(t2)
.endm

/* Run \insn in M-mode with MPRV = 1 and MPP = \mpp. (A trap taken in M sets
 * MPP back to M, and the handler's mret then sets it to U, so MPP is set
 * right before each access.) */
.macro AS_MODE mpp, insn:vararg
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPRV | ((\mpp) << 11)
    csrs mstatus, t0
    \insn
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
.endm

/* The same, for an access that must fault with \cause and mtval = \addr.
 * The handler is armed before MPRV is set, and MPRV is cleared first thing
 * after the trap: trap_info is not reachable with U permissions. */
.macro AS_MODE_FAULT id, mpp, cause, addr, insn:vararg
    ARM_TRAP .Lresume\@
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPRV | ((\mpp) << 11)
    csrs mstatus, t0
    \insn
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    FAIL \id
.Lresume\@:
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    LOAD_TRAP t5, TI_CAUSE
    CHECK_EQ t5, \cause, \id
    LOAD_TRAP t5, TI_TVAL
    CHECK_EQ_REG t5, \addr, \id
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    IDENTITY_L0 l0_ram, PTE_LEAF_RWX
    LINK_TABLE l1_ram, 0, l0_ram
    LINK_TABLE root, 2, l1_ram
    SET_PAGE_FLAGS pg_user, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    SET_PAGE_FLAGS pg_exec, PTE_V | PTE_X | PTE_A
    SET_PAGE_FLAGS pg_hole, 0
    ENABLE_PAGING SATP_MODE_SV39, root

    la s0, pg_user
    la s1, pg_exec
    la s2, pg_plain                 # an ordinary S page
    # MPP = S: U page only with SUM.
    AS_MODE_FAULT 1, PRV_S, CAUSE_LOAD_PAGE_FAULT, s0, ld a0, 0(s0)
    li t0, MSTATUS_SUM
    csrs mstatus, t0
    AS_MODE PRV_S, ld a0, 0(s0)
    CHECK_EQ a0, 0x5555555555555555, 2
    AS_MODE PRV_S, sd s0, 8(s0)
    li t0, MSTATUS_SUM
    csrc mstatus, t0
    ld a0, 8(s0)                    # (plain M access, untranslated)
    CHECK_EQ_REG a0, s0, 3
    # MPP = U: its own pages yes, S pages no.
    AS_MODE PRV_U, ld a0, 8(s0)
    CHECK_EQ_REG a0, s0, 4
    AS_MODE_FAULT 5, PRV_U, CAUSE_STORE_PAGE_FAULT, s2, sd zero, 0(s2)
    # Execute-only page: readable only with MXR.
    AS_MODE_FAULT 6, PRV_S, CAUSE_LOAD_PAGE_FAULT, s1, lw a0, 0(s1)
    li t0, MSTATUS_MXR
    csrs mstatus, t0
    AS_MODE PRV_S, lw a0, 0(s1)
    li t0, MSTATUS_MXR
    csrc mstatus, t0
    lw a1, 0(s1)
    CHECK_EQ_REG a0, a1, 7
    # MPP = M: no translation at all.
    AS_MODE PRV_M, ld a0, 0(s0)
    CHECK_EQ a0, 0x5555555555555555, 8

    # Accesses straddling into an unmapped page, from S-mode.
    ENTER_MODE PRV_S, s_mode
s_mode:
    la s3, pg_hole
    li t0, -1
    sd t0, -8(s3)
    EXPECT_TRAP 9, CAUSE_LOAD_PAGE_FAULT, ld a0, -4(s3)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s3, 10
    li t0, 0x1122334455667788
    EXPECT_TRAP 11, CAUSE_STORE_PAGE_FAULT, sd t0, -2(s3)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s3, 12
    ld a0, -8(s3)
    CHECK_EQ a0, -1, 13             # no part of the store happened
    lw a0, -4(s3)                   # within the mapped page: fine
    CHECK_EQ a0, -1, 14
    RETURN_TO_M done
done:
    csrw satp, zero
    sfence.vma
    TEST_PASS "ok vm sv39_mprv"

    .data
    .align 12
pg_user:  .dword 0x5555555555555555, 0
    .align 12
pg_exec:
    li a0, 1
    ret
    .align 12
pg_plain: .dword 0
    .align 12
    .skip PAGE_SIZE - 8
pg_hole_guard:
    .dword 0
pg_hole:  .skip PAGE_SIZE

    .bss
    .align 12
root:   .skip PAGE_SIZE
l1_ram: .skip PAGE_SIZE
l0_ram: .skip PAGE_SIZE
