/* The RTL DMA example on the `virt` board: an S-mode payload that OpenSBI
 * starts (it reuses the SBI demo's start-up code, SBI calls and console).
 * It programs the engine (a device plugin in the `io` device server, at
 * 0x10010000 on PLIC source 12: run.sh adds it to virt.yaml), sleeps in
 * wfi until the completion interrupt arrives through the PLIC's S-mode
 * context, checks the copy, and powers the board off through SBI. */
#include <stdint.h>
#include <stdio.h>

#include "../../sbi-demo/sbi.h"
#include "../../sbi-demo/supervisor.h"

#define DMA_BASE 0x10010000ul
#define DMA_IRQ 12u
#define PLIC_BASE 0x0c000000ul

static volatile uint32_t *reg(unsigned long address) { return (volatile uint32_t *)address; }
static volatile uint32_t *dma(unsigned offset) { return reg(DMA_BASE + offset); }

static unsigned plic_context; /* S-mode: 2 * hart + 1 */
static volatile unsigned completions;

void handle_trap(void); /* called from trap_entry in start.S */
void handle_trap(void)
{
    if (csr_read(scause) != (SCAUSE_INTERRUPT | IRQ_S_EXT)) {
        printf("dma: unexpected trap, scause %#lx\n", csr_read(scause));
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
    }
    volatile uint32_t *claim = reg(PLIC_BASE + 0x200004 + 0x1000 * plic_context);
    unsigned source;
    while ((source = *claim) != 0) {
        if (source == DMA_IRQ) {
            completions++;
            *dma(0x18) = 2; /* clear done, and with it the interrupt */
            (void)*dma(0x18);
        }
        *claim = source;
    }
}

#define BYTES 5000
static uint8_t source[BYTES + 4096] __attribute__((aligned(4096)));
static uint8_t destination[BYTES + 4096] __attribute__((aligned(4096)));

void sbi_demo_main(unsigned long hartid, const void *dtb); /* called from start.S */
void sbi_demo_main(unsigned long hartid, const void *dtb)
{
    (void)dtb;
    plic_context = 2 * hartid + 1;
    sbi_console_init();
    if (*dma(0x1c) != 0x444d4131u) {
        printf("dma: no engine at %#lx\n", DMA_BASE);
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
    }
    *reg(PLIC_BASE + 4 * DMA_IRQ) = 1;
    *reg(PLIC_BASE + 0x2000 + 0x80 * plic_context) |= 1u << DMA_IRQ;
    *reg(PLIC_BASE + 0x200000 + 0x1000 * plic_context) = 0;
    csr_set(sie, 1ul << IRQ_S_EXT);

    uint8_t *from = source + 4096 - 8, *to = destination + 4096 - 8; /* across a page */
    for (unsigned i = 0; i < BYTES; i++) from[i] = (uint8_t)(i * 37 + 11);
    *dma(0x00) = (uint32_t)(uintptr_t)from;
    *dma(0x04) = (uint32_t)((uintptr_t)from >> 32);
    *dma(0x08) = (uint32_t)(uintptr_t)to;
    *dma(0x0c) = (uint32_t)((uintptr_t)to >> 32);
    *dma(0x10) = BYTES;
    *dma(0x14) = 3; /* start, interrupt enable */
    while (completions == 0) wait_for_interrupt();
    unsigned bad = 0;
    for (unsigned i = 0; i < BYTES; i++) bad += to[i] != from[i];
    if (bad || (*dma(0x18) & 5u)) {
        printf("dma: %u bytes wrong, status %#x\n", bad, (unsigned)*dma(0x18));
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
    }
    printf("dma on virt: copied %u bytes, %u interrupt(s): ok\n", BYTES, completions);
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
    for (;;) __asm__ volatile("wfi");
}
