/* A small user program under Sv39: its code, data and stack live at low
 * virtual addresses (0x10000...) backed by U pages elsewhere in RAM; it
 * calls functions, uses its stack and makes system calls (ecall delegated to
 * an S-mode handler running on the identity map) to print a line and to
 * exit. The kernel side then checks what the program stored through its own
 * view of the pages. */
#include "vm.h"

#define USER_CODE_VA  0x10000
#define USER_DATA_VA  0x11000
#define USER_STACK_VA 0x12000
#define SYS_PUTCHAR 1
#define SYS_EXIT    2

    .text
    .globl main
main:
    PMP_ALLOW_ALL
    IDENTITY_L0 l0_ram, PTE_LEAF_RWX
    LINK_TABLE l1_ram, 0, l0_ram
    LINK_TABLE root, 2, l1_ram
    LINK_TABLE root, 0, l1_user
    LINK_TABLE l1_user, 0, l0_user
    la t1, user_code
    MAKE_PTE t0, t1, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
    SET_PTE l0_user, USER_CODE_VA >> 12, t0
    la t1, user_data
    MAKE_PTE t0, t1, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    SET_PTE l0_user, USER_DATA_VA >> 12, t0
    la t1, user_stack
    MAKE_PTE t0, t1, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    SET_PTE l0_user, USER_STACK_VA >> 12, t0
    ENABLE_PAGING SATP_MODE_SV39, root
    la t0, syscall_entry
    csrw stvec, t0
    li t0, 1 << CAUSE_USER_ECALL
    csrw medeleg, t0
    ENTER_MODE PRV_S, kernel

kernel:
    # Start the user program with its own stack; it never returns here.
    mv s11, sp                      # the kernel's stack pointer
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    li t0, USER_CODE_VA
    csrw sepc, t0
    li sp, USER_STACK_VA + PAGE_SIZE
    sret

kernel_exit:
    # a0 = user exit code; the data page as the user left it.
    CHECK_EQ a0, 0, 1
    la s0, user_data
    ld a0, 0(s0)
    CHECK_EQ a0, 55, 2              # sum of 1..10
    ld a0, 8(s0)
    li t0, USER_CODE_VA
    CHECK_EQ_REG a0, t0, 3          # the user saw its code at its VA
    RETURN_TO_M machine_done
machine_done:
    csrw medeleg, zero
    csrw satp, zero
    sfence.vma
    TEST_PASS "ok vm sv39_user"

/* S-mode system call handler: a7 = SYS_PUTCHAR prints a0, SYS_EXIT ends the
 * program. Registers other than a0 are preserved for the user. */
    .align 2
syscall_entry:
    csrrw sp, sscratch, sp          # (sscratch was 0: use the kernel stack)
    mv sp, s11
    addi sp, sp, -64
    sd ra, 0(sp)
    sd a1, 8(sp)
    sd a2, 16(sp)
    sd a3, 24(sp)
    sd a4, 32(sp)
    sd a5, 40(sp)
    sd a6, 48(sp)
    csrr t6, scause
    li t5, CAUSE_USER_ECALL
    bne t6, t5, bad_trap
    li t5, SYS_EXIT
    beq a7, t5, kernel_exit
    call console_putchar
    li a0, 0
    ld ra, 0(sp)
    ld a1, 8(sp)
    ld a2, 16(sp)
    ld a3, 24(sp)
    ld a4, 32(sp)
    ld a5, 40(sp)
    ld a6, 48(sp)
    csrrw sp, sscratch, zero        # back to the user stack
    csrr t6, sepc
    addi t6, t6, 4
    csrw sepc, t6
    sret
bad_trap:
    j strap_entry

/* The user program: position-independent, one page. */
    .section .text.user, "ax", @progbits
    .align 12
user_code:
    auipc s0, 0                     # its own VA
    la a0, user_message
    call user_puts
    li a0, 1
    li a1, 0
1:  add a1, a1, a0                  # 1 + 2 + ... + 10
    addi a0, a0, 1
    li t0, 11
    bne a0, t0, 1b
    li t1, USER_DATA_VA
    sd a1, 0(t1)
    sd s0, 8(t1)
    li a0, 0
    li a7, SYS_EXIT
    ecall
user_puts:                          # uses the user stack
    addi sp, sp, -16
    sd ra, 8(sp)
    sd s1, 0(sp)
    mv s1, a0
2:  lbu a0, 0(s1)
    beqz a0, 3f
    li a7, SYS_PUTCHAR
    ecall
    addi s1, s1, 1
    j 2b
3:  ld s1, 0(sp)
    ld ra, 8(sp)
    addi sp, sp, 16
    ret
user_message:
    .asciz "user: hello from U-mode\n"
    .align 12

    .bss
    .align 12
user_data:  .skip PAGE_SIZE
user_stack: .skip PAGE_SIZE
root:    .skip PAGE_SIZE
l1_ram:  .skip PAGE_SIZE
l0_ram:  .skip PAGE_SIZE
l1_user: .skip PAGE_SIZE
l0_user: .skip PAGE_SIZE
