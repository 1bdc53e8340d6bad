/* compute: the CPU-bound workload of Loom's interpreter benchmark
 * (bench/interp_vs_qemu.sh), a mix in the spirit of CoreMark: linked lists,
 * integer matrices, a state machine, hashing and double-precision maths.
 *
 * Each iteration runs every kernel with a seed taken from the checksum so
 * far and folds the results into it with CRC-32, so that any wrong result
 * anywhere changes the final checksum. The program prints the checksum and
 * a digest per kernel, and exits 1 if the checksum differs from the one
 * expected (the same on every correct RV64GC implementation and, built
 * natively with -ffp-contract=off, on the host). */
#include <stdio.h>

#include "kernels.h"

#define ITERATIONS 1600
#define EXPECTED_CHECKSUM 0x7e415f02u

enum { KERNEL_LIST, KERNEL_MATRIX, KERNEL_STATE_MACHINE, KERNEL_HASH, KERNEL_FLOAT, KERNELS };

static const char *const kernel_names[KERNELS] = {"list", "matrix", "state", "hash", "float"};

int main(void)
{
    crc32_init();

    uint32_t checksum = 0;
    uint32_t kernel_digests[KERNELS] = {0};
    for (uint32_t iteration = 0; iteration < ITERATIONS; iteration++) {
        const uint32_t seed = checksum ^ iteration;
        uint32_t results[KERNELS];
        results[KERNEL_LIST] = list_kernel(seed);
        results[KERNEL_MATRIX] = matrix_kernel(seed);
        results[KERNEL_STATE_MACHINE] = state_machine_kernel(seed);
        results[KERNEL_HASH] = hash_kernel(seed);
        results[KERNEL_FLOAT] = float_kernel(seed);
        for (int k = 0; k < KERNELS; k++)
            kernel_digests[k] = crc32_update(kernel_digests[k], &results[k], sizeof results[k]);
        checksum = crc32_update(checksum, results, sizeof results);
    }

    printf("compute: %d iterations\n", ITERATIONS);
    for (int k = 0; k < KERNELS; k++)
        printf("  %-6s 0x%08lx\n", kernel_names[k], (unsigned long)kernel_digests[k]);
    if (checksum != EXPECTED_CHECKSUM) {
        printf("checksum 0x%08lx: WRONG, expected 0x%08lx\n", (unsigned long)checksum,
               (unsigned long)EXPECTED_CHECKSUM);
        return 1;
    }
    printf("checksum 0x%08lx: ok\n", (unsigned long)checksum);
    return 0;
}
