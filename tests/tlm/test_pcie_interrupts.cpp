// The PCIe endpoint framework's interrupts: the INTx level and what gates
// it, MSI (address, data and vector bits, masking, pending, 64-bit
// addresses) and MSI-X (the table in the BAR, vector and function masks, the
// PBA), on the probe function (test_pcie_probe.h).
#include "test_pcie_probe.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace pcie_cfg;
using PcieInterrupts = TlmTest;

TEST_F(PcieInterrupts, IntxLevelDisableAndStatus) {
  PcieBench b;
  b.tb.run([&] {
    b.probe->set_intx(true);
    PcieBench::settle();
    EXPECT_TRUE(b.intx());
    EXPECT_EQ(b.cfg(status, 2) & interrupt_status, interrupt_status);
    b.set(command, intx_disable, 2);   // the line drops, the status stays
    PcieBench::settle();
    EXPECT_FALSE(b.intx());
    EXPECT_EQ(b.cfg(status, 2) & interrupt_status, interrupt_status);
    b.set(command, 0, 2);
    PcieBench::settle();
    EXPECT_TRUE(b.intx());
    b.probe->set_intx(true);           // no change: no edge
    b.probe->set_intx(false);
    PcieBench::settle();
    EXPECT_FALSE(b.intx());
    EXPECT_EQ(b.cfg(status, 2) & interrupt_status, 0u);
  });
  const auto& edges = b.tb.irq_edges(0);
  ASSERT_EQ(edges.size(), 4u);
  EXPECT_TRUE(edges[0].level);
  EXPECT_FALSE(edges[3].level);
}

// A function using messages must not assert INTx.
TEST_F(PcieInterrupts, IntxIsSilentWhileMsiOrMsixIsEnabled) {
  PcieBench b;
  b.tb.run([&] {
    b.probe->set_intx(true);
    b.set(msi_control, 0x0001, 2);
    PcieBench::settle();
    EXPECT_FALSE(b.intx());
    EXPECT_EQ(b.cfg(status, 2) & interrupt_status, interrupt_status);
    b.set(msi_control, 0, 2);
    PcieBench::settle();
    EXPECT_TRUE(b.intx());
    b.set(msix_control, msix_enable, 2);
    PcieBench::settle();
    EXPECT_FALSE(b.intx());
    b.set(msix_control, 0, 2);
    PcieBench::settle();
    EXPECT_TRUE(b.intx());
  });
}

TEST_F(PcieInterrupts, MsiDataVectorsMaskingAndPending) {
  PcieBench b;
  b.tb.run([&] {
    EXPECT_FALSE(b.probe->raise_msi(0));  // disabled
    b.set(command, bus_master, 2);
    b.set(msi_address_lo, static_cast<uint32_t>(ram + 0x100));
    b.set(msi_address_hi, 0);
    b.set(msi_data, 0x4563, 2);
    b.set(msi_control, 0x0001, 2);        // one vector: the data goes out as it is
    EXPECT_EQ(b.probe->msi_vectors_enabled(), 1u);
    EXPECT_TRUE(b.probe->raise_msi(0));
    EXPECT_EQ(b.ram32(ram + 0x100), 0x4563u);
    EXPECT_FALSE(b.probe->raise_msi(1));  // beyond the enabled count
    b.set(msi_control, 0x0021, 2);        // 4 vectors: the low two bits carry the vector
    EXPECT_TRUE(b.probe->raise_msi(2));
    EXPECT_EQ(b.ram32(ram + 0x100), 0x4562u);
    EXPECT_TRUE(b.probe->raise_msi(0));
    EXPECT_EQ(b.ram32(ram + 0x100), 0x4560u);
    EXPECT_FALSE(b.probe->raise_msi(4));
    b.set(msi_mask, 0x2);                 // mask vector 1
    const size_t before = b.dma_accesses();
    EXPECT_TRUE(b.probe->raise_msi(1));
    EXPECT_EQ(b.dma_accesses(), before);  // not sent
    EXPECT_EQ(b.cfg(msi_pending), 0x2u);
    b.set(msi_mask, 0x0);                 // unmasked: sent now
    EXPECT_EQ(b.dma_accesses(), before + 1);
    EXPECT_EQ(b.ram32(ram + 0x100), 0x4561u);
    EXPECT_EQ(b.cfg(msi_pending), 0u);
    b.set(msi_mask, 0x8);                 // pending, then MSI disabled: held, not lost
    EXPECT_TRUE(b.probe->raise_msi(3));
    b.set(msi_control, 0x0020, 2);
    b.set(msi_mask, 0);
    EXPECT_EQ(b.cfg(msi_pending), 0x8u);
    EXPECT_EQ(b.dma_accesses(), before + 1);
    b.set(msi_control, 0x0021, 2);        // enabled again: it leaves
    EXPECT_EQ(b.cfg(msi_pending), 0u);
    EXPECT_EQ(b.ram32(ram + 0x100), 0x4563u);
  });
  for (const Memory::Access& a : b.tb.memory.log) {
    EXPECT_EQ(a.command, tlm::TLM_WRITE_COMMAND);
    EXPECT_EQ(a.length, 4u);              // a message is one DWORD write
  }
}

