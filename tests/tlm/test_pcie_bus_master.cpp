// The PCIe endpoint framework's bus mastering: DMA and messages leave the
// function only while COMMAND.BusMaster is set, a refused request is a
// master abort in STATUS (RW1C), large transfers go out in pieces, and
// messages held by masks wait for bus mastering too.
#include "test_pcie_probe.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace pcie_cfg;
using PcieBusMaster = TlmTest;

TEST_F(PcieBusMaster, NothingLeavesWithoutBusMastering) {
  PcieBench b;
  b.set(0x18, bar2);
  b.set(command, memory, 2);
  b.tb.run([&] {
    uint8_t data[16] = {1, 2, 3};
    sc_time delay;
    b.set(msi_address_lo, static_cast<uint32_t>(ram));
    b.set(msi_control, 0x0001, 2);
    b.tb.write(msix_entry(0), 4, ram + 0x10);
    b.tb.write(msix_entry(0) + 12, 4, 0);
    b.set(msix_control, msix_enable, 2);
    EXPECT_FALSE(b.probe->dma_write(ram + 0x400, data, 16, delay));
    EXPECT_FALSE(b.probe->dma_read(ram + 0x400, data, 16, delay));
    EXPECT_FALSE(b.probe->dma_read(ram + 0x400, data, 0, delay));
    EXPECT_FALSE(b.probe->raise_msi(0));
    EXPECT_FALSE(b.probe->raise_msix(0));
    EXPECT_TRUE(b.tb.memory.log.empty());  // nothing reached the DMA target
    EXPECT_EQ(b.tb.read(pba, 4).value, 0u);  // and nothing was held for later
    EXPECT_EQ(b.cfg(msi_pending), 0u);
    b.set(command, memory | bus_master, 2);
    EXPECT_TRUE(b.tb.memory.log.empty());  // turning it on sends nothing by itself
    EXPECT_TRUE(b.probe->dma_write(ram + 0x400, data, 16, delay));
    EXPECT_EQ(*b.tb.memory.at(ram + 0x402), 3);
    EXPECT_TRUE(b.probe->dma_read(ram + 0x401, data, 4, delay));
    EXPECT_EQ(data[0], 2);
    EXPECT_TRUE(b.probe->raise_msix(0));
    EXPECT_EQ(b.tb.memory.log.size(), 3u);
  });
}

TEST_F(PcieBusMaster, MasterAbortIsRecordedInStatus) {
  PcieBench b;
  b.set(command, bus_master, 2);
  b.tb.run([&] {
    uint8_t data[8] = {};
    sc_time delay;
    EXPECT_TRUE(b.probe->dma_read(ram, data, 8, delay));
    EXPECT_EQ(b.cfg(status, 2) & master_abort, 0u);
    EXPECT_FALSE(b.probe->dma_write(0x1000, data, 8, delay));  // outside memory: refused
    EXPECT_EQ(b.cfg(status, 2) & master_abort, master_abort);
    b.set(status, 0, 2);                                      // writing 0 keeps it
    EXPECT_EQ(b.cfg(status, 2) & master_abort, master_abort);
    b.set(status, master_abort, 2);                           // writing 1 clears it
    EXPECT_EQ(b.cfg(status, 2), 0x0010u);
  });
}

TEST_F(PcieBusMaster, LargeTransfersGoOutInPiecesAndCollectTheDelay) {
  PcieBench b;
  b.tb.memory.bytes.resize(1 << 20);
  b.tb.memory.access_delay = ns(50);
  b.set(command, bus_master, 2);
  b.tb.run([&] {
    std::vector<uint8_t> out(600 * 1024), in(out.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(i * 13 + (i >> 10));
    sc_time delay = SC_ZERO_TIME;
    EXPECT_TRUE(b.probe->dma_write(ram + 1, out.data(), out.size(), delay));
    EXPECT_TRUE(b.probe->dma_read(ram + 1, in.data(), in.size(), delay));
    EXPECT_EQ(in, out);
    EXPECT_EQ(delay, ns(300));  // 3 pieces each way, 50 ns each
    EXPECT_EQ(sc_time_stamp(), SC_ZERO_TIME);  // the caller waits, not the framework
  });
  ASSERT_EQ(b.tb.memory.log.size(), 6u);
  EXPECT_EQ(b.tb.memory.log[0].length, 256u * 1024);
  EXPECT_EQ(b.tb.memory.log[1].address, ram + 1 + 256 * 1024);
  EXPECT_EQ(b.tb.memory.log[2].length, 88u * 1024);
}

TEST_F(PcieBusMaster, HeldMessagesWaitForBusMastering) {
  PcieBench b;
  b.set(command, bus_master, 2);
  b.tb.run([&] {
    b.set(msi_address_lo, static_cast<uint32_t>(ram + 0x40));
    b.set(msi_data, 0x11, 2);
    b.set(msi_control, 0x0001, 2);
    b.set(msi_mask, 0x1);
    EXPECT_TRUE(b.probe->raise_msi(0));  // masked: pending
    b.set(command, 0, 2);                // bus mastering off, then unmasked: still pending
    b.set(msi_mask, 0);
    EXPECT_EQ(b.cfg(msi_pending), 1u);
    EXPECT_TRUE(b.tb.memory.log.empty());
    b.set(command, bus_master, 2);       // on again: it leaves
    EXPECT_EQ(b.cfg(msi_pending), 0u);
    EXPECT_EQ(b.ram32(ram + 0x40), 0x11u);
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
