/* The RTL benchmarks' firmware (bench/rtl.sh); MODE selects at build time:
 *   MODE_MMIO  20000 32-bit reads of the register at DEV + 8 (the RTL DMA
 *              engine's DST_LO, or loom,test-device's SCRATCH): each one a
 *              round trip through the bridge to the device's model;
 *   MODE_DMA   the RTL DMA engine copies 1 MiB 8 times (woken by its
 *              interrupt): its throughput, and the design busy;
 *   MODE_IDLE  50 M instructions of CPU work beside the idle engine. */
#include <stdint.h>
#include <stdio.h>

#include "loom_rt.h"

#define DEV 0x10001000ul
#define R32(offset) (*(volatile uint32_t *)(DEV + (offset)))
#define PLIC 0xc000000ul

#if defined(MODE_MMIO)
int main(void)
{
    uint32_t sum = 0;
    R32(8) = 7;
    for (int i = 0; i < 20000; i++) sum += R32(8);
    printf("rtl bench mmio: sum %u\n", (unsigned)sum);
    return sum == 7u * 20000u ? 0 : 1;
}
#elif defined(MODE_DMA)
#define BYTES (1u << 20)
static uint8_t from[BYTES] __attribute__((aligned(4096)));
static uint8_t to[BYTES] __attribute__((aligned(4096)));
static volatile unsigned completions;

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    volatile uint32_t *claim = (volatile uint32_t *)(PLIC + 0x200004);
    unsigned source;
    while ((source = *claim) != 0) {
        completions++;
        R32(0x18) = 2; /* clear done */
        (void)R32(0x18);
        *claim = source;
    }
}

int main(void)
{
    for (unsigned i = 0; i < BYTES; i += 64) from[i] = (uint8_t)(i >> 6);
    *(volatile uint32_t *)(PLIC + 4 * 3) = 1;
    *(volatile uint32_t *)(PLIC + 0x2000) |= 1u << 3;
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);
    for (unsigned round = 0; round < 8; round++) {
        R32(0x00) = (uint32_t)(uintptr_t)from;
        R32(0x04) = (uint32_t)((uintptr_t)from >> 32);
        R32(0x08) = (uint32_t)(uintptr_t)to;
        R32(0x0c) = (uint32_t)((uintptr_t)to >> 32);
        R32(0x10) = BYTES;
        R32(0x14) = 3; /* start, interrupt enable */
        while (completions <= round) rt_wait_for_interrupt();
    }
    for (unsigned i = 0; i < BYTES; i += 64)
        if (to[i] != from[i]) return 1;
    printf("rtl bench dma: %u MiB copied\n", 8u * (BYTES >> 20));
    return 0;
}
#else
int main(void)
{
    uint64_t x = 1;
    for (int i = 0; i < 10000000; i++) x = x * 6364136223846793005ull + 1442695040888963407ull;
    printf("rtl bench idle: %lu\n", (unsigned long)(x & 0xff));
    return 0;
}
#endif
