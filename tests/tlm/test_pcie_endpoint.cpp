// The PCIe endpoint framework (tlm-devices/pcie): configuration space write
// masks, BAR sizing, the capability list, windows, INTx, MSI, MSI-X, bus
// mastering and reset, on a small function of the test's own.
#include <cstring>

#include "loom/tlm_devices/pcie_endpoint.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using pcie::BarSpec;

// BAR0: 32 bytes of I/O; BAR2: 4 KiB of registers with the MSI-X table at
// 0x800 and PBA at 0xc00; BAR3-4: 64 KiB 64-bit prefetchable memory.
pcie::EndpointSpec probe_spec() {
  pcie::EndpointSpec spec;
  spec.vendor_id = 0x4c4d;
  spec.device_id = 0x1234;
  spec.subsystem_vendor_id = 0x4c4d;
  spec.subsystem_id = 0x0042;
  spec.revision = 3;
  spec.class_code = 0x058000;
  spec.bars[0] = BarSpec{32, false, false, true};
  spec.bars[2] = BarSpec{4096, false, false, false};
  spec.bars[3] = BarSpec{65536, true, true, false};
  spec.interrupt_pin = 2;
  spec.msi_vectors = 4;
  spec.msix_vectors = 8;
  spec.msix_bar = 2;
  spec.msix_table_offset = 0x800;
  spec.msix_pba_offset = 0xc00;
  return spec;
}

class Probe : public pcie::Endpoint {
 public:
  Probe() : Endpoint("dut", probe_spec()) {}
  struct Access {
    unsigned bar;
    uint64_t offset;
    bool write;
  };
  std::vector<Access> accesses;
  using Endpoint::bus_master;
  using Endpoint::dma_read;
  using Endpoint::dma_write;
  using Endpoint::intx_level;
  using Endpoint::msi_vectors_enabled;
  using Endpoint::raise_msi;
  using Endpoint::raise_msix;
  using Endpoint::set_intx;
  bool reset_seen = false;

 protected:
  tlm::tlm_response_status bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) override {
    accesses.push_back({bar, offset, false});
    std::memset(data, static_cast<int>(0x10 + bar), length);
    return tlm::TLM_OK_RESPONSE;
  }
  tlm::tlm_response_status bar_write(unsigned bar, uint64_t offset, const uint8_t*, unsigned) override {
    accesses.push_back({bar, offset, true});
    return tlm::TLM_OK_RESPONSE;
  }
  void on_reset() override { reset_seen = true; }
};

struct Bench {
  Probe* probe;
  Testbench tb;
  Bench() : Bench(new Probe) {}
  explicit Bench(Probe* p) : probe(p), tb(std::unique_ptr<Model>(p)) {}
  PcieFunction& f() { return *probe->pcie(); }
  uint32_t cfg(unsigned offset, unsigned length = 4) { return f().config_read(offset, length); }
  void set(unsigned offset, uint32_t value, unsigned length = 4) { f().config_write(offset, length, value); }
  uint32_t ram32(uint64_t address) {
    uint32_t v;
    std::memcpy(&v, tb.memory.at(address), 4);
    return v;
  }
};

constexpr uint64_t kRam = Testbench::ram_base;
constexpr unsigned kCommand = 0x04, kMsi = 0x80, kMsix = 0xa0;

using PcieConfig = TlmTest;
using PcieInterrupts = TlmTest;
using PcieMessages = TlmTest;

TEST_F(PcieConfig, HeaderIdsAndWriteMasks) {
  Bench b;
  EXPECT_EQ(b.cfg(0x00), 0x12344c4du);
  EXPECT_EQ(b.cfg(0x08), 0x05800003u);  // class 058000, revision 3
  EXPECT_EQ(b.cfg(0x0e, 1), 0u);         // header type 0
  EXPECT_EQ(b.cfg(0x2c), 0x00424c4du);
  EXPECT_EQ(b.cfg(0x3d, 1), 2u);         // INTB
  b.set(0x00, 0xffffffff);               // IDs are read-only
  EXPECT_EQ(b.cfg(0x00), 0x12344c4du);
  b.set(kCommand, 0xffff, 2);            // I/O, memory, bus master, parity, SERR, INTx disable
  EXPECT_EQ(b.cfg(kCommand, 2), 0x0547u);
  EXPECT_EQ(b.cfg(0x06, 2) & 0x10, 0x10u);  // a capability list
  b.set(0x3c, 0x0000ff2a);               // Interrupt Line is RW, Pin is not
  EXPECT_EQ(b.cfg(0x3c, 2), 0x022au);
  EXPECT_EQ(b.cfg(0x30), 0u);            // no expansion ROM
}

