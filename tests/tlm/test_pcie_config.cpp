// The PCIe endpoint framework's configuration space and BARs: header write
// masks, BAR sizing, the capability list and its write masks, windows, BAR
// decoding, reset and bad specs, on the probe function (test_pcie_probe.h).
#include "test_pcie_probe.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace pcie_cfg;
using PcieConfig = TlmTest;

TEST_F(PcieConfig, HeaderIdsAndWriteMasks) {
  PcieBench b;
  EXPECT_EQ(b.cfg(0x00), 0x12344c4du);
  EXPECT_EQ(b.cfg(0x08), 0x05800003u);   // class 058000, revision 3
  EXPECT_EQ(b.cfg(0x0c), 0u);            // cache line, latency, header type 0, BIST
  EXPECT_EQ(b.cfg(0x2c), 0x00424c4du);   // subsystem
  EXPECT_EQ(b.cfg(0x3d, 1), 2u);         // INTB
  for (unsigned offset : {0x00u, 0x08u, 0x2cu}) {
    const uint32_t before = b.cfg(offset);
    b.set(offset, 0xffffffff);           // IDs, class, revision: read-only
    EXPECT_EQ(b.cfg(offset), before) << offset;
  }
  b.set(command, 0xffff, 2);             // I/O, memory, bus master, parity, SERR, INTx disable
  EXPECT_EQ(b.cfg(command, 2), 0x0547u);
  b.set(command, 0, 2);
  EXPECT_EQ(b.cfg(command, 2), 0u);
  b.set(status, 0xffff, 2);              // nothing to clear; the capability bit is read-only
  EXPECT_EQ(b.cfg(status, 2), 0x0010u);
  b.set(0x0c, 0xffffffff);               // cache line RW; latency hardwired 0 on PCI Express; type, BIST RO
  EXPECT_EQ(b.cfg(0x0c), 0x000000ffu);
  b.set(0x3c, 0xffff002a);               // Interrupt Line RW, Pin RO
  EXPECT_EQ(b.cfg(0x3c), 0x0000022au);
  b.set(0x30, 0xffffffff);               // no expansion ROM: sizing finds nothing
  EXPECT_EQ(b.cfg(0x30), 0u);
  EXPECT_EQ(b.cfg(0x100), 0u);           // no extended capabilities
  b.set(0x3c, 0x55, 1);                  // byte writes reach only their byte
  EXPECT_EQ(b.cfg(0x3c, 2), 0x0255u);
}

TEST_F(PcieConfig, BarSizingReadsBackSizeAndType) {
  PcieBench b;
  EXPECT_EQ(b.cfg(0x10), 0x00000001u);   // an I/O BAR before sizing
  EXPECT_EQ(b.cfg(0x1c), 0x0000000cu);   // 64-bit prefetchable
  for (unsigned bar = 0; bar < 6; ++bar) b.set(0x10 + 4 * bar, 0xffffffff);
  EXPECT_EQ(b.cfg(0x10), 0xffffffe1u);   // 32 bytes of I/O
  EXPECT_EQ(b.cfg(0x14), 0u);            // no BAR1: reads 0, writes ignored
  EXPECT_EQ(b.cfg(0x18), 0xfffff000u);   // 4 KiB, 32-bit memory, not prefetchable
  EXPECT_EQ(b.cfg(0x1c), 0xffff000cu);   // 64 KiB, 64-bit prefetchable
  EXPECT_EQ(b.cfg(0x20), 0xffffffffu);   // its upper half
  EXPECT_EQ(b.cfg(0x24), 0u);            // no BAR5
  b.set(0x18, 0x40001234);               // only the address bits take a value
  EXPECT_EQ(b.cfg(0x18), 0x40001000u);
  b.set(0x1c, 0x12345678);
  b.set(0x20, 0x00000004);
  EXPECT_EQ(b.cfg(0x1c), 0x1234000cu);
  EXPECT_EQ(b.cfg(0x20), 4u);
  b.set(0x10, 0x00001237);
  EXPECT_EQ(b.cfg(0x10), 0x00001221u);
  b.set(0x1a, 0xabcd, 2);                // a 16-bit write to the upper half of BAR2
  EXPECT_EQ(b.cfg(0x18), 0xabcd1000u);
}

