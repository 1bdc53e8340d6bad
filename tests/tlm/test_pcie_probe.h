#pragma once
// A small PCIe function for testing the endpoint framework (tlm-devices/pcie):
// it records the BAR accesses that reach it, answers reads with a pattern
// naming the BAR, and makes the framework's protected services public, so
// that a test can play both the function and (through config_read/write and
// the testbench's MMIO initiator) the host.

#include <cstring>
#include <memory>
#include <vector>

#include "loom/tlm_devices/pcie_endpoint.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {

// BAR0: 32 bytes of I/O; BAR1 unused; BAR2: 4 KiB of 32-bit memory with the
// MSI-X table (8 vectors) at 0x800 and the PBA at 0xc00; BAR3-4: 64 KiB of
// 64-bit prefetchable memory; BAR5 unused. INTB, 4 MSI vectors.
inline pcie::EndpointSpec probe_spec() {
  pcie::EndpointSpec spec;
  spec.vendor_id = 0x4c4d;
  spec.device_id = 0x1234;
  spec.subsystem_vendor_id = 0x4c4d;
  spec.subsystem_id = 0x0042;
  spec.revision = 3;
  spec.class_code = 0x058000;
  spec.bars[0] = pcie::BarSpec{32, false, false, true};
  spec.bars[2] = pcie::BarSpec{4096, false, false, false};
  spec.bars[3] = pcie::BarSpec{65536, true, true, false};
  spec.interrupt_pin = 2;
  spec.msi_vectors = 4;
  spec.msix_vectors = 8;
  spec.msix_bar = 2;
  spec.msix_table_offset = 0x800;
  spec.msix_pba_offset = 0xc00;
  return spec;
}

class ProbeFunction : public pcie::Endpoint {
 public:
  explicit ProbeFunction(const pcie::EndpointSpec& spec = probe_spec()) : Endpoint("dut", spec) {}
  struct Access {
    unsigned bar;
    uint64_t offset;
    unsigned length;
    bool write;
  };
  std::vector<Access> accesses;
  bool reset_seen = false;

  using Endpoint::bus_master;
  using Endpoint::dma_read;
  using Endpoint::dma_write;
  using Endpoint::intx_level;
  using Endpoint::memory_space_enabled;
  using Endpoint::msi_enabled;
  using Endpoint::msi_vectors_enabled;
  using Endpoint::msix_enabled;
  using Endpoint::raise_msi;
  using Endpoint::raise_msix;
  using Endpoint::set_intx;

 protected:
  tlm::tlm_response_status bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) override {
    accesses.push_back({bar, offset, length, false});
    std::memset(data, static_cast<int>(0x10 + bar), length);
    return tlm::TLM_OK_RESPONSE;
  }
  tlm::tlm_response_status bar_write(unsigned bar, uint64_t offset, const uint8_t*, unsigned length) override {
    accesses.push_back({bar, offset, length, true});
    return tlm::TLM_OK_RESPONSE;
  }
  void on_reset() override { reset_seen = true; }
};

// The probe on a testbench: config accesses as the device server makes
// them, the RAM on dma() (at Testbench::ram_base), a probe on INTx.
struct PcieBench {
  ProbeFunction* probe;
  Testbench tb;
  explicit PcieBench(const pcie::EndpointSpec& spec = probe_spec()) : PcieBench(new ProbeFunction(spec)) {}
  explicit PcieBench(ProbeFunction* p) : probe(p), tb(std::unique_ptr<Model>(p)) {}

  PcieFunction& f() { return *probe->pcie(); }
  uint32_t cfg(unsigned offset, unsigned length = 4) { return f().config_read(offset, length); }
  void set(unsigned offset, uint32_t value, unsigned length = 4) { f().config_write(offset, length, value); }
  uint32_t ram32(uint64_t address) {
    uint32_t v;
    std::memcpy(&v, tb.memory.at(address), 4);
    return v;
  }
  // Signals settle a delta cycle after a change (one driver process).
  static void settle() {
    sc_core::wait(sc_core::SC_ZERO_TIME);
    sc_core::wait(sc_core::SC_ZERO_TIME);
  }
  bool intx() { return tb.irq(0).read(); }
  size_t dma_accesses() const { return tb.memory.log.size(); }
};

namespace pcie_cfg {
constexpr uint64_t ram = Testbench::ram_base;
constexpr unsigned command = 0x04, status = 0x06;
constexpr unsigned msi = 0x80, msix = 0xa0, pcie = 0x40;
constexpr uint16_t io = 0x1, memory = 0x2, bus_master = 0x4, intx_disable = 0x400;
constexpr uint16_t interrupt_status = 0x8, master_abort = 0x2000;
// MSI capability fields
constexpr unsigned msi_control = msi + 2, msi_address_lo = msi + 4, msi_address_hi = msi + 8, msi_data = msi + 0xc;
constexpr unsigned msi_mask = msi + 0x10, msi_pending = msi + 0x14;
constexpr unsigned msix_control = msix + 2;
constexpr uint16_t msix_enable = 0x8000, msix_function_mask = 0x4000;
// Where the probe's BAR2 goes in these tests, and its MSI-X table and PBA.
constexpr uint64_t bar2 = 0x40000000;
constexpr uint64_t msix_entry(unsigned vector) { return bar2 + 0x800 + 16 * vector; }
constexpr uint64_t pba = bar2 + 0xc00;
}  // namespace pcie_cfg

}  // namespace loom::tlm_devices::testing
