// pcie::Endpoint: MSI and MSI-X messages (memory writes on the DMA path,
// held pending while masked) and the function's own DMA, all gated by bus
// mastering.
#include "loom/tlm_devices/pcie_endpoint.h"

#include <algorithm>
#include <cstring>

#include "common/payload.h"
#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {
// Large transfers go out in pieces a bridge message carries comfortably.
constexpr uint64_t kDmaPiece = 256 * 1024;
}  // namespace

// ---- DMA ----------------------------------------------------------------------

bool Endpoint::dma_read(uint64_t address, uint8_t* data, uint64_t length, sc_core::sc_time& delay) {
  for (uint64_t done = 0; done < length;) {
    if (!bus_master()) return false;  // checked per piece: the driver may turn it off midway
    const auto n = static_cast<unsigned>(std::min(length - done, kDmaPiece));
    tlm::tlm_generic_payload trans;
    make_plain_payload(trans, tlm::TLM_READ_COMMAND, address + done, data + done, n);
    dma_socket_->b_transport(trans, delay);
    if (!trans.is_response_ok()) return false;
    done += n;
  }
  return true;
}

bool Endpoint::dma_write(uint64_t address, const uint8_t* data, uint64_t length, sc_core::sc_time& delay) {
  for (uint64_t done = 0; done < length;) {
    if (!bus_master()) return false;
    const auto n = static_cast<unsigned>(std::min(length - done, kDmaPiece));
    tlm::tlm_generic_payload trans;
    make_plain_payload(trans, tlm::TLM_WRITE_COMMAND, address + done, const_cast<uint8_t*>(data + done), n);
    dma_socket_->b_transport(trans, delay);
    if (!trans.is_response_ok()) return false;
    done += n;
  }
  return true;
}

// A message is a DWORD memory write (MSI's 16-bit data zero-extended).
bool Endpoint::send_message(uint64_t address, uint32_t data) {
  if (!bus_master()) return false;
  uint8_t bytes[4];
  std::memcpy(bytes, &data, 4);
  tlm::tlm_generic_payload trans;
  make_plain_payload(trans, tlm::TLM_WRITE_COMMAND, address, bytes, 4);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  dma_socket_->b_transport(trans, delay);
  return trans.is_response_ok();
}

// ---- MSI --------------------------------------------------------------------------

bool Endpoint::msi_enabled() const {
  return spec_.msi_vectors && (config_->u16(reg::msi_cap + reg::msi::control) & reg::msi::enable);
}

unsigned Endpoint::msi_vectors_enabled() const {
  if (!msi_enabled()) return 0;
  const uint16_t control = config_->u16(reg::msi_cap + reg::msi::control);
  const unsigned requested = 1u << ((control >> reg::msi::mme_shift) & 7);
  return std::min(requested, spec_.msi_vectors);  // more than capable is no valid setting
}

bool Endpoint::raise_msi(unsigned vector) {
  if (vector >= msi_vectors_enabled() || !bus_master()) return false;
  const unsigned at = reg::msi_cap;
  if (config_->u32(at + reg::msi::mask) >> vector & 1) {
    config_->set_u32(at + reg::msi::pending, config_->u32(at + reg::msi::pending) | 1u << vector);
    return true;
  }
  const uint64_t address = uint64_t{config_->u32(at + reg::msi::address_hi)} << 32 | config_->u32(at + reg::msi::address_lo);
  // Multiple messages: the vector replaces the data's low bits.
  const unsigned count = msi_vectors_enabled();
  const uint32_t data = (config_->u16(at + reg::msi::data) & ~(count - 1)) | vector;
  return send_message(address, data);
}

void Endpoint::deliver_pending_msi() {
  const unsigned at = reg::msi_cap;
  const uint32_t pending = config_->u32(at + reg::msi::pending);
  const uint32_t ready = pending & ~config_->u32(at + reg::msi::mask);
  if (ready == 0 || !msi_enabled()) return;
  config_->set_u32(at + reg::msi::pending, pending & ~ready);
  for (unsigned v = 0; v < 32; ++v) {
    if (ready >> v & 1) raise_msi(v);
  }
}

// ---- MSI-X ------------------------------------------------------------------------

bool Endpoint::msix_enabled() const {
  return spec_.msix_vectors && (config_->u16(reg::msix_cap + reg::msix::control) & reg::msix::enable);
}

bool Endpoint::raise_msix(unsigned vector) {
  if (!msix_enabled() || vector >= spec_.msix_vectors || !bus_master()) return false;
  const uint32_t* entry = &msix_table_[4 * vector];
  const bool function_masked = config_->u16(reg::msix_cap + reg::msix::control) & reg::msix::function_mask;
  if (function_masked || (entry[reg::msix::entry_control] & reg::msix::vector_masked)) {
    msix_pba_[vector / 64] |= uint64_t{1} << (vector % 64);
    return true;
  }
  const uint64_t address = uint64_t{entry[reg::msix::entry_address_hi]} << 32 | entry[reg::msix::entry_address_lo];
  return send_message(address, entry[reg::msix::entry_data]);
}

void Endpoint::deliver_pending_msix() {
  if (!msix_enabled() || (config_->u16(reg::msix_cap + reg::msix::control) & reg::msix::function_mask)) return;
  for (unsigned v = 0; v < spec_.msix_vectors; ++v) {
    uint64_t& word = msix_pba_[v / 64];
    const uint64_t bit = uint64_t{1} << (v % 64);
    if ((word & bit) && !(msix_table_[4 * v + reg::msix::entry_control] & reg::msix::vector_masked)) {
      word &= ~bit;
      raise_msix(v);
    }
  }
}

// The table and PBA: DWORD or QWORD accesses, as the spec allows.
bool Endpoint::msix_access(unsigned bar, uint64_t offset, tlm::tlm_generic_payload& trans) {
  (void)bar;
  const unsigned length = trans.get_data_length();
  uint8_t* data = trans.get_data_ptr();
  const uint64_t table_end = spec_.msix_table_offset + uint64_t{spec_.msix_vectors} * reg::msix::entry_bytes;
  const uint64_t pba_bytes = msix_pba_.size() * 8;
  const bool in_table = offset >= spec_.msix_table_offset && offset < table_end;
  const bool in_pba = offset >= spec_.msix_pba_offset && offset < spec_.msix_pba_offset + pba_bytes;
  if (!in_table && !in_pba) return false;
  if ((length != 4 && length != 8) || offset % length != 0) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return true;
  }
  if (in_pba) {
    const uint64_t at = offset - spec_.msix_pba_offset;
    auto* bytes = reinterpret_cast<uint8_t*>(msix_pba_.data());
    if (trans.is_read()) std::memcpy(data, bytes + at, length);  // read-only: writes are ignored
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
  }
  const uint64_t at = offset - spec_.msix_table_offset;
  auto* bytes = reinterpret_cast<uint8_t*>(msix_table_.data());
  if (trans.is_read()) {
    std::memcpy(data, bytes + at, length);
  } else {
    std::memcpy(bytes + at, data, length);
    deliver_pending_msix();  // an entry may just have been unmasked
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

}  // namespace loom::tlm_devices::pcie
