/* Sv39 permission and format faults, from S-mode (and U-mode where the U
 * bit matters). Each test page is identity-mapped with its own PTE flags:
 *   pg_r  R        pg_x  X        pg_rw  RW        pg_w  W (reserved)
 *   pg_inv V = 0   pg_u  U RWX    pg_ptr V only (a pointer at leaf level)
 *   pg_rsv R with reserved bit 63 set (no Svnapot)
 * Checks: load/store/fetch page faults (causes 13/15/12) with mtval = VA
 * (an AMO counts as a store, LR as a load),
 * MXR making execute-only pages readable, SUM gating S access to U pages
 * (execution of U pages by S faults), U-mode denied S pages, misaligned 2 MiB and 1 GiB
 * superpages, and the same faults delegated to S (scause/stval/sepc). */
#include "vm.h"

#define EXEC_FLAGS (PTE_V | PTE_X | PTE_A)

/* Change the PTE of identity-mapped page \page to \flags (from M or S). */
.macro SET_PAGE_FLAGS page, flags
    la t1, \page
    LEAF_PTE_ADDR t2, l0_ram, t1
    MAKE_PTE t0, t1, \flags
    sd t0, 0(t2)
.endm

/* A fetch of \target (register) must fault with cause 12 and mtval/mepc =
 * \target. */
.macro EXPECT_FETCH_FAULT id, target
    ARM_TRAP .Lresume\@
    jalr \target
    FAIL \id
.Lresume\@:
    LOAD_TRAP t5, TI_CAUSE
    CHECK_EQ t5, CAUSE_FETCH_PAGE_FAULT, \id
    LOAD_TRAP t5, TI_TVAL
    CHECK_EQ_REG t5, \target, \id
    LOAD_TRAP t5, TI_EPC
    CHECK_EQ_REG t5, \target, \id
.endm

.macro CHECK_TVAL id, reg
    LOAD_TRAP t5, TI_TVAL
    CHECK_EQ_REG t5, \reg, \id
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    IDENTITY_L0 l0_ram, PTE_LEAF_RWX
    LINK_TABLE l1_ram, 0, l0_ram
    LINK_TABLE root, 2, l1_ram
    SET_PAGE_FLAGS pg_r, PTE_V | PTE_R | PTE_A
    SET_PAGE_FLAGS pg_x, EXEC_FLAGS
    SET_PAGE_FLAGS pg_rw, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SET_PAGE_FLAGS pg_w, PTE_V | PTE_W | PTE_A | PTE_D
    SET_PAGE_FLAGS pg_inv, PTE_R | PTE_W | PTE_A | PTE_D
    SET_PAGE_FLAGS pg_u, PTE_LEAF_RWX | PTE_U
    SET_PAGE_FLAGS pg_ptr, PTE_V
    la t1, pg_rsv
    LEAF_PTE_ADDR t2, l0_ram, t1
    MAKE_PTE t0, t1, PTE_V | PTE_R | PTE_A
    li t6, 1 << 63
    or t0, t0, t6
    sd t0, 0(t2)
    # Misaligned superpages: a 2 MiB leaf at VA 0x80200000 whose PPN[0] is
    # not zero, and a 1 GiB leaf at VA 0xc0000000 whose PPN[1] is not zero.
    li t1, RAM_BASE + PAGE_SIZE
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE l1_ram, 1, t0
    li t1, RAM_BASE + 0x200000
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE root, 3, t0
    ENABLE_PAGING SATP_MODE_SV39, root
    ENTER_MODE PRV_S, s_mode

