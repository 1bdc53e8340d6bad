/* memkernel: the memory-bound guest program of bench/jit_vs_qemu.sh. It
 * runs ROUNDS rounds of: STREAM copy/scale/add/triad over three 8 MiB
 * arrays, a 16 MiB random pointer chase, 8/16/32/64-bit record accesses,
 * bulk memset/memcpy/memmove, and misaligned (page-crossing) accesses over
 * a 16 MiB buffer (see memkernel.h). Prints a digest per phase and exits 1
 * if the checksum is not the expected one; the native build
 * (build/bench/native/memkernel) prints exactly the same. */
#include <stdio.h>

#include "memkernel.h"

#define ROUNDS 10
#define CHASE_STEPS (3u << 20)
#define EXPECTED_CHECKSUM 0x8b9af241092cb97bull

enum { STREAM, CHASE, MIXED, BULK, MISALIGNED, PHASES };
static const char *const phase_names[PHASES] = {"stream", "chase", "mixed", "bulk", "misaligned"};

int main(void)
{
    stream_init(0x73747265u);
    chase_init(0x63686173u);
    uint64_t digests[PHASES] = {0}, checksum = 0;
    for (uint32_t round = 0; round < ROUNDS; round++) {
        const uint64_t results[PHASES] = {
            [STREAM] = stream_round(3u + 2u * round),
            [CHASE] = chase_round(CHASE_STEPS),
            [MIXED] = mixed_round(round),
            [BULK] = bulk_round(round),
            [MISALIGNED] = misaligned_round(round),
        };
        for (int k = 0; k < PHASES; k++) {
            digests[k] = fold64(digests[k], results[k]);
            checksum = fold64(checksum, results[k]);
        }
    }

    printf("memkernel: %u rounds over %u MiB\n", (unsigned)ROUNDS,
           (unsigned)((3u * STREAM_WORDS * 8u + CHASE_ENTRIES * 4u + BYTE_BUFFER_BYTES) >> 20));
    for (int k = 0; k < PHASES; k++)
        printf("  %-10s 0x%016llx\n", phase_names[k], (unsigned long long)digests[k]);
    if (checksum != EXPECTED_CHECKSUM) {
        printf("checksum 0x%016llx: WRONG, expected 0x%016llx\n", (unsigned long long)checksum,
               (unsigned long long)EXPECTED_CHECKSUM);
        return 1;
    }
    printf("checksum 0x%016llx: ok\n", (unsigned long long)checksum);
    return 0;
}
