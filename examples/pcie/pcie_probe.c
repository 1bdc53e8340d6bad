/* PCIe bring-up from firmware, before any OS: an S-mode payload that
 * OpenSBI starts on the `virt` board (it shares the SBI demo's start-up
 * code, SBI calls and console). It does what a pre-silicon firmware
 * engineer does by hand:
 *   1. enumerates bus 0 through the host bridge's ECAM window;
 *   2. sizes every BAR of each function and assigns it an address in the
 *      32-bit memory window, then enables memory decoding and bus mastering;
 *   3. for a pci_endpoint_test function (Loom's vendor 0x4c4d): pattern-tests
 *      its memory BARs, makes it copy buffers by DMA in both directions
 *      (checked by CRC32, as Linux's driver does), and takes its legacy
 *      INTx through the PLIC into wfi, checking that the line drops once
 *      the status is cleared.
 * It prints one "...: ok" line per check and powers off through SBI. */
#include <stdint.h>
#include <stdio.h>

#include "../sbi-demo/sbi.h"
#include "../sbi-demo/supervisor.h"
#include "pcie_lib.h"

#define PLIC_BASE 0x0c000000ul
#define INTX_BASE_IRQ 32u /* INTA of slot 0; the swizzle rotates by slot */

static unsigned plic_context; /* S-mode: 2 * hart + 1 */
static unsigned intx_irq;
static volatile unsigned interrupts;
static uintptr_t test_regs; /* BAR0 of the endpoint */

void fail(const char *what)
{
    printf("pcie: FAILED: %s\n", what);
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
    for (;;) {}
}

void handle_trap(void); /* called from trap_entry in start.S */
void handle_trap(void)
{
    if (csr_read(scause) != (SCAUSE_INTERRUPT | IRQ_S_EXT)) fail("unexpected trap");
    volatile uint32_t *claim = mmio32(PLIC_BASE + 0x200004 + 0x1000 * plic_context);
    unsigned source;
    while ((source = *claim) != 0) {
        if (source == intx_irq) {
            interrupts++;
            /* As the driver's handler: clear IRQ_RAISED, and the level drops. */
            *mmio32(test_regs + TEST_STATUS) = *mmio32(test_regs + TEST_STATUS) & ~STATUS_IRQ_RAISED;
            (void)*mmio32(test_regs + TEST_STATUS);
        }
        *claim = source;
    }
}

static uint8_t buffer_a[4096 + 100] __attribute__((aligned(64)));
static uint8_t buffer_b[4096 + 100] __attribute__((aligned(64)));

/* Runs one command with a legacy interrupt and waits for it in wfi. */
static uint32_t run_command(uint32_t command)
{
    const unsigned before = interrupts;
    *mmio32(test_regs + TEST_IRQ_TYPE) = 0; /* legacy INTx */
    *mmio32(test_regs + TEST_IRQ_NUMBER) = 1;
    *mmio32(test_regs + TEST_FLAGS) = 0;
    *mmio32(test_regs + TEST_STATUS) = 0;
    *mmio32(test_regs + TEST_COMMAND) = command;
    while (interrupts == before) wait_for_interrupt();
    return *mmio32(test_regs + TEST_STATUS);
}

