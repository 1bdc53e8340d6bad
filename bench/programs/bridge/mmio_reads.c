/* 20000 MMIO reads of a remote register: each one a full round trip
 * through the bridge (its latency is in `loom run --stats`). */
#include <stdio.h>

#include "bridge_bench.h"

int main(void)
{
    uint64_t sum = 0;
    R64(DEV_SCRATCH) = 7;
    for (int i = 0; i < 20000; i++) sum += R64(DEV_SCRATCH);
    printf("mmio reads: sum %lu\n", (unsigned long)sum);
    return sum == 7 * 20000ul ? 0 : 1;
}
