// pcie::Endpoint: MSI, with multiple messages and per-vector masking. The
// capability's registers live in the configuration space (capabilities.cpp);
// this is what the function's raise_msi and the host's writes do with them.
#include "loom/tlm_devices/pcie_endpoint.h"

#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {
constexpr unsigned kControl = reg::msi_cap + reg::msi::control;
constexpr unsigned kMask = reg::msi_cap + reg::msi::mask;
constexpr unsigned kPending = reg::msi_cap + reg::msi::pending;
}  // namespace

bool Endpoint::msi_enabled() const { return spec_.msi_vectors && (config_->u16(kControl) & reg::msi::enable); }

unsigned Endpoint::msi_vectors_enabled() const {
  if (!msi_enabled()) return 0;
  return 1u << ((config_->u16(kControl) & reg::msi::mme_mask) >> reg::msi::mme_shift);
}

// Multiple Message Enable above Multiple Message Capable is no valid
// setting: the field keeps only what the function can do, so software that
// reads it back sees the count in use.
void Endpoint::limit_msi_vectors() {
  const uint16_t control = config_->u16(kControl);
  const unsigned capable = (control >> reg::msi::mmc_shift) & 7;
  if (((control & reg::msi::mme_mask) >> reg::msi::mme_shift) <= capable) return;
  config_->set_u16(kControl, static_cast<uint16_t>((control & ~reg::msi::mme_mask) | capable << reg::msi::mme_shift));
}

bool Endpoint::raise_msi(unsigned vector) {
  if (vector >= msi_vectors_enabled() || !bus_master()) return false;
  const uint32_t bit = 1u << vector;
  if (config_->u32(kMask) & bit) {
    config_->set_u32(kPending, config_->u32(kPending) | bit);
    return true;
  }
  const uint64_t address = uint64_t{config_->u32(reg::msi_cap + reg::msi::address_hi)} << 32 |
                           config_->u32(reg::msi_cap + reg::msi::address_lo);
  // Multiple messages: the function replaces the low log2(count) bits of the
  // data with the vector number; the host leaves them 0.
  const unsigned count = msi_vectors_enabled();
  const uint32_t data = (config_->u16(reg::msi_cap + reg::msi::data) & ~(count - 1)) | vector;
  return send_message(address, data);
}

// Pending vectors the host has unmasked leave now, if MSI and bus mastering
// allow; otherwise they stay pending.
void Endpoint::deliver_pending_msi() {
  if (!msi_enabled() || !bus_master()) return;
  const unsigned count = msi_vectors_enabled();
  const uint32_t in_use = count >= 32 ? ~0u : (1u << count) - 1;
  const uint32_t pending = config_->u32(kPending);
  const uint32_t ready = pending & ~config_->u32(kMask) & in_use;
  if (ready == 0) return;
  config_->set_u32(kPending, pending & ~ready);
  for (unsigned v = 0; v < 32; ++v) {
    if (ready >> v & 1) raise_msi(v);
  }
}

}  // namespace loom::tlm_devices::pcie
