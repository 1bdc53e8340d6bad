/* Start-up code and default trap handlers of every ISA test program.
 *
 * _start sets up a stack, points mtvec at trap_entry, turns the FPU on
 * (mstatus.FS = Initial), clears .bss and calls main(); main's return value
 * is the exit code (test_exit). Tests written in assembly define main as a
 * label and usually finish with TEST_PASS instead of returning.
 *
 * Only hart 0 runs main. Every other hart gets the same mtvec and goes to
 * secondary_start with no stack; the default one parks it in WFI, and a
 * multi-hart program defines its own (before hart 0 has cleared .bss, so
 * it must not rely on .bss yet).
 *
 * trap_entry / strap_entry: see TI_* in isa_test.h. */
#include "isa_test.h"

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la t0, trap_entry
    csrw mtvec, t0
    csrr t0, mhartid
    bnez t0, secondary_start
    la sp, __stack_top
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, MSTATUS_FS_INITIAL
    csrs mstatus, t0
    csrwi fcsr, 0
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call main
    j test_exit

    .weak secondary_start
secondary_start:
1:  wfi
    j 1b

    .text
/* M-mode handler. Only t0 (kept in mscratch) and t1 (kept in trap_info) are
 * used, so an armed trap preserves every other register; mscratch is
 * clobbered. */
    .align 2
    .globl trap_entry
trap_entry:
    csrw mscratch, t0
    la t0, trap_info
    sd t1, TI_SAVE(t0)
    ld t1, TI_RESUME(t0)
    beqz t1, unexpected_m_trap
    sd t1, TI_SAVE + 8(t0)
    sd zero, TI_RESUME(t0)
    csrr t1, mcause
    sd t1, TI_CAUSE(t0)
    csrr t1, mepc
    sd t1, TI_EPC(t0)
    csrr t1, mtval
    sd t1, TI_TVAL(t0)
    csrr t1, mstatus
    srli t1, t1, 11
    andi t1, t1, 3
    sd t1, TI_PRIV(t0)
    ld t1, TI_COUNT(t0)
    addi t1, t1, 1
    sd t1, TI_COUNT(t0)
    ld t1, TI_TO_M(t0)
    beqz t1, 1f
    sd zero, TI_TO_M(t0)
    li t1, MSTATUS_MPP              /* resume in M, with MIE = 0 */
    csrs mstatus, t1
    li t1, MSTATUS_MPIE
    csrc mstatus, t1
1:  ld t1, TI_SAVE + 8(t0)
    csrw mepc, t1
    ld t1, TI_SAVE(t0)
    csrr t0, mscratch
    mret

unexpected_m_trap:
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    la a0, msg_m_trap
    call console_puts
    csrr a0, mcause
    call console_puthex
    la a0, msg_epc
    call console_puts
    csrr a0, mepc
    call console_puthex
    la a0, msg_tval
    call console_puts
    csrr a0, mtval
    call console_puthex
    li a0, '\n'
    call console_putchar
    li a0, EXIT_UNEXPECTED_M_TRAP
    j test_exit

/* S-mode handler, same contract with sscratch and strap_info. */
    .align 2
    .globl strap_entry
strap_entry:
    csrw sscratch, t0
    la t0, strap_info
    sd t1, TI_SAVE(t0)
    ld t1, TI_RESUME(t0)
    beqz t1, unexpected_s_trap
    sd t1, TI_SAVE + 8(t0)
    sd zero, TI_RESUME(t0)
    csrr t1, scause
    sd t1, TI_CAUSE(t0)
    csrr t1, sepc
    sd t1, TI_EPC(t0)
    csrr t1, stval
    sd t1, TI_TVAL(t0)
    csrr t1, sstatus
    srli t1, t1, 8
    andi t1, t1, 1
    sd t1, TI_PRIV(t0)
    ld t1, TI_COUNT(t0)
    addi t1, t1, 1
    sd t1, TI_COUNT(t0)
    ld t1, TI_TO_S(t0)
    beqz t1, 1f
    sd zero, TI_TO_S(t0)
    li t1, MSTATUS_SPP              /* resume in S, with SIE = 0 */
    csrs sstatus, t1
    li t1, MSTATUS_SPIE
    csrc sstatus, t1
1:  ld t1, TI_SAVE + 8(t0)
    csrw sepc, t1
    ld t1, TI_SAVE(t0)
    csrr t0, sscratch
    sret

unexpected_s_trap:
    la a0, msg_s_trap
    call console_puts
    csrr a0, scause
    call console_puthex
    la a0, msg_epc
    call console_puts
    csrr a0, sepc
    call console_puthex
    la a0, msg_tval
    call console_puts
    csrr a0, stval
    call console_puthex
    li a0, '\n'
    call console_putchar
    li a0, EXIT_UNEXPECTED_S_TRAP
    j test_exit

    .section .rodata
msg_m_trap: .asciz "unexpected trap: mcause="
msg_s_trap: .asciz "unexpected S-mode trap: scause="
msg_epc:    .asciz " epc="
msg_tval:   .asciz " tval="

    .data
    .align 3
    .globl trap_info, strap_info
trap_info:  .zero TI_SIZE
strap_info: .zero TI_SIZE
