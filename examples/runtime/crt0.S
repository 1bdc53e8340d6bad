/* Start-up code, the trap entry and the HTIF mailboxes.
 *
 * _start runs on every hart at the ELF entry point. Hart 0 sets up gp, the
 * stack and tp (TLS: picolibc's errno), points mtvec at rt_trap_entry, turns
 * the FPU on, clears .bss and continues in rt_start (start.c). The runtime
 * is single-hart: any other hart parks in wfi with its interrupts off. */
#include "loom_rt.h"

    .section .text.init.enter, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    /* gp must be set before relaxation may use it. */
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    csrw mie, zero
    csrr t0, mhartid
    bnez t0, park_hart
    la sp, __stack
    la tp, __tls_base
    la t0, rt_trap_entry
    csrw mtvec, t0
#ifdef __riscv_flen
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, MSTATUS_FS_INITIAL
    csrs mstatus, t0
    csrwi fcsr, 0
#endif
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call rt_start
    /* rt_start does not return. */
park_hart:
    wfi
    j park_hart
    .size _start, . - _start

/* Saves the whole integer state and the caller-saved FP state into a
 * struct rt_trap_frame on the interrupted stack, calls rt_trap_dispatch(frame)
 * and returns to frame->mepc. Handlers run with interrupts off (no nesting). */
    .text
    .align 2
    .globl rt_trap_entry
    .type rt_trap_entry, @function
rt_trap_entry:
    addi sp, sp, -RT_FRAME_SIZE
    sd x1, 1 * 8(sp)
    sd x3, 3 * 8(sp)
    sd x4, 4 * 8(sp)
    sd x5, 5 * 8(sp)
    sd x6, 6 * 8(sp)
    sd x7, 7 * 8(sp)
    sd x8, 8 * 8(sp)
    sd x9, 9 * 8(sp)
    sd x10, 10 * 8(sp)
    sd x11, 11 * 8(sp)
    sd x12, 12 * 8(sp)
    sd x13, 13 * 8(sp)
    sd x14, 14 * 8(sp)
    sd x15, 15 * 8(sp)
    sd x16, 16 * 8(sp)
    sd x17, 17 * 8(sp)
    sd x18, 18 * 8(sp)
    sd x19, 19 * 8(sp)
    sd x20, 20 * 8(sp)
    sd x21, 21 * 8(sp)
    sd x22, 22 * 8(sp)
    sd x23, 23 * 8(sp)
    sd x24, 24 * 8(sp)
    sd x25, 25 * 8(sp)
    sd x26, 26 * 8(sp)
    sd x27, 27 * 8(sp)
    sd x28, 28 * 8(sp)
    sd x29, 29 * 8(sp)
    sd x30, 30 * 8(sp)
    sd x31, 31 * 8(sp)
    sd zero, 0(sp)
    addi t0, sp, RT_FRAME_SIZE
    sd t0, 2 * 8(sp)               /* sp as it was when the trap hit */
    csrr t0, mepc
    sd t0, RT_FRAME_MEPC(sp)
    csrr t0, mcause
    sd t0, RT_FRAME_MCAUSE(sp)
    csrr t0, mtval
    sd t0, RT_FRAME_MTVAL(sp)
#ifdef __riscv_flen
    /* The C handlers may use any caller-saved FP register. */
    frcsr t0
    sd t0, RT_FRAME_FCSR(sp)
    fsd f0, RT_FRAME_FP + 0 * 8(sp)
    fsd f1, RT_FRAME_FP + 1 * 8(sp)
    fsd f2, RT_FRAME_FP + 2 * 8(sp)
    fsd f3, RT_FRAME_FP + 3 * 8(sp)
    fsd f4, RT_FRAME_FP + 4 * 8(sp)
    fsd f5, RT_FRAME_FP + 5 * 8(sp)
    fsd f6, RT_FRAME_FP + 6 * 8(sp)
    fsd f7, RT_FRAME_FP + 7 * 8(sp)
    fsd f10, RT_FRAME_FP + 8 * 8(sp)
    fsd f11, RT_FRAME_FP + 9 * 8(sp)
    fsd f12, RT_FRAME_FP + 10 * 8(sp)
    fsd f13, RT_FRAME_FP + 11 * 8(sp)
    fsd f14, RT_FRAME_FP + 12 * 8(sp)
    fsd f15, RT_FRAME_FP + 13 * 8(sp)
    fsd f16, RT_FRAME_FP + 14 * 8(sp)
    fsd f17, RT_FRAME_FP + 15 * 8(sp)
    fsd f28, RT_FRAME_FP + 16 * 8(sp)
    fsd f29, RT_FRAME_FP + 17 * 8(sp)
    fsd f30, RT_FRAME_FP + 18 * 8(sp)
    fsd f31, RT_FRAME_FP + 19 * 8(sp)