s_mode:
    la s0, pg_r
    ld a0, 0(s0)
    CHECK_EQ a0, 0x7272727272727272, 1
    EXPECT_TRAP 2, CAUSE_STORE_PAGE_FAULT, sd zero, 8(s0)
    addi a1, s0, 8
    CHECK_TVAL 3, a1
    EXPECT_FETCH_FAULT 4, s0

    la s0, pg_x
    li a0, 0
    jalr s0
    CHECK_EQ a0, 5, 5
    EXPECT_TRAP 6, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s0)
    CHECK_TVAL 7, s0
    li t0, MSTATUS_MXR
    csrs sstatus, t0
    lw a0, 0(s0)                    # MXR: execute-only becomes readable
    csrc sstatus, t0
    EXPECT_TRAP 8, CAUSE_STORE_PAGE_FAULT, sw a0, 0(s0)

    # Atomics: an AMO on a read-only page is a store page fault; LR needs R.
    la s0, pg_r
    li a1, 1
    EXPECT_TRAP 39, CAUSE_STORE_PAGE_FAULT, amoadd.d a0, a1, (s0)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 40
    lr.d a0, (s0)
    la s0, pg_x
    EXPECT_TRAP 41, CAUSE_LOAD_PAGE_FAULT, lr.w a0, (s0)

    la s0, pg_rw
    sd s0, 0(s0)
    ld a0, 0(s0)
    CHECK_EQ_REG a0, s0, 9
    EXPECT_FETCH_FAULT 10, s0

    la s0, pg_w                     # W without R is reserved
    EXPECT_TRAP 11, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s0)
    EXPECT_TRAP 12, CAUSE_STORE_PAGE_FAULT, sd zero, 0(s0)

    la s0, pg_inv
    EXPECT_TRAP 13, CAUSE_LOAD_PAGE_FAULT, lb a0, 5(s0)
    addi a1, s0, 5
    CHECK_TVAL 14, a1
    EXPECT_FETCH_FAULT 15, s0

    la s0, pg_ptr                   # V with R = W = X = 0 at the last level
    EXPECT_TRAP 16, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s0)

    la s0, pg_rsv                   # reserved PTE bit 63
    EXPECT_TRAP 17, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s0)

    li s0, 0x80200000               # misaligned 2 MiB page
    EXPECT_TRAP 18, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s0)
    CHECK_TVAL 19, s0
    li s0, 0xc0000000 + 0x1230      # misaligned 1 GiB page
    EXPECT_TRAP 20, CAUSE_STORE_PAGE_FAULT, sw zero, 0(s0)
    CHECK_TVAL 21, s0

    # U pages from S: data only with SUM, never execution. (With SUM = 1,
    # QEMU 7.2 lets S fetch from a U page once a data access has filled its
    # TLB, against the spec; so the fetch is checked with SUM = 0 only.)
    la s0, pg_u
    EXPECT_TRAP 22, CAUSE_LOAD_PAGE_FAULT, ld a0, 2040(s0)
    EXPECT_TRAP 23, CAUSE_STORE_PAGE_FAULT, sd zero, 2040(s0)
    EXPECT_FETCH_FAULT 24, s0
    li t0, MSTATUS_SUM
    csrs sstatus, t0
    sd s0, 2040(s0)
    ld a0, 2040(s0)
    CHECK_EQ_REG a0, s0, 25
    li t0, MSTATUS_SUM
    csrc sstatus, t0
    RETURN_TO_M m1

m1:
    # U-mode runs code from its page and reads its data ...
    la s0, pg_u
    addi s5, s0, 2040
    ARM_TRAP_TO_M 1f
    ENTER_MODE PRV_U, pg_u
1:  LOAD_TRAP a2, TI_CAUSE
    CHECK_EQ a2, CAUSE_USER_ECALL, 26
    CHECK_EQ a0, 6, 27              # set by the U code
    CHECK_EQ_REG a1, s0, 28         # value stored by S above
    # ... but cannot touch an S page.
    la s5, pg_rw
    ARM_TRAP_TO_M 2f
    ENTER_MODE PRV_U, pg_u
2:  LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_LOAD_PAGE_FAULT, 29
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s5, 30

    # The same faults delegated to S: scause, stval and sepc.
    la t0, strap_entry
    csrw stvec, t0
    li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
    csrw medeleg, t0
    ENTER_MODE PRV_S, s_delegated
s_delegated:
    la s0, pg_inv
    EXPECT_STRAP 31, CAUSE_LOAD_PAGE_FAULT, ld a0, 16(s0)
    LOAD_STRAP a0, TI_TVAL
    addi a1, s0, 16
    CHECK_EQ_REG a0, a1, 32
    la s0, pg_r
    EXPECT_STRAP 33, CAUSE_STORE_PAGE_FAULT, sd zero, 0(s0)
    la s0, pg_rw
    ARM_STRAP 3f
    jalr s0
    FAIL 34
3:  LOAD_STRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_FETCH_PAGE_FAULT, 35
    LOAD_STRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s0, 36
    LOAD_STRAP a0, TI_EPC
    CHECK_EQ_REG a0, s0, 37
    csrr a0, stval
    CHECK_EQ_REG a0, s0, 38
    RETURN_TO_M done
done:
    csrw medeleg, zero
    csrw satp, zero
    sfence.vma
    TEST_PASS "ok vm sv39_faults"

    .data
    .align 12
pg_r:   .dword 0x7272727272727272
    .align 12
pg_x:
    li a0, 5
    ret
    .align 12
pg_rw:  .dword 0
    .align 12
pg_w:   .dword 0
    .align 12
pg_inv: .dword 0
    .align 12
pg_ptr: .dword 0
    .align 12
pg_rsv: .dword 0
    .align 12
/* U-mode code: a0 = 6, a1 = *s5, then ecall. Data at +2040. */
pg_u:
    li a0, 6
    ld a1, 0(s5)
    ecall
    .align 12

    .bss
    .align 12
root:   .skip PAGE_SIZE
l1_ram: .skip PAGE_SIZE
l0_ram: .skip PAGE_SIZE
