// pcie::Endpoint: construction, reset, configuration space, BAR decoding and
// INTx. Messages and DMA: messages.cpp.
#include "loom/tlm_devices/pcie_endpoint.h"

#include <cstring>

#include "common/payload.h"
#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {
bool power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

void check_spec(const std::string& name, const EndpointSpec& spec) {
  const auto fail = [&](const std::string& what) { throw ModelError("PCIe function " + name + ": " + what); };
  for (unsigned i = 0; i < 6; ++i) {
    const BarSpec& b = spec.bars[i];
    if (b.size == 0) continue;
    if (!power_of_two(b.size) || b.size < (b.io ? 4u : 16u)) fail("BAR" + std::to_string(i) + " size is no power of two >= 16 (4 for I/O)");
    if (b.io && (b.is64 || b.prefetchable || b.size > 256)) fail("BAR" + std::to_string(i) + ": an I/O BAR is 32-bit, not prefetchable, at most 256 bytes");
    if (!b.is64 && !b.io && b.size > (1ull << 31)) fail("BAR" + std::to_string(i) + ": a 32-bit BAR of more than 2 GiB");
    if (b.is64 && (i == 5 || spec.bars[i + 1].size != 0)) fail("BAR" + std::to_string(i) + ": a 64-bit BAR needs the next slot free");
    if (b.is64) ++i;
  }
  if (spec.interrupt_pin > 4) fail("interrupt pin beyond INTD");
  if (spec.msi_vectors && (!power_of_two(spec.msi_vectors) || spec.msi_vectors > 32)) fail("MSI vectors: 1, 2, 4, 8, 16 or 32");
  if (spec.msix_vectors) {
    if (spec.msix_vectors > 2048) fail("more than 2048 MSI-X vectors");
    const BarSpec& b = spec.msix_bar < 6 ? spec.bars[spec.msix_bar] : BarSpec{};
    const uint64_t table_end = spec.msix_table_offset + uint64_t{spec.msix_vectors} * 16;
    const uint64_t pba_end = spec.msix_pba_offset + (spec.msix_vectors + 63) / 64 * 8;
    if (b.size == 0 || b.io || spec.msix_table_offset % 8 || spec.msix_pba_offset % 8 || table_end > b.size ||
        pba_end > b.size ||
        (spec.msix_table_offset < pba_end && spec.msix_pba_offset < table_end)) {
      fail("the MSI-X table and PBA must sit apart, 8-byte aligned, inside a memory BAR");
    }
  }
}
// Checked before anything is built, so a bad spec leaves no half-made module.
const sc_core::sc_module_name& checked(const sc_core::sc_module_name& name, const EndpointSpec& spec) {
  check_spec(static_cast<const char*>(name), spec);
  return name;
}

}  // namespace

Endpoint::Endpoint(sc_core::sc_module_name name, const EndpointSpec& spec)
    : sc_module(checked(name, spec)),
      spec_(spec),
      config_(std::make_unique<ConfigSpace>(spec)),
      mmio_socket_("mmio"),
      dma_socket_("dma"),
      intx_("intx") {
  mmio_socket_.register_b_transport(this, &Endpoint::b_transport);
  SC_METHOD(drive_intx);
  sensitive << intx_changed_;
  dont_initialize();
  msix_table_.assign(spec.msix_vectors * 4, 0);
  for (unsigned v = 0; v < spec.msix_vectors; ++v) msix_table_[4 * v + reg::msix::entry_control] = reg::msix::vector_masked;
  msix_pba_.assign((spec.msix_vectors + 63) / 64, 0);
}

Endpoint::~Endpoint() = default;

void Endpoint::reset() {
  config_ = std::make_unique<ConfigSpace>(spec_);
  for (unsigned v = 0; v < spec_.msix_vectors; ++v) {
    for (unsigned i = 0; i < 4; ++i) msix_table_[4 * v + i] = i == reg::msix::entry_control ? reg::msix::vector_masked : 0;
  }
  std::fill(msix_pba_.begin(), msix_pba_.end(), 0);
  intx_level_ = false;
  intx_changed_.notify(sc_core::SC_ZERO_TIME);
  on_reset();
}

