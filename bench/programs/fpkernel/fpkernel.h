/* fpkernel: shared declarations of the floating-point benchmark.
 *
 * Only +, -, *, /, sqrt, fabs and conversions are used: IEEE 754 defines
 * their results exactly, so with -ffp-contract=off (no fused multiply-add
 * the source does not ask for) RV64 and x86-64 compute bit-identical
 * values, and the native build checks the expected digests. Inputs avoid
 * NaNs, infinities and out-of-range conversions, where the two
 * architectures legitimately differ. */
#ifndef LOOM_BENCH_FPKERNEL_H
#define LOOM_BENCH_FPKERNEL_H

#include <stdint.h>
#include <string.h>

struct fp_result {
    double value;    /* a representative number, printed */
    uint64_t digest; /* folds the bits of every result of the kernel */
};

struct fp_result nbody_kernel(uint32_t round);      /* nbody.c, double */
struct fp_result lu_kernel(uint32_t round);         /* linalg.c, double */
struct fp_result power_kernel(uint32_t round);      /* linalg.c, float */
struct fp_result sor_kernel(uint32_t round);        /* stencil.c, double */
struct fp_result polynomial_kernel(uint32_t round); /* stencil.c, double and float */

static inline uint64_t double_bits(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

static inline uint64_t float_bits(float x)
{
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

/* Order-dependent fold of 64-bit words. */
static inline uint64_t fold64(uint64_t digest, uint64_t word)
{
    digest = (digest ^ word) * 0x8d3f6a2b91c4e5a7ull;
    return digest ^ (digest >> 29);
}

/* Deterministic inputs: a 32-bit LCG; rng_unit gives a double in [0, 1). */
static inline uint32_t rng_next(uint32_t *state)
{
    *state = *state * 0x2c9277b5u + 0xac564b05u;
    return *state ^ (*state >> 15);
}

static inline double rng_unit(uint32_t *state)
{
    return (double)(rng_next(state) >> 8) / 16777216.0;
}

#endif
