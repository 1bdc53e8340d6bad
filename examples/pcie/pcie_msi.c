/* MSI and MSI-X from firmware, before any OS: an S-mode payload that
 * OpenSBI starts on the `virt-aia` board (QEMU's virt,aia=aplic-imsic map).
 * It checks the path the hardware offers, whatever an OS makes of it:
 * Linux 6.12's IMSIC driver gives a function one MSI vector (no
 * multi-message MSI), so only firmware can show all 32 arriving.
 *   1. the supervisor interrupt file of this hart is enabled through
 *      siselect/sireg (eidelivery, eithreshold, eie) and S external
 *      interrupts are taken from it, claiming through stopei;
 *   2. each pci_endpoint_test function (Loom's vendor 0x4c4d) gets its BARs
 *      and bus mastering, then MSI with every vector it offers (32),
 *      message data 64: vector n must arrive as identity 64 + n - 1;
 *   3. MSI-X with every table entry, each its own identity (128 + n - 1);
 *      a masked entry must hold its message pending (PBA) and deliver it
 *      when unmasked;
 *   4. a copy by DMA signalled by MSI-X: the data is in memory when the
 *      message arrives (posted writes stay in order).
 * Every message is a write the endpoint's device server sends as a posted
 * DMA write into the IMSIC's seteipnum doorbell. One "...: ok" line per
 * check, then power-off through SBI. */
#include <stdint.h>
#include <stdio.h>

#include "../sbi-demo/sbi.h"
#include "../sbi-demo/supervisor.h"
#include "pcie_lib.h"

#define IMSIC_S_BASE 0x28000000ul /* supervisor files, 4 KiB per hart */
#define MSI_DATA_BASE 64u         /* 32-aligned: MSI puts the vector in the low 5 bits */
#define MSIX_DATA_BASE 128u
#define MAX_IDENTITY 255u

/* AIA CSRs by number (binutils may not know their names). */
#define CSR_SISELECT 0x150
#define CSR_SIREG 0x151
#define CSR_STOPEI 0x15c
#define ISELECT_EIDELIVERY 0x70
#define ISELECT_EITHRESHOLD 0x72
#define ISELECT_EIP0 0x80
#define ISELECT_EIE0 0xc0
#define STR_(x) #x
#define STR(x) STR_(x)

static void indirect_write(unsigned long select, unsigned long value)
{
    __asm__ volatile("csrw " STR(CSR_SISELECT) ", %0\n\tcsrw " STR(CSR_SIREG) ", %1" ::"r"(select), "r"(value));
}
static unsigned long indirect_read(unsigned long select)
{
    unsigned long value;
    __asm__ volatile("csrw " STR(CSR_SISELECT) ", %1\n\tcsrr %0, " STR(CSR_SIREG) : "=r"(value) : "r"(select));
    return value;
}
/* Claims the highest-priority pending identity (0: none). */
static unsigned claim(void)
{
    unsigned long top;
    __asm__ volatile("csrrw %0, " STR(CSR_STOPEI) ", zero" : "=r"(top));
    return (unsigned)(top >> 16);
}
/* Is `identity` pending in this hart's file? (RV64: even eip registers.) */
static int pending(unsigned identity)
{
    return (indirect_read(ISELECT_EIP0 + 2 * (identity / 64)) >> (identity % 64)) & 1;
}

void fail(const char *what)
{
    printf("pcie-msi: FAILED: %s\n", what);
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
    for (;;) {}
}

static volatile unsigned last_identity; /* 0 until the awaited message arrives */

void handle_trap(void); /* called from trap_entry in start.S */
void handle_trap(void)
{
    if (csr_read(scause) != (SCAUSE_INTERRUPT | IRQ_S_EXT)) fail("unexpected trap");
    unsigned identity;
    while ((identity = claim()) != 0) {
        if (last_identity != 0) fail("two messages for one command");
        last_identity = identity;
    }
}

static uintptr_t regs; /* BAR0 of the endpoint under test */

/* Runs one command that signals with `irq_type` vector `number`, and waits
 * (in wfi, bounded by the timer) for the message; returns the identity. */
