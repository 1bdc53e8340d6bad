// pcie::Endpoint: the spec check, construction, reset, and configuration
// accesses with the reactions they cause. BAR decoding: bar_decode.cpp;
// INTx: intx.cpp; MSI: msi.cpp; MSI-X: msix.cpp; DMA and messages: dma.cpp.
#include "loom/tlm_devices/pcie_endpoint.h"

#include <string>

#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {

bool power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

template <typename Fail>
void check_bars(const EndpointSpec& spec, const Fail& fail) {
  for (unsigned i = 0; i < reg::bar_count; ++i) {
    const BarSpec& b = spec.bars[i];
    const std::string bar = "BAR" + std::to_string(i);
    if (b.size == 0) {
      if (b.is64 || b.prefetchable || b.io) fail(bar + " has a type but size 0");
      continue;
    }
    if (!power_of_two(b.size) || b.size < (b.io ? 4u : 16u)) {
      fail(bar + " size is no power of two >= 16 (4 for I/O)");
    }
    if (b.io && (b.is64 || b.prefetchable || b.size > 256)) {
      fail(bar + ": an I/O BAR is 32-bit, not prefetchable, at most 256 bytes");
    }
    if (!b.is64 && !b.io && b.size > (1ull << 31)) fail(bar + ": a 32-bit BAR of more than 2 GiB");
    if (b.is64 && (i == reg::bar_count - 1 || spec.bars[i + 1].size != 0)) {
      fail(bar + ": a 64-bit BAR needs the next slot free");
    }
    if (b.is64) ++i;
  }
}

void check_spec(const std::string& name, const EndpointSpec& spec) {
  const auto fail = [&](const std::string& what) { throw ModelError("PCIe function " + name + ": " + what); };
  check_bars(spec, fail);
  if (spec.interrupt_pin > 4) fail("interrupt pin beyond INTD");
  if (spec.msi_vectors && (!power_of_two(spec.msi_vectors) || spec.msi_vectors > 32)) {
    fail("MSI vectors: 1, 2, 4, 8, 16 or 32");
  }
  if (spec.msix_vectors == 0) return;
  if (spec.msix_vectors > 2048) fail("more than 2048 MSI-X vectors");
  const BarSpec& b = spec.msix_bar < reg::bar_count ? spec.bars[spec.msix_bar] : BarSpec{};
  const uint64_t table_end = spec.msix_table_offset + uint64_t{spec.msix_vectors} * reg::msix::entry_bytes;
  const uint64_t pba_end = spec.msix_pba_offset + (spec.msix_vectors + 63) / 64 * 8;
  if (b.size == 0 || b.io || spec.msix_table_offset % 8 || spec.msix_pba_offset % 8 || table_end > b.size ||
      pba_end > b.size || (spec.msix_table_offset < pba_end && spec.msix_pba_offset < table_end)) {
    fail("the MSI-X table and PBA must sit apart, 8-byte aligned, inside a memory BAR");
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
  msix_pba_.assign((spec.msix_vectors + 63) / 64, 0);
  reset_msix();
}

Endpoint::~Endpoint() = default;

void Endpoint::reset() {
  config_ = std::make_unique<ConfigSpace>(spec_);
  reset_msix();
  intx_level_ = false;
  intx_changed_.notify(sc_core::SC_ZERO_TIME);
  on_reset();
}

void Endpoint::save_endpoint(state::StateWriter& out) const {
  out.begin("pcie-endpoint", 1);
  config_->save(out);
  out.boolean(intx_level_);
  out.u64(msix_table_.size());
  for (uint32_t dword : msix_table_) out.u32(dword);
  out.u64(msix_pba_.size());
  for (uint64_t bits : msix_pba_) out.u64(bits);
  out.end();
}

void Endpoint::restore_endpoint(state::StateReader& in) {
  in.begin("pcie-endpoint", 1);
  config_->restore(in);
  intx_level_ = in.boolean();
  if (in.u64() != msix_table_.size()) in.fail("another MSI-X table size");
  for (uint32_t& dword : msix_table_) dword = in.u32();
  if (in.u64() != msix_pba_.size()) in.fail("another MSI-X table size");
  for (uint64_t& bits : msix_pba_) bits = in.u64();
  in.end();
  intx_changed_.notify(sc_core::SC_ZERO_TIME);
}

// ---- configuration space ----------------------------------------------------

uint32_t Endpoint::config_read(unsigned offset, unsigned length) { return config_->read(offset, length); }

void Endpoint::config_write(unsigned offset, unsigned length, uint32_t value) {
  config_->write(offset, length, value);
  after_config_write(offset, length);
}

// What a write may set in motion. INTx depends on COMMAND and on the MSI and
// MSI-X enables; a held message leaves once bus mastering, its enable and
// its masks all allow it.
void Endpoint::after_config_write(unsigned offset, unsigned length) {
  const auto touches = [&](unsigned at, unsigned bytes) { return offset < at + bytes && at < offset + length; };
  const bool command = touches(reg::command, 2);
  const bool msi = spec_.msi_vectors && touches(reg::msi_cap, reg::msi::size);
  const bool msix = spec_.msix_vectors && touches(reg::msix_cap + reg::msix::control, 2);
  if (msi) limit_msi_vectors();
  if (command || msi || msix) intx_changed_.notify(sc_core::SC_ZERO_TIME);
  if (command || msi) deliver_pending_msi();
  if (command || msix) deliver_pending_msix();
}

bool Endpoint::memory_space_enabled() const { return config_->u16(reg::command) & reg::command_bits::memory_space; }
bool Endpoint::bus_master() const { return config_->u16(reg::command) & reg::command_bits::bus_master; }

// A BAR decodes once it is sized, assigned (not 0) and its space enabled
// (bar_decode.cpp).
std::vector<PcieWindow> Endpoint::windows() const {
  std::vector<PcieWindow> out;
  for (unsigned bar = 0; bar < reg::bar_count; ++bar) {
    const BarSpec& b = spec_.bars[bar];
    if (b.size == 0) continue;
    if (decodes(bar)) out.push_back({bar, bar_address(bar), b.size, b.io});
    if (b.is64) ++bar;
  }
  return out;
}

}  // namespace loom::tlm_devices::pcie
