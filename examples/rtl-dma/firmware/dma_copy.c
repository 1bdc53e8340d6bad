/* Bare-metal firmware for the RTL DMA example (examples/rtl-dma): programs
 * the engine to copy a buffer in memory, sleeps in wfi until its
 * completion interrupt arrives through the PLIC, and checks the copy.
 * The engine sits at 0x10001000 on PLIC source 3 (see run.sh). */
#include <stdint.h>
#include <stdio.h>

#include "loom_rt.h"

#define DMA_BASE 0x10001000ul
#define DMA_SRC_LO 0x00
#define DMA_SRC_HI 0x04
#define DMA_DST_LO 0x08
#define DMA_DST_HI 0x0c
#define DMA_LEN 0x10
#define DMA_CONTROL 0x14
#define DMA_STATUS 0x18
#define DMA_ID 0x1c
#define CONTROL_START 1u
#define CONTROL_IRQ_ENABLE 2u
#define STATUS_BUSY 1u
#define STATUS_DONE 2u
#define STATUS_ERROR 4u
#define DMA_IRQ 3u

#define PLIC_BASE 0xc000000ul

static volatile uint32_t *dma(unsigned offset) { return (volatile uint32_t *)(DMA_BASE + offset); }

static volatile unsigned completions;

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    volatile uint32_t *claim = (volatile uint32_t *)(PLIC_BASE + 0x200004);
    unsigned source;
    while ((source = *claim) != 0) {
        if (source == DMA_IRQ) {
            completions++;
            *dma(DMA_STATUS) = STATUS_DONE; /* clears done, and with it the interrupt */
            (void)*dma(DMA_STATUS);
        }
        *claim = source;
    }
}

/* 5000 bytes from an address 8 bytes short of a page end: bursts of 16
 * beats that stop at every 4 KiB boundary. */
#define BYTES 5000
static uint64_t source[(BYTES + 4096) / 8] __attribute__((aligned(4096)));
static uint64_t destination[(BYTES + 4096) / 8] __attribute__((aligned(4096)));

static int copy(const void *from, void *to, uint32_t bytes)
{
    const uintptr_t s = (uintptr_t)from, d = (uintptr_t)to;
    *dma(DMA_SRC_LO) = (uint32_t)s;
    *dma(DMA_SRC_HI) = (uint32_t)(s >> 32);
    *dma(DMA_DST_LO) = (uint32_t)d;
    *dma(DMA_DST_HI) = (uint32_t)(d >> 32);
    *dma(DMA_LEN) = bytes;
    const unsigned before = completions;
    *dma(DMA_CONTROL) = CONTROL_START | CONTROL_IRQ_ENABLE;
    while (completions == before) rt_wait_for_interrupt();
    return (*dma(DMA_STATUS) & (STATUS_ERROR | STATUS_BUSY)) == 0;
}

int main(void)
{
    if (*dma(DMA_ID) != 0x444d4131u) {
        printf("dma: no engine at %#lx (id %#x)\n", DMA_BASE, (unsigned)*dma(DMA_ID));
        return 1;
    }
    *(volatile uint32_t *)(PLIC_BASE + 4 * DMA_IRQ) = 1; /* priority */
    *(volatile uint32_t *)(PLIC_BASE + 0x2000) |= 1u << DMA_IRQ;
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);

    uint8_t *from = (uint8_t *)source + 4096 - 8, *to = (uint8_t *)destination + 4096 - 8;
    for (unsigned i = 0; i < BYTES; i++) from[i] = (uint8_t)(i * 37 + 11);
    if (!copy(from, to, BYTES)) {
        printf("dma: the engine reported an error (status %#x)\n", (unsigned)*dma(DMA_STATUS));
        return 1;
    }
    for (unsigned i = 0; i < BYTES; i++) {
        if (to[i] != from[i]) {
            printf("dma: byte %u is %#x, expected %#x\n", i, to[i], from[i]);
            return 1;
        }
    }
    printf("dma: copied %u bytes in bursts, %u interrupt(s): ok\n", BYTES, completions);
    return 0;
}
