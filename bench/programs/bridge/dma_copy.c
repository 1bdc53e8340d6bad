/* DMA throughput: the loom,test-device copies 4 MiB of RAM to RAM in jobs
 * of 4 KiB (its largest), each moved in 64-byte DMA transactions: every
 * byte goes to the device server and back, and every transaction is a
 * message on the link (bench/shm.sh). */
#include <stdio.h>
#include <string.h>

#include "bridge_bench.h"

#define DEV_DMA_SRC (DEV + 0x040)
#define DEV_DMA_DST (DEV + 0x048)
#define DEV_DMA_LEN (DEV + 0x050)
#define DEV_DMA_CTRL (DEV + 0x058)
#define DEV_DMA_STATUS (DEV + 0x060)
#define DMA_BUSY 1u
#define DMA_ERROR 4u

static uint8_t source[4096] __attribute__((aligned(64)));
static uint8_t destination[4096] __attribute__((aligned(64)));

int main(void)
{
    for (unsigned i = 0; i < sizeof source; i++) source[i] = (uint8_t)(i * 7 + (i >> 9));
    for (int job = 0; job < 1024; job++) {
        R64(DEV_DMA_SRC) = (uintptr_t)source;
        R64(DEV_DMA_DST) = (uintptr_t)destination;
        R64(DEV_DMA_LEN) = sizeof source;
        R32(DEV_DMA_CTRL) = 1;
        while (R32(DEV_DMA_STATUS) & DMA_BUSY) {
        }
        if (R32(DEV_DMA_STATUS) & DMA_ERROR) return 2;
    }
    const int same = memcmp(source, destination, sizeof source) == 0;
    printf("dma copy: 1024 jobs of %u bytes, %s\n", (unsigned)sizeof source, same ? "ok" : "DIFFERENT");
    return same ? 0 : 1;
}
