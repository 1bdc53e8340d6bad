#pragma once
// The configuration space the framework implements (PCI Local Bus 3.0, type-0
// header; PCI Express Base 4.0 for the PCI Express capability; MSI and MSI-X
// as both define them), and where its capabilities sit. Behaviour lives in
// the .cpp files beside this one; docs/pcie-endpoint-framework.md documents
// the same layout for endpoint authors.
#include <cstdint>

namespace loom::tlm_devices::pcie::reg {

// ---- type-0 header ----
constexpr unsigned vendor_id = 0x00, device_id = 0x02, command = 0x04, status = 0x06, revision = 0x08;
constexpr unsigned class_code = 0x09, cache_line = 0x0c, latency = 0x0d, header_type = 0x0e, bist = 0x0f;
constexpr unsigned bar0 = 0x10, bar_count = 6;
constexpr unsigned subsystem_vendor_id = 0x2c, subsystem_id = 0x2e, expansion_rom = 0x30;
constexpr unsigned capabilities = 0x34, interrupt_line = 0x3c, interrupt_pin = 0x3d;
constexpr unsigned config_bytes = 4096;  // PCI Express: 4 KiB per function

namespace command_bits {
constexpr uint16_t io_space = 1u << 0, memory_space = 1u << 1, bus_master = 1u << 2, parity = 1u << 6;
constexpr uint16_t serr = 1u << 8, interrupt_disable = 1u << 10;
}  // namespace command_bits
namespace status_bits {
constexpr uint16_t interrupt_status = 1u << 3, capabilities_list = 1u << 4;
// RW1C: one of the function's requests (DMA or a message) got no completer:
// the TLM error the DMA socket answers.
constexpr uint16_t received_master_abort = 1u << 13;
}  // namespace status_bits

namespace bar_bits {
constexpr uint32_t io = 1u << 0, type64 = 2u << 1, prefetchable = 1u << 3;
constexpr uint32_t memory_flags = 0xf, io_flags = 0x3;  // the low bits that are no address
}  // namespace bar_bits

// ---- capabilities: IDs and where this framework places them ----
constexpr uint8_t cap_msi = 0x05, cap_pcie = 0x10, cap_msix = 0x11;
constexpr unsigned pcie_cap = 0x40;  // 0x3c bytes (version 2)
constexpr unsigned msi_cap = 0x80;   // 0x18 bytes (64-bit, per-vector masking)
constexpr unsigned msix_cap = 0xa0;  // 0x0c bytes
constexpr unsigned cap_next = 0x01;  // every capability: ID at +0, next pointer at +1

// Offsets inside the PCI Express capability.
namespace pcie {
constexpr unsigned capabilities = 0x02, device_capabilities = 0x04, device_control = 0x08, device_status = 0x0a;
constexpr unsigned link_capabilities = 0x0c, link_control = 0x10, link_status = 0x12;
constexpr unsigned device_capabilities2 = 0x24, device_control2 = 0x28, link_capabilities2 = 0x2c;
constexpr unsigned link_control2 = 0x30, link_status2 = 0x32;
}  // namespace pcie

// Offsets inside the MSI capability (the 64-bit layout with masking).
namespace msi {
constexpr unsigned control = 0x02, address_lo = 0x04, address_hi = 0x08, data = 0x0c, mask = 0x10, pending = 0x14;
constexpr unsigned size = 0x18;
constexpr uint16_t enable = 1u << 0, address64 = 1u << 7, per_vector_mask = 1u << 8;
constexpr unsigned mmc_shift = 1, mme_shift = 4;  // 3-bit fields: log2 of a vector count
constexpr uint16_t mme_mask = 7u << mme_shift;
}  // namespace msi

// Offsets inside the MSI-X capability, and of a table entry (in dwords).
namespace msix {
constexpr unsigned control = 0x02, table = 0x04, pba = 0x08;
constexpr uint16_t function_mask = 1u << 14, enable = 1u << 15;
constexpr unsigned entry_bytes = 16, entry_address_lo = 0, entry_address_hi = 1, entry_data = 2, entry_control = 3;
constexpr uint32_t vector_masked = 1u << 0;
}  // namespace msix

}  // namespace loom::tlm_devices::pcie::reg