TEST_F(PcieConfig, CapabilityListWalksToTheEnd) {
  PcieBench b;
  EXPECT_EQ(b.cfg(status, 2) & 0x10, 0x10u);
  std::vector<std::pair<unsigned, unsigned>> found;
  for (unsigned at = b.cfg(0x34, 1); at != 0; at = b.cfg(at + 1, 1)) {
    ASSERT_EQ(at % 4, 0u);
    ASSERT_GE(at, 0x40u);
    found.emplace_back(at, b.cfg(at, 1));
    ASSERT_LT(found.size(), 8u);
  }
  EXPECT_EQ(found, (std::vector<std::pair<unsigned, unsigned>>{{0x40, 0x10}, {0x80, 0x05}, {0xa0, 0x11}}));
  // PCI Express: version 2, an endpoint, 256-byte max payload; x1 at 2.5 GT/s.
  EXPECT_EQ(b.cfg(pcie + 2, 2), 0x0002u);
  EXPECT_EQ(b.cfg(pcie + 4) & 0x7, 1u);
  EXPECT_EQ(b.cfg(pcie + 0x0c) & 0x3ff, 0x011u);
  EXPECT_EQ(b.cfg(pcie + 0x12, 2), 0x0011u);
  EXPECT_EQ(b.cfg(pcie + 0x2c), 0x2u);
  b.set(pcie + 8, 0xffff, 2);            // device control: no extended tags, phantoms, aux power or FLR
  EXPECT_EQ(b.cfg(pcie + 8, 2), 0x78ffu);
  b.set(pcie + 0x12, 0, 2);              // link status is read-only
  EXPECT_EQ(b.cfg(pcie + 0x12, 2), 0x0011u);
  // MSI: 64-bit, per-vector masks, 4 vectors capable. MSI-X: 8 vectors.
  EXPECT_EQ(b.cfg(msi_control, 2), 0x0184u);
  EXPECT_EQ(b.cfg(msix_control, 2), 7u);
  EXPECT_EQ(b.cfg(msix + 4), 0x802u);     // table at 0x800 in BAR2
  EXPECT_EQ(b.cfg(msix + 8), 0xc02u);     // PBA at 0xc00 in BAR2
}

TEST_F(PcieConfig, CapabilityWriteMasks) {
  PcieBench b;
  b.set(msi_control, 0xffff, 2);          // enable; asks for 128 vectors: 4 (the capable number) stick
  EXPECT_EQ(b.cfg(msi_control, 2), 0x01a5u);
  EXPECT_EQ(b.probe->msi_vectors_enabled(), 4u);
  b.set(msi_control, 0x0011, 2);          // 2 vectors
  EXPECT_EQ(b.probe->msi_vectors_enabled(), 2u);
  b.set(msi_address_lo, 0xffffffff);      // dword aligned
  EXPECT_EQ(b.cfg(msi_address_lo), 0xfffffffcu);
  b.set(msi_address_hi, 0xffffffff);
  EXPECT_EQ(b.cfg(msi_address_hi), 0xffffffffu);
  b.set(msi_data, 0xffffffff);            // 16-bit data, no extended data
  EXPECT_EQ(b.cfg(msi_data), 0x0000ffffu);
  b.set(msi_mask, 0xffffffff);            // mask bits for the 4 capable vectors only
  EXPECT_EQ(b.cfg(msi_mask), 0xfu);
  b.set(msi_pending, 0xffffffff);         // pending bits are the function's
  EXPECT_EQ(b.cfg(msi_pending), 0u);
  b.set(msix_control, 0xffff, 2);         // enable and function mask; the table size stays
  EXPECT_EQ(b.cfg(msix_control, 2), 0xc007u);
  b.set(msix + 4, 0, 4);                  // table and PBA locations are read-only
  EXPECT_EQ(b.cfg(msix + 4), 0x802u);
  b.set(msi, 0xffff, 2);                  // IDs and next pointers too
  EXPECT_EQ(b.cfg(msi, 2), 0xa005u);
}

