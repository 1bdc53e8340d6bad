// The capability list from 0x34: PCI Express (always: a PCI Express function
// must have it), then MSI and MSI-X when the endpoint asks for vectors. Each
// capability's write mask says what software may set; the reactions to
// those writes (MSI's enabled vector count, pending messages) are the
// Endpoint's (msi.cpp, msix.cpp).
#include "pcie/config_space.h"

namespace loom::tlm_devices::pcie {

namespace {
unsigned log2(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v) ++n;
  return n;
}
}  // namespace

void ConfigSpace::lay_out_capabilities(const EndpointSpec& spec) {
  unsigned next_pointer = reg::capabilities;
  const auto chain = [&](unsigned at, uint8_t id) {
    init_u8(next_pointer, static_cast<uint8_t>(at));
    init_u8(at, id);
    next_pointer = at + reg::cap_next;
  };
  chain(reg::pcie_cap, reg::cap_pcie);
  lay_out_pcie_capability();
  if (spec.msi_vectors) {
    chain(reg::msi_cap, reg::cap_msi);
    lay_out_msi_capability(spec);
  }
  if (spec.msix_vectors) {
    chain(reg::msix_cap, reg::cap_msix);
    lay_out_msix_capability(spec);
  }
  init_u8(next_pointer, 0);  // the end of the list
}

// Version 2, an endpoint on an x1 link trained at 2.5 GT/s. Nothing here
// changes how the model behaves: payload sizes and link settings are what
// a driver reads and writes, not what the TLM transport obeys.
void ConfigSpace::lay_out_pcie_capability() {
  namespace p = reg::pcie;
  const unsigned at = reg::pcie_cap;
  init_u16(at + p::capabilities, 0x0002);  // version 2; device/port type 0: PCI Express endpoint
  // Max payload 256 bytes (1); role-based error reporting (bit 15), which
  // every function after PCI Express 1.0a reports.
  init_u32(at + p::device_capabilities, 0x00008001);
  // Reset values: relaxed ordering and no snoop enabled, max payload 128,
  // max read request 512. Writable: error reporting enables (3:0), relaxed
  // ordering (4), max payload (7:5), no snoop (11), max read request (14:12);
  // the features not offered (extended tags, phantom functions, aux power,
  // FLR) stay 0.
  init_u16(at + p::device_control, 0x2810, 0x78ff);
  init_u16(at + p::device_status, 0, 0, 0x000f);  // error detected bits, RW1C (never set here)
  init_u32(at + p::link_capabilities, 0x00000011);  // max speed 2.5 GT/s, max width x1, no ASPM
  // ASPM control, read completion boundary, common clock, extended synch.
  init_u16(at + p::link_control, 0, 0x00cb);
  // Negotiated: x1 at 2.5 GT/s (the link is up; Data Link Layer Link Active
  // reporting belongs to downstream ports, not to an endpoint).
  init_u16(at + p::link_status, 0x0011);
  init_u32(at + p::device_capabilities2, 0);
  init_u16(at + p::device_control2, 0);
  init_u32(at + p::link_capabilities2, 0x00000002);  // supported speeds: 2.5 GT/s
  init_u16(at + p::link_control2, 0x0001, 0x000f);   // target link speed: 2.5 GT/s
  init_u16(at + p::link_status2, 0);
}

// The 64-bit layout with per-vector masking. Enable and Multiple Message
// Enable are writable (the Endpoint then limits MME to what is capable);
// mask bits exist for the capable vectors only; pending bits are the
// function's.
void ConfigSpace::lay_out_msi_capability(const EndpointSpec& spec) {
  namespace m = reg::msi;
  const unsigned at = reg::msi_cap;
  const auto mmc = static_cast<uint16_t>(log2(spec.msi_vectors) << m::mmc_shift);
  init_u16(at + m::control, mmc | m::address64 | m::per_vector_mask, m::enable | m::mme_mask);
  init_u32(at + m::address_lo, 0, ~3u);  // dword aligned
  init_u32(at + m::address_hi, 0, ~0u);
  init_u16(at + m::data, 0, 0xffff);
  init_u16(at + m::data + 2, 0);  // no extended message data
  const uint32_t vectors = spec.msi_vectors >= 32 ? ~0u : (1u << spec.msi_vectors) - 1;
  init_u32(at + m::mask, 0, vectors);
  init_u32(at + m::pending, 0);
}

// Table size (N - 1), table and PBA locations are read-only; software sets
// only Enable and Function Mask. The table and PBA themselves live in the
// Endpoint (msix.cpp), reached through the chosen BAR.
void ConfigSpace::lay_out_msix_capability(const EndpointSpec& spec) {
  namespace x = reg::msix;
  const unsigned at = reg::msix_cap;
  init_u16(at + x::control, static_cast<uint16_t>(spec.msix_vectors - 1), x::enable | x::function_mask);
  init_u32(at + x::table, spec.msix_table_offset | spec.msix_bar);
  init_u32(at + x::pba, spec.msix_pba_offset | spec.msix_bar);
}

}  // namespace loom::tlm_devices::pcie