TEST_F(PcieInterrupts, MsiUsesTheSixtyFourBitAddress) {
  PcieBench b;
  b.tb.run([&] {
    b.set(command, bus_master, 2);
    b.set(msi_address_lo, 0x00000100);
    b.set(msi_address_hi, 0x00000001);
    b.set(msi_data, 0x0040, 2);
    b.set(msi_control, 0x0001, 2);
    EXPECT_FALSE(b.probe->raise_msi(0));  // nothing there: the testbench's RAM refuses it
    ASSERT_EQ(b.tb.memory.log.size(), 1u);
    EXPECT_EQ(b.tb.memory.log[0].address, 0x100000100u);
    EXPECT_EQ(b.cfg(status, 2) & master_abort, master_abort);
  });
}

TEST_F(PcieInterrupts, MsixTableMasksAndPba) {
  PcieBench b;
  b.set(0x18, bar2);
  b.set(command, memory | bus_master, 2);
  b.tb.run([&] {
    EXPECT_FALSE(b.probe->raise_msix(0));      // disabled
    b.tb.write(msix_entry(5) + 0, 4, ram + 0x200);
    b.tb.write(msix_entry(5) + 4, 4, 0);
    b.tb.write(msix_entry(5) + 8, 4, 0xabcd0005);
    b.set(msix_control, msix_enable, 2);
    EXPECT_TRUE(b.probe->raise_msix(5));       // entries start masked: pending
    EXPECT_EQ(b.tb.read(pba, 8).value, 1u << 5);
    EXPECT_EQ(b.ram32(ram + 0x200), 0u);
    b.tb.write(msix_entry(5) + 12, 4, 0);      // unmask: delivered
    EXPECT_EQ(b.ram32(ram + 0x200), 0xabcd0005u);
    EXPECT_EQ(b.tb.read(pba, 8).value, 0u);
    b.set(msix_control, msix_enable | msix_function_mask, 2);
    *b.tb.memory.at(ram + 0x200) = 0;
    EXPECT_TRUE(b.probe->raise_msix(5));       // function mask: pending
    EXPECT_EQ(b.ram32(ram + 0x200), 0xabcd0000u);
    EXPECT_EQ(b.tb.read(pba, 4).value, 1u << 5);
    b.set(msix_control, msix_enable, 2);       // cleared: delivered
    EXPECT_EQ(b.ram32(ram + 0x200), 0xabcd0005u);
    EXPECT_FALSE(b.probe->raise_msix(8));      // no such vector
    b.set(msix_control, 0, 2);
    EXPECT_FALSE(b.probe->raise_msix(5));      // disabled again
  });
}

TEST_F(PcieInterrupts, MsixFunctionMaskHoldsEveryVector) {
  PcieBench b;
  b.set(0x18, bar2);
  b.set(command, memory | bus_master, 2);
  b.set(msix_control, msix_enable | msix_function_mask, 2);
  b.tb.run([&] {
    for (unsigned v = 0; v < 8; ++v) {
      b.tb.write64(msix_entry(v), ram + 0x300 + 4 * v);  // a QWORD write of the address
      b.tb.write(msix_entry(v) + 8, 4, 0x100 + v);
      b.tb.write(msix_entry(v) + 12, 4, 0);
    }
    for (unsigned v : {7u, 2u, 4u}) EXPECT_TRUE(b.probe->raise_msix(v));
    EXPECT_EQ(b.tb.read(pba, 4).value, 0x94u);
    EXPECT_TRUE(b.tb.memory.log.empty());
    b.set(msix_control, msix_enable, 2);
    EXPECT_EQ(b.tb.read(pba, 4).value, 0u);
    ASSERT_EQ(b.tb.memory.log.size(), 3u);
    EXPECT_EQ(b.tb.memory.log[0].address, ram + 0x308);  // in vector order
    EXPECT_EQ(b.ram32(ram + 0x31c), 0x107u);
  });
}

TEST_F(PcieInterrupts, MsixTableAccessRules) {
  PcieBench b;
  b.set(0x18, bar2);
  b.set(command, memory, 2);
  b.tb.run([&] {
    EXPECT_EQ(b.tb.read(msix_entry(3) + 12, 4).value, 1u);                  // masked at power-on
    b.tb.write(msix_entry(3), 4, 0x12345677);                               // address: dword aligned
    EXPECT_EQ(b.tb.read(msix_entry(3), 4).value, 0x12345674u);
    b.tb.write(msix_entry(3) + 12, 4, 0xfffffffe);                          // reserved control bits read 0
    EXPECT_EQ(b.tb.read(msix_entry(3) + 12, 4).value, 0u);
    b.tb.write64(msix_entry(3) + 8, 0x0000000100000042u);                  // data and control in one QWORD
    EXPECT_EQ(b.tb.read64(msix_entry(3) + 8), 0x0000000100000042u);
    EXPECT_EQ(b.tb.read(msix_entry(3), 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.tb.read(msix_entry(3) + 4, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);  // misaligned QWORD
    EXPECT_EQ(b.tb.write(pba, 4, 0xff).status, tlm::TLM_OK_RESPONSE);       // read-only: ignored
    EXPECT_EQ(b.tb.read(pba, 4).value, 0u);
  });
  EXPECT_TRUE(b.probe->accesses.empty());  // none of it reached the function
}

}  // namespace
}  // namespace loom::tlm_devices::testing
