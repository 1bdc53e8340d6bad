/* The S-mode kernel of vmtrap: trap entry, system calls, demand paging.
 *
 * Its code and data live in sections of their own, page-aligned and padded
 * to whole pages, so that main.c can map exactly these pages without U
 * (S-mode cannot execute U pages, and user code must not touch kernel
 * data). Written in assembly so that nothing the compiler might call (a
 * memset for a loop) ends up in user pages. The handlers save only what
 * they use, on a kernel stack found through sscratch, like a real kernel's
 * fast path. Clobbers nothing the user can see but a0. */
#include "vmtrap.h"

    .section .text.vmtrap_kernel, "ax", @progbits
    .balign PAGE_SIZE
    .globl vmk_text_start
vmk_text_start:

/* Entered from M-mode by mret (machine.S): a0 = user pc, a1 = user sp. */
    .globl vmk_enter
vmk_enter:
    la t0, vmk_stack_top
    csrw sscratch, t0
    la t0, vmk_trap
    csrw stvec, t0
    li t0, SSTATUS_SPP
    csrc sstatus, t0               /* sret goes to U */
    csrw sepc, a0
    mv sp, a1
    li a0, 0
    li a1, 0
    sret

/* counter[\index] += \amount (a register); clobbers t5, t6. */
.macro COUNT index, amount
    la t6, vmk_counts
    ld t5, (\index) * 8(t6)
    add t5, t5, \amount
    sd t5, (\index) * 8(t6)
.endm

/* \rd = address of the leaf PTE of user address \va (register); anything
 * outside the heap is a kernel panic. Clobbers t6. */
.macro USER_PTE rd, va
    li t6, USER_HEAP_VA
    sub \rd, \va, t6
    li t6, USER_HEAP_PAGES << PAGE_SHIFT
    bgeu \rd, t6, panic
    srli \rd, \rd, PAGE_SHIFT
    slli \rd, \rd, 3
    la t6, vmk_l0_user
    add \rd, \rd, t6
.endm

#define SAVED 10
    .balign 4
vmk_trap:
    csrrw sp, sscratch, sp         /* sscratch = user sp while in here */
    addi sp, sp, -SAVED * 8
    sd t0, 0 * 8(sp)
    sd t1, 1 * 8(sp)
    sd t2, 2 * 8(sp)
    sd t3, 3 * 8(sp)
    sd t4, 4 * 8(sp)
    sd t5, 5 * 8(sp)
    sd t6, 6 * 8(sp)
    sd a1, 7 * 8(sp)
    sd a2, 8 * 8(sp)
    sd a3, 9 * 8(sp)
    li t4, 1
    csrr t0, scause
    li t1, CAUSE_USER_ECALL
    beq t0, t1, system_call
    li t1, CAUSE_LOAD_PAGE_FAULT
    beq t0, t1, page_fault
    li t1, CAUSE_STORE_PAGE_FAULT
    beq t0, t1, page_fault
    j panic

return_after_ecall:
    csrr t0, sepc
    addi t0, t0, 4
    csrw sepc, t0
trap_return:
    ld t0, 0 * 8(sp)
    ld t1, 1 * 8(sp)
    ld t2, 2 * 8(sp)
    ld t3, 3 * 8(sp)
    ld t4, 4 * 8(sp)
    ld t5, 5 * 8(sp)
    ld t6, 6 * 8(sp)
    ld a1, 7 * 8(sp)
    ld a2, 8 * 8(sp)
    ld a3, 9 * 8(sp)
    addi sp, sp, SAVED * 8
    csrrw sp, sscratch, sp
    sret

/* Unexpected trap or bad request: hand scause, stval and sepc to M-mode. */
panic:
    csrr a1, scause
    csrr a2, stval
    csrr a3, sepc
    li a7, KERNEL_PANIC
    ecall
1:  j 1b

/* ---- system calls (t4 = 1) ------------------------------------------- */
system_call:
    COUNT COUNT_ECALLS, t4
    li t1, SYS_MIX
    beq a7, t1, sys_mix
    li t1, SYS_UNMAP
    beq a7, t1, sys_unmap
    li t1, SYS_REMAP
    beq a7, t1, sys_remap
    li t1, SYS_PROTECT
    beq a7, t1, sys_protect
    li t1, SYS_COUNT
    beq a7, t1, sys_count
    beqz a7, sys_exit
    j panic

sys_exit:
    ecall                          /* to M-mode, a7 = SYS_EXIT, a0 = status */
1:  j 1b

/* a0 = ((a0 ^ ecalls) * MIX_MULTIPLIER + a1), then a0 ^= a0 >> 29 */
sys_mix:
    la t1, vmk_counts
    ld t2, COUNT_ECALLS * 8(t1)
    xor a0, a0, t2
    li t3, MIX_MULTIPLIER
    mul a0, a0, t3
    add a0, a0, a1
    srli t3, a0, 29
    xor a0, a0, t3
    j return_after_ecall

sys_count:
    li t1, COUNTS
    bgeu a0, t1, panic
    la t1, vmk_counts
    slli a0, a0, 3
    add t1, t1, a0
    ld a0, 0(t1)
    j return_after_ecall

/* Unmaps a1 pages from a0: frees their frames, one sfence.vma each. */
sys_unmap:
    li a2, 0
