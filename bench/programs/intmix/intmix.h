/* intmix: shared declarations of the integer-mix benchmark's kernels.
 *
 * Every kernel takes a 32-bit seed and returns a 32-bit digest of what it
 * computed. Only values ever enter a digest, never addresses, and all
 * arithmetic that may wrap is unsigned: the same C source gives the same
 * digests on RV64 (picolibc) and natively on x86-64 (glibc), which is how
 * the expected checksum is checked independently of any simulator. */
#ifndef LOOM_BENCH_INTMIX_H
#define LOOM_BENCH_INTMIX_H

#include <stddef.h>
#include <stdint.h>

uint32_t list_kernel(uint32_t seed);    /* list.c: find, merge sort, reverse, splice */
uint32_t matrix_kernel(uint32_t seed);  /* matrix.c: int matrices of several sizes */
uint32_t scan_kernel(uint32_t seed);    /* scan.c: state machine over generated text */
uint32_t crc_kernel(uint32_t seed);     /* crc.c: CRC-16, CRC-32C, open-addressing hash */
uint32_t bytecode_kernel(uint32_t seed); /* bytecode.c: switch-dispatched stack machine */

uint16_t crc16_ccitt(uint16_t crc, const uint8_t *data, size_t length);
uint32_t crc32c(uint32_t crc, const uint8_t *data, size_t length);

/* The kernels' data source: a 32-bit LCG (multiplier 1 mod 4 and an odd
 * increment give the full period) whose output is scrambled, because the
 * low bits of a bare LCG cycle with short periods. */
static inline uint32_t rng_next(uint32_t *state)
{
    *state = *state * 0x2c9277b5u + 0xac564b05u;
    uint32_t x = *state;
    x ^= x >> 16;
    x *= 0x3a8f05c5u;
    return x ^ (x >> 13);
}

/* Spreads a seed so that neighbouring seeds give unrelated streams. */
static inline uint32_t mix32(uint32_t x)
{
    x ^= x >> 17;
    x *= 0x4f1bbcddu;
    x ^= x >> 11;
    x *= 0x2d51f3a7u;
    return x ^ (x >> 15);
}

#endif
