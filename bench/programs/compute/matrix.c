/* Integer matrix work as in CoreMark's matrix benchmark: multiply 16-bit
 * matrices into 32-bit results, then fold the products with shifts, masks
 * and a data-dependent branch. */
#include "kernels.h"

#define MATRIX_N 24

uint32_t matrix_kernel(uint32_t seed)
{
    static int16_t a[MATRIX_N][MATRIX_N], b[MATRIX_N][MATRIX_N];
    static int32_t c[MATRIX_N][MATRIX_N];
    uint32_t state = seed_state(seed, 0x6d617472u);

    for (int i = 0; i < MATRIX_N; i++)
        for (int j = 0; j < MATRIX_N; j++) {
            const uint32_t r = xorshift32(&state);
            a[i][j] = (int16_t)((int32_t)(r & 0xfff) - 0x800);
            b[i][j] = (int16_t)((int32_t)((r >> 12) & 0xfff) - 0x800);
        }

    for (int i = 0; i < MATRIX_N; i++)
        for (int j = 0; j < MATRIX_N; j++) {
            int32_t sum = 0;
            for (int k = 0; k < MATRIX_N; k++)
                sum += (int32_t)a[i][k] * b[k][j];
            c[i][j] = sum;
        }

    uint32_t digest = 0;
    int32_t positive_run = 0;
    for (int i = 0; i < MATRIX_N; i++)
        for (int j = 0; j < MATRIX_N; j++) {
            const int32_t v = c[i][j];
            if (v > 0) {
                positive_run++;
                digest += ((uint32_t)v >> 3) & 0x7ff;
            } else {
                digest ^= (uint32_t)positive_run << (j & 15);
                positive_run = 0;
            }
            digest = (digest << 1) | (digest >> 31);
        }
    return digest ^ (uint32_t)c[MATRIX_N / 2][MATRIX_N / 3];
}