static unsigned run_signalled(uint32_t command, uint32_t irq_type, uint32_t number)
{
    last_identity = 0;
    *mmio32(regs + TEST_IRQ_TYPE) = irq_type;
    *mmio32(regs + TEST_IRQ_NUMBER) = number;
    *mmio32(regs + TEST_STATUS) = 0;
    *mmio32(regs + TEST_COMMAND) = command;
    const unsigned long deadline = read_time() + 10000000; /* 1 s at 10 MHz */
    while (last_identity == 0) {
        if (read_time() > deadline) {
            printf("pcie-msi: command %#x, type %u, vector %u: no message within 1 s\n", (unsigned)command,
                   (unsigned)irq_type, (unsigned)number);
            fail("message lost");
        }
        wait_for_interrupt();
    }
    if (!(*mmio32(regs + TEST_STATUS) & STATUS_IRQ_RAISED)) fail("IRQ_RAISED not set with the message");
    return last_identity;
}

static void check_msi(unsigned dev, unsigned hart)
{
    const unsigned cap = find_capability(dev, 0, CAP_MSI);
    if (!cap) fail("no MSI capability");
    uint16_t control = config_read16(dev, 0, cap + 2);
    const unsigned capable = 1u << ((control >> 1) & 7);
    if (!(control & (1u << 7))) fail("MSI without 64-bit addresses");
    unsigned log2 = 0;
    while ((1u << log2) < capable) log2++;
    config_write(dev, 0, cap + 4, (uint32_t)(IMSIC_S_BASE + 0x1000 * hart));
    config_write(dev, 0, cap + 8, 0);
    config_write16(dev, 0, cap + 12, MSI_DATA_BASE);
    control = (uint16_t)((control & ~(7u << 4)) | (log2 << 4) | 1u); /* MME = all offered, enable */
    config_write16(dev, 0, cap + 2, control);
    for (unsigned n = 1; n <= capable; n++) {
        const unsigned got = run_signalled(COMMAND_RAISE_MSI, IRQ_TYPE_MSI, n);
        if (got != MSI_DATA_BASE + n - 1) {
            printf("pcie-msi: MSI vector %u arrived as identity %u, expected %u\n", n, got, MSI_DATA_BASE + n - 1);
            fail("MSI vector");
        }
    }
    printf("pcie-msi: 00:%02x.0 MSI: %u vectors, each on its own identity (%u..%u): ok\n", dev, capable,
           MSI_DATA_BASE, MSI_DATA_BASE + capable - 1);
    config_write16(dev, 0, cap + 2, (uint16_t)(control & ~1u));
}

static void check_msix(unsigned dev, unsigned hart)
{
    const unsigned cap = find_capability(dev, 0, CAP_MSIX);
    if (!cap) fail("no MSI-X capability");
    const uint16_t control = config_read16(dev, 0, cap + 2);
    const unsigned vectors = (control & 0x7ffu) + 1;
    if (MSIX_DATA_BASE + vectors - 1 > MAX_IDENTITY) fail("more MSI-X vectors than identities");
    const uint32_t table = config_read(dev, 0, cap + 4), pba = config_read(dev, 0, cap + 8);
    volatile uint32_t *entry = mmio32(bar_address(dev, 0, table & 7) + (table & ~7u));
    volatile uint32_t *pba_bits = mmio32(bar_address(dev, 0, pba & 7) + (pba & ~7u));
    for (unsigned i = 0; i < vectors; i++) {
        entry[4 * i + 0] = (uint32_t)(IMSIC_S_BASE + 0x1000 * hart);
        entry[4 * i + 1] = 0;
        entry[4 * i + 2] = MSIX_DATA_BASE + i;
        entry[4 * i + 3] = 0; /* unmasked */
    }
    config_write16(dev, 0, cap + 2, (uint16_t)(1u << 15)); /* enable, function unmasked */
    for (unsigned n = 1; n <= vectors; n++) {
        const unsigned got = run_signalled(COMMAND_RAISE_MSIX, IRQ_TYPE_MSIX, n);
        if (got != MSIX_DATA_BASE + n - 1) {
            printf("pcie-msi: MSI-X vector %u arrived as identity %u, expected %u\n", n, got,
                   MSIX_DATA_BASE + n - 1);
            fail("MSI-X vector");
        }
    }
    printf("pcie-msi: 00:%02x.0 MSI-X: %u vectors, each on its own identity (%u..%u): ok\n", dev, vectors,
           MSIX_DATA_BASE, MSIX_DATA_BASE + vectors - 1);

    /* Masked: the message waits in the PBA, and comes when unmasked. */
    const unsigned n = vectors; /* the last entry */
    entry[4 * (n - 1) + 3] = 1;
    last_identity = 0;
    *mmio32(regs + TEST_IRQ_TYPE) = IRQ_TYPE_MSIX;
    *mmio32(regs + TEST_IRQ_NUMBER) = n;
    *mmio32(regs + TEST_STATUS) = 0;
    *mmio32(regs + TEST_COMMAND) = COMMAND_RAISE_MSIX;
    const unsigned long until = read_time() + 100000; /* 10 ms */
    while (!(*mmio32(regs + TEST_STATUS) & STATUS_IRQ_RAISED)) {
        if (read_time() > until) fail("the masked MSI-X command did not complete");
    }
    if (last_identity != 0 || pending(MSIX_DATA_BASE + n - 1)) fail("a masked MSI-X entry sent its message");
    if (!((pba_bits[(n - 1) / 32] >> ((n - 1) % 32)) & 1)) fail("PBA bit not set for a masked entry");
    entry[4 * (n - 1) + 3] = 0;
    const unsigned long deadline = read_time() + 10000000;
    while (last_identity == 0) {
        if (read_time() > deadline) fail("an unmasked MSI-X entry did not send its pending message");
        wait_for_interrupt();
    }
    if (last_identity != MSIX_DATA_BASE + n - 1) fail("pending MSI-X message on the wrong identity");
    if ((pba_bits[(n - 1) / 32] >> ((n - 1) % 32)) & 1) fail("PBA bit still set after delivery");
    printf("pcie-msi: 00:%02x.0 MSI-X: a masked entry holds its message pending and sends it when unmasked: ok\n",
           dev);
}