TEST_F(PcieConfig, WindowsFollowTheBarsAndCommand) {
  PcieBench b;
  EXPECT_TRUE(b.f().windows().empty());
  b.set(command, memory, 2);
  EXPECT_TRUE(b.f().windows().empty());   // nothing assigned yet
  b.set(command, 0, 2);
  b.set(0x10, 0x1000);
  b.set(0x18, bar2);
  b.set(0x1c, 0x00000000);
  b.set(0x20, 0x4);
  EXPECT_TRUE(b.f().windows().empty());   // decoding off
  b.set(command, memory, 2);
  EXPECT_EQ(b.f().windows(), (std::vector<PcieWindow>{{2, bar2, 4096, false}, {3, 0x400000000, 65536, false}}));
  b.set(command, memory | io, 2);
  ASSERT_EQ(b.f().windows().size(), 3u);
  EXPECT_EQ(b.f().windows()[0], (PcieWindow{0, 0x1000, 32, true}));
  b.set(0x18, 0x50000000);                // moved
  EXPECT_EQ(b.f().windows()[1].base, 0x50000000u);
  b.set(0x1c, 0x60000000);
  b.set(0x20, 0);                         // a 64-bit BAR moved below 4 GiB through its upper half
  EXPECT_EQ(b.f().windows()[2].base, 0x60000000u);
  b.set(command, io, 2);                  // memory decoding off: only the I/O window stays
  EXPECT_EQ(b.f().windows(), (std::vector<PcieWindow>{{0, 0x1000, 32, true}}));
  b.set(0x18, 0);                         // unassigned again
  b.set(command, memory | io, 2);
  EXPECT_EQ(b.f().windows().size(), 2u);
}

