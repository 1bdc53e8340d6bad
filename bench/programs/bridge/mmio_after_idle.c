/* 200 MMIO reads of a remote register, each after about a million
 * instructions of computing (a millisecond of host time or more): the
 * device server has gone to sleep before every read, so each round trip
 * includes waking it (bench/shm.sh: "first access after idle"). */
#include <stdio.h>

#include "bridge_bench.h"

int main(void)
{
    uint64_t sum = 0, x = 1;
    R64(DEV_SCRATCH) = 7;
    for (int i = 0; i < 200; i++) {
        for (int j = 0; j < 300000; j++) x = x * 6364136223846793005ull + 1442695040888963407ull;
        sum += R64(DEV_SCRATCH);
    }
    printf("mmio reads after idle: sum %lu (x %lu)\n", (unsigned long)sum, (unsigned long)(x & 0xff));
    return sum == 7 * 200ul ? 0 : 1;
}
