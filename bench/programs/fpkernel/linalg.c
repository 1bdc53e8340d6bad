/* Dense linear algebra. LU decomposition with partial pivoting of a random
 * diagonally dominated matrix in double, a solve for a known right-hand
 * side, and the residual norm; then a power iteration in single precision
 * (float matrix-vector products, a sqrtf and divisions per round) that
 * iterates towards the dominant eigenvalue. */
#include <math.h>

#include "fpkernel.h"

#define LU_N 32
#define POWER_N 48
#define POWER_ROUNDS 16

static double a[LU_N][LU_N], lu[LU_N][LU_N], x[LU_N], b[LU_N], y[LU_N];
static int pivot[LU_N];
static float m[POWER_N][POWER_N], v[POWER_N], w[POWER_N];

/* In-place Doolittle decomposition of lu with row pivoting. */
static void decompose(void)
{
    for (int i = 0; i < LU_N; i++)
        pivot[i] = i;
    for (int k = 0; k < LU_N; k++) {
        int best = k;
        for (int i = k + 1; i < LU_N; i++)
            if (fabs(lu[i][k]) > fabs(lu[best][k]))
                best = i;
        if (best != k) {
            for (int j = 0; j < LU_N; j++) {
                const double t = lu[k][j];
                lu[k][j] = lu[best][j];
                lu[best][j] = t;
            }
            const int t = pivot[k];
            pivot[k] = pivot[best];
            pivot[best] = t;
        }
        for (int i = k + 1; i < LU_N; i++) {
            const double factor = lu[i][k] / lu[k][k];
            lu[i][k] = factor;
            for (int j = k + 1; j < LU_N; j++)
                lu[i][j] -= factor * lu[k][j];
        }
    }
}

static void solve(void)
{
    for (int i = 0; i < LU_N; i++) {
        double sum = b[pivot[i]];
        for (int j = 0; j < i; j++)
            sum -= lu[i][j] * y[j];
        y[i] = sum;
    }
    for (int i = LU_N - 1; i >= 0; i--) {
        double sum = y[i];
        for (int j = i + 1; j < LU_N; j++)
            sum -= lu[i][j] * x[j];
        x[i] = sum / lu[i][i];
    }
}

struct fp_result lu_kernel(uint32_t round)
{
    uint32_t state = 0x6c75u + round * 7919u;
    for (int i = 0; i < LU_N; i++) {
        for (int j = 0; j < LU_N; j++)
            a[i][j] = lu[i][j] = 2.0 * rng_unit(&state) - 1.0 + (i == j ? 4.0 : 0.0);
        b[i] = (double)(i % 5) - 2.0 + rng_unit(&state);
    }
    decompose();
    solve();
    double residual = 0.0;
    uint64_t digest = 0;
    for (int i = 0; i < LU_N; i++) {
        double r = b[i];
        for (int j = 0; j < LU_N; j++)
            r -= a[i][j] * x[j];
        residual += r * r;
        digest = fold64(digest, double_bits(x[i]) ^ (uint64_t)pivot[i]);
    }
    residual = sqrt(residual);
    return (struct fp_result){residual, fold64(digest, double_bits(residual))};
}

struct fp_result power_kernel(uint32_t round)
{
    uint32_t state = 0x706f77u ^ round * 104729u;
    /* Symmetric, so the dominant eigenvalue is real. */
    for (int i = 0; i < POWER_N; i++) {
        for (int j = 0; j <= i; j++)
            m[i][j] = m[j][i] = (float)rng_unit(&state) - 0.25f;
        v[i] = 1.0f;
    }
    float lambda = 0.0f;
    uint64_t digest = 0;
    for (int r = 0; r < POWER_ROUNDS; r++) {
        float norm2 = 0.0f;
        for (int i = 0; i < POWER_N; i++) {
            float sum = 0.0f;
            for (int j = 0; j < POWER_N; j++)
                sum += m[i][j] * v[j];
            w[i] = sum;
            norm2 += sum * sum;
        }
        const float norm = sqrtf(norm2);
        for (int i = 0; i < POWER_N; i++)
            v[i] = w[i] / norm;
        lambda = norm;
        digest = fold64(digest, float_bits(lambda) << 32 | float_bits(v[r]));
    }
    return (struct fp_result){(double)lambda, digest};
}
