// pcie::Endpoint: where the BARs decode, and the CPU's accesses to them. The
// payload address is the bus address, as a memory request TLP carries it;
// the function gets (bar, offset).
#include "loom/tlm_devices/pcie_endpoint.h"

#include "common/payload.h"
#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

uint64_t Endpoint::bar_address(unsigned bar) const {
  const BarSpec& b = spec_.bars[bar];
  const uint32_t flags = b.io ? reg::bar_bits::io_flags : reg::bar_bits::memory_flags;
  uint64_t address = config_->u32(reg::bar0 + 4 * bar) & ~flags;
  if (b.is64) address |= uint64_t{config_->u32(reg::bar0 + 4 * bar + 4)} << 32;
  return address;
}

// Sized, assigned (an address of 0 is "not assigned") and enabled. A BAR
// still holding the all-ones sizing pattern with decoding on decodes at the
// top of its address space; the host bridge maps no window there.
bool Endpoint::decodes(unsigned bar) const {
  const BarSpec& b = spec_.bars[bar];
  if (b.size == 0) return false;
  const uint16_t enable = b.io ? reg::command_bits::io_space : reg::command_bits::memory_space;
  return (config_->u16(reg::command) & enable) && bar_address(bar) != 0;
}

// Memory BARs only: the device server routes no I/O accesses (docs/pcie.md).
// An address no BAR decodes is an Unsupported Request: TLM address error.
void Endpoint::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  delay += spec_.access_delay;
  trans.set_dmi_allowed(false);
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  const unsigned streaming = trans.get_streaming_width();
  if (length == 0 || (streaming != 0 && streaming < length)) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  for (unsigned bar = 0; bar < reg::bar_count; ++bar) {
    const BarSpec& b = spec_.bars[bar];
    if (!b.io && decodes(bar)) {
      const uint64_t base = bar_address(bar);
      if (address >= base && address - base < b.size && length <= b.size - (address - base)) {
        const uint64_t offset = address - base;
        if (!all_bytes_enabled(trans)) {
          trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        } else if (trans.get_command() == tlm::TLM_IGNORE_COMMAND) {
          trans.set_response_status(tlm::TLM_OK_RESPONSE);
        } else if (!(spec_.msix_vectors && bar == spec_.msix_bar && msix_access(offset, trans))) {
          trans.set_response_status(trans.is_write() ? bar_write(bar, offset, trans.get_data_ptr(), length)
                                                     : bar_read(bar, offset, trans.get_data_ptr(), length));
        }
        return;
      }
    }
    if (b.is64) ++bar;
  }
  trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace loom::tlm_devices::pcie
