/* DMA both ways between the CPU process's RAM and a remote device, DMA
 * errors, and a device that DMAs while the CPU waits on a read of it. */
#include <string.h>

#include "bridge_fw.h"

static uint8_t source[4096] __attribute__((aligned(64)));
static uint8_t destination[4096] __attribute__((aligned(64)));
static volatile unsigned dma_done;

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    unsigned s;
    while ((s = plic_claim()) != 0) {
        if (s == 4) dma_done++;
        *reg32(TEST0_BASE, TD_IRQ_CLEAR) = 2;
        (void)*reg32(TEST0_BASE, TD_IRQ_STATUS); /* read back: flushes the posted clear */
        plic_complete(s);
    }
}

static unsigned run_dma(uint64_t src, uint64_t dst, uint64_t len)
{
    const unsigned before = dma_done;
    *reg64(TEST0_BASE, TD_DMA_SRC) = src;
    *reg64(TEST0_BASE, TD_DMA_DST) = dst;
    *reg64(TEST0_BASE, TD_DMA_LEN) = len;
    *reg32(TEST0_BASE, TD_DMA_CTRL) = 1;
    while (dma_done == before) rt_wait_for_interrupt();
    return *reg32(TEST0_BASE, TD_DMA_STATUS);
}

int main(void)
{
    plic_enable(4, 1);
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);

    for (unsigned i = 0; i < sizeof source; i++) source[i] = (uint8_t)(i ^ (i >> 8) ^ 0x5a);
    memset(destination, 0, sizeof destination);
    unsigned status = run_dma((uintptr_t)source, (uintptr_t)destination, sizeof source);
    CHECK(status == TD_DMA_DONE, "status %x", status);
    CHECK(memcmp(source, destination, sizeof source) == 0, "copied data differs");

    /* A short, unaligned copy. */
    memset(destination, 0xee, 64);
    status = run_dma((uintptr_t)source + 3, (uintptr_t)destination + 5, 37);
    CHECK(status == TD_DMA_DONE, "short status %x", status);
    CHECK(memcmp(source + 3, destination + 5, 37) == 0 && destination[4] == 0xee && destination[42] == 0xee,
          "short copy");

    /* DMA from an address outside RAM: the device sees an error. */
    status = run_dma(0x1000, (uintptr_t)destination, 16);
    CHECK(status == (TD_DMA_DONE | TD_DMA_ERROR), "error status %x", status);

    /* DMA_PEEK: the device reads CPU memory inside the CPU's own read. */
    static volatile uint64_t word = 0xfeedfacecafebeefull;
    *reg64(TEST0_BASE, TD_DMA_SRC) = (uintptr_t)&word;
    CHECK(*reg64(TEST0_BASE, TD_DMA_PEEK) == 0xfeedfacecafebeefull, "peek");
    word = 42;
    CHECK(*reg64(TEST0_BASE, TD_DMA_PEEK) == 42, "peek after change");
    return finish("dma");
}
