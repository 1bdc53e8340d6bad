#pragma once
// A function's 4 KiB configuration space as bytes with per-bit write
// behaviour: what a write may change is decided once, when the space is laid
// out from the EndpointSpec (read-only IDs, BAR address bits down to the
// BAR's size, the capabilities' control bits, RW1C error bits), so that
// sizing a BAR or probing a read-only register needs no special case.
// Reactions to writes (INTx, pending messages) are the Endpoint's.
#include <array>
#include <cstdint>

#include "loom/tlm_devices/pcie_endpoint.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

class ConfigSpace {
 public:
  explicit ConfigSpace(const EndpointSpec& spec);
  // `length` bytes (1, 2 or 4) at `offset`, little-endian. Bytes beyond the
  // space read 0 and ignore writes.
  uint32_t read(unsigned offset, unsigned length) const;
  // Writable bits take the value, RW1C bits clear where it has a 1, the rest
  // stay.
  void write(unsigned offset, unsigned length, uint32_t value);

  uint8_t u8(unsigned offset) const { return bytes_[offset]; }
  uint16_t u16(unsigned offset) const { return static_cast<uint16_t>(read(offset, 2)); }
  uint32_t u32(unsigned offset) const { return read(offset, 4); }
  // Sets state the device owns, whatever software may write (interrupt
  // status, pending bits, error bits).
  void set_u16(unsigned offset, uint16_t value);
  void set_u32(unsigned offset, uint32_t value);

  // Snapshots: the bytes (what writes may change follows from the spec).
  void save(state::StateWriter& out) const { out.bytes(bytes_.data(), bytes_.size()); }
  void restore(state::StateReader& in) { in.bytes(bytes_.data(), bytes_.size()); }

 private:
  void init_u8(unsigned offset, uint8_t value, uint8_t writable = 0, uint8_t write_one_clears = 0);
  void init_u16(unsigned offset, uint16_t value, uint16_t writable = 0, uint16_t write_one_clears = 0);
  void init_u32(unsigned offset, uint32_t value, uint32_t writable = 0);
  void lay_out_header(const EndpointSpec& spec);
  void lay_out_bars(const EndpointSpec& spec);
  // capabilities.cpp: the list from 0x34 and each capability's registers.
  void lay_out_capabilities(const EndpointSpec& spec);
  void lay_out_pcie_capability();
  void lay_out_msi_capability(const EndpointSpec& spec);
  void lay_out_msix_capability(const EndpointSpec& spec);

  std::array<uint8_t, reg::config_bytes> bytes_{};
  std::array<uint8_t, reg::config_bytes> writable_{};
  std::array<uint8_t, reg::config_bytes> write_one_clears_{};
};

}  // namespace loom::tlm_devices::pcie