TEST_F(PcieConfig, BarSizingReadsBackSizeAndType) {
  Bench b;
  for (unsigned bar = 0; bar < 6; ++bar) b.set(0x10 + 4 * bar, 0xffffffff);
  EXPECT_EQ(b.cfg(0x10), 0xffffffe1u);  // 32 bytes of I/O
  EXPECT_EQ(b.cfg(0x14), 0u);           // no BAR1
  EXPECT_EQ(b.cfg(0x18), 0xfffff000u);  // 4 KiB, 32-bit memory
  EXPECT_EQ(b.cfg(0x1c), 0xffff000cu);  // 64 KiB, 64-bit prefetchable
  EXPECT_EQ(b.cfg(0x20), 0xffffffffu);  // its upper half
  EXPECT_EQ(b.cfg(0x24), 0u);
  b.set(0x18, 0x40001234);               // the address bits only
  EXPECT_EQ(b.cfg(0x18), 0x40001000u);
}

TEST_F(PcieConfig, CapabilityListWalksToTheEnd) {
  Bench b;
  std::vector<std::pair<unsigned, unsigned>> found;
  for (unsigned at = b.cfg(0x34, 1); at != 0; at = b.cfg(at + 1, 1)) {
    found.emplace_back(at, b.cfg(at, 1));
    ASSERT_LT(found.size(), 8u);
  }
  EXPECT_EQ(found, (std::vector<std::pair<unsigned, unsigned>>{{0x40, 0x10}, {0x80, 0x05}, {0xa0, 0x11}}));
  EXPECT_EQ(b.cfg(0x42, 2) & 0xf0, 0u);         // PCI Express: an endpoint
  EXPECT_EQ(b.cfg(kMsi + 2, 2), 0x0184u);        // 64-bit, per-vector masks, 4 vectors capable
  EXPECT_EQ(b.cfg(kMsix + 2, 2), 7u);            // 8 vectors (N-1), read-only
  b.set(kMsix + 2, 0x3fff, 2);
  EXPECT_EQ(b.cfg(kMsix + 2, 2), 7u);
  EXPECT_EQ(b.cfg(kMsix + 4), 0x802u);           // table at 0x800 in BAR2
  EXPECT_EQ(b.cfg(kMsix + 8), 0xc02u);           // PBA at 0xc00 in BAR2
}

TEST_F(PcieConfig, WindowsFollowTheBarsAndCommand) {
  Bench b;
  b.set(0x10, 0x1000);
  b.set(0x18, 0x40000000);
  b.set(0x1c, 0x00000000);
  b.set(0x20, 0x4);
  EXPECT_TRUE(b.f().windows().empty());  // decoding off
  b.set(kCommand, 0x2, 2);
  EXPECT_EQ(b.f().windows(), (std::vector<PcieWindow>{{2, 0x40000000, 4096, false}, {3, 0x400000000, 65536, false}}));
  b.set(kCommand, 0x3, 2);
  EXPECT_EQ(b.f().windows().size(), 3u);
  EXPECT_EQ(b.f().windows()[0], (PcieWindow{0, 0x1000, 32, true}));
  b.set(0x18, 0x50000000);  // moved
  EXPECT_EQ(b.f().windows()[1].base, 0x50000000u);
}

