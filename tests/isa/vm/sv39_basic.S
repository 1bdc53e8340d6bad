/* Sv39 translation in S-mode: an identity map of RAM with 4 KiB pages,
 * offset mappings with a 1 GiB page (also at a negative, sign-extended VA),
 * a 2 MiB page and 4 KiB pages (two VAs aliasing one physical page), code
 * executed through an alias, SFENCE.VMA after a PTE change, the A and D bits
 * set by hardware on access and on store (QEMU updates them, as Svadu-style
 * hardware management allows), non-canonical VAs raising page faults with
 * mtval = VA, and M-mode loads translated through MPRV with MPP = S.
 *
 * VA map:  0x80000000 + 2M  identity, 4 KiB pages (l0_ram)
 *          0xc0000000       1 GiB page -> RAM_BASE
 *          -1 GiB           1 GiB page -> RAM_BASE
 *          0x40000000       2 MiB page -> RAM_BASE
 *          0x40200000 + i * 4K: l0_alias[i] (see below) */
#include "vm.h"

#define GIGA_VA   0xc0000000
#define HIGH_VA   0xffffffffc0000000
#define MEGA_VA   0x40000000
#define PAGES_VA  0x40200000

/* \rd = \va_base + (address of \sym - RAM_BASE) */
.macro ALIAS rd, va_base, sym
    la \rd, \sym
    li t6, RAM_BASE
    sub \rd, \rd, t6
    li t6, \va_base
    add \rd, \rd, t6
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    IDENTITY_L0 l0_ram, PTE_LEAF_RWX
    LINK_TABLE l1_ram, 0, l0_ram
    LINK_TABLE root, 2, l1_ram
    li t1, RAM_BASE
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE root, 3, t0             # 1 GiB at 0xc0000000
    SET_PTE root, 511, t0           # 1 GiB at -1 GiB
    SET_PTE l1_alias, 0, t0         # 2 MiB at 0x40000000
    LINK_TABLE root, 1, l1_alias
    LINK_TABLE l1_alias, 1, l0_alias
    la t1, page_x
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE l0_alias, 0, t0
    SET_PTE l0_alias, 2, t0         # second VA for page_x
    la t1, page_y
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE l0_alias, 1, t0
    la t1, page_ad
    MAKE_PTE t0, t1, PTE_V | PTE_R | PTE_W       # A = D = 0
    SET_PTE l0_alias, 3, t0
    la t1, code_page
    MAKE_PTE t0, t1, PTE_V | PTE_R | PTE_X       # A = 0
    SET_PTE l0_alias, 4, t0
    ENABLE_PAGING SATP_MODE_SV39, root
    ENTER_MODE PRV_S, s_mode

s_mode:
    # 4 KiB pages and aliases.
    li s0, PAGES_VA
    ld a0, 0(s0)
    CHECK_EQ a0, 0x1111111111111111, 1
    li s1, PAGES_VA + PAGE_SIZE
    ld a0, 0(s1)
    CHECK_EQ a0, 0x2222222222222222, 2
    li s1, PAGES_VA + 2 * PAGE_SIZE
    li a1, 0x3333
    sd a1, 8(s1)                    # through the second VA ...
    ld a0, 8(s0)                    # ... seen through the first
    CHECK_EQ a0, 0x3333, 3
    la a2, page_x
    ld a0, 8(a2)                    # and through the identity map
    CHECK_EQ a0, 0x3333, 4

    # 1 GiB, high 1 GiB and 2 MiB offset mappings of the same data.
    ALIAS a2, GIGA_VA, page_y
    ld a0, 0(a2)
    CHECK_EQ a0, 0x2222222222222222, 5
    ALIAS a2, HIGH_VA, page_y
    ld a0, 0(a2)
    CHECK_EQ a0, 0x2222222222222222, 6
    ALIAS a2, MEGA_VA, page_y
    ld a0, 0(a2)
    CHECK_EQ a0, 0x2222222222222222, 7
    li a1, 0x4444
    sd a1, 16(a2)
    ALIAS a3, HIGH_VA, page_y
    ld a0, 16(a3)
    CHECK_EQ a0, 0x4444, 8

    # Code runs through an alias.
    ALIAS a2, GIGA_VA, return_seven
    li a0, 0
    jalr a2
    CHECK_EQ a0, 7, 9
    ALIAS a2, MEGA_VA, return_seven
    li a0, 0
    jalr a2
    CHECK_EQ a0, 7, 10

    # Repoint PAGES_VA from page_x to page_y; sfence.vma makes it visible.
    la t1, page_y
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE l0_alias, 0, t0
    sfence.vma s0, zero
    ld a0, 0(s0)
    CHECK_EQ a0, 0x2222222222222222, 11
    la t1, page_x
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE l0_alias, 0, t0
    sfence.vma
    ld a0, 0(s0)
    CHECK_EQ a0, 0x1111111111111111, 12

    # A and D are set by the hardware.
    la s2, l0_alias
    ld a0, 3 * 8(s2)
    andi a0, a0, PTE_A | PTE_D
    CHECK_EQ a0, 0, 13
    li s1, PAGES_VA + 3 * PAGE_SIZE
    ld a1, 0(s1)
    ld a0, 3 * 8(s2)
    andi a0, a0, PTE_A | PTE_D
    CHECK_EQ a0, PTE_A, 14
    sd a1, 8(s1)
    ld a0, 3 * 8(s2)
    andi a0, a0, PTE_A | PTE_D
    CHECK_EQ a0, PTE_A | PTE_D, 15
    li a2, PAGES_VA + 4 * PAGE_SIZE     # fetch through a PTE with A = 0
    jalr a2
    CHECK_EQ a0, 9, 16
    ld a0, 4 * 8(s2)
    andi a0, a0, PTE_A | PTE_D
    CHECK_EQ a0, PTE_A, 17

    # Non-canonical VAs fault (bits 63:39 must equal bit 38).
    li s3, 0x0000004000000000
    EXPECT_TRAP 18, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s3)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s3, 19
    li s3, 0x8000000080000000
    EXPECT_TRAP 20, CAUSE_STORE_PAGE_FAULT, sd zero, 0(s3)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s3, 21
    # An unmapped, canonical VA.
    li s3, 0x0000000000001000
    EXPECT_TRAP 22, CAUSE_LOAD_PAGE_FAULT, lw a0, 0(s3)
    RETURN_TO_M m_mode

m_mode:
    # M-mode is not translated, except loads/stores under MPRV with MPP = S.
    li s0, PAGES_VA + PAGE_SIZE
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPRV | MSTATUS_MPP_S
    csrs mstatus, t0
    ld a0, 0(s0)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    CHECK_EQ a0, 0x2222222222222222, 23
    csrw satp, zero
    sfence.vma
    TEST_PASS "ok vm sv39_basic"

    .section .text.pages, "ax", @progbits
    .align 12
code_page:
    li a0, 9
    ret

    .text
return_seven:
    li a0, 7
    ret

    .data
    .align 12
page_x: .dword 0x1111111111111111
    .align 12
page_y: .dword 0x2222222222222222
    .align 12
page_ad: .dword 0x5555555555555555

    .bss
    .align 12
root:     .skip PAGE_SIZE
l1_ram:   .skip PAGE_SIZE
l0_ram:   .skip PAGE_SIZE
l1_alias: .skip PAGE_SIZE
l0_alias: .skip PAGE_SIZE
