#include "pci-endpoint-test/pci_endpoint_test.h"

#include <cstring>

#include "common/params.h"

namespace loom::tlm_devices::pci_endpoint_test {

namespace {

namespace cmd = regs::command_bits;
namespace st = regs::status_bits;
namespace irq = regs::irq_types;

// crc32_le(~0, data) as Linux computes it: reflected 0xedb88320, no final
// inversion.
uint32_t crc32_le(const uint8_t* data, uint64_t length) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = ~0u;
  for (uint64_t i = 0; i < length; ++i) crc = (crc >> 8) ^ table[(crc ^ data[i]) & 0xff];
  return crc;
}

}  // namespace

std::unique_ptr<Model> make_pci_endpoint_test(const std::string& name, uint64_t size, const ModelParams& params,
                                              HostServices* services) {
  (void)size;
  (void)services;
  ParamReader p(std::string(type_name) + " '" + name + "'", params);
  pcie::EndpointSpec spec;
  spec.vendor_id = static_cast<uint16_t>(p.get_uint("vendor-id", 0x4c4d, 0xfffe));
  spec.device_id = static_cast<uint16_t>(p.get_uint("device-id", 0x0001, 0xffff));
  spec.subsystem_vendor_id = spec.vendor_id;
  spec.subsystem_id = spec.device_id;
  spec.class_code = 0xff0000;  // unclassified, as Linux's endpoint test function
  spec.bars[0] = {regs::bar0_size, false, false, false};
  spec.bars[1] = {regs::bar1_size, false, false, false};
  spec.bars[2] = {regs::bar2_size, true, false, false};
  spec.bars[4] = {regs::bar4_size, true, true, false};
  spec.msi_vectors = static_cast<unsigned>(p.get_uint("msi-vectors", 32, 32));
  spec.msix_vectors = static_cast<unsigned>(p.get_uint("msix-vectors", 32, 64));
  spec.msix_bar = 0;
  spec.msix_table_offset = regs::msix_table;
  spec.msix_pba_offset = regs::msix_pba;
  const uint64_t rate = p.get_uint("dma-bytes-per-us", 1000);
  if (rate == 0) p.fail("dma-bytes-per-us must be at least 1");
  p.reject_unknown();
  return std::make_unique<PciEndpointTest>(name.c_str(), spec, rate);
}

PciEndpointTest::PciEndpointTest(sc_core::sc_module_name name, const pcie::EndpointSpec& spec, uint64_t bytes_per_us)
    : Endpoint(name, spec),
      bar1_(regs::bar1_size),
      bar2_(regs::bar2_size),
      bar4_(regs::bar4_size),
      bytes_per_us_(bytes_per_us) {
  SC_THREAD(run_commands);
}

uint32_t PciEndpointTest::reg(unsigned offset) const {
  uint32_t v;
  std::memcpy(&v, registers_.data() + offset, 4);
  return v;
}

void PciEndpointTest::set_reg(unsigned offset, uint32_t value) { std::memcpy(registers_.data() + offset, &value, 4); }

std::vector<uint8_t>* PciEndpointTest::memory(unsigned bar) {
  return bar == 1 ? &bar1_ : bar == 2 ? &bar2_ : bar == 4 ? &bar4_ : nullptr;
}