TEST_F(PcieConfig, BarAccessesReachTheFunctionButNotTheMsixTable) {
  Bench b;
  b.set(0x18, 0x40000000);
  b.tb.run([&] {
    EXPECT_EQ(b.tb.read(0x40000010, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // memory decoding off
    b.set(kCommand, 0x2, 2);
    const MmioResult r = b.tb.read(0x40000010, 4);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.value, 0x12121212u);
    EXPECT_EQ(b.tb.write(0x40000804, 4, 0x1234).status, tlm::TLM_OK_RESPONSE);  // the MSI-X table
    EXPECT_EQ(b.tb.read(0x40000804, 4).value, 0x1234u);
    EXPECT_EQ(b.tb.read(0x40001000, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // past the BAR
  });
  ASSERT_EQ(b.probe->accesses.size(), 1u);
  EXPECT_EQ(b.probe->accesses[0].bar, 2u);
  EXPECT_EQ(b.probe->accesses[0].offset, 0x10u);
}

TEST_F(PcieInterrupts, IntxLevelDisableAndStatus) {
  Bench b;
  b.tb.run([&] {
    b.probe->set_intx(true);
    wait(SC_ZERO_TIME);
    wait(SC_ZERO_TIME);
    EXPECT_TRUE(b.tb.irq(0).read());
    EXPECT_EQ(b.cfg(0x06, 2) & 0x8, 0x8u);  // interrupt status
    b.set(kCommand, 0x400, 2);              // INTx disable: the line drops, the status stays
    wait(SC_ZERO_TIME);
    wait(SC_ZERO_TIME);
    EXPECT_FALSE(b.tb.irq(0).read());
    EXPECT_EQ(b.cfg(0x06, 2) & 0x8, 0x8u);
    b.set(kCommand, 0x0, 2);
    wait(SC_ZERO_TIME);
    wait(SC_ZERO_TIME);
    EXPECT_TRUE(b.tb.irq(0).read());
    b.probe->set_intx(false);
    wait(SC_ZERO_TIME);
    wait(SC_ZERO_TIME);
    EXPECT_FALSE(b.tb.irq(0).read());
    EXPECT_EQ(b.cfg(0x06, 2) & 0x8, 0u);
  });
}

TEST_F(PcieMessages, MsiDataVectorsMaskingAndPending) {
  Bench b;
  b.tb.run([&] {
    EXPECT_FALSE(b.probe->raise_msi(0));  // disabled
    b.set(kCommand, 0x4, 2);              // bus master
    b.set(kMsi + 4, static_cast<uint32_t>(kRam + 0x100));
    b.set(kMsi + 8, 0);
    b.set(kMsi + 0xc, 0x4560, 2);
    b.set(kMsi + 2, 0x0071, 2);           // enable, ask for 128 vectors: capped at the 4 capable
    EXPECT_EQ(b.probe->msi_vectors_enabled(), 4u);
    EXPECT_TRUE(b.probe->raise_msi(3));
    EXPECT_EQ(b.ram32(kRam + 0x100), 0x4563u);  // the vector in the data's low bits
    EXPECT_FALSE(b.probe->raise_msi(4));
    b.set(kMsi + 0x10, 0x2);                    // mask vector 1
    *b.tb.memory.at(kRam + 0x100) = 0;
    EXPECT_TRUE(b.probe->raise_msi(1));
    EXPECT_EQ(b.ram32(kRam + 0x100), 0x4500u);  // not sent
    EXPECT_EQ(b.cfg(kMsi + 0x14), 0x2u);        // pending
    b.set(kMsi + 0x10, 0x0);                    // unmasked: sent now
    EXPECT_EQ(b.ram32(kRam + 0x100), 0x4561u);
    EXPECT_EQ(b.cfg(kMsi + 0x14), 0u);
    b.set(kMsi + 4, 0x100);                     // a 64-bit address outside RAM: refused
    b.set(kMsi + 8, 0x1);
    EXPECT_FALSE(b.probe->raise_msi(0));
  });
}

TEST_F(PcieMessages, MsixTableMasksAndPba) {
  Bench b;
  b.set(0x18, 0x40000000);
  b.set(kCommand, 0x6, 2);
  b.tb.run([&] {
    EXPECT_FALSE(b.probe->raise_msix(0));  // disabled
    b.tb.write(0x40000800 + 16 * 5 + 0, 4, kRam + 0x200);
    b.tb.write(0x40000800 + 16 * 5 + 4, 4, 0);
    b.tb.write(0x40000800 + 16 * 5 + 8, 4, 0xabcd0005);
    b.set(kMsix + 2, 0x8000, 2);            // enable
    EXPECT_TRUE(b.probe->raise_msix(5));    // entries start masked: pending
    EXPECT_EQ(b.tb.read(0x40000c00, 8).value, 1u << 5);
    EXPECT_EQ(b.ram32(kRam + 0x200), 0u);
    b.tb.write(0x40000800 + 16 * 5 + 12, 4, 0);  // unmask: delivered
    EXPECT_EQ(b.ram32(kRam + 0x200), 0xabcd0005u);
    EXPECT_EQ(b.tb.read(0x40000c00, 8).value, 0u);
    b.set(kMsix + 2, 0xc000, 2);            // function mask
    *b.tb.memory.at(kRam + 0x200) = 0;
    EXPECT_TRUE(b.probe->raise_msix(5));
    EXPECT_EQ(b.ram32(kRam + 0x200), 0xabcd0000u);
    b.set(kMsix + 2, 0x8000, 2);
    EXPECT_EQ(b.ram32(kRam + 0x200), 0xabcd0005u);
    EXPECT_FALSE(b.probe->raise_msix(8));   // no such vector
  });
}

TEST_F(PcieMessages, BusMasteringGatesDmaAndMessages) {
  Bench b;
  b.tb.run([&] {
    uint8_t data[16] = {1, 2, 3};
    sc_time delay;
    b.set(kMsi + 4, static_cast<uint32_t>(kRam));
    b.set(kMsi + 2, 0x0001, 2);
    EXPECT_FALSE(b.probe->dma_write(kRam + 0x400, data, 16, delay));
    EXPECT_FALSE(b.probe->dma_read(kRam + 0x400, data, 16, delay));
    EXPECT_FALSE(b.probe->raise_msi(0));
    EXPECT_TRUE(b.tb.memory.log.empty());  // nothing left the function
    b.set(kCommand, 0x4, 2);
    EXPECT_TRUE(b.probe->dma_write(kRam + 0x400, data, 16, delay));
    EXPECT_EQ(*b.tb.memory.at(kRam + 0x402), 3);
    EXPECT_FALSE(b.probe->dma_write(0x1000, data, 16, delay));  // outside memory: a master abort
  });
}

TEST_F(PcieConfig, ResetReturnsToPowerOn) {
  Bench b;
  b.set(0x18, 0x40000000);
  b.set(kCommand, 0x6, 2);
  b.set(kMsix + 2, 0x8000, 2);
  b.tb.run([&] {
    b.probe->set_intx(true);
    wait(SC_ZERO_TIME);
    wait(SC_ZERO_TIME);
    b.probe->reset();
    wait(SC_ZERO_TIME);
    wait(SC_ZERO_TIME);
    EXPECT_FALSE(b.tb.irq(0).read());
  });
  EXPECT_TRUE(b.probe->reset_seen);
  EXPECT_EQ(b.cfg(kCommand, 2), 0u);
  EXPECT_EQ(b.cfg(0x18), 0u);
  EXPECT_EQ(b.cfg(kMsix + 2, 2), 7u);
  EXPECT_TRUE(b.f().windows().empty());
}

TEST_F(PcieConfig, InconsistentSpecsAreRefused) {
  pcie::EndpointSpec spec;
  spec.bars[0] = BarSpec{1000, false, false, false};
  struct Bad : pcie::Endpoint {
    explicit Bad(const pcie::EndpointSpec& s) : Endpoint("bad", s) {}
    tlm::tlm_response_status bar_read(unsigned, uint64_t, uint8_t*, unsigned) override { return tlm::TLM_OK_RESPONSE; }
    tlm::tlm_response_status bar_write(unsigned, uint64_t, const uint8_t*, unsigned) override {
      return tlm::TLM_OK_RESPONSE;
    }
  };
  EXPECT_THROW(Bad{spec}, ModelError);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
