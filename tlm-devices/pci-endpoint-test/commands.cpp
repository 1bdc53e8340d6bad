// loom,pci-endpoint-test: the command thread. It does what Linux's endpoint
// function (drivers/pci/endpoint/functions/pci-epf-test.c) does with a
// command, in the same order of precedence, with the data moving by DMA at
// the configured rate in simulated time.
#include <vector>

#include "common/sc_time_util.h"
#include "pci-endpoint-test/pci_endpoint_test.h"

namespace loom::tlm_devices::pci_endpoint_test {

namespace {

namespace cmd = command_bits;
namespace st = status_bits;

// crc32_le(~0, data) as Linux computes it: reflected polynomial 0xedb88320,
// no final inversion.
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

// The thread looks at COMMAND before each wait, so a command
// written while another runs, or right after a reset, is not lost.
void PciEndpointTest::run_commands() {
  for (;;) {
    while (reg(regs::command) == 0 && !resume_) wait(command_written_);
    if (resume_) {  // a command a snapshot restored, waiting out its transfer
      const InFlight done = *resume_;
      resume_.reset();
      const uint64_t generation = generation_;
      in_flight_ = done;
      if (done.end > sc_core::sc_time_stamp()) wait(done.end - sc_core::sc_time_stamp(), abandon_);
      in_flight_.reset();
      if (generation != generation_) continue;
      set_reg(regs::status, reg(regs::status) | done.result);
      raise_irq(done.irq_type, reg(regs::irq_number));
      continue;
    }
    const uint32_t command = reg(regs::command);
    set_reg(regs::command, 0);
    set_reg(regs::status, 0);
    legacy_raised_ = false;
    update_intx();
    execute(command);
  }
}

void PciEndpointTest::execute(uint32_t command) {
  const uint32_t type = reg(regs::irq_type);
  if (type > irq_types::msix) return;  // the driver's type is unknown: nothing to signal with
  if (command & cmd::raise_legacy) {
    set_reg(regs::status, st::irq_raised);
    assert_legacy();
    return;
  }
  if (command & (cmd::write | cmd::read | cmd::copy)) {
    const uint64_t generation = generation_;
    const uint32_t result = transfer(command, type);
    if (generation != generation_) return;  // reset while it ran: abandoned
    set_reg(regs::status, reg(regs::status) | result);
    raise_irq(type, reg(regs::irq_number));
    return;
  }
  // A raise on request names a 1-based vector the host enabled; any other
  // is ignored, and the driver's wait times out.
  const uint32_t number = reg(regs::irq_number);
  if (command & cmd::raise_msi) {
    if (number != 0 && number <= msi_vectors_enabled()) raise_irq(irq_types::msi, number);
    return;
  }
  if (command & cmd::raise_msix) {
    if (number != 0 && msix_enabled() && number <= spec().msix_vectors) raise_irq(irq_types::msix, number);
  }
}

// One data command, precedence WRITE, READ, COPY. The DMA itself happens at
// the start; the command completes after the time the data takes at the
// configured rate (COPY moves it twice) plus what the bus annotated.
uint32_t PciEndpointTest::transfer(uint32_t command, uint32_t irq_type) {
  const bool write = command & cmd::write, read = !write && (command & cmd::read);
  const uint32_t success = write ? st::write_success : read ? st::read_success : st::copy_success;
  const uint32_t failure = write ? st::write_fail : read ? st::read_fail : st::copy_fail;
  const uint64_t size = reg(regs::size);
  if (size > timing_.max_transfer_bytes) return failure | (write ? st::dst_addr_invalid : st::src_addr_invalid);

  const uint64_t generation = generation_;
  std::vector<uint8_t> data(size);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  bool ok = false;
  if (write) {  // the device writes host memory: data of its own, its CRC in CHECKSUM
    uint32_t x = ++seed_ * 0x9e3779b9u;
    for (uint8_t& b : data) {
      x = x * 1664525u + 1013904223u;
      b = static_cast<uint8_t>(x >> 24);
    }
    set_reg(regs::checksum, crc32_le(data.data(), size));
    ok = dma_write(address(regs::dst_lo), data.data(), size, delay);
  } else {
    ok = dma_read(address(regs::src_lo), data.data(), size, delay);
    if (ok && read) ok = crc32_le(data.data(), size) == reg(regs::checksum);
    if (ok && !read) ok = dma_write(address(regs::dst_lo), data.data(), size, delay);
  }
  const sc_core::sc_time wait_for = delay + transfer_time(read || write ? size : 2 * size);
  in_flight_ = InFlight{irq_type, ok ? success : failure, sc_core::sc_time_stamp() + wait_for};
  wait(wait_for, abandon_);
  in_flight_.reset();
  if (generation != generation_) return 0;
  return ok ? success : failure;
}

sc_core::sc_time PciEndpointTest::transfer_time(uint64_t bytes) const {
  const uint64_t units_per_us = time_from_ns(1000).value();  // in the kernel's time resolution
  return sc_core::sc_time::from_value(bytes * units_per_us / timing_.bytes_per_us);
}

// STATUS says IRQ_RAISED, then the interrupt the driver asked for: the
// legacy level, or a message of the 1-based vector `number`.
void PciEndpointTest::raise_irq(uint32_t type, uint32_t number) {
  set_reg(regs::status, reg(regs::status) | st::irq_raised);
  switch (type) {
    case irq_types::legacy:
      assert_legacy();
      break;
    case irq_types::msi:
      if (number > 0) raise_msi(number - 1);
      break;
    case irq_types::msix:
      if (number > 0) raise_msix(number - 1);
      break;
    default:
      break;
  }
}

}  // namespace loom::tlm_devices::pci_endpoint_test