static void exercise_endpoint(unsigned dev, unsigned fn, uintptr_t next)
{
    (void)next;
    /* Memory BARs other than the registers: a pattern written and read back. */
    for (unsigned bar = 1; bar < 6; bar++) {
        const uint32_t lo = config_read(dev, fn, 0x10 + 4 * bar);
        if (lo == 0 || (lo & 1)) continue;
        volatile uint32_t *p = mmio32(lo & ~0xful);
        for (unsigned i = 0; i < 16; i++) p[i] = 0xa0a0a0a0u ^ (i * 0x01010101u);
        for (unsigned i = 0; i < 16; i++) {
            if (p[i] != (0xa0a0a0a0u ^ (i * 0x01010101u))) fail("BAR pattern");
        }
        if (((config_read(dev, fn, 0x10 + 4 * bar) >> 1) & 3) == 2) bar++;
    }
    printf("pcie: memory BARs hold what was written: ok\n");

    /* The device writes a buffer (driver "read" test): CRC in CHECKSUM. */
    const unsigned size = 4096 + 77;
    set_test_address(test_regs, TEST_DST_LO, buffer_a);
    *mmio32(test_regs + TEST_SIZE) = size;
    uint32_t status = run_command(COMMAND_WRITE);
    if (!(status & STATUS_WRITE_SUCCESS)) fail("device write status");
    if (crc32_le(buffer_a, size) != *mmio32(test_regs + TEST_CHECKSUM)) fail("device write checksum");
    printf("pcie: the endpoint wrote %u bytes by DMA, CRC32 matches: ok\n", size);

    /* The device reads a buffer and checks our CRC (driver "write" test). */
    for (unsigned i = 0; i < size; i++) buffer_b[i] = (uint8_t)(i * 13 + 7);
    set_test_address(test_regs, TEST_SRC_LO, buffer_b);
    *mmio32(test_regs + TEST_SIZE) = size;
    *mmio32(test_regs + TEST_CHECKSUM) = crc32_le(buffer_b, size);
    status = run_command(COMMAND_READ);
    if (!(status & STATUS_READ_SUCCESS)) fail("device read status");
    printf("pcie: the endpoint read %u bytes by DMA and agreed on the CRC32: ok\n", size);

    /* Copy a -> b by DMA. */
    for (unsigned i = 0; i < size; i++) buffer_a[i] = (uint8_t)(i * 31 + 3);
    set_test_address(test_regs, TEST_SRC_LO, buffer_a);
    set_test_address(test_regs, TEST_DST_LO, buffer_b);
    *mmio32(test_regs + TEST_SIZE) = size;
    status = run_command(COMMAND_COPY);
    if (!(status & STATUS_COPY_SUCCESS) || crc32_le(buffer_a, size) != crc32_le(buffer_b, size)) fail("copy");
    printf("pcie: the endpoint copied %u bytes by DMA: ok\n", size);

    /* Legacy interrupt: taken in wfi, and the function's interrupt status
     * bit (config STATUS bit 3) is clear once the handler cleared it. */
    status = run_command(COMMAND_RAISE_LEGACY);
    if (config_read(dev, fn, 0x04) & (1u << 19)) fail("INTx still asserted after the handler");
    printf("pcie: INTx %c on PLIC %u, %u interrupts in all, deasserted after clearing: ok\n",
           'A' + (int)((intx_irq - INTX_BASE_IRQ + 4 - dev % 4) % 4), intx_irq, interrupts);

    /* DMA from nowhere (no RAM, no device): refused, the copy fails. */
    set_test_address(test_regs, TEST_SRC_LO, (void *)0x20000000ul);
    set_test_address(test_regs, TEST_DST_LO, buffer_b);
    *mmio32(test_regs + TEST_SIZE) = 64;
    status = run_command(COMMAND_COPY);
    if (status & STATUS_COPY_SUCCESS) fail("a copy from outside RAM succeeded");
    printf("pcie: DMA outside RAM is refused (a master abort): ok\n");

    /* Bus mastering off: the endpoint's DMA must fail, not reach memory. */
    config_write(dev, fn, 0x04, config_read(dev, fn, 0x04) & 0xffff & ~4u);
    buffer_a[0] = 0x5a;
    set_test_address(test_regs, TEST_DST_LO, buffer_a);
    *mmio32(test_regs + TEST_SIZE) = 64;
    status = run_command(COMMAND_WRITE);
    if ((status & STATUS_WRITE_SUCCESS) || buffer_a[0] != 0x5a) fail("DMA with bus mastering disabled");
    printf("pcie: no DMA without bus mastering: ok\n");
}

void sbi_demo_main(unsigned long hartid, const void *dtb); /* called from start.S */
void sbi_demo_main(unsigned long hartid, const void *dtb)
{
    (void)dtb;
    plic_context = 2 * hartid + 1;
    sbi_console_init();
    uintptr_t next = MMIO32_BASE;
    unsigned endpoints = 0, functions = 0;
    for (unsigned dev = 0; dev < 32; dev++) {
        const uint32_t id = config_read(dev, 0, 0);
        if ((id & 0xffff) == 0xffff) continue; /* nothing: all-ones */
        functions++;
        const uint32_t class_rev = config_read(dev, 0, 0x08);
        printf("pcie: 00:%02x.0 %04x:%04x class %06x\n", dev, id & 0xffff, id >> 16, class_rev >> 8);
        test_regs = assign_bars(dev, 0, &next);
        config_write(dev, 0, 0x04, 0x0006); /* memory space, bus master */
        if ((id & 0xffff) != LOOM_VENDOR || !test_regs) continue;
        const unsigned pin = (config_read(dev, 0, 0x3c) >> 8) & 0xff;
        if (pin < 1 || pin > 4) fail("no interrupt pin");
        intx_irq = INTX_BASE_IRQ + (dev + pin - 1) % 4;
        *mmio32(PLIC_BASE + 4 * intx_irq) = 1;
        *mmio32(PLIC_BASE + 0x2000 + 0x80 * plic_context + 4 * (intx_irq / 32)) |= 1u << (intx_irq % 32);
        *mmio32(PLIC_BASE + 0x200000 + 0x1000 * plic_context) = 0;
        csr_set(sie, 1ul << IRQ_S_EXT);
        exercise_endpoint(dev, 0, next);
        endpoints++;
    }
    if (config_read(31, 7, 0) != 0xffffffffu) fail("an absent function did not read all-ones");
    printf("pcie: %u functions, %u endpoints exercised, absent functions read all-ones: %s\n", functions, endpoints,
           endpoints ? "ok" : "FAILED");
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, endpoints ? SBI_SRST_REASON_NONE : SBI_SRST_REASON_SYS_FAILURE);
}
