#pragma once
// loom,pci-endpoint-test: the register protocol of Linux's pci_endpoint_test
// driver (drivers/misc/pci_endpoint_test.c, Linux 6.1), in BAR0.
#include <cstdint>

namespace loom::tlm_devices::pci_endpoint_test::regs {

constexpr unsigned magic = 0x00, command = 0x04, status = 0x08, src_lo = 0x0c, src_hi = 0x10, dst_lo = 0x14;
constexpr unsigned dst_hi = 0x18, size = 0x1c, checksum = 0x20, irq_type = 0x24, irq_number = 0x28, flags = 0x2c;
constexpr unsigned end = 0x30;  // registers end here; the rest of BAR0 reads 0

namespace command_bits {
constexpr uint32_t raise_legacy = 1u << 0, raise_msi = 1u << 1, raise_msix = 1u << 2;
constexpr uint32_t read = 1u << 3, write = 1u << 4, copy = 1u << 5;
}  // namespace command_bits
namespace status_bits {
constexpr uint32_t read_success = 1u << 0, read_fail = 1u << 1, write_success = 1u << 2, write_fail = 1u << 3;
constexpr uint32_t copy_success = 1u << 4, copy_fail = 1u << 5, irq_raised = 1u << 6;
}  // namespace status_bits
namespace irq_types {
constexpr uint32_t legacy = 0, msi = 1, msix = 2;
}

// BARs: 0 registers (and the MSI-X table at 0x800, PBA at 0xc00), 1, 2 and 4
// plain memory (2: 64-bit, 4: 64-bit prefetchable). Small: every BAR test
// of pcitest touches each dword of a BAR across the bridge.
constexpr uint64_t bar0_size = 4096, bar1_size = 512, bar2_size = 1024, bar4_size = 16384;
constexpr uint32_t msix_table = 0x800, msix_pba = 0xc00;

}  // namespace loom::tlm_devices::pci_endpoint_test::regs
