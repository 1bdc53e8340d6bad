/* The HTIF back end of the test runtime: console_putchar and test_exit
 * through the tohost/fromhost mailboxes (Spike, QEMU's spike machine, Loom's
 * bare platform). print.S builds the rest of the console on them.
 *
 * tohost protocol (as on Spike and QEMU): the hart writes a command word,
 * the host clears tohost to 0 once it has taken it and writes its answer to
 * fromhost, which the hart then clears.
 *   exit:     (code << 1) | 1
 *   putchar:  (1 << 56) | (1 << 48) | byte
 * Neither function touches the stack; they clobber only a0-a2. */
#include "isa_test.h"

#define HTIF_CONSOLE_PUTC ((1 << 56) | (1 << 48))

    .text
/* Send a0 to the host and wait for the acknowledgement; clobbers a1, a2. */
    .align 2
htif_send:
    la a1, tohost
    sd a0, 0(a1)
1:  ld a2, 0(a1)
    bnez a2, 1b
    la a1, fromhost
    sd zero, 0(a1)
    ret

/* void console_putchar(int c) */
    .globl console_putchar
console_putchar:
    andi a0, a0, 0xff
    li a1, HTIF_CONSOLE_PUTC
    or a0, a0, a1
    j htif_send

/* void test_exit(int code): never returns. */
    .globl test_exit
test_exit:
    slli a0, a0, 1
    ori a0, a0, 1
    la a1, tohost
1:  sd a0, 0(a1)
    j 1b

/* HTIF mailboxes, found by the simulator through these two symbols. */
    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .align 3
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0
