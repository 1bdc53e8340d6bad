// pcie::Endpoint: MSI-X. The table (address, data, vector control per
// vector) and the Pending Bit Array sit in the BAR the endpoint chose and are
// served here, never by the function; the capability's Enable and Function
// Mask are in the configuration space.
#include "loom/tlm_devices/pcie_endpoint.h"

#include <algorithm>

#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {
constexpr unsigned kControl = reg::msix_cap + reg::msix::control;

uint32_t load_le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
void store_le32(uint8_t* p, uint32_t v) {
  for (unsigned i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
}  // namespace

// Entries start masked, so nothing leaves before software programs them.
void Endpoint::reset_msix() {
  std::fill(msix_table_.begin(), msix_table_.end(), 0);
  for (unsigned v = 0; v < spec_.msix_vectors; ++v) {
    msix_table_[4 * v + reg::msix::entry_control] = reg::msix::vector_masked;
  }
  std::fill(msix_pba_.begin(), msix_pba_.end(), 0);
}

bool Endpoint::msix_enabled() const { return spec_.msix_vectors && (config_->u16(kControl) & reg::msix::enable); }

bool Endpoint::msix_masked(unsigned vector) const {
  return (config_->u16(kControl) & reg::msix::function_mask) ||
         (msix_table_[4 * vector + reg::msix::entry_control] & reg::msix::vector_masked);
}

bool Endpoint::raise_msix(unsigned vector) {
  if (!msix_enabled() || vector >= spec_.msix_vectors || !bus_master()) return false;
  if (msix_masked(vector)) {
    msix_pba_[vector / 64] |= uint64_t{1} << (vector % 64);
    return true;
  }
  const uint32_t* entry = &msix_table_[4 * vector];
  const uint64_t address = uint64_t{entry[reg::msix::entry_address_hi]} << 32 | entry[reg::msix::entry_address_lo];
  return send_message(address, entry[reg::msix::entry_data]);
}

// Pending vectors whose masks are now clear leave, if MSI-X and bus
// mastering allow; the rest keep their PBA bits.
void Endpoint::deliver_pending_msix() {
  if (!msix_enabled() || !bus_master()) return;
  for (unsigned v = 0; v < spec_.msix_vectors; ++v) {
    uint64_t& word = msix_pba_[v / 64];
    const uint64_t bit = uint64_t{1} << (v % 64);
    if ((word & bit) && !msix_masked(v)) {
      word &= ~bit;
      raise_msix(v);
    }
  }
}

// An access at `offset` in the MSI-X BAR: false if it is outside the table
// and the PBA (the function's, then). DWORD or QWORD, naturally aligned, as
// the spec requires of software; the PBA is read-only. Reserved bits (an
// address's low two, vector control above the mask bit) read 0.
bool Endpoint::msix_access(uint64_t offset, tlm::tlm_generic_payload& trans) {
  const unsigned length = trans.get_data_length();
  uint8_t* data = trans.get_data_ptr();
  const uint64_t table_end = spec_.msix_table_offset + uint64_t{spec_.msix_vectors} * reg::msix::entry_bytes;
  const uint64_t pba_end = spec_.msix_pba_offset + msix_pba_.size() * 8;
  const bool in_table = offset >= spec_.msix_table_offset && offset < table_end;
  const bool in_pba = offset >= spec_.msix_pba_offset && offset < pba_end;
  if (!in_table && !in_pba) return false;
  if ((length != 4 && length != 8) || offset % length != 0) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return true;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  for (unsigned i = 0; i < length; i += 4) {
    if (in_pba) {
      const uint64_t dword = (offset - spec_.msix_pba_offset + i) / 4;
      const auto value = static_cast<uint32_t>(msix_pba_[dword / 2] >> (32 * (dword % 2)));
      if (trans.is_read()) store_le32(data + i, value);
      continue;
    }
    uint32_t& entry = msix_table_[(offset - spec_.msix_table_offset + i) / 4];
    if (trans.is_read()) {
      store_le32(data + i, entry);
      continue;
    }
    uint32_t value = load_le32(data + i);
    const unsigned field = static_cast<unsigned>((offset - spec_.msix_table_offset + i) / 4 % 4);
    if (field == reg::msix::entry_address_lo) value &= ~3u;
    if (field == reg::msix::entry_control) value &= reg::msix::vector_masked;
    entry = value;
  }
  if (trans.is_write() && in_table) deliver_pending_msix();  // an entry may just have been unmasked
  return true;
}

}  // namespace loom::tlm_devices::pcie
