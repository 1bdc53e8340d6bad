// loom,pci-endpoint-test end to end on a testbench, driven as Linux 6.1's
// pci_endpoint_test driver drives it: BARs assigned, commands in BAR0, DMA
// into the testbench's RAM with CRC32 checks, each kind of interrupt, the
// data rate in simulated time, failures, reset and parameters.
#include <algorithm>
#include <cstring>

#include "pci-endpoint-test/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

namespace ept = pci_endpoint_test;
namespace regs = ept::regs;
namespace cmd = ept::command_bits;
namespace st = ept::status_bits;
namespace irq = ept::irq_types;

constexpr uint64_t kBar0 = 0x40000000, kBar1 = 0x40001000, kBar2 = 0x40002000, kBar4 = 0x400000000;
constexpr uint64_t kRam = Testbench::ram_base;
constexpr uint64_t kSrc = kRam + 0x100000, kDst = kRam + 0x200003;  // the driver's buffers need no alignment
constexpr unsigned kMsiControl = 0x82, kMsixControl = 0xa2;

// The driver's checksum, computed here bit by bit, apart from the model's.
uint32_t crc32_le(const uint8_t* p, size_t n) {
  uint32_t crc = ~0u;
  while (n--) {
    crc ^= *p++;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return crc;
}

struct Bench {
  Testbench tb;
  explicit Bench(const ModelParams& params = {}) : tb(params, 0, "loom,pci-endpoint-test") {
    tb.memory.bytes.resize(4 << 20);  // room for 1 MB buffers
    PcieFunction& f = this->f();
    f.config_write(0x10, 4, static_cast<uint32_t>(kBar0));
    f.config_write(0x14, 4, static_cast<uint32_t>(kBar1));
    f.config_write(0x18, 4, static_cast<uint32_t>(kBar2));
    f.config_write(0x1c, 4, 0);
    f.config_write(0x20, 4, static_cast<uint32_t>(kBar4));
    f.config_write(0x24, 4, static_cast<uint32_t>(kBar4 >> 32));
    f.config_write(0x04, 2, 0x6);  // memory, bus master
  }
  PcieFunction& f() { return *tb.device->pcie(); }
  void reg(unsigned offset, uint32_t value) {
    ASSERT_EQ(tb.write(kBar0 + offset, 4, value).status, tlm::TLM_OK_RESPONSE) << offset;
  }
  uint32_t reg(unsigned offset) { return static_cast<uint32_t>(tb.read(kBar0 + offset, 4).value); }
  uint32_t ram32(uint64_t address) {
    uint32_t v;
    std::memcpy(&v, tb.memory.at(address), 4);
    return v;
  }
  // Writes COMMAND, waits in simulated time for the interrupt (the INTx
  // edge under IRQ_TYPE legacy; otherwise STATUS is polled, the messages
  // being checked in RAM by the test) until IRQ_RAISED or `timeout`, and
  // returns STATUS; then acknowledges as the 6.1 interrupt handler does:
  // STATUS written back without IRQ_RAISED.
  uint32_t run(uint32_t command, sc_time timeout = ns(10000000)) {
    reg(regs::status, 0);
    reg(regs::command, command);
    const sc_time deadline = sc_time_stamp() + timeout;
    uint32_t status = 0;
    while (!(status & st::irq_raised) && sc_time_stamp() < deadline) {
      if (reg(regs::irq_type) == irq::legacy) {
        wait(deadline - sc_time_stamp(), tb.irq(0).posedge_event());
      } else {
        wait(std::min(ns(1000), deadline - sc_time_stamp()));
      }
      status = reg(regs::status);
    }
    reg(regs::status, status & ~st::irq_raised);
    return status;
  }
  void transfer_registers(uint64_t src, uint64_t dst, uint32_t size) {
    reg(regs::src_lo, static_cast<uint32_t>(src));
    reg(regs::src_hi, static_cast<uint32_t>(src >> 32));
    reg(regs::dst_lo, static_cast<uint32_t>(dst));
    reg(regs::dst_hi, static_cast<uint32_t>(dst >> 32));
    reg(regs::size, size);
  }
};

using PcieEndpointTest = TlmTest;

TEST_F(PcieEndpointTest, ReadWriteAndCopyWithCrc32) {
  Bench b;
  b.tb.run([&] {
    b.reg(regs::irq_type, irq::legacy);
    b.reg(regs::irq_number, 0);
    for (uint32_t size : {1u, 1024u, 1025u, 1024000u}) {
      SCOPED_TRACE(size);
      b.transfer_registers(kSrc, kDst, size);
      // The driver's "read" test: the device WRITEs host memory, CHECKSUM is its CRC.
      EXPECT_EQ(b.run(cmd::write), st::write_success | st::irq_raised);
      EXPECT_EQ(b.reg(regs::checksum), crc32_le(b.tb.memory.at(kDst), size));
      // The driver's "write" test: the device READs host memory and checks the CRC.
      b.tb.memory.fill_pattern(kSrc, size, static_cast<uint8_t>(size));
      b.reg(regs::checksum, crc32_le(b.tb.memory.at(kSrc), size));
      EXPECT_EQ(b.run(cmd::read), st::read_success | st::irq_raised);
      b.reg(regs::checksum, ~crc32_le(b.tb.memory.at(kSrc), size));
      EXPECT_EQ(b.run(cmd::read), st::read_fail | st::irq_raised);
      // COPY
      EXPECT_EQ(b.run(cmd::copy), st::copy_success | st::irq_raised);
      EXPECT_EQ(std::memcmp(b.tb.memory.at(kSrc), b.tb.memory.at(kDst), size), 0);
      wait(ns(10));
      EXPECT_FALSE(b.tb.irq(0).read());  // every completion acknowledged
    }
  });
  EXPECT_EQ(b.tb.irq_edges(0).size(), 4u * 4 * 2);  // each command: up, then down at the acknowledgement
}

TEST_F(PcieEndpointTest, DataMovesAtTheConfiguredRate) {
  Bench b(ModelParams{{"dma-bytes-per-us", "100"}});
  b.tb.run([&] {
    b.reg(regs::irq_type, irq::legacy);
    b.transfer_registers(kSrc, kDst, 1000);
    for (uint32_t command : {cmd::write, cmd::read, cmd::copy}) {
      const sc_time start = sc_time_stamp();
      b.reg(regs::command, command);
      wait(b.tb.irq(0).posedge_event());
      const sc_time taken = sc_time_stamp() - start;
      EXPECT_EQ(taken, command == cmd::copy ? ns(20000) : ns(10000)) << command;  // COPY moves the data twice
      b.reg(regs::status, 0);
    }
  });
}

TEST_F(PcieEndpointTest, FailuresSetTheirStatusBits) {
  Bench b(ModelParams{{"max-transfer-bytes", "4096"}});
  b.tb.run([&] {
    b.reg(regs::irq_type, irq::legacy);
    b.transfer_registers(0x1000, kDst, 64);  // a source outside RAM: a master abort
    EXPECT_EQ(b.run(cmd::copy), st::copy_fail | st::irq_raised);
    EXPECT_EQ(b.f().config_read(0x06, 2) & 0x2000, 0x2000u);
    EXPECT_EQ(b.run(cmd::read), st::read_fail | st::irq_raised);
    const size_t accesses = b.tb.memory.log.size();
    b.transfer_registers(kSrc, kDst, 4097);  // larger than the model takes
    EXPECT_EQ(b.run(cmd::write), st::write_fail | st::dst_addr_invalid | st::irq_raised);
    EXPECT_EQ(b.run(cmd::read), st::read_fail | st::src_addr_invalid | st::irq_raised);
    EXPECT_EQ(b.tb.memory.log.size(), accesses);  // nothing was attempted
    b.reg(regs::size, 4096);
    b.f().config_write(0x04, 2, 0x2);  // bus mastering off: refused inside the function
    std::memset(b.tb.memory.at(kDst), 0x5a, 4096);
    EXPECT_EQ(b.run(cmd::write), st::write_fail | st::irq_raised);
    EXPECT_EQ(b.tb.memory.log.size(), accesses);
    EXPECT_EQ(*b.tb.memory.at(kDst), 0x5a);
  });
}

// INTx: a level from the raise until the driver clears IRQ_RAISED (Linux
// 6.1's handler) or the pulse ends (1 ms by default, as Linux's endpoint
// function on real controllers; Linux 6.12's handler clears nothing).
TEST_F(PcieEndpointTest, LegacyInterruptUntilTheHandlerClearsStatusOrThePulseEnds) {
  Bench b;
  b.tb.run([&] {
    b.reg(regs::irq_type, irq::msi);  // RAISE_LEGACY raises INTx whatever IRQ_TYPE says
    b.reg(regs::command, cmd::raise_legacy);
    wait(ns(1000));
    EXPECT_TRUE(b.tb.irq(0).read());
    wait(ns(500000));
    EXPECT_TRUE(b.tb.irq(0).read());  // a level: held within the pulse
    EXPECT_EQ(b.reg(regs::irq_type), irq::msi);
    b.f().config_write(0x04, 2, 0x406);  // INTx disable masks the pin, not the request
    wait(ns(10));
    EXPECT_FALSE(b.tb.irq(0).read());
    b.f().config_write(0x04, 2, 0x6);
    wait(ns(10));
    EXPECT_TRUE(b.tb.irq(0).read());
    const uint32_t status = b.reg(regs::status);  // what the 6.1 handler does
    EXPECT_EQ(status, st::irq_raised);
    b.reg(regs::status, status & ~st::irq_raised);
    wait(ns(10));
    EXPECT_FALSE(b.tb.irq(0).read());
    // Raised again and left alone (the 6.12 handler): down after 1 ms.
    b.reg(regs::command, cmd::raise_legacy);
    wait(ns(1000));
    EXPECT_TRUE(b.tb.irq(0).read());
    wait(ns(999000 - 10));
    EXPECT_TRUE(b.tb.irq(0).read());
    wait(ns(20));
    EXPECT_FALSE(b.tb.irq(0).read());
    EXPECT_EQ(b.reg(regs::status), st::irq_raised);  // STATUS still says so
  });
}

TEST_F(PcieEndpointTest, MsiAndMsixOnTheRequestedVector) {
  Bench b;
  PcieFunction& f = b.f();
  b.tb.run([&] {
    f.config_write(0x84, 4, static_cast<uint32_t>(kRam + 0x100));  // MSI address
    f.config_write(0x88, 4, 0);
    f.config_write(0x8c, 2, 0x40);                                  // data: the low 5 bits carry the vector
    f.config_write(kMsiControl, 2, 0x51);                           // enable, 32 vectors
    b.reg(regs::irq_type, irq::msi);
    b.reg(regs::irq_number, 7);
    EXPECT_EQ(b.run(cmd::raise_msi), st::irq_raised);
    EXPECT_EQ(b.ram32(kRam + 0x100), 0x46u);                        // vector 6: the driver's 7th, 1-based
    b.reg(regs::irq_number, 32);
    EXPECT_EQ(b.run(cmd::raise_msi), st::irq_raised);
    EXPECT_EQ(b.ram32(kRam + 0x100), 0x5fu);
    b.reg(regs::irq_number, 33);                                    // no such vector: nothing happens
    EXPECT_EQ(b.run(cmd::raise_msi, ns(100000)), 0u);
    f.config_write(kMsiControl, 2, 0);
    // MSI-X: every entry in BAR0's table at 0x800.
    for (unsigned v = 0; v < 32; ++v) {
      b.reg(0x800 + 16 * v, static_cast<uint32_t>(kRam + 0x200 + 4 * v));
      b.reg(0x800 + 16 * v + 4, 0);
      b.reg(0x800 + 16 * v + 8, 0x900 + v);
      b.reg(0x800 + 16 * v + 12, 0);
    }
    b.reg(regs::irq_type, irq::msix);
    b.reg(regs::irq_number, 10);
    EXPECT_EQ(b.run(cmd::raise_msix, ns(100000)), 0u);           // MSI-X not enabled yet: ignored
    f.config_write(kMsixControl, 2, 0x8000);
    EXPECT_EQ(b.run(cmd::raise_msix), st::irq_raised);
    EXPECT_EQ(b.ram32(kRam + 0x200 + 4 * 9), 0x909u);
    b.reg(regs::irq_number, 32);
    EXPECT_EQ(b.run(cmd::raise_msix), st::irq_raised);
    EXPECT_EQ(b.ram32(kRam + 0x200 + 4 * 31), 0x91fu);
    b.reg(regs::irq_number, 33);
    EXPECT_EQ(b.run(cmd::raise_msix, ns(100000)), 0u);
    // A transfer completes with the vector the driver names (1 for data commands).
    b.reg(regs::irq_number, 1);
    b.transfer_registers(kSrc, kDst, 16);
    EXPECT_EQ(b.run(cmd::write), st::write_success | st::irq_raised);
    EXPECT_EQ(b.ram32(kRam + 0x200), 0x900u);
  });
  EXPECT_TRUE(b.tb.irq_edges(0).empty());  // never INTx
}

TEST_F(PcieEndpointTest, BarsHoldWhatTheBarTestWrites) {
  Bench b;
  PcieFunction& f = b.f();
  // Sizes as the driver's resources see them.
  const uint32_t expected[6] = {0xfffff000, 0xfffffe00, 0xfffffc04, 0xffffffff, 0xfffff00c, 0xffffffff};
  for (unsigned bar = 0; bar < 6; ++bar) {
    const uint32_t saved = f.config_read(0x10 + 4 * bar, 4);
    f.config_write(0x10 + 4 * bar, 4, 0xffffffff);
    EXPECT_EQ(f.config_read(0x10 + 4 * bar, 4), expected[bar]) << bar;
    f.config_write(0x10 + 4 * bar, 4, saved);
  }
  b.tb.run([&] {
    // pcitest -b: the register BAR's first dword only, every dword of the others.
    const std::pair<uint64_t, uint64_t> bars[] = {{kBar0, 4}, {kBar1, 512}, {kBar2, 1024}, {kBar4, 4096}};
    for (const auto& [base, size] : bars) {
      for (uint64_t at = 0; at < size; at += 4) {
        ASSERT_EQ(b.tb.write(base + at, 4, 0xa0a0a0a0).status, tlm::TLM_OK_RESPONSE);
      }
      for (uint64_t at = 0; at < size; at += 4) ASSERT_EQ(b.tb.read(base + at, 4).value, 0xa0a0a0a0u) << base + at;
    }
    EXPECT_EQ(b.tb.read(kBar0 + 0x100, 4).value, 0u);  // past the registers: reads 0
    b.tb.write(kBar0 + 0x100, 4, 1);
    EXPECT_EQ(b.tb.read(kBar0 + 0x100, 4).value, 0u);
  });
}

TEST_F(PcieEndpointTest, ResetAbandonsACommandUnderWay) {
  Bench b;
  b.tb.run([&] {
    b.reg(regs::irq_type, irq::legacy);
    b.transfer_registers(kSrc, kDst, 1024000);  // 1024 µs at the default rate
    b.reg(regs::command, cmd::copy);
    wait(ns(100000));
    const size_t accesses = b.tb.memory.log.size();
    b.tb.device->reset();
    wait(ns(2000000));
    EXPECT_TRUE(b.tb.irq_edges(0).empty());     // no completion, no interrupt
    EXPECT_EQ(b.tb.memory.log.size(), accesses);
    EXPECT_EQ(b.f().config_read(0x04, 2), 0u);
    // Set up again, as the driver would after the reset: a new command runs at once.
    b.f().config_write(0x10, 4, static_cast<uint32_t>(kBar0));
    b.f().config_write(0x04, 2, 0x6);
    EXPECT_EQ(b.reg(regs::size), 0u);           // registers back to 0
    b.transfer_registers(kSrc, kDst, 1000);
    const sc_time start = sc_time_stamp();
    b.reg(regs::command, cmd::write);
    wait(b.tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp() - start, ns(1000));
    EXPECT_EQ(b.reg(regs::status), st::write_success | st::irq_raised);
  });
}

TEST_F(PcieEndpointTest, ParametersSetIdsAndCapabilities) {
  Bench b(ModelParams{{"vendor-id", "0x1234"}, {"device-id", "0xbeef"}, {"subsystem-vendor-id", "0x5555"},
           {"subsystem-id", "0x6666"}, {"revision", "2"}, {"class-code", "0x120000"},
           {"msi-vectors", "0"}, {"msix-vectors", "64"}});
  PcieFunction& f = b.f();
  EXPECT_EQ(f.config_read(0x00, 4), 0xbeef1234u);
  EXPECT_EQ(f.config_read(0x08, 4), 0x12000002u);
  EXPECT_EQ(f.config_read(0x2c, 4), 0x66665555u);
  EXPECT_EQ(f.interrupt_pin(), 1u);
  EXPECT_EQ(f.config_read(0x34, 1), 0x40u);   // PCI Express, then straight to MSI-X: no MSI
  EXPECT_EQ(f.config_read(0x41, 1), 0xa0u);
  EXPECT_EQ(f.config_read(0xa2, 2), 63u);
  EXPECT_EQ(f.config_read(0xa1, 1), 0u);
}

TEST_F(PcieEndpointTest, BadParametersAreRefused) {
  const auto error_of = [](const ModelParams& params) -> std::string {
    try {
      create_model("loom,pci-endpoint-test", "ep0", 0, params);
    } catch (const ModelError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of({{"msi-vectors", "3"}}),
            "loom,pci-endpoint-test 'ep0': parameter 'msi-vectors' must be 0, 1, 2, 4, 8, 16 or 32, got 3");
  EXPECT_EQ(error_of({{"msix-vectors", "65"}}),
            "loom,pci-endpoint-test 'ep0': parameter 'msix-vectors' = 65 exceeds the maximum 64");
  EXPECT_EQ(error_of({{"vendor-id", "0xffff"}}),
            "loom,pci-endpoint-test 'ep0': parameter 'vendor-id' = 0xffff exceeds the maximum 65534");
  EXPECT_EQ(error_of({{"dma-bytes-per-us", "0"}}),
            "loom,pci-endpoint-test 'ep0': parameter 'dma-bytes-per-us' must be at least 1");
  EXPECT_EQ(error_of({{"bar4-size", "4096"}}).rfind("loom,pci-endpoint-test 'ep0': unknown parameter 'bar4-size'", 0),
            0u);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