// ---- configuration space ----------------------------------------------------

uint32_t Endpoint::config_read(unsigned offset, unsigned length) { return config_->read(offset, length); }

void Endpoint::config_write(unsigned offset, unsigned length, uint32_t value) {
  config_->write(offset, length, value);
  after_config_write(offset, length);
}

void Endpoint::after_config_write(unsigned offset, unsigned length) {
  const auto touches = [&](unsigned at, unsigned bytes) { return offset < at + bytes && at < offset + length; };
  if (touches(reg::command, 2)) intx_changed_.notify(sc_core::SC_ZERO_TIME);  // InterruptDisable, or BME
  if (spec_.msi_vectors && touches(reg::msi_cap, 0x18)) deliver_pending_msi();
  if (spec_.msix_vectors && touches(reg::msix_cap + reg::msix::control, 2)) deliver_pending_msix();
}

bool Endpoint::memory_space_enabled() const { return config_->u16(reg::command) & reg::command_bits::memory_space; }
bool Endpoint::bus_master() const { return config_->u16(reg::command) & reg::command_bits::bus_master; }

uint64_t Endpoint::bar_address(unsigned bar) const {
  const BarSpec& b = spec_.bars[bar];
  uint64_t address = config_->u32(reg::bar0 + 4 * bar) & (b.io ? ~3u : ~0xfu);
  if (b.is64) address |= uint64_t{config_->u32(reg::bar0 + 4 * bar + 4)} << 32;
  return address;
}

std::vector<PcieWindow> Endpoint::windows() const {
  std::vector<PcieWindow> out;
  const uint16_t command = config_->u16(reg::command);
  for (unsigned bar = 0; bar < 6; ++bar) {
    const BarSpec& b = spec_.bars[bar];
    if (b.size == 0) continue;
    const bool enabled = command & (b.io ? reg::command_bits::io_space : reg::command_bits::memory_space);
    const uint64_t address = bar_address(bar);
    if (enabled && address != 0) out.push_back({bar, address, b.size, b.io});
    if (b.is64) ++bar;
  }
  return out;
}

// ---- BAR accesses ------------------------------------------------------------

void Endpoint::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  delay += spec_.access_delay;
  trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  if (!memory_space_enabled()) return;
  for (unsigned bar = 0; bar < 6; ++bar) {
    const BarSpec& b = spec_.bars[bar];
    if (b.size == 0 || b.io) {
      if (b.is64) ++bar;
      continue;
    }
    const uint64_t base = bar_address(bar);
    if (base != 0 && address >= base && address - base < b.size && length <= b.size - (address - base)) {
      if (!all_bytes_enabled(trans)) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
      }
      const uint64_t offset = address - base;
      if (spec_.msix_vectors && bar == spec_.msix_bar && msix_access(bar, offset, trans)) return;
      trans.set_response_status(trans.is_write() ? bar_write(bar, offset, trans.get_data_ptr(), length)
                                                 : bar_read(bar, offset, trans.get_data_ptr(), length));
      return;
    }
    if (b.is64) ++bar;
  }
}

// ---- INTx ----------------------------------------------------------------------

void Endpoint::set_intx(bool level) {
  if (level == intx_level_) return;
  intx_level_ = level;
  uint16_t status = config_->u16(reg::status) & ~reg::status_bits::interrupt_status;
  if (level) status |= reg::status_bits::interrupt_status;
  config_->set_u16(reg::status, status);
  intx_changed_.notify(sc_core::SC_ZERO_TIME);
}

void Endpoint::drive_intx() {
  const bool disabled = config_->u16(reg::command) & reg::command_bits::interrupt_disable;
  intx_.write(spec_.interrupt_pin != 0 && intx_level_ && !disabled);
}

}  // namespace loom::tlm_devices::pcie
