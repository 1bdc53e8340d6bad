// loom,pci-endpoint-test: the factory, the BARs as the CPU sees them, the
// legacy interrupt level and reset. The command thread: commands.cpp.
#include "common/sc_time_util.h"
#include "pci-endpoint-test/pci_endpoint_test.h"

#include <algorithm>
#include <cstring>

#include "common/params.h"

namespace loom::tlm_devices::pci_endpoint_test {

namespace {

bool power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

pcie::EndpointSpec read_spec(ParamReader& p) {
  pcie::EndpointSpec spec;
  spec.vendor_id = static_cast<uint16_t>(p.get_uint("vendor-id", 0x4c4d, 0xfffe));  // 0xffff: no function
  spec.device_id = static_cast<uint16_t>(p.get_uint("device-id", 0x0001, 0xffff));
  spec.subsystem_vendor_id = static_cast<uint16_t>(p.get_uint("subsystem-vendor-id", spec.vendor_id, 0xffff));
  spec.subsystem_id = static_cast<uint16_t>(p.get_uint("subsystem-id", spec.device_id, 0xffff));
  spec.revision = static_cast<uint8_t>(p.get_uint("revision", 0, 0xff));
  spec.class_code = static_cast<uint32_t>(p.get_uint("class-code", 0xff0000, 0xffffff));
  spec.bars[0] = {bars::bar0_size, false, false, false};
  spec.bars[1] = {bars::bar1_size, false, false, false};
  spec.bars[2] = {bars::bar2_size, true, false, false};
  spec.bars[4] = {bars::bar4_size, true, true, false};
  spec.interrupt_pin = 1;  // INTA
  spec.msi_vectors = static_cast<unsigned>(p.get_uint("msi-vectors", 32, 32));
  if (spec.msi_vectors != 0 && !power_of_two(spec.msi_vectors)) {
    p.fail("parameter 'msi-vectors' must be 0, 1, 2, 4, 8, 16 or 32, got " + std::to_string(spec.msi_vectors));
  }
  spec.msix_vectors = static_cast<unsigned>(p.get_uint("msix-vectors", 32, bars::max_msix_vectors));
  spec.msix_bar = bars::registers;
  spec.msix_table_offset = bars::msix_table;
  spec.msix_pba_offset = bars::msix_pba;
  return spec;
}

}  // namespace

std::unique_ptr<Model> make_pci_endpoint_test(const std::string& name, uint64_t size, const ModelParams& params,
                                              HostServices* services) {
  (void)size;
  (void)services;
  ParamReader p(std::string(type_name) + " '" + name + "'", params);
  const pcie::EndpointSpec spec = read_spec(p);
  PciEndpointTest::Timing timing;
  timing.bytes_per_us = p.get_uint("dma-bytes-per-us", timing.bytes_per_us);
  if (timing.bytes_per_us == 0) p.fail("parameter 'dma-bytes-per-us' must be at least 1");
  timing.max_transfer_bytes = p.get_uint("max-transfer-bytes", timing.max_transfer_bytes, 0xffffffff);
  timing.intx_pulse_ns = p.get_uint("intx-pulse-ns", timing.intx_pulse_ns, 1'000'000'000);
  p.reject_unknown();
  return std::make_unique<PciEndpointTest>(name.c_str(), spec, timing);
}

PciEndpointTest::PciEndpointTest(sc_core::sc_module_name name, const pcie::EndpointSpec& spec, const Timing& timing)
    : Endpoint(name, spec),
      timing_(timing),
      bar1_(bars::bar1_size),
      bar2_(bars::bar2_size),
      bar4_(bars::bar4_size) {
  SC_THREAD(run_commands);
  SC_METHOD(end_intx_pulse);
  sensitive << intx_pulse_end_;
  dont_initialize();
}

uint32_t PciEndpointTest::reg(unsigned offset) const {
  const uint8_t* p = registers_.data() + offset;
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

void PciEndpointTest::set_reg(unsigned offset, uint32_t value) {
  for (unsigned i = 0; i < 4; ++i) registers_[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

std::vector<uint8_t>* PciEndpointTest::memory(unsigned bar) {
  return bar == 1 ? &bar1_ : bar == 2 ? &bar2_ : bar == 4 ? &bar4_ : nullptr;
}

// BAR0 registers take any access the framework lets through (the driver
// uses readl/writel); past them the BAR reads 0. The framework has already
// checked that the access lies inside the BAR.
tlm::tlm_response_status PciEndpointTest::bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) {
  if (bar == bars::registers) {
    for (unsigned i = 0; i < length; ++i) data[i] = offset + i < regs::end ? registers_[offset + i] : 0;
    return tlm::TLM_OK_RESPONSE;
  }
  std::vector<uint8_t>* m = memory(bar);
  if (!m) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  std::memcpy(data, m->data() + offset, length);
  return tlm::TLM_OK_RESPONSE;
}

tlm::tlm_response_status PciEndpointTest::bar_write(unsigned bar, uint64_t offset, const uint8_t* data,
                                                    unsigned length) {
  if (bar != bars::registers) {
    std::vector<uint8_t>* m = memory(bar);
    if (!m) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    std::memcpy(m->data() + offset, data, length);
    return tlm::TLM_OK_RESPONSE;
  }
  for (unsigned i = 0; i < length; ++i) {
    if (offset + i < regs::end) registers_[offset + i] = data[i];
  }
  const auto touches = [&](unsigned at) { return offset < at + 4 && at < offset + length; };
  // The thread picks the command up; b_transport must not wait.
  if (touches(regs::command) && reg(regs::command) != 0) command_written_.notify(sc_core::SC_ZERO_TIME);
  if (touches(regs::status)) {  // the driver's interrupt handler acknowledges
    if (!(reg(regs::status) & status_bits::irq_raised)) legacy_raised_ = false;
    update_intx();
  }
  return tlm::TLM_OK_RESPONSE;
}

// The legacy interrupt is a level, up from a legacy raise until the driver's
// handler writes STATUS back without IRQ_RAISED (Linux 6.1's handler does),
// or until the pulse ends: Linux 6.12's handler leaves STATUS alone, and
// Linux's endpoint function on real controllers sends INTx as a pulse
// (assert, about 1 ms, deassert), so a level held until acknowledged would
// keep that handler running for ever.
void PciEndpointTest::update_intx() {
  if (!legacy_raised_) {
    intx_pulse_end_.cancel();
    intx_pulse_pending_ = false;
  }
  set_intx(legacy_raised_ && (reg(regs::status) & status_bits::irq_raised));
}

void PciEndpointTest::assert_legacy() {
  legacy_raised_ = true;
  update_intx();
  if (timing_.intx_pulse_ns) {
    intx_pulse_deadline_ = sc_core::sc_time_stamp() + time_from_ns(timing_.intx_pulse_ns);
    intx_pulse_pending_ = true;
    intx_pulse_end_.notify(time_from_ns(timing_.intx_pulse_ns));
  }
}

void PciEndpointTest::end_intx_pulse() {
  intx_pulse_pending_ = false;
  legacy_raised_ = false;
  update_intx();
}

// The framework has reset the configuration space (bus mastering is off);
// the thread learns from the generation that the command under way is
// dropped, and the event ends its wait at once.
void PciEndpointTest::on_reset() {
  registers_.fill(0);
  for (std::vector<uint8_t>* m : {&bar1_, &bar2_, &bar4_}) std::fill(m->begin(), m->end(), 0);
  legacy_raised_ = false;
  intx_pulse_pending_ = false;
  in_flight_.reset();
  resume_.reset();
  seed_ = 0;
  ++generation_;
  command_written_.cancel();
  abandon_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace loom::tlm_devices::pci_endpoint_test
