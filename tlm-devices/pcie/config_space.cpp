#include "pcie/config_space.h"

#include <algorithm>

#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {
unsigned log2(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v) ++n;
  return n;
}
}  // namespace

ConfigSpace::ConfigSpace(const EndpointSpec& spec) {
  using namespace reg;
  init_u16(vendor_id, spec.vendor_id);
  init_u16(device_id, spec.device_id);
  const uint16_t command_writable = command_bits::memory_space | command_bits::bus_master | command_bits::parity |
                                    command_bits::serr | command_bits::interrupt_disable |
                                    (std::any_of(spec.bars.begin(), spec.bars.end(), [](const BarSpec& b) { return b.io; })
                                         ? command_bits::io_space
                                         : 0);
  init_u16(command, 0, command_writable);
  init_u16(status, status_bits::capabilities_list);
  init_u8(revision, spec.revision);
  init_u8(class_code, spec.class_code & 0xff);
  init_u16(class_code + 1, static_cast<uint16_t>(spec.class_code >> 8));
  init_u8(cache_line, 0, 0xff);
  init_u8(latency, 0);
  init_u8(header_type, 0);
  init_u16(subsystem_vendor_id, spec.subsystem_vendor_id);
  init_u16(subsystem_id, spec.subsystem_id);
  init_u32(expansion_rom, 0);
  init_u8(interrupt_line, 0, 0xff);
  init_u8(interrupt_pin, static_cast<uint8_t>(spec.interrupt_pin));
  lay_out_bars(spec);
  lay_out_capabilities(spec);
}

void ConfigSpace::lay_out_bars(const EndpointSpec& spec) {
  for (unsigned i = 0; i < 6; ++i) {
    const BarSpec& b = spec.bars[i];
    const unsigned at = reg::bar0 + 4 * i;
    if (b.size == 0) continue;
    if (b.io) {
      init_u32(at, reg::bar_bits::io, static_cast<uint32_t>(~(b.size - 1)) & ~3u);
      continue;
    }
    const uint32_t type = (b.is64 ? reg::bar_bits::type64 : 0) | (b.prefetchable ? reg::bar_bits::prefetchable : 0);
    const uint64_t address_bits = ~(b.size - 1);
    init_u32(at, type, static_cast<uint32_t>(address_bits) & ~0xfu);
    if (b.is64) {
      init_u32(at + 4, 0, static_cast<uint32_t>(address_bits >> 32));
      ++i;
    }
  }
}

void ConfigSpace::lay_out_capabilities(const EndpointSpec& spec) {
  using namespace reg;
  // PCI Express capability, version 2, an endpoint: x1 at 2.5 GT/s, link up.
  unsigned next_pointer = capabilities;
  const auto chain = [&](unsigned at, uint8_t id) {
    init_u8(next_pointer, static_cast<uint8_t>(at));
    init_u8(at, id);
    init_u8(at + 1, 0);
    next_pointer = at + 1;
  };
  chain(pcie_cap, cap_pcie);
  init_u16(pcie_cap + 0x02, 0x0002);            // version 2, device/port type 0: endpoint
  init_u32(pcie_cap + 0x04, 0x00000001);        // device capabilities: max payload 256 bytes
  init_u16(pcie_cap + 0x08, 0x2810, 0x7fff);    // device control: max payload 128, max read 512
  init_u32(pcie_cap + 0x0c, 0x00000011);        // link capabilities: 2.5 GT/s, x1
  init_u16(pcie_cap + 0x10, 0, 0x0fff);         // link control
  init_u16(pcie_cap + 0x12, 0x0011);            // link status: 2.5 GT/s, x1
  if (spec.msi_vectors) {
    chain(msi_cap, cap_msi);
    const uint16_t mmc = static_cast<uint16_t>(log2(spec.msi_vectors) << msi::mmc_shift);
    init_u16(msi_cap + msi::control, mmc | msi::address64 | msi::per_vector_mask, msi::enable | (7u << msi::mme_shift));
    init_u32(msi_cap + msi::address_lo, 0, ~3u);
    init_u32(msi_cap + msi::address_hi, 0, ~0u);
    init_u16(msi_cap + msi::data, 0, 0xffff);
    const uint32_t vectors = spec.msi_vectors >= 32 ? ~0u : (1u << spec.msi_vectors) - 1;
    init_u32(msi_cap + msi::mask, 0, vectors);
    init_u32(msi_cap + msi::pending, 0);
  }
  if (spec.msix_vectors) {
    chain(msix_cap, cap_msix);
    init_u16(msix_cap + msix::control, static_cast<uint16_t>(spec.msix_vectors - 1),
             msix::enable | msix::function_mask);
    init_u32(msix_cap + msix::table, spec.msix_table_offset | spec.msix_bar);
    init_u32(msix_cap + msix::pba, spec.msix_pba_offset | spec.msix_bar);
  }
  init_u8(next_pointer, 0);  // the end of the list
}

void ConfigSpace::init_u8(unsigned offset, uint8_t value, uint8_t writable) {
  bytes_[offset] = value;
  writable_[offset] = writable;
}
void ConfigSpace::init_u16(unsigned offset, uint16_t value, uint16_t writable) {
  init_u8(offset, static_cast<uint8_t>(value), static_cast<uint8_t>(writable));
  init_u8(offset + 1, static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(writable >> 8));
}
void ConfigSpace::init_u32(unsigned offset, uint32_t value, uint32_t writable) {
  init_u16(offset, static_cast<uint16_t>(value), static_cast<uint16_t>(writable));
  init_u16(offset + 2, static_cast<uint16_t>(value >> 16), static_cast<uint16_t>(writable >> 16));
}

uint32_t ConfigSpace::read(unsigned offset, unsigned length) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < length && offset + i < bytes_.size(); ++i) value |= uint32_t{bytes_[offset + i]} << (8 * i);
  return value;
}

void ConfigSpace::write(unsigned offset, unsigned length, uint32_t value) {
  for (unsigned i = 0; i < length && offset + i < bytes_.size(); ++i) {
    const auto byte = static_cast<uint8_t>(value >> (8 * i));
    bytes_[offset + i] = static_cast<uint8_t>((bytes_[offset + i] & ~writable_[offset + i]) |
                                              (byte & writable_[offset + i]));
  }
}

void ConfigSpace::set_u16(unsigned offset, uint16_t value) {
  bytes_[offset] = static_cast<uint8_t>(value);
  bytes_[offset + 1] = static_cast<uint8_t>(value >> 8);
}
void ConfigSpace::set_u32(unsigned offset, uint32_t value) {
  set_u16(offset, static_cast<uint16_t>(value));
  set_u16(offset + 2, static_cast<uint16_t>(value >> 16));
}

}  // namespace loom::tlm_devices::pcie
