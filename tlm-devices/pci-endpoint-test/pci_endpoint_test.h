#pragma once
// loom,pci-endpoint-test: a PCIe function that Linux's pci_endpoint_test
// driver and pcitest drive (the golden model of docs/pcie.md). On a command
// in BAR0 it reads, writes or copies host memory by DMA (with CRC32 checks,
// as the driver computes them) or raises its legacy interrupt, an MSI or an
// MSI-X message. Built on pcie::Endpoint, which provides the configuration
// space, capabilities, interrupts and bus mastering; register map and BAR
// layout: registers.h.
#include <systemc>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loom/tlm_devices/model.h"
#include "loom/tlm_devices/pcie_endpoint.h"
#include "pci-endpoint-test/registers.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::tlm_devices::pci_endpoint_test {

constexpr const char* type_name = type_names::kPciEndpointTest;

// Platform parameters, unsigned integers (decimal or 0x hex):
//   vendor-id (0x4c4d: made up for Loom, not assigned by the PCI-SIG),
//   device-id (0x0001), subsystem-vendor-id and subsystem-id (the vendor and
//   device ids), revision (0), class-code (0xff0000: unclassified),
//   msi-vectors (32; 0 or a power of two up to 32; 0: no MSI capability),
//   msix-vectors (32; up to 64; 0: no MSI-X capability),
//   dma-bytes-per-us: how fast a command moves data (1000: 1 GB/s),
//   max-transfer-bytes: the largest SIZE a command takes (16 MiB),
//   intx-pulse-ns: how long a legacy interrupt stays asserted at most
//   (1000000: 1 ms, as Linux's endpoint function on a DesignWare controller;
//   0: until the driver clears IRQ_RAISED).
// `size` (the platform's aperture) is unused: a PCIe function's BARs place it.
std::unique_ptr<Model> make_pci_endpoint_test(const std::string& name, uint64_t size, const ModelParams& params,
                                              HostServices* services);

class PciEndpointTest : public pcie::Endpoint {
 public:
  struct Timing {
    uint64_t bytes_per_us = 1000;          // data rate of READ, WRITE and COPY
    uint64_t max_transfer_bytes = 1 << 24;  // larger SIZEs fail at once
    uint64_t intx_pulse_ns = 1'000'000;      // 0: INTx held until the driver clears IRQ_RAISED
  };

  SC_HAS_PROCESS(PciEndpointTest);
  PciEndpointTest(sc_core::sc_module_name name, const pcie::EndpointSpec& spec, const Timing& timing);

 protected:
  tlm::tlm_response_status bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) override;
  tlm::tlm_response_status bar_write(unsigned bar, uint64_t offset, const uint8_t* data, unsigned length) override;
  void on_reset() override;

 public:
  // Snapshots (pci_endpoint_test_state.cpp): the framework's state, the
  // registers and BAR memories, the INTx pulse's end and a command under
  // way (its result and when it completes, taken up again on restore).
  void save(state::StateWriter& out) const override;
  void restore(state::StateReader& in) override;

 private:
  uint32_t reg(unsigned offset) const;
  void set_reg(unsigned offset, uint32_t value);
  uint64_t address(unsigned lo) const { return uint64_t{reg(lo + 4)} << 32 | reg(lo); }
  std::vector<uint8_t>* memory(unsigned bar);
  void update_intx();
  void assert_legacy();
  void end_intx_pulse();  // SC_METHOD

  // commands.cpp
  void run_commands();  // SC_THREAD
  void execute(uint32_t command);
  uint32_t transfer(uint32_t command, uint32_t irq_type);  // READ, WRITE or COPY: the status bits to set
  void raise_irq(uint32_t type, uint32_t number);
  sc_core::sc_time transfer_time(uint64_t bytes) const;

  Timing timing_;
  std::array<uint8_t, regs::end> registers_{};
  std::vector<uint8_t> bar1_, bar2_, bar4_;
  bool legacy_raised_ = false;  // INTx asserted for IRQ_RAISED, until the driver clears that bit or the pulse ends
  uint64_t generation_ = 0;     // bumped by reset: work under way is abandoned
  uint32_t seed_ = 0;           // the WRITE command's data differs every time, the same in every run
  sc_core::sc_event command_written_;
  sc_core::sc_event abandon_;   // reset: ends the wait of a transfer under way
  sc_core::sc_event intx_pulse_end_;
  bool intx_pulse_pending_ = false;
  sc_core::sc_time intx_pulse_deadline_;
  // A data command waiting out its transfer time: for snapshots.
  struct InFlight {
    uint32_t irq_type = 0;
    uint32_t result = 0;  // the status bits it sets when done
    sc_core::sc_time end;
  };
  std::optional<InFlight> in_flight_;
  std::optional<InFlight> resume_;  // restored: the thread completes it first
};

}  // namespace loom::tlm_devices::pci_endpoint_test
