// PCIe functions in snapshots: loom,pci-endpoint-test saved with its BARs
// assigned, MSI enabled and a COPY under way (its data moved, its
// completion due), restored into a second function that completes it at
// the same time with the same status, message and memory.

#include <cstring>

#include "loom/tlm_devices/type_names.h"
#include "pci-endpoint-test/registers.h"
#include "snapshot_pair.h"

namespace loom::tlm_devices::testing {
namespace {

namespace ept = pci_endpoint_test;
using PcieSnapshot = TlmTest;

constexpr uint64_t kBar0 = 0x40000000, kBar1 = 0x40001000, kBar2 = 0x40002000, kBar4 = 0x400000000;
constexpr uint64_t kSrc = Testbench::ram_base + 0x1000, kDst = Testbench::ram_base + 0x3000;
constexpr uint64_t kMsiAddress = Testbench::ram_base + 0x8000;
constexpr unsigned kMsiCap = 0x80;  // the framework lays MSI out here (test_pcie_endpoint_test.cpp)

void reg(Testbench& tb, unsigned offset, uint32_t value) {
  ASSERT_EQ(tb.write(kBar0 + offset, 4, value).status, tlm::TLM_OK_RESPONSE) << offset;
}
uint32_t reg(Testbench& tb, unsigned offset) { return static_cast<uint32_t>(tb.read(kBar0 + offset, 4).value); }

TEST_F(PcieSnapshot, ACopyUnderWayCompletesAlikeWithItsMsi) {
  SnapshotPair p(type_names::kPciEndpointTest, 0, {{"dma-bytes-per-us", "100"}});
  PcieFunction& f = *p.a.device->pcie();
  f.config_write(0x10, 4, static_cast<uint32_t>(kBar0));
  f.config_write(0x14, 4, static_cast<uint32_t>(kBar1));
  f.config_write(0x18, 4, static_cast<uint32_t>(kBar2));
  f.config_write(0x20, 4, static_cast<uint32_t>(kBar4));
  f.config_write(0x24, 4, static_cast<uint32_t>(kBar4 >> 32));
  f.config_write(0x04, 2, 0x6);  // memory, bus master
  f.config_write(kMsiCap + 4, 4, static_cast<uint32_t>(kMsiAddress));
  f.config_write(kMsiCap + 8, 4, 0);
  f.config_write(kMsiCap + 12, 2, 0x40);
  f.config_write(kMsiCap + 2, 2, 1);  // MSI on, one vector
  p.a.memory.fill_pattern(kSrc, 1000, 3);
  reg(p.a, ept::regs::src_lo, static_cast<uint32_t>(kSrc));
  reg(p.a, ept::regs::src_hi, static_cast<uint32_t>(kSrc >> 32));
  reg(p.a, ept::regs::dst_lo, static_cast<uint32_t>(kDst));
  reg(p.a, ept::regs::dst_hi, static_cast<uint32_t>(kDst >> 32));
  reg(p.a, ept::regs::size, 1000);
  reg(p.a, ept::regs::irq_type, ept::irq_types::msi);
  reg(p.a, ept::regs::irq_number, 1);
  reg(p.a, ept::regs::command, ept::command_bits::copy);
  SnapshotPair::advance_to(ns(5000));  // 1000 bytes twice at 100 bytes/us: due at 20 us
  EXPECT_EQ(reg(p.a, ept::regs::status) & ept::status_bits::irq_raised, 0u);
  p.b.memory.bytes = p.a.memory.bytes;  // the guest's RAM, as the CPU's snapshot gives it back
  p.copy_a_to_b();
  EXPECT_EQ(p.b.device->pcie()->windows(), p.a.device->pcie()->windows());
  for (uint64_t t = 6000; t <= 30000; t += 2000) {
    SnapshotPair::advance_to(ns(t));
    EXPECT_EQ(reg(p.a, ept::regs::status), reg(p.b, ept::regs::status)) << "STATUS at " << t << " ns";
  }
  EXPECT_EQ(reg(p.b, ept::regs::status), ept::status_bits::copy_success | ept::status_bits::irq_raised);
  uint32_t message = 0;
  std::memcpy(&message, p.b.memory.at(kMsiAddress), 4);
  EXPECT_EQ(message, 0x40u);  // the MSI, written by b's own DMA
  EXPECT_EQ(p.a.memory.bytes, p.b.memory.bytes);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
