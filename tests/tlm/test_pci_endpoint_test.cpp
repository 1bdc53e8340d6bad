// loom,pci-endpoint-test end to end on a testbench, as Linux's
// pci_endpoint_test driver drives it: BARs assigned, commands in BAR0, DMA
// into the testbench's RAM with CRC32 checks, and each kind of interrupt.
#include <cstring>

#include "pci-endpoint-test/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

namespace regs = pci_endpoint_test::regs;
constexpr uint64_t kBar0 = 0x40000000, kRam = Testbench::ram_base;

uint32_t crc32_le(const uint8_t* p, size_t n) {
  uint32_t crc = ~0u;
  while (n--) {
    crc ^= *p++;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return crc;
}

struct Bench {
  Testbench tb{{}, 0, "loom,pci-endpoint-test"};
  PcieFunction& f() { return *tb.device->pcie(); }
  Bench() {
    f().config_write(0x10, 4, kBar0);
    f().config_write(0x04, 2, 0x6);  // memory, bus master
  }
  void reg(unsigned offset, uint32_t value) { ASSERT_EQ(tb.write(kBar0 + offset, 4, value).status, tlm::TLM_OK_RESPONSE); }
  uint32_t reg(unsigned offset) { return static_cast<uint32_t>(tb.read(kBar0 + offset, 4).value); }
  // Runs a command and waits (in simulated time) until STATUS says IRQ_RAISED.
  uint32_t command(uint32_t command) {
    reg(regs::status, 0);
    reg(regs::command, command);
    for (int i = 0; i < 100000 && !(reg(regs::status) & regs::status_bits::irq_raised); ++i) wait(ns(100));
    return reg(regs::status);
  }
};

using PciEndpointTest = TlmTest;

TEST_F(PciEndpointTest, ReadWriteAndCopyWithCrc32) {
  Bench b;
  b.tb.run([&] {
    for (uint32_t size : {1u, 1024u, 1025u, 20000u}) {
      SCOPED_TRACE(size);
      // WRITE: the device fills host memory, CHECKSUM is its CRC.
      b.reg(regs::dst_lo, static_cast<uint32_t>(kRam + 3));
      b.reg(regs::dst_hi, 0);
      b.reg(regs::size, size);
      b.reg(regs::irq_type, regs::irq_types::legacy);
      EXPECT_EQ(b.command(regs::command_bits::write), regs::status_bits::write_success | regs::status_bits::irq_raised);
      EXPECT_EQ(b.reg(regs::checksum), crc32_le(b.tb.memory.at(kRam + 3), size));
      // READ: the device checks the host's CRC.
      b.tb.memory.fill_pattern(kRam + 0x8000, size, 7);
      b.reg(regs::src_lo, static_cast<uint32_t>(kRam + 0x8000));
      b.reg(regs::checksum, crc32_le(b.tb.memory.at(kRam + 0x8000), size));
      EXPECT_EQ(b.command(regs::command_bits::read), regs::status_bits::read_success | regs::status_bits::irq_raised);
      b.reg(regs::checksum, ~crc32_le(b.tb.memory.at(kRam + 0x8000), size));
      EXPECT_EQ(b.command(regs::command_bits::read), regs::status_bits::read_fail | regs::status_bits::irq_raised);
      // COPY
      b.reg(regs::dst_lo, static_cast<uint32_t>(kRam + 0x1001));
      EXPECT_EQ(b.command(regs::command_bits::copy), regs::status_bits::copy_success | regs::status_bits::irq_raised);
      EXPECT_EQ(std::memcmp(b.tb.memory.at(kRam + 0x8000), b.tb.memory.at(kRam + 0x1001), size), 0);
    }
    b.reg(regs::src_lo, 0x1000);  // outside RAM: a master abort, reported as a failure
    EXPECT_EQ(b.command(regs::command_bits::copy), regs::status_bits::copy_fail | regs::status_bits::irq_raised);
  });
}

TEST_F(PciEndpointTest, LegacyInterruptHeldUntilStatusIsCleared) {
  Bench b;
  b.tb.run([&] {
    b.reg(regs::irq_type, regs::irq_types::legacy);
    b.command(regs::command_bits::raise_legacy);
    wait(ns(10));
    EXPECT_TRUE(b.tb.irq(0).read());
    b.reg(regs::status, b.reg(regs::status) & ~regs::status_bits::irq_raised);  // the driver's handler
    wait(ns(10));
    EXPECT_FALSE(b.tb.irq(0).read());
  });
}

TEST_F(PciEndpointTest, MsiAndMsixOnTheRequestedVector) {
  Bench b;
  b.tb.run([&] {
    PcieFunction& f = b.f();
    f.config_write(0x84, 4, static_cast<uint32_t>(kRam + 0x100));  // MSI address
    f.config_write(0x8c, 2, 0x40);                                 // data, 32 vectors: low 5 bits are the vector
    f.config_write(0x82, 2, 0x51);                                 // enable, 32 vectors
    b.reg(regs::irq_type, regs::irq_types::msi);
    b.reg(regs::irq_number, 7);
    b.command(regs::command_bits::raise_msi);
    uint32_t v;
    std::memcpy(&v, b.tb.memory.at(kRam + 0x100), 4);
    EXPECT_EQ(v, 0x46u);  // vector 6: the driver's 7th, 1-based
    f.config_write(0x82, 2, 0);
    // MSI-X: entry 9 in BAR0's table at 0x800.
    b.reg(0x800 + 16 * 9, static_cast<uint32_t>(kRam + 0x200));
    b.reg(0x800 + 16 * 9 + 4, 0);
    b.reg(0x800 + 16 * 9 + 8, 0x99);
    b.reg(0x800 + 16 * 9 + 12, 0);
    f.config_write(0xa2, 2, 0x8000);
    b.reg(regs::irq_type, regs::irq_types::msix);
    b.reg(regs::irq_number, 10);
    b.command(regs::command_bits::raise_msix);
    std::memcpy(&v, b.tb.memory.at(kRam + 0x200), 4);
    EXPECT_EQ(v, 0x99u);
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
