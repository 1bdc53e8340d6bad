/* A CPU-bound loop (integer hashing over a 64 KiB table, about 60 million
 * instructions). Built twice: plain, and with TICKS_1KHZ, where a remote
 * device interrupts it 1000 times per simulated second and the handler
 * acknowledges each interrupt through the bridge. */
#include <stdio.h>

#include "bridge_bench.h"

static uint32_t table[16384];
static volatile unsigned ticks;

#ifdef TICKS_1KHZ
static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    unsigned s;
    while ((s = R32(PLIC + 0x200004)) != 0) {
        ticks++;
        R32(DEV_IRQ_CLEAR) = 1;
        (void)R32(DEV_IRQ_STATUS); /* flush the posted clear */
        R32(PLIC + 0x200004) = s;
    }
}
#endif

int main(void)
{
#ifdef TICKS_1KHZ
    R32(PLIC + 4 * 3) = 1;
    R32(PLIC + 0x2000) = 1u << 3;
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);
    R64(DEV_TIMER_PERIOD_NS) = 1000000;
    csr_set(mstatus, MSTATUS_MIE);
#endif
    uint32_t h = 2166136261u;
    for (unsigned round = 0; round < 600; round++) {
        for (unsigned i = 0; i < 16384; i += 1) {
            h = (h ^ table[i] ^ i) * 16777619u;
            table[i] = h >> 7;
        }
    }
#ifdef TICKS_1KHZ
    csr_clear(mstatus, MSTATUS_MIE);
    R64(DEV_TIMER_PERIOD_NS) = 0;
#endif
    printf("compute: hash %08x\n", (unsigned)h);
    return 0;
}
