/* intmix: the integer-mix guest program of bench/jit_vs_qemu.sh, a
 * CoreMark-class workload written for Loom: linked lists, integer matrices
 * of several sizes, a text-scanning state machine, CRC-16/CRC-32C and a
 * hash table, and a switch-dispatched bytecode interpreter.
 *
 * Each iteration seeds every kernel from the checksum so far, so no
 * iteration can be skipped or hoisted, and folds the five digests into the
 * checksum with CRC-32C. Prints a digest per kernel and the checksum; exits
 * 1 if the checksum is not the expected one. The same file builds natively
 * (build/bench/native/intmix), which must print exactly the same. */
#include <stdio.h>

#include "intmix.h"

#define ITERATIONS 1050
#define EXPECTED_CHECKSUM 0x270d70a6u

typedef uint32_t (*kernel_fn)(uint32_t seed);

static const struct {
    const char *name;
    kernel_fn run;
} kernels[] = {
    {"list", list_kernel},     {"matrix", matrix_kernel},     {"scan", scan_kernel},
    {"crc", crc_kernel},       {"bytecode", bytecode_kernel},
};
#define KERNELS (sizeof kernels / sizeof kernels[0])

int main(void)
{
    uint32_t checksum = 0, digests[KERNELS] = {0};
    for (uint32_t iteration = 0; iteration < ITERATIONS; iteration++) {
        uint32_t results[KERNELS];
        for (uint32_t k = 0; k < KERNELS; k++) {
            results[k] = kernels[k].run(checksum + iteration * 0x10001u + k);
            digests[k] = crc32c(digests[k], (const uint8_t *)&results[k], sizeof results[k]);
        }
        checksum = crc32c(checksum, (const uint8_t *)results, sizeof results);
    }

    printf("intmix: %u iterations\n", (unsigned)ITERATIONS);
    for (uint32_t k = 0; k < KERNELS; k++)
        printf("  %-9s 0x%08lx\n", kernels[k].name, (unsigned long)digests[k]);
    if (checksum != EXPECTED_CHECKSUM) {
        printf("checksum 0x%08lx: WRONG, expected 0x%08lx\n", (unsigned long)checksum,
               (unsigned long)EXPECTED_CHECKSUM);
        return 1;
    }
    printf("checksum 0x%08lx: ok\n", (unsigned long)checksum);
    return 0;
}
