/* The console of every test program, whatever the board: strings, hex and
 * decimal numbers, and the failure reporters used by the checks. They are
 * built on the back end's console_putchar and test_exit (htif.S for the ISA
 * suite, tests/isa/aia/common/virt.S for QEMU's virt board).
 *
 * None of these functions touches the stack; they clobber ra and a0-a6
 * (a back end's console_putchar may use only a0-a2). */
#include "isa_test.h"

    .text
/* void console_puts(const char *s): prints s without adding a newline. */
    .globl console_puts
console_puts:
    mv a4, ra
    mv a3, a0
1:  lbu a0, 0(a3)
    beqz a0, 2f
    call console_putchar
    addi a3, a3, 1
    j 1b
2:  mv ra, a4
    ret

/* void console_puthex(uint64_t v): prints "0x" and 16 hex digits. */
    .globl console_puthex
console_puthex:
    mv a4, ra
    mv a3, a0
    li a0, '0'
    call console_putchar
    li a0, 'x'
    call console_putchar
    li a5, 60
1:  srl a0, a3, a5
    andi a0, a0, 0xf
    addi a0, a0, '0'
    li a1, '9'
    ble a0, a1, 2f
    addi a0, a0, 'a' - '0' - 10
2:  call console_putchar
    addi a5, a5, -4
    bgez a5, 1b
    mv ra, a4
    ret

/* void console_putdec(uint64_t v) for v < 10^6 (enough for check ids and
 * counts); uses repeated subtraction so that it does not rely on the M
 * extension under test. */
    .globl console_putdec
console_putdec:
    mv a4, ra
    mv a3, a0
    la a5, powers_of_ten
    li a6, 0                 /* non-zero once a digit was printed */
1:  ld a2, 0(a5)
    beqz a2, 4f
    addi a5, a5, 8
    li a0, 0
2:  bltu a3, a2, 3f
    sub a3, a3, a2
    addi a0, a0, 1
    j 2b
3:  or a6, a6, a0
    beqz a6, 1b              /* leading zero */
    addi a0, a0, '0'
    call console_putchar
    j 1b
4:  addi a0, a3, '0'         /* the units digit is always printed */
    call console_putchar
    mv ra, a4
    ret

/* check_failed(id, actual, expected): report a failed check and exit(id). */
    .globl check_failed
check_failed:
    mv t0, a0
    mv t1, a1
    mv t2, a2
    la a0, msg_fail
    call console_puts
    mv a0, t0
    call console_putdec
    la a0, msg_got
    call console_puts
    mv a0, t1
    call console_puthex
    la a0, msg_expected
    call console_puts
    mv a0, t2
    call console_puthex
    li a0, '\n'
    call console_putchar
    mv a0, t0
    j test_exit

/* expected_trap_missing(id, cause): an instruction that had to trap did not. */
    .globl expected_trap_missing
expected_trap_missing:
    mv t0, a0
    mv t1, a1
    la a0, msg_fail
    call console_puts
    mv a0, t0
    call console_putdec
    la a0, msg_no_trap
    call console_puts
    mv a0, t1
    call console_putdec
    la a0, msg_no_trap_end
    call console_puts
    mv a0, t0
    j test_exit

    .section .rodata
    .align 3
powers_of_ten:   .dword 100000, 10000, 1000, 100, 10, 0
msg_fail:        .asciz "FAIL check "
msg_got:         .asciz ": got "
msg_expected:    .asciz ", expected "
msg_no_trap:     .asciz ": expected a trap with cause "
msg_no_trap_end: .asciz ", none happened\n"
