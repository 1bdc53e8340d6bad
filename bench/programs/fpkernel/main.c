/* fpkernel: the floating-point guest program of bench/jit_vs_qemu.sh:
 * n-body (double), LU solve (double), power iteration (float), SOR stencil
 * (double) and polynomial/rational evaluation (double and float).
 *
 * Built with -ffp-contract=off, so results are those of the C source on any
 * IEEE 754 machine: the native build (build/bench/native/fpkernel) prints
 * exactly the same. Each kernel runs ROUNDS times with different inputs;
 * the program prints each kernel's last representative value and digest,
 * and exits 1 if the combined checksum is not the expected one. */
#include <stdio.h>

#include "fpkernel.h"

#define ROUNDS 1000
#define EXPECTED_CHECKSUM 0x6cc904b87da14297ull

static const struct {
    const char *name;
    struct fp_result (*run)(uint32_t round);
} kernels[] = {
    {"nbody", nbody_kernel}, {"lu", lu_kernel}, {"power", power_kernel},
    {"sor", sor_kernel},     {"polynomial", polynomial_kernel},
};
#define KERNELS (sizeof kernels / sizeof kernels[0])

int main(void)
{
    uint64_t checksum = 0, digests[KERNELS] = {0};
    double last[KERNELS] = {0};
    for (uint32_t round = 0; round < ROUNDS; round++)
        for (uint32_t k = 0; k < KERNELS; k++) {
            const struct fp_result r = kernels[k].run(round);
            digests[k] = fold64(digests[k], r.digest);
            last[k] = r.value;
        }

    printf("fpkernel: %u rounds\n", (unsigned)ROUNDS);
    for (uint32_t k = 0; k < KERNELS; k++) {
        /* The value in decimal for people, its bits for an exact record. */
        printf("  %-10s %+.9e  bits 0x%016llx  digest 0x%016llx\n", kernels[k].name, last[k],
               (unsigned long long)double_bits(last[k]), (unsigned long long)digests[k]);
        checksum = fold64(checksum, digests[k]);
    }
    if (checksum != EXPECTED_CHECKSUM) {
        printf("checksum 0x%016llx: WRONG, expected 0x%016llx\n", (unsigned long long)checksum,
               (unsigned long long)EXPECTED_CHECKSUM);
        return 1;
    }
    printf("checksum 0x%016llx: ok\n", (unsigned long long)checksum);
    return 0;
}
