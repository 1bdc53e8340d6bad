/* HTIF console and exit, and picolibc's stdio on top of them.
 *
 * Protocol (as on Spike and QEMU): the hart writes a command word to tohost;
 * the host takes it, sets tohost back to 0 and may leave an answer in
 * fromhost, which the hart clears.
 *   exit:     (code << 1) | 1
 *   putchar:  (1 << 56) | (1 << 48) | byte     (device 1, command 1) */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "loom_rt.h"

extern volatile uint64_t tohost, fromhost; /* crt0.S */

#define HTIF_CONSOLE_PUTCHAR ((1ull << 56) | (1ull << 48))

static void htif_send(uint64_t command)
{
    tohost = command;
    while (tohost != 0)
        ;
    fromhost = 0;
}

void rt_htif_putchar(int c)
{
    htif_send(HTIF_CONSOLE_PUTCHAR | (uint8_t)c);
}

void _exit(int status)
{
    for (;;)
        tohost = ((uint64_t)(uint32_t)status << 1) | 1;
}

static int htif_stdio_put(char c, FILE *file)
{
    (void)file;
    rt_htif_putchar((unsigned char)c);
    return (unsigned char)c;
}

/* Unbuffered: every byte reaches the console at once, even from a trap
 * handler or right before a crash. Reading is not supported (EOF). */
static FILE htif_stdio = FDEV_SETUP_STREAM(htif_stdio_put, NULL, NULL, _FDEV_SETUP_WRITE);

FILE *const stdin = &htif_stdio;
FILE *const stdout = &htif_stdio;
FILE *const stderr = &htif_stdio;
