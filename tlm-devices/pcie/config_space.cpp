// The configuration space store, the type-0 header and the BARs. The
// capability list: capabilities.cpp.
#include "pcie/config_space.h"

#include <algorithm>

namespace loom::tlm_devices::pcie {

ConfigSpace::ConfigSpace(const EndpointSpec& spec) {
  lay_out_header(spec);
  lay_out_bars(spec);
  lay_out_capabilities(spec);
}

void ConfigSpace::lay_out_header(const EndpointSpec& spec) {
  using namespace reg;
  const auto any_bar = [&](bool io) {
    return std::any_of(spec.bars.begin(), spec.bars.end(), [&](const BarSpec& b) { return b.size && b.io == io; });
  };
  init_u16(vendor_id, spec.vendor_id);
  init_u16(device_id, spec.device_id);
  // Enables for spaces the function has no BAR in, and INTx disable without
  // an INTx pin, are hardwired to 0.
  const uint16_t command_writable = (any_bar(true) ? command_bits::io_space : 0) |
                                    (any_bar(false) ? command_bits::memory_space : 0) | command_bits::bus_master |
                                    command_bits::parity | command_bits::serr |
                                    (spec.interrupt_pin ? command_bits::interrupt_disable : 0);
  init_u16(command, 0, command_writable);
  // The PCI Express capability is mandatory, so there always is a list.
  init_u16(status, status_bits::capabilities_list, 0, status_bits::received_master_abort);
  init_u8(revision, spec.revision);
  init_u8(class_code, static_cast<uint8_t>(spec.class_code));
  init_u16(class_code + 1, static_cast<uint16_t>(spec.class_code >> 8));
  init_u8(cache_line, 0, 0xff);  // no effect on PCI Express, but read-write for software that sets it
  init_u8(latency, 0);           // PCI Express hardwires the latency timer to 0
  init_u8(header_type, 0);       // type 0, single function
  init_u8(bist, 0);
  init_u16(subsystem_vendor_id, spec.subsystem_vendor_id);
  init_u16(subsystem_id, spec.subsystem_id);
  init_u32(expansion_rom, 0);    // none: the register is hardwired to 0, so sizing finds nothing
  init_u8(interrupt_line, 0, 0xff);
  init_u8(interrupt_pin, static_cast<uint8_t>(spec.interrupt_pin));
}

// A BAR's write mask keeps only its address bits, down to its size: writing
// all-ones reads back the size mask with the type bits below it, with no
// sizing mode. Unused slots (and a 64-bit BAR's upper slot beyond its size)
// stay 0.
void ConfigSpace::lay_out_bars(const EndpointSpec& spec) {
  for (unsigned i = 0; i < reg::bar_count; ++i) {
    const BarSpec& b = spec.bars[i];
    const unsigned at = reg::bar0 + 4 * i;
    if (b.size == 0) continue;
    const uint64_t address_bits = ~(b.size - 1);
    if (b.io) {
      init_u32(at, reg::bar_bits::io, static_cast<uint32_t>(address_bits) & ~reg::bar_bits::io_flags);
      continue;
    }
    const uint32_t type = (b.is64 ? reg::bar_bits::type64 : 0) | (b.prefetchable ? reg::bar_bits::prefetchable : 0);
    init_u32(at, type, static_cast<uint32_t>(address_bits) & ~reg::bar_bits::memory_flags);
    if (b.is64) {
      init_u32(at + 4, 0, static_cast<uint32_t>(address_bits >> 32));
      ++i;
    }
  }
}

void ConfigSpace::init_u8(unsigned offset, uint8_t value, uint8_t writable, uint8_t write_one_clears) {
  bytes_[offset] = value;
  writable_[offset] = writable;
  write_one_clears_[offset] = write_one_clears;
}
void ConfigSpace::init_u16(unsigned offset, uint16_t value, uint16_t writable, uint16_t write_one_clears) {
  init_u8(offset, static_cast<uint8_t>(value), static_cast<uint8_t>(writable),
          static_cast<uint8_t>(write_one_clears));
  init_u8(offset + 1, static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(writable >> 8),
          static_cast<uint8_t>(write_one_clears >> 8));
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
    const unsigned at = offset + i;
    const auto kept = static_cast<uint8_t>(bytes_[at] & ~writable_[at] & ~(byte & write_one_clears_[at]));
    bytes_[at] = static_cast<uint8_t>(kept | (byte & writable_[at]));
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