#endif

    mv a0, sp
    call rt_trap_dispatch

#ifdef __riscv_flen
    ld t0, RT_FRAME_FCSR(sp)
    fscsr t0
    fld f0, RT_FRAME_FP + 0 * 8(sp)
    fld f1, RT_FRAME_FP + 1 * 8(sp)
    fld f2, RT_FRAME_FP + 2 * 8(sp)
    fld f3, RT_FRAME_FP + 3 * 8(sp)
    fld f4, RT_FRAME_FP + 4 * 8(sp)
    fld f5, RT_FRAME_FP + 5 * 8(sp)
    fld f6, RT_FRAME_FP + 6 * 8(sp)
    fld f7, RT_FRAME_FP + 7 * 8(sp)
    fld f10, RT_FRAME_FP + 8 * 8(sp)
    fld f11, RT_FRAME_FP + 9 * 8(sp)
    fld f12, RT_FRAME_FP + 10 * 8(sp)
    fld f13, RT_FRAME_FP + 11 * 8(sp)
    fld f14, RT_FRAME_FP + 12 * 8(sp)
    fld f15, RT_FRAME_FP + 13 * 8(sp)
    fld f16, RT_FRAME_FP + 14 * 8(sp)
    fld f17, RT_FRAME_FP + 15 * 8(sp)
    fld f28, RT_FRAME_FP + 16 * 8(sp)
    fld f29, RT_FRAME_FP + 17 * 8(sp)
    fld f30, RT_FRAME_FP + 18 * 8(sp)
    fld f31, RT_FRAME_FP + 19 * 8(sp)
#endif
    /* A handler may change mepc, e.g. to step over an ecall. */
    ld t0, RT_FRAME_MEPC(sp)
    csrw mepc, t0
    ld x1, 1 * 8(sp)
    ld x3, 3 * 8(sp)
    ld x4, 4 * 8(sp)
    ld x5, 5 * 8(sp)
    ld x6, 6 * 8(sp)
    ld x7, 7 * 8(sp)
    ld x8, 8 * 8(sp)
    ld x9, 9 * 8(sp)
    ld x10, 10 * 8(sp)
    ld x11, 11 * 8(sp)
    ld x12, 12 * 8(sp)
    ld x13, 13 * 8(sp)
    ld x14, 14 * 8(sp)
    ld x15, 15 * 8(sp)
    ld x16, 16 * 8(sp)
    ld x17, 17 * 8(sp)
    ld x18, 18 * 8(sp)
    ld x19, 19 * 8(sp)
    ld x20, 20 * 8(sp)
    ld x21, 21 * 8(sp)
    ld x22, 22 * 8(sp)
    ld x23, 23 * 8(sp)
    ld x24, 24 * 8(sp)
    ld x25, 25 * 8(sp)
    ld x26, 26 * 8(sp)
    ld x27, 27 * 8(sp)
    ld x28, 28 * 8(sp)
    ld x29, 29 * 8(sp)
    ld x30, 30 * 8(sp)
    ld x31, 31 * 8(sp)
    addi sp, sp, RT_FRAME_SIZE
    mret
    .size rt_trap_entry, . - rt_trap_entry

/* HTIF mailboxes, found by the simulator through these two symbols. */
    .section .tohost, "aw", @progbits
    .align 12
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0
