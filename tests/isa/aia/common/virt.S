/* The virt-board back end of the test runtime (QEMU `-M virt`, Loom's
 * platforms/virt-aia.yaml): console_putchar on the ns16550a UART and
 * test_exit through the sifive test device; tests/isa/common/print.S builds
 * the rest of the console on them. Also the helpers every AIA program uses
 * to change privilege and to open an interrupt window (aia.h).
 *
 * Like the HTIF back end, console_putchar and test_exit use no stack and
 * clobber only a0-a2. */
#include "aia.h"

    .text
/* void console_putchar(int c): waits for THR empty (LSR bit 5), then sends. */
    .globl console_putchar
console_putchar:
    li a1, UART_BASE
1:  lbu a2, UART_LSR(a1)
    andi a2, a2, UART_LSR_THRE
    beqz a2, 1b
    sb a0, UART_THR(a1)
    ret

/* void test_exit(int code): 0 = pass (exit status 0), else fail with that
 * exit status. Never returns. */
    .globl test_exit
test_exit:
    li a1, TEST_FINISHER_BASE
    li a2, TEST_FINISHER_PASS
    beqz a0, 1f
    slli a0, a0, 16
    li a2, TEST_FINISHER_FAIL
    or a2, a2, a0
1:  sw a2, 0(a1)
    j 1b

/* void enter_s_mode(void): returns to the caller in S-mode, with PMP
 * opened for S (stvec = strap_entry). */
    .globl enter_s_mode
enter_s_mode:
    PMP_ALLOW_ALL
    la t6, strap_entry
    csrw stvec, t6
    li t6, MSTATUS_MPP
    csrc mstatus, t6
    li t6, MSTATUS_MPP_S
    csrs mstatus, t6
    csrw mepc, ra
    mret

/* void return_to_m_mode(void): from S, an ecall that the M handler turns
 * into a return to the caller in M-mode (with MIE = 0). */
    .globl return_to_m_mode
return_to_m_mode:
    ARM_TRAP_TO_M 1f
    ecall
1:  ret

/* uint64_t irq_window_m(void): sets mstatus.MIE for one instruction.
 * Returns 0 if no interrupt was taken, the mcause of the one taken if it
 * was taken right after MIE was set (mepc at the next instruction), or
 * IRQ_WRONG_EPC | mcause if it was taken anywhere else. Back in M with
 * MIE = 0 either way. */
    .globl irq_window_m
irq_window_m:
    ARM_TRAP_TO_M 2f
    csrsi mstatus, MSTATUS_MIE
.Lwindow_m:
    csrci mstatus, MSTATUS_MIE
    sd zero, TI_RESUME(t5)
    sd zero, TI_TO_M(t5)
    li a0, 0
    ret
2:  la t5, trap_info
    ld a0, TI_CAUSE(t5)
    ld t6, TI_EPC(t5)
    la a1, .Lwindow_m
    beq t6, a1, 3f
    li a1, IRQ_WRONG_EPC
    or a0, a0, a1
3:  ret

/* uint64_t irq_window_s(void): the same in S-mode with sstatus.SIE, for
 * an interrupt taken in S (strap_entry); back in S with SIE = 0. An
 * interrupt that goes to M instead ends the test (unexpected trap). */
    .globl irq_window_s
irq_window_s:
    ARM_STRAP 2f
    li t6, 1
    sd t6, TI_TO_S(t5)
    csrsi sstatus, MSTATUS_SIE
.Lwindow_s:
    csrci sstatus, MSTATUS_SIE
    sd zero, TI_RESUME(t5)
    sd zero, TI_TO_S(t5)
    li a0, 0
    ret
2:  la t5, strap_info
    ld a0, TI_CAUSE(t5)
    ld t6, TI_EPC(t5)
    la a1, .Lwindow_s
    beq t6, a1, 3f
    li a1, IRQ_WRONG_EPC
    or a0, a0, a1
3:  ret