tlm::tlm_response_status PciEndpointTest::bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) {
  if (bar == 0) {
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
  if (bar == 0) {
    for (unsigned i = 0; i < length; ++i) {
      if (offset + i < regs::end) registers_[offset + i] = data[i];
    }
    const auto touches = [&](unsigned at) { return offset < at + 4 && at < offset + length; };
    if (touches(regs::command) && reg(regs::command) != 0) command_written_.notify(sc_core::SC_ZERO_TIME);
    if (touches(regs::status) || touches(regs::irq_type)) update_intx();  // the driver acknowledges
    return tlm::TLM_OK_RESPONSE;
  }
  std::vector<uint8_t>* m = memory(bar);
  if (!m) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  std::memcpy(m->data() + offset, data, length);
  return tlm::TLM_OK_RESPONSE;
}

void PciEndpointTest::on_reset() {
  registers_.fill(0);
  std::fill(bar1_.begin(), bar1_.end(), 0);
  std::fill(bar2_.begin(), bar2_.end(), 0);
  std::fill(bar4_.begin(), bar4_.end(), 0);
  ++generation_;
  command_written_.cancel();
}

// The legacy interrupt is a level: up while STATUS says IRQ_RAISED under the
// legacy type, down once the driver's handler writes STATUS without it.
void PciEndpointTest::update_intx() {
  set_intx((reg(regs::status) & st::irq_raised) && reg(regs::irq_type) == irq::legacy);
}

void PciEndpointTest::run_commands() {
  for (;;) {
    wait(command_written_);
    const uint32_t command = reg(regs::command);
    if (command == 0) continue;
    set_reg(regs::command, 0);
    set_reg(regs::status, 0);
    update_intx();
    execute(command);
  }
}

void PciEndpointTest::execute(uint32_t command) {
  const uint32_t type = reg(regs::irq_type), number = reg(regs::irq_number);
  if (type > irq::msix) return;
  if (command & cmd::raise_legacy) {
    set_reg(regs::irq_type, irq::legacy);
    raise_irq();
    return;
  }
  if (command & (cmd::write | cmd::read | cmd::copy)) {
    const uint64_t generation = generation_;
    const uint32_t result = transfer(command);
    if (generation != generation_) return;  // reset while it ran: abandoned
    set_reg(regs::status, reg(regs::status) | result);
    raise_irq();
    return;
  }
  // MSI / MSI-X on request: only a vector the host enabled.
  if ((command & cmd::raise_msi) && (number == 0 || number > msi_vectors_enabled())) return;
  if ((command & cmd::raise_msix) && (number == 0 || number > spec().msix_vectors)) return;
  if (command & (cmd::raise_msi | cmd::raise_msix)) raise_irq();
}

uint32_t PciEndpointTest::transfer(uint32_t command) {
  const uint64_t size = reg(regs::size);
  const uint64_t generation = generation_;
  std::vector<uint8_t> data(size);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  bool ok = true;
  if (command & cmd::write) {  // the device writes host memory: data of its own, CRC in CHECKSUM
    uint32_t x = ++seed_ * 0x9e3779b9u;
    for (uint8_t& b : data) {
      x = x * 1664525u + 1013904223u;
      b = static_cast<uint8_t>(x >> 24);
    }
    set_reg(regs::checksum, crc32_le(data.data(), size));
    ok = dma_write(address(regs::dst_lo), data.data(), size, delay);
  } else {
    ok = dma_read(address(regs::src_lo), data.data(), size, delay);
    if (ok && (command & cmd::copy)) ok = dma_write(address(regs::dst_lo), data.data(), size, delay);
  }
  // The data moves at the configured rate; the command completes after it.
  delay += sc_core::sc_time::from_value(sc_core::sc_time(1, sc_core::SC_US).value() * size / bytes_per_us_);
  wait(delay);
  if (generation != generation_) return 0;
  if (command & cmd::write) return ok ? st::write_success : st::write_fail;
  if (command & cmd::copy) return ok ? st::copy_success : st::copy_fail;
  const bool match = ok && crc32_le(data.data(), size) == reg(regs::checksum);
  return match ? st::read_success : st::read_fail;
}

void PciEndpointTest::raise_irq() {
  set_reg(regs::status, reg(regs::status) | st::irq_raised);
  const uint32_t number = reg(regs::irq_number);
  switch (reg(regs::irq_type)) {
    case irq::legacy: update_intx(); break;
    case irq::msi: if (number > 0) raise_msi(number - 1); break;
    case irq::msix: if (number > 0) raise_msix(number - 1); break;
    default: break;
  }
}

}  // namespace loom::tlm_devices::pci_endpoint_test
