/* A workload whose every observable detail depends on when remote
 * interrupts and DMA land: periodic 1 kHz timer interrupts from one device,
 * DMA completions from another, computation in between. It prints the mtime
 * and instruction count at each event; the determinism test runs it with one
 * server and with two, idle and loaded, and requires identical output. */
#include <string.h>

#include "bridge_fw.h"

#define TICKS 40

static volatile unsigned ticks, dma_completions;
static uint64_t tick_mtime[TICKS], tick_instret[TICKS];
static uint8_t src[512], dst[512];

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    unsigned s;
    while ((s = plic_claim()) != 0) {
        if (s == 3) {
            if (ticks < TICKS) {
                tick_mtime[ticks] = rt_mtime();
                tick_instret[ticks] = csr_read(minstret);
            }
            ticks++;
            *reg32(TEST0_BASE, TD_IRQ_CLEAR) = 1;
            (void)*reg32(TEST0_BASE, TD_IRQ_STATUS); /* flush the posted clear */
            if (ticks % 4 == 0) { /* kick a DMA on the other device */
                *reg64(TEST1_BASE, TD_DMA_SRC) = (uintptr_t)src;
                *reg64(TEST1_BASE, TD_DMA_DST) = (uintptr_t)dst;
                *reg64(TEST1_BASE, TD_DMA_LEN) = sizeof src;
                *reg32(TEST1_BASE, TD_DMA_CTRL) = 1;
            }
        } else if (s == 6) {
            dma_completions++;
            *reg32(TEST1_BASE, TD_IRQ_CLEAR) = 2;
            (void)*reg32(TEST1_BASE, TD_IRQ_STATUS); /* flush the posted clear */
        }
        plic_complete(s);
    }
}

int main(void)
{
    for (unsigned i = 0; i < sizeof src; i++) src[i] = (uint8_t)i;
    plic_enable(3, 1);
    plic_enable(6, 1);
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);
    *reg64(TEST0_BASE, TD_TIMER_PERIOD_NS) = 1000000; /* 1 kHz */
    csr_set(mstatus, MSTATUS_MIE);

    /* Busy work while interrupts arrive: a running hash over the DMA target. */
    uint64_t hash = 1469598103934665603ull;
    while (ticks < TICKS) {
        for (unsigned i = 0; i < sizeof dst; i++) hash = (hash ^ dst[i] ^ ticks) * 1099511628211ull;
        src[hash % sizeof src] ^= (uint8_t)hash;
    }
    csr_clear(mstatus, MSTATUS_MIE);
    *reg64(TEST0_BASE, TD_TIMER_PERIOD_NS) = 0;

    for (unsigned i = 0; i < TICKS; i++)
        printf("tick %2u mtime %" PRIu64 " instret %" PRIu64 "\n", i, tick_mtime[i], tick_instret[i]);
    printf("dma completions %u, hash %016" PRIx64 ", instret %" PRIu64 "\n", dma_completions, hash,
           (uint64_t)csr_read(minstret));
    CHECK(dma_completions >= TICKS / 4 - 1, "dma completions %u", dma_completions);
    return finish("determinism");
}