static uint8_t source[8192 + 13] __attribute__((aligned(64)));
static uint8_t destination[8192 + 13] __attribute__((aligned(64)));

static void check_copy(unsigned dev)
{
    const unsigned size = sizeof source;
    for (unsigned i = 0; i < size; i++) source[i] = (uint8_t)(i * 29 + 11);
    for (unsigned i = 0; i < size; i++) destination[i] = 0;
    set_test_address(regs, TEST_SRC_LO, source);
    set_test_address(regs, TEST_DST_LO, destination);
    *mmio32(regs + TEST_SIZE) = size;
    *mmio32(regs + TEST_FLAGS) = 0;
    const unsigned got = run_signalled(COMMAND_COPY, IRQ_TYPE_MSIX, 2);
    if (got != MSIX_DATA_BASE + 1) fail("copy signalled on the wrong identity");
    if (!(*mmio32(regs + TEST_STATUS) & STATUS_COPY_SUCCESS)) fail("copy status");
    if (crc32_le(source, size) != crc32_le(destination, size)) fail("copied data differs");
    printf("pcie-msi: 00:%02x.0 copied %u bytes by DMA, in memory when its MSI-X arrived: ok\n", dev, size);
}

void sbi_demo_main(unsigned long hartid, const void *dtb); /* called from start.S */
void sbi_demo_main(unsigned long hartid, const void *dtb)
{
    (void)dtb;
    sbi_console_init();
    /* This hart's supervisor interrupt file: delivery on, no threshold,
     * every identity enabled (identity 0 does not exist). */
    indirect_write(ISELECT_EIDELIVERY, 1);
    indirect_write(ISELECT_EITHRESHOLD, 0);
    for (unsigned i = 0; i <= MAX_IDENTITY / 64; i++) indirect_write(ISELECT_EIE0 + 2 * i, ~0ul);
    if (indirect_read(ISELECT_EIDELIVERY) != 1) fail("eidelivery");
    csr_set(sie, 1ul << IRQ_S_EXT);

    uintptr_t next = MMIO32_BASE;
    unsigned endpoints = 0;
    for (unsigned dev = 0; dev < 32; dev++) {
        const uint32_t id = config_read(dev, 0, 0);
        if ((id & 0xffff) == 0xffff) continue;
        regs = assign_bars(dev, 0, &next);
        config_write(dev, 0, 0x04, 0x0406); /* memory space, bus master, INTx disabled */
        if ((id & 0xffff) != LOOM_VENDOR || !regs) continue;
        printf("pcie-msi: 00:%02x.0 %04x:%04x\n", dev, id & 0xffff, id >> 16);
        check_msi(dev, (unsigned)hartid);
        check_msix(dev, (unsigned)hartid);
        check_copy(dev);
        endpoints++;
    }
    printf("pcie-msi: %u endpoints: every MSI and MSI-X vector reached the IMSIC: %s\n", endpoints,
           endpoints ? "ok" : "FAILED");
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, endpoints ? SBI_SRST_REASON_NONE : SBI_SRST_REASON_SYS_FAILURE);
}