TEST_F(PcieConfig, BarAccessesReachTheFunctionAtTheirOffset) {
  PcieBench b;
  b.set(0x10, 0x1000);
  b.set(0x18, bar2);
  b.set(0x1c, 0);
  b.set(0x20, 0x4);  // BAR3-4 at 0x4_0000_0000
  b.tb.run([&] {
    EXPECT_EQ(b.tb.read(bar2 + 0x10, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // memory decoding off
    b.set(command, memory | io, 2);
    const MmioResult r = b.tb.read(bar2 + 0x10, 4);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.value, 0x12121212u);
    EXPECT_FALSE(r.dmi_allowed);
    EXPECT_EQ(r.delay, ns(100));                                      // the spec's access delay
    EXPECT_EQ(b.tb.read(0x400000000 + 0xfff8, 8).value, 0x1313131313131313u);
    EXPECT_EQ(b.tb.write(0x400000000, 2, 0xbeef).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.tb.read(bar2 + 0xffc, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);   // runs past the BAR
    EXPECT_EQ(b.tb.read(bar2 + 0x1000, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // past it
    EXPECT_EQ(b.tb.read(0x1000, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);        // I/O is not decoded here
    EXPECT_EQ(b.tb.write(bar2 + 0x20, 4, 1, {0xff, 0, 0xff, 0xff}).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(b.tb.write(msix_entry(1), 4, 0x1234).status, tlm::TLM_OK_RESPONSE);     // the MSI-X table
    EXPECT_EQ(b.tb.read(msix_entry(1), 4).value, 0x1234u);
    EXPECT_EQ(b.tb.read(pba + 8, 4).value, 0x12121212u);              // past the PBA: the function's
  });
  ASSERT_EQ(b.probe->accesses.size(), 4u);
  EXPECT_EQ(b.probe->accesses[0].bar, 2u);
  EXPECT_EQ(b.probe->accesses[0].offset, 0x10u);
  EXPECT_FALSE(b.probe->accesses[0].write);
  EXPECT_EQ(b.probe->accesses[1].bar, 3u);                            // a 64-bit BAR is named by its lower slot
  EXPECT_EQ(b.probe->accesses[1].offset, 0xfff8u);
  EXPECT_EQ(b.probe->accesses[1].length, 8u);
  EXPECT_TRUE(b.probe->accesses[2].write);
  EXPECT_EQ(b.probe->accesses[3].offset, 0xc08u);
}

TEST_F(PcieConfig, ResetReturnsToPowerOn) {
  PcieBench b;
  b.set(0x18, bar2);
  b.set(command, memory | bus_master, 2);
  b.set(msi_control, 0x0001, 2);
  b.set(msi_mask, 0x1);
  b.set(msix_control, msix_enable, 2);
  b.set(0x3c, 0x2a, 1);
  b.tb.run([&] {
    uint8_t byte = 0;
    sc_time delay;
    EXPECT_FALSE(b.probe->dma_write(0x1000, &byte, 1, delay));  // a master abort in STATUS
    EXPECT_EQ(b.cfg(status, 2) & master_abort, master_abort);
    b.tb.write(msix_entry(0) + 12, 4, 0);  // unmask vector 0
    b.probe->raise_msi(0);                 // masked: pending
    b.probe->set_intx(true);
    b.set(msi_control, 0, 2);              // messages off, so that INTx shows
    b.set(msix_control, 0, 2);
    PcieBench::settle();
    EXPECT_TRUE(b.intx());
    b.probe->reset();
    PcieBench::settle();
    EXPECT_FALSE(b.intx());
  });
  EXPECT_TRUE(b.probe->reset_seen);
  EXPECT_FALSE(b.probe->intx_level());
  EXPECT_EQ(b.cfg(command, 2), 0u);
  EXPECT_EQ(b.cfg(status, 2), 0x0010u);
  EXPECT_EQ(b.cfg(0x18), 0u);
  EXPECT_EQ(b.cfg(0x3c, 1), 0u);
  EXPECT_EQ(b.cfg(msi_control, 2), 0x0184u);
  EXPECT_EQ(b.cfg(msi_mask), 0u);
  EXPECT_EQ(b.cfg(msi_pending), 0u);
  EXPECT_EQ(b.cfg(msix_control, 2), 7u);
  EXPECT_TRUE(b.f().windows().empty());
  // The MSI-X table is masked again (b_transport never waits: no process needed).
  b.set(0x18, bar2);
  b.set(command, memory, 2);
  EXPECT_EQ(b.tb.read(msix_entry(0) + 12, 4).value, 1u);
}

TEST_F(PcieConfig, InconsistentSpecsAreRefused) {
  struct Bad : pcie::Endpoint {
    explicit Bad(const pcie::EndpointSpec& s) : Endpoint("bad", s) {}
    tlm::tlm_response_status bar_read(unsigned, uint64_t, uint8_t*, unsigned) override { return tlm::TLM_OK_RESPONSE; }
    tlm::tlm_response_status bar_write(unsigned, uint64_t, const uint8_t*, unsigned) override {
      return tlm::TLM_OK_RESPONSE;
    }
  };
  const auto error_of = [](const pcie::EndpointSpec& spec) -> std::string {
    try {
      Bad bad(spec);
    } catch (const ModelError& e) {
      return e.what();
    }
    return "no error";
  };
  pcie::EndpointSpec spec;
  spec.bars[0] = pcie::BarSpec{1000, false, false, false};
  EXPECT_EQ(error_of(spec), "PCIe function bad: BAR0 size is no power of two >= 16 (4 for I/O)");
  spec.bars[0] = pcie::BarSpec{8, false, false, false};
  EXPECT_NE(error_of(spec), "no error");
  spec.bars[0] = pcie::BarSpec{512, false, false, true};
  EXPECT_EQ(error_of(spec), "PCIe function bad: BAR0: an I/O BAR is 32-bit, not prefetchable, at most 256 bytes");
  spec.bars[0] = {};
  spec.bars[5] = pcie::BarSpec{4096, true, false, false};
  EXPECT_EQ(error_of(spec), "PCIe function bad: BAR5: a 64-bit BAR needs the next slot free");
  spec.bars[5] = {};
  spec.bars[0] = pcie::BarSpec{4096, false, false, false};
  spec.msi_vectors = 3;
  EXPECT_EQ(error_of(spec), "PCIe function bad: MSI vectors: 1, 2, 4, 8, 16 or 32");
  spec.msi_vectors = 0;
  spec.msix_vectors = 8;
  spec.msix_table_offset = 0xfc0;  // 8 vectors need 128 bytes: runs past the BAR
  spec.msix_pba_offset = 0x800;
  EXPECT_EQ(error_of(spec),
            "PCIe function bad: the MSI-X table and PBA must sit apart, 8-byte aligned, inside a memory BAR");
  spec.msix_table_offset = 0x800;
  spec.msix_pba_offset = 0x840;    // inside the table
  EXPECT_NE(error_of(spec), "no error");
  spec.msix_pba_offset = 0xc00;
  spec.msix_bar = 1;               // no such BAR
  EXPECT_NE(error_of(spec), "no error");
}

}  // namespace
}  // namespace loom::tlm_devices::testing
