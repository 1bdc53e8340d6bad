/* Successive over-relaxation of Laplace's equation on a grid (a 5-point
 * stencil in double, in place: every update depends on the one before),
 * and polynomial evaluation: Horner's rule in double, a rational function
 * in float with a division per point, and int <-> floating conversions. */
#include <math.h>

#include "fpkernel.h"

#define GRID 40
#define SWEEPS 8
#define OMEGA 1.375
#define POINTS 2048
#define DEGREE 11

static double grid[GRID][GRID];

struct fp_result sor_kernel(uint32_t round)
{
    uint32_t state = 0x736f72u + round;
    for (int i = 0; i < GRID; i++)
        for (int j = 0; j < GRID; j++)
            grid[i][j] = (i == 0 || j == 0 || i == GRID - 1 || j == GRID - 1) ? 100.0 * rng_unit(&state) : 0.0;
    double change = 0.0;
    for (int s = 0; s < SWEEPS; s++) {
        change = 0.0;
        for (int i = 1; i < GRID - 1; i++)
            for (int j = 1; j < GRID - 1; j++) {
                const double average = 0.25 * (grid[i - 1][j] + grid[i + 1][j] + grid[i][j - 1] + grid[i][j + 1]);
                const double delta = OMEGA * (average - grid[i][j]);
                grid[i][j] += delta;
                change += fabs(delta);
            }
    }
    uint64_t digest = double_bits(change);
    for (int i = 1; i < GRID - 1; i += 3)
        digest = fold64(digest, double_bits(grid[i][GRID / 2]) ^ double_bits(grid[GRID / 2][i]));
    return (struct fp_result){grid[GRID / 2][GRID / 2], digest};
}

struct fp_result polynomial_kernel(uint32_t round)
{
    uint32_t state = 0x706f6cu ^ round;
    double coefficients[DEGREE + 1];
    for (int k = 0; k <= DEGREE; k++)
        coefficients[k] = (rng_unit(&state) - 0.5) / (double)(k + 1);
    const float p0 = (float)rng_unit(&state), q1 = 0.5f + (float)rng_unit(&state);

    double sum = 0.0;
    float ratio_sum = 0.0f;
    int64_t quantized = 0;
    for (int i = 0; i < POINTS; i++) {
        const double t = (double)(i - POINTS / 2) / (double)(POINTS / 2); /* [-1, 1) */
        double p = coefficients[DEGREE];
        for (int k = DEGREE - 1; k >= 0; k--)
            p = p * t + coefficients[k];
        sum += p;
        /* (p0 + t) / (1 + q1 t^2): never divides by zero or overflows. */
        const float tf = (float)t;
        const float r = (p0 + tf) / (1.0f + q1 * tf * tf);
        ratio_sum += r;
        quantized += (int64_t)(p * 1048576.0) + (int32_t)(r * 4096.0f);
    }
    const uint64_t digest = fold64(fold64(double_bits(sum), float_bits(ratio_sum)), (uint64_t)quantized);
    return (struct fp_result){sum, digest};
}
