#pragma once
// The configuration space registers the framework implements (PCI Local
// Bus 3.0 and PCI Express Base specifications), and where its capabilities
// sit in it.
#include <cstdint>

namespace loom::tlm_devices::pcie::reg {

constexpr unsigned vendor_id = 0x00, device_id = 0x02, command = 0x04, status = 0x06, revision = 0x08;
constexpr unsigned class_code = 0x09, cache_line = 0x0c, latency = 0x0d, header_type = 0x0e;
constexpr unsigned bar0 = 0x10, subsystem_vendor_id = 0x2c, subsystem_id = 0x2e, expansion_rom = 0x30;
constexpr unsigned capabilities = 0x34, interrupt_line = 0x3c, interrupt_pin = 0x3d;

namespace command_bits {
constexpr uint16_t io_space = 1u << 0, memory_space = 1u << 1, bus_master = 1u << 2, parity = 1u << 6;
constexpr uint16_t serr = 1u << 8, interrupt_disable = 1u << 10;
}  // namespace command_bits
namespace status_bits {
constexpr uint16_t interrupt_status = 1u << 3, capabilities_list = 1u << 4;
}

namespace bar_bits {
constexpr uint32_t io = 1u << 0, type64 = 2u << 1, prefetchable = 1u << 3;
}

// Capability IDs and where this framework places them.
constexpr uint8_t cap_msi = 0x05, cap_pcie = 0x10, cap_msix = 0x11;
constexpr unsigned pcie_cap = 0x40;  // 0x3c bytes (version 2)
constexpr unsigned msi_cap = 0x80;   // 0x18 bytes (64-bit, per-vector masking)
constexpr unsigned msix_cap = 0xa0;  // 0x0c bytes

// Offsets inside the MSI capability.
namespace msi {
constexpr unsigned control = 0x02, address_lo = 0x04, address_hi = 0x08, data = 0x0c, mask = 0x10, pending = 0x14;
constexpr uint16_t enable = 1u << 0, address64 = 1u << 7, per_vector_mask = 1u << 8;
constexpr unsigned mmc_shift = 1, mme_shift = 4;
}  // namespace msi

// Offsets inside the MSI-X capability, and of a table entry.
namespace msix {
constexpr unsigned control = 0x02, table = 0x04, pba = 0x08;
constexpr uint16_t function_mask = 1u << 14, enable = 1u << 15;
constexpr unsigned entry_bytes = 16, entry_address_lo = 0, entry_address_hi = 1, entry_data = 2, entry_control = 3;
constexpr uint32_t vector_masked = 1u << 0;
}  // namespace msix

}  // namespace loom::tlm_devices::pcie::reg
