/* Sv48 translation (four levels) in S-mode: identity 4 KiB pages, a 512 GiB
 * "terapage" at VA 2^39 (a VA that Sv39 could not even express), a 1 GiB and
 * a 2 MiB page, a 1 GiB page in the negative half, code run through the
 * terapage, A/D bits set by hardware, SFENCE.VMA after a PTE change,
 * non-canonical VAs (bits 63:48 must equal bit 47) and a misaligned
 * terapage faulting, and a few permission faults through four levels.
 *
 * VA map:  0x80000000 + 2M  identity (root[0] -> l2_low[2] -> l1_ram -> l0_ram)
 *          2^39 + pa        512 GiB page -> physical 0 (root[1])
 *          0xc0000000       1 GiB page -> RAM_BASE (l2_low[3])
 *          0x40000000       2 MiB page -> RAM_BASE (l2_low[1] -> l1_alias[0])
 *          -1 GiB           1 GiB page -> RAM_BASE (root[511] -> l2_high[511])
 *          2 * 2^39         misaligned 512 GiB page (root[2]) */
#include "vm.h"

#define TERA_VA   0x8000000000
#define GIGA_VA   0xc0000000
#define MEGA_VA   0x40000000
#define HIGH_VA   0xffffffffc0000000
#define BAD_TERA  0x10000000000

.macro ALIAS rd, va_base, sym
    la \rd, \sym
    li t6, RAM_BASE
    sub \rd, \rd, t6
    li t6, \va_base
    add \rd, \rd, t6
.endm

.macro SET_PAGE_FLAGS page, flags
    la t1, \page
    LEAF_PTE_ADDR t2, l0_ram, t1
    MAKE_PTE t0, t1, \flags
    sd t0, 0(t2)
.endm

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    IDENTITY_L0 l0_ram, PTE_LEAF_RWX
    LINK_TABLE l1_ram, 0, l0_ram
    LINK_TABLE l2_low, 2, l1_ram
    LINK_TABLE root, 0, l2_low
    li t1, 0
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE root, 1, t0             # 512 GiB at 2^39 -> 0
    li t1, RAM_BASE
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    SET_PTE l2_low, 3, t0           # 1 GiB
    SET_PTE l1_alias, 0, t0         # 2 MiB
    LINK_TABLE l2_low, 1, l1_alias
    SET_PTE l2_high, 511, t0        # 1 GiB at -1 GiB
    LINK_TABLE root, 511, l2_high
    SET_PTE root, 2, t0             # misaligned 512 GiB page
    SET_PAGE_FLAGS page_ad, PTE_V | PTE_R | PTE_W
    SET_PAGE_FLAGS page_ro, PTE_V | PTE_R | PTE_A
    SET_PAGE_FLAGS page_u, PTE_LEAF_RWX | PTE_U
    ENABLE_PAGING SATP_MODE_SV48, root
    csrr a0, satp
    srli a0, a0, SATP_MODE_SHIFT
    CHECK_EQ a0, SATP_MODE_SV48, 1
    ENTER_MODE PRV_S, s_mode

s_mode:
    la s0, page_data
    ld a0, 0(s0)
    CHECK_EQ a0, 0x4848484848484848, 2
    li s1, TERA_VA
    add s1, s1, s0                  # 2^39 + physical address
    ld a0, 0(s1)
    CHECK_EQ a0, 0x4848484848484848, 3
    li a1, 0x1234
    sd a1, 8(s1)
    ld a0, 8(s0)
    CHECK_EQ a0, 0x1234, 4
    ALIAS a2, GIGA_VA, page_data
    ld a0, 8(a2)
    CHECK_EQ a0, 0x1234, 5
    ALIAS a2, MEGA_VA, page_data
    ld a0, 8(a2)
    CHECK_EQ a0, 0x1234, 6
    ALIAS a2, HIGH_VA, page_data
    ld a0, 8(a2)
    CHECK_EQ a0, 0x1234, 7

    # Code through the terapage.
    la a2, return_eleven
    li t0, TERA_VA
    add a2, a2, t0
    li a0, 0
    jalr a2
    CHECK_EQ a0, 11, 8

    # A/D bits, set by the hardware.
    la s2, page_ad
    LEAF_PTE_ADDR s3, l0_ram, s2
    ld a0, 0(s2)
    ld a1, 0(s3)
    andi a1, a1, PTE_A | PTE_D
    CHECK_EQ a1, PTE_A, 9
    sd a0, 8(s2)
    ld a1, 0(s3)
    andi a1, a1, PTE_A | PTE_D
    CHECK_EQ a1, PTE_A | PTE_D, 10

    # sfence.vma after repointing the 2 MiB page one page further.
    li t1, RAM_BASE + 0x1000
    MAKE_PTE t0, t1, PTE_LEAF_RWX
    li t1, RAM_BASE
    MAKE_PTE t2, t1, PTE_LEAF_RWX
    la t1, l1_alias
    sd t0, 0(t1)                    # now misaligned: must fault
    li s4, MEGA_VA
    sfence.vma s4, zero
    EXPECT_TRAP 11, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s4)
    sd t2, 0(t1)                    # aligned again
    sfence.vma
    ld a0, 0(s4)                    # the first word of RAM: _start's code
    la t0, _start
    ld a1, 0(t0)
    CHECK_EQ_REG a0, a1, 12

    # Canonical-address rule and the misaligned terapage.
    li s5, 0x0000800000000000
    EXPECT_TRAP 13, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s5)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s5, 14
    li s5, 0xffff000080000000       # non-canonical: bit 47 is 0
    EXPECT_TRAP 15, CAUSE_STORE_PAGE_FAULT, sd zero, 0(s5)
    li s5, BAD_TERA + RAM_BASE
    EXPECT_TRAP 16, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s5)
    LOAD_TRAP a0, TI_TVAL
    CHECK_EQ_REG a0, s5, 17
    li s5, 0x00007fff00000000       # canonical but unmapped
    EXPECT_TRAP 18, CAUSE_LOAD_PAGE_FAULT, lw a0, 0(s5)

    # Permissions through four levels.
    la s6, page_ro
    ld a0, 0(s6)
    EXPECT_TRAP 19, CAUSE_STORE_PAGE_FAULT, sd zero, 0(s6)
    ARM_TRAP 1f
    jalr s6
    FAIL 20
1:  LOAD_TRAP a0, TI_CAUSE
    CHECK_EQ a0, CAUSE_FETCH_PAGE_FAULT, 21
    la s6, page_u
    EXPECT_TRAP 22, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(s6)
    RETURN_TO_M done
done:
    csrw satp, zero
    sfence.vma
    TEST_PASS "ok vm sv48_basic"

return_eleven:
    li a0, 11
    ret

    .data
    .align 12
page_data: .dword 0x4848484848484848, 0
    .align 12
page_ad:   .dword 0
    .align 12
page_ro:   .dword 0
    .align 12
page_u:    .dword 0

    .bss
    .align 12
root:     .skip PAGE_SIZE
l2_low:   .skip PAGE_SIZE
l2_high:  .skip PAGE_SIZE
l1_ram:   .skip PAGE_SIZE
l1_alias: .skip PAGE_SIZE
l0_ram:   .skip PAGE_SIZE
