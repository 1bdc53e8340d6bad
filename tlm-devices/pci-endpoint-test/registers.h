#pragma once
// loom,pci-endpoint-test: the register protocol of Linux's pci_endpoint_test
// driver (drivers/misc/pci_endpoint_test.c, Linux 6.1) in BAR0, and the BAR
// layout. Behaviour: pci_endpoint_test.cpp (BARs, reset) and commands.cpp
// (the command thread); docs/pcie-endpoint-framework.md documents the same
// map.
#include <cstdint>

namespace loom::tlm_devices::pci_endpoint_test {

namespace regs {
// Every register is 32 bits, plain read-write storage: the driver's BAR test
// writes 0xa0a0a0a0 to MAGIC and reads it back.
constexpr unsigned magic = 0x00;
constexpr unsigned command = 0x04;     // non-zero: the device takes it, clears it and STATUS, and runs it
constexpr unsigned status = 0x08;      // status_bits; the driver's interrupt handler clears IRQ_RAISED
constexpr unsigned src_lo = 0x0c, src_hi = 0x10;  // bus address the device reads (READ, COPY)
constexpr unsigned dst_lo = 0x14, dst_hi = 0x18;  // bus address the device writes (WRITE, COPY)
constexpr unsigned size = 0x1c;        // bytes to move
constexpr unsigned checksum = 0x20;    // crc32_le(~0, data): READ checks it, WRITE sets it
constexpr unsigned irq_type = 0x24;    // irq_types: how the device signals completion
constexpr unsigned irq_number = 0x28;  // 1-based MSI / MSI-X vector
constexpr unsigned flags = 0x2c;       // flag_bits
constexpr unsigned end = 0x30;         // the rest of the register BAR reads 0 and ignores writes
}  // namespace regs

namespace command_bits {
constexpr uint32_t raise_legacy = 1u << 0, raise_msi = 1u << 1, raise_msix = 1u << 2;
constexpr uint32_t read = 1u << 3, write = 1u << 4, copy = 1u << 5;
}  // namespace command_bits

namespace status_bits {
constexpr uint32_t read_success = 1u << 0, read_fail = 1u << 1, write_success = 1u << 2, write_fail = 1u << 3;
constexpr uint32_t copy_success = 1u << 4, copy_fail = 1u << 5, irq_raised = 1u << 6;
// The device could not take the transfer at all (here: SIZE beyond the
// model's max-transfer-bytes), as Linux's endpoint function reports a buffer
// it cannot map.
constexpr uint32_t src_addr_invalid = 1u << 7, dst_addr_invalid = 1u << 8;
}  // namespace status_bits

namespace irq_types {
constexpr uint32_t legacy = 0, msi = 1, msix = 2;
}

namespace flag_bits {
constexpr uint32_t use_dma = 1u << 0;  // the driver asks for a DMA engine; every transfer here is DMA
}

// BARs. BAR0 holds the registers and, in its upper half, the framework's
// MSI-X table and PBA: the driver's BAR test touches only the first dword of
// the register BAR, so the table is safe from its pattern there. The other
// BARs are plain memory and small, since the BAR test writes and reads every
// dword of them, each read a round trip to the device server.
namespace bars {
constexpr unsigned registers = 0;
constexpr uint64_t bar0_size = 4096;
constexpr uint64_t bar1_size = 512;   // 32-bit
constexpr uint64_t bar2_size = 1024;  // 64-bit (BAR2-3)
constexpr uint64_t bar4_size = 4096;  // 64-bit prefetchable (BAR4-5)
constexpr uint32_t msix_table = 0x800, msix_pba = 0xc00;
constexpr unsigned max_msix_vectors = (msix_pba - msix_table) / 16;  // 64: the table ends where the PBA starts
}  // namespace bars

}  // namespace loom::tlm_devices::pci_endpoint_test
