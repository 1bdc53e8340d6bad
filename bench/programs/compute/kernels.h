/* The five kernels of the compute benchmark. Each takes a seed (derived
 * from the checksum so far, so no iteration can be skipped or hoisted) and
 * returns a 32-bit digest of its results. Plain portable C: the program
 * also builds natively (see bench/README.md), which gives an independent
 * check of the expected checksum. */
#ifndef LOOM_BENCH_COMPUTE_KERNELS_H
#define LOOM_BENCH_COMPUTE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32), table-driven. */
void crc32_init(void);
uint32_t crc32_update(uint32_t crc, const void *data, size_t length);

uint32_t list_kernel(uint32_t seed);          /* linked-list build, sort, search, reverse */
uint32_t matrix_kernel(uint32_t seed);        /* 16-bit integer matrix multiply */
uint32_t state_machine_kernel(uint32_t seed); /* number-token scanner */
uint32_t hash_kernel(uint32_t seed);          /* CRC-32 and FNV-1a over a generated buffer */
uint32_t float_kernel(uint32_t seed);         /* Mandelbrot and an n-body step, double */

/* xorshift32: the kernels' deterministic data source. */
static inline uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* A non-zero xorshift state from any seed. */
static inline uint32_t seed_state(uint32_t seed, uint32_t salt)
{
    uint32_t x = (seed ^ salt) * 2654435761u;
    return x ? x : 0x9e3779b9u;
}

#endif
