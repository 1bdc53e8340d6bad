/* Entry point and trap entry of the SBI demo, an S-mode payload.
 *
 * OpenSBI's fw_jump enters _start in S-mode on the boot hart only (the other
 * harts wait in OpenSBI until someone starts them through the SBI HSM
 * extension), with a0 = hart id and a1 = the address of the device tree.
 * Paging is off, so addresses are physical; sstatus.SIE is 0. */
#include "supervisor.h"

    .section .text.init.enter, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    /* gp must be set before relaxation may use it. */
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    csrw sie, zero
    la sp, __stack
    la tp, __tls_base              /* picolibc keeps errno in TLS */
    la t0, trap_entry
    csrw stvec, t0                 /* direct mode: every trap goes to trap_entry */
    /* The raw binary does not carry .bss: clear it (a0 and a1 survive). */
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call sbi_demo_main             /* (hartid, dtb); ends by powering off */
3:  wfi
    j 3b
    .size _start, . - _start

/* Every S-mode trap lands here. The C handler (handle_trap in main.c)
 * follows the calling convention, so saving the caller-saved registers is
 * enough; it reads scause/sepc/stval itself. Handlers run with sstatus.SIE
 * clear (no nesting). sret returns to sepc with SIE as it was before. */
    .text
    .align 2
    .type trap_entry, @function
trap_entry:
    addi sp, sp, -TRAP_FRAME_SIZE
    sd ra,  0 * 8(sp)
    sd t0,  1 * 8(sp)
    sd t1,  2 * 8(sp)
    sd t2,  3 * 8(sp)
    sd t3,  4 * 8(sp)
    sd t4,  5 * 8(sp)
    sd t5,  6 * 8(sp)
    sd t6,  7 * 8(sp)
    sd a0,  8 * 8(sp)
    sd a1,  9 * 8(sp)
    sd a2, 10 * 8(sp)
    sd a3, 11 * 8(sp)
    sd a4, 12 * 8(sp)
    sd a5, 13 * 8(sp)
    sd a6, 14 * 8(sp)
    sd a7, 15 * 8(sp)
    call handle_trap
    ld ra,  0 * 8(sp)
    ld t0,  1 * 8(sp)
    ld t1,  2 * 8(sp)
    ld t2,  3 * 8(sp)
    ld t3,  4 * 8(sp)
    ld t4,  5 * 8(sp)
    ld t5,  6 * 8(sp)
    ld t6,  7 * 8(sp)
    ld a0,  8 * 8(sp)
    ld a1,  9 * 8(sp)
    ld a2, 10 * 8(sp)
    ld a3, 11 * 8(sp)
    ld a4, 12 * 8(sp)
    ld a5, 13 * 8(sp)
    ld a6, 14 * 8(sp)
    ld a7, 15 * 8(sp)
    addi sp, sp, TRAP_FRAME_SIZE
    sret
    .size trap_entry, . - trap_entry
