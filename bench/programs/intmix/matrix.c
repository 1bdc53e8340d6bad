/* Integer matrices of several sizes (odd and even, so that no single loop
 * shape or unrolling dominates): 16-bit inputs multiplied into 32-bit
 * products, a scaled add, a transposed product, a matrix-vector product
 * with 64-bit sums, and a fold that extracts bit fields with branches on
 * sign and magnitude. Inputs stay within +-2^10 so nothing overflows. */
#include "intmix.h"

#define MAX_N 32

static int16_t a[MAX_N][MAX_N], b[MAX_N][MAX_N];
static int32_t c[MAX_N][MAX_N], d[MAX_N][MAX_N];
static int32_t vector[MAX_N];
static int64_t product[MAX_N];

static void fill(uint32_t n, uint32_t *state)
{
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            const uint32_t r = rng_next(state);
            a[i][j] = (int16_t)((int32_t)(r & 0x7ff) - 1024);
            b[i][j] = (int16_t)((int32_t)((r >> 11) & 0x7ff) - 1024);
        }
        vector[i] = (int32_t)(rng_next(state) & 0xffff) - 32768;
    }
}

/* c = a * b */
static void multiply(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < n; j++) {
            int32_t sum = 0;
            for (uint32_t k = 0; k < n; k++)
                sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }
}

/* d = a^T * b + scale * c, row by row (the inner loop walks rows of both
 * inputs, unlike multiply's column walk). */
static void transposed_multiply_add(uint32_t n, int32_t scale)
{
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < n; j++)
            d[i][j] = scale * (c[i][j] >> 8);
    for (uint32_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < n; i++) {
            const int32_t aki = a[k][i];
            for (uint32_t j = 0; j < n; j++)
                d[i][j] += aki * b[k][j];
        }
}

static void multiply_vector(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        int64_t sum = 0;
        for (uint32_t j = 0; j < n; j++)
            sum += (int64_t)d[i][j] * vector[j];
        product[i] = sum;
    }
}

/* Bit-field extraction with data-dependent branches. */
static uint32_t fold(uint32_t n, uint32_t shift)
{
    uint32_t h = n;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            const int32_t v = c[i][j];
            uint32_t field = ((uint32_t)v >> shift) & 0x3fu;
            if (v < 0)
                field = ~field & 0x3fu;
            else if (v > 0x40000)
                field += 7;
            h = h * 0x2f0b3a49u ^ field;
        }
        h += (uint32_t)product[i] ^ (uint32_t)((uint64_t)product[i] >> 32);
    }
    return h;
}

uint32_t matrix_kernel(uint32_t seed)
{
    static const uint8_t sizes[] = {5, 11, 17, 24};
    uint32_t state = mix32(seed ^ 0x6d617472u);
    uint32_t digest = 0;
    for (uint32_t s = 0; s < sizeof sizes; s++) {
        const uint32_t n = sizes[s];
        fill(n, &state);
        multiply(n);
        transposed_multiply_add(n, (int32_t)(rng_next(&state) % 9) - 4);
        multiply_vector(n);
        digest = (digest << 3 | digest >> 29) ^ fold(n, 3 + s * 3);
    }
    return digest;
}
