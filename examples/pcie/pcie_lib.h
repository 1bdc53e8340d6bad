/* What the PCIe bring-up payloads share: configuration access through the
 * host bridge's ECAM window (QEMU virt's map), BAR sizing and assignment in
 * the 32-bit memory window, the capability list, and the register protocol
 * of Loom's pci_endpoint_test function (vendor 0x4c4d), as Linux's
 * pci_endpoint_test driver names it. */
#ifndef LOOM_EXAMPLES_PCIE_LIB_H
#define LOOM_EXAMPLES_PCIE_LIB_H

#include <stdint.h>

#define ECAM 0x30000000ul
#define MMIO32_BASE 0x40000000ul
#define MMIO32_END 0x80000000ul
#define LOOM_VENDOR 0x4c4du

/* pci_endpoint_test registers (BAR0). */
enum {
    TEST_MAGIC = 0x00, TEST_COMMAND = 0x04, TEST_STATUS = 0x08, TEST_SRC_LO = 0x0c, TEST_SRC_HI = 0x10,
    TEST_DST_LO = 0x14, TEST_DST_HI = 0x18, TEST_SIZE = 0x1c, TEST_CHECKSUM = 0x20, TEST_IRQ_TYPE = 0x24,
    TEST_IRQ_NUMBER = 0x28, TEST_FLAGS = 0x2c,
};
enum {
    COMMAND_RAISE_LEGACY = 1u << 0, COMMAND_RAISE_MSI = 1u << 1, COMMAND_RAISE_MSIX = 1u << 2,
    COMMAND_READ = 1u << 3, COMMAND_WRITE = 1u << 4, COMMAND_COPY = 1u << 5,
};
enum {
    STATUS_READ_SUCCESS = 1u << 0, STATUS_WRITE_SUCCESS = 1u << 2, STATUS_COPY_SUCCESS = 1u << 4,
    STATUS_IRQ_RAISED = 1u << 6,
};
enum { IRQ_TYPE_LEGACY = 0, IRQ_TYPE_MSI = 1, IRQ_TYPE_MSIX = 2 };

/* Capability IDs. */
enum { CAP_MSI = 0x05, CAP_MSIX = 0x11 };

static inline volatile uint32_t *mmio32(uintptr_t address) { return (volatile uint32_t *)address; }

uint32_t config_read(unsigned dev, unsigned fn, unsigned reg);
void config_write(unsigned dev, unsigned fn, unsigned reg, uint32_t value);
uint16_t config_read16(unsigned dev, unsigned fn, unsigned reg);
void config_write16(unsigned dev, unsigned fn, unsigned reg, uint16_t value);

/* Sizes and assigns the memory BARs of one function from *next on, printing
 * each; returns BAR0's address (0: none). Calls fail() when they do not fit. */
uintptr_t assign_bars(unsigned dev, unsigned fn, uintptr_t *next);
/* Offset of capability `id` in the function's list, 0 if absent. */
unsigned find_capability(unsigned dev, unsigned fn, unsigned id);
/* Address of a memory BAR as assigned (the upper half too for 64-bit BARs). */
uintptr_t bar_address(unsigned dev, unsigned fn, unsigned bar);

/* CRC-32 as Linux's crc32_le(~0, ...) computes it (no final inversion). */
uint32_t crc32_le(const uint8_t *p, unsigned long n);
/* Writes a 64-bit bus address to a LO/HI register pair of the endpoint. */
void set_test_address(uintptr_t regs, unsigned lo, const void *p);

/* Each payload's own: reports `what` and powers off with a failure. */
void fail(const char *what) __attribute__((noreturn));

#endif