1:  beqz a1, 3f
    USER_PTE t1, a0
    ld t2, 0(t1)
    andi t3, t2, PTE_V
    beqz t3, 2f
    sd zero, 0(t1)
    sfence.vma a0, zero
    srli t2, t2, PTE_PPN_SHIFT
    slli t2, t2, PAGE_SHIFT        /* the frame, back on the free stack */
    la t3, vmk_free_count
    ld t5, 0(t3)
    la t6, vmk_free
    slli t0, t5, 3
    add t6, t6, t0
    sd t2, 0(t6)
    addi t5, t5, 1
    sd t5, 0(t3)
    addi a2, a2, 1
2:  li t3, PAGE_SIZE
    add a0, a0, t3
    addi a1, a1, -1
    j 1b
3:  COUNT COUNT_UNMAPPED, a2
    COUNT COUNT_SFENCES, a2
    mv a0, a2
    j return_after_ecall

sys_remap:
    USER_PTE t1, a0
    USER_PTE t2, a1
    ld t3, 0(t1)
    andi t0, t3, PTE_V
    beqz t0, 1f
    ld t0, 0(t2)
    andi t0, t0, PTE_V
    bnez t0, 1f
    sd t3, 0(t2)
    sd zero, 0(t1)
    sfence.vma a0, zero
    sfence.vma a1, zero
    li t0, 2
    COUNT COUNT_SFENCES, t0
    COUNT COUNT_REMAPS, t4
    li a0, 1
    j return_after_ecall
1:  li a0, 0
    j return_after_ecall

sys_protect:
    USER_PTE t1, a0
    ld t3, 0(t1)
    andi t0, t3, PTE_V
    beqz t0, 1f
    andi t3, t3, ~(PTE_W | PTE_D)
    sd t3, 0(t1)
    sfence.vma a0, zero
    COUNT COUNT_SFENCES, t4
    li a0, 1
    j return_after_ecall
1:  li a0, 0
    j return_after_ecall

/* ---- page faults (t0 = scause, t4 = 1) ------------------------------- */
page_fault:
    csrr a1, stval
    USER_PTE t1, a1
    ld t2, 0(t1)
    andi t3, t2, PTE_V
    bnez t3, upgrade
    /* Not mapped: take a frame, zero it, map it. */
    la t3, vmk_free_count
    ld t5, 0(t3)
    beqz t5, panic                 /* out of frames */
    addi t5, t5, -1
    sd t5, 0(t3)
    la t6, vmk_free
    slli t5, t5, 3
    add t6, t6, t5
    ld t3, 0(t6)
    li t5, PAGE_SIZE
    add t5, t5, t3
    mv t6, t3
1:  sd zero, 0(t6)
    sd zero, 8(t6)
    sd zero, 16(t6)
    sd zero, 24(t6)
    sd zero, 32(t6)
    sd zero, 40(t6)
    sd zero, 48(t6)
    sd zero, 56(t6)
    addi t6, t6, 64
    bltu t6, t5, 1b
    srli t2, t3, PAGE_SHIFT
    slli t2, t2, PTE_PPN_SHIFT
    ori t2, t2, PTE_V | PTE_R | PTE_U | PTE_A
    li t3, CAUSE_STORE_PAGE_FAULT
    bne t0, t3, 2f
    ori t2, t2, PTE_W | PTE_D
    sd t2, 0(t1)
    COUNT COUNT_STORE_FAULTS, t4
    j 3f
2:  sd t2, 0(t1)
    COUNT COUNT_LOAD_FAULTS, t4
3:  sfence.vma a1, zero            /* RISC-V may cache invalid entries too */
    COUNT COUNT_SFENCES, t4
    j trap_return

/* Mapped: only a store to a read-only page may fault; make it writable. */
upgrade:
    li t3, CAUSE_STORE_PAGE_FAULT
    bne t0, t3, panic
    andi t3, t2, PTE_W
    bnez t3, panic
    ori t2, t2, PTE_W | PTE_D
    sd t2, 0(t1)
    sfence.vma a1, zero
    COUNT COUNT_UPGRADES, t4
    COUNT COUNT_SFENCES, t4
    j trap_return

    .balign PAGE_SIZE
    .globl vmk_text_end
vmk_text_end:

/* ---- kernel data: page tables, frames, stack, counters ----------------- */
    .section .bss.vmtrap_kernel, "aw", @nobits
    .balign PAGE_SIZE
    .globl vmk_data_start, vmk_data_end, vmk_root, vmk_l1_image, vmk_l0_image
    .globl vmk_l1_user, vmk_l0_user, vmk_pool, vmk_free, vmk_free_count, vmk_counts
vmk_data_start:
vmk_root:       .skip PAGE_SIZE
vmk_l1_image:   .skip PAGE_SIZE
vmk_l0_image:   .skip PAGE_SIZE * IMAGE_L0_TABLES
vmk_l1_user:    .skip PAGE_SIZE
vmk_l0_user:    .skip PAGE_SIZE * HEAP_L0_TABLES
vmk_pool:       .skip PAGE_SIZE * POOL_PAGES
vmk_stack:      .skip KERNEL_STACK_BYTES
vmk_stack_top:
vmk_free:       .skip 8 * POOL_PAGES   /* stack of free frames */
vmk_free_count: .skip 8
vmk_counts:     .skip 8 * COUNTS
    .balign PAGE_SIZE
vmk_data_end:
