#pragma once
// A function's 4 KiB configuration space as bytes with a per-bit write mask:
// what a write may change is decided once, when the space is laid out from
// the EndpointSpec (read-only IDs, BAR address bits down to the BAR's size,
// the capabilities' control bits), so that sizing a BAR or probing a
// read-only register needs no special case.
#include <array>
#include <cstdint>

#include "loom/tlm_devices/pcie_endpoint.h"

namespace loom::tlm_devices::pcie {

class ConfigSpace {
 public:
  explicit ConfigSpace(const EndpointSpec& spec);
  uint32_t read(unsigned offset, unsigned length) const;
  void write(unsigned offset, unsigned length, uint32_t value);

  uint8_t u8(unsigned offset) const { return bytes_[offset]; }
  uint16_t u16(unsigned offset) const { return static_cast<uint16_t>(read(offset, 2)); }
  uint32_t u32(unsigned offset) const { return read(offset, 4); }
  // Sets read-only state the device owns (interrupt status, pending bits).
  void set_u16(unsigned offset, uint16_t value);
  void set_u32(unsigned offset, uint32_t value);

 private:
  void init_u8(unsigned offset, uint8_t value, uint8_t writable = 0);
  void init_u16(unsigned offset, uint16_t value, uint16_t writable = 0);
  void init_u32(unsigned offset, uint32_t value, uint32_t writable = 0);
  void lay_out_bars(const EndpointSpec& spec);
  void lay_out_capabilities(const EndpointSpec& spec);

  std::array<uint8_t, 4096> bytes_{};
  std::array<uint8_t, 4096> writable_{};
};

}  // namespace loom::tlm_devices::pcie
