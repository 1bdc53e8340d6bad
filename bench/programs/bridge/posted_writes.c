/* 200000 posted MMIO writes to a remote register, then one read that
 * flushes them: the write throughput of the bridge. */
#include <stdio.h>

#include "bridge_bench.h"

int main(void)
{
    for (uint64_t i = 1; i <= 200000; i++) R64(DEV_SCRATCH) = i;
    const uint64_t last = R64(DEV_SCRATCH);
    printf("posted writes: last %lu\n", (unsigned long)last);
    return last == 200000 ? 0 : 1;
}
