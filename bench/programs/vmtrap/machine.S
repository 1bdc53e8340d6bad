/* M-mode side of the privilege switches (runs with paging off).
 *
 * vmtrap_enter_supervisor(user_pc, user_sp) saves the M-mode callee-saved
 * state, then mrets into the S-mode kernel (kernel.S, vmk_enter), which
 * starts the user program. When the kernel ecalls to M-mode to end the
 * run, main.c's handler points mepc at vmtrap_machine_resume with MPP = M,
 * which restores that state and returns the kernel's a0 as the result of
 * vmtrap_enter_supervisor. */
#include "vmtrap.h"

    .text
    .globl vmtrap_enter_supervisor
vmtrap_enter_supervisor:
    la t0, machine_context
    sd ra, 0 * 8(t0)
    sd sp, 1 * 8(t0)
    sd s0, 2 * 8(t0)
    sd s1, 3 * 8(t0)
    sd s2, 4 * 8(t0)
    sd s3, 5 * 8(t0)
    sd s4, 6 * 8(t0)
    sd s5, 7 * 8(t0)
    sd s6, 8 * 8(t0)
    sd s7, 9 * 8(t0)
    sd s8, 10 * 8(t0)
    sd s9, 11 * 8(t0)
    sd s10, 12 * 8(t0)
    sd s11, 13 * 8(t0)
    li t0, MSTATUS_MPP_MASK
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S
    csrs mstatus, t0
    la t0, vmk_enter
    csrw mepc, t0
    mret                           /* a0, a1 carry the user pc and sp */

    .globl vmtrap_machine_resume
vmtrap_machine_resume:
    csrw satp, zero
    sfence.vma
    la t0, machine_context
    ld ra, 0 * 8(t0)
    ld sp, 1 * 8(t0)
    ld s0, 2 * 8(t0)
    ld s1, 3 * 8(t0)
    ld s2, 4 * 8(t0)
    ld s3, 5 * 8(t0)
    ld s4, 6 * 8(t0)
    ld s5, 7 * 8(t0)
    ld s6, 8 * 8(t0)
    ld s7, 9 * 8(t0)
    ld s8, 10 * 8(t0)
    ld s9, 11 * 8(t0)
    ld s10, 12 * 8(t0)
    ld s11, 13 * 8(t0)
    ret

    .bss
    .balign 8
machine_context:
    .skip 14 * 8
