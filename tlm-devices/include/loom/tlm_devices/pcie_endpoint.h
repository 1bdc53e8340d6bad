#pragma once
// The PCIe endpoint framework (docs/pcie-endpoint-framework.md): the part of
// a PCIe endpoint that hard IP provides, so that an endpoint model writes only
// its function, as Linux's drivers/pci/endpoint separates the controller from
// the function.
//
// pcie::Endpoint is a Model and a PcieFunction. It holds the type-0
// configuration space (IDs, COMMAND/STATUS, BARs and their sizing, Interrupt
// Line/Pin) with a capability list (PCI Express endpoint, MSI with 64-bit
// addresses, multiple vectors and per-vector masking, MSI-X with its table and
// PBA in a BAR), decodes the CPU's accesses to the BARs, drives the INTx
// level, sends MSI and MSI-X messages, and carries the function's DMA, all
// gated by COMMAND as the spec says. A function derives from it and implements
// bar_read/bar_write (its registers and memories) and, if it has state of its
// own, on_reset.
//
// Rules (those of every model, tlm-devices/README.md): bar_read/bar_write never
// wait; blocking work (DMA) runs in the function's own SC_THREAD; set_intx may
// be called from any process.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "loom/tlm_devices/model.h"

namespace loom::tlm_devices::pcie {

class ConfigSpace;

struct BarSpec {
  uint64_t size = 0;          // bytes, a power of two (memory >= 16, I/O >= 4); 0: no BAR
  bool is64 = false;          // a 64-bit memory BAR (takes this slot and the next)
  bool prefetchable = false;
  bool io = false;            // an I/O BAR
};

struct EndpointSpec {
  uint16_t vendor_id = 0;
  uint16_t device_id = 0;
  uint16_t subsystem_vendor_id = 0;
  uint16_t subsystem_id = 0;
  uint8_t revision = 0;
  uint32_t class_code = 0xff0000;  // base class, subclass, programming interface
  std::array<BarSpec, 6> bars{};
  unsigned interrupt_pin = 1;      // 1 = INTA ... 4 = INTD; 0: no INTx
  unsigned msi_vectors = 0;        // 0: no MSI capability; else 1, 2, 4, 8, 16 or 32
  unsigned msix_vectors = 0;       // 0: no MSI-X capability; else up to 2048
  unsigned msix_bar = 0;           // the BAR holding the MSI-X table and PBA
  uint32_t msix_table_offset = 0;  // 8-byte aligned offsets in that BAR
  uint32_t msix_pba_offset = 0;
  // Delay annotated on every BAR access (the link and the IP's latency).
  sc_core::sc_time access_delay = sc_core::sc_time(100, sc_core::SC_NS);
};

class Endpoint : public sc_core::sc_module, public Model, public PcieFunction {
 public:
  SC_HAS_PROCESS(Endpoint);
  // Throws ModelError for an inconsistent spec (a BAR size that is no power
  // of two, an MSI-X table outside its BAR...).
  Endpoint(sc_core::sc_module_name name, const EndpointSpec& spec);
  ~Endpoint() override;

  // Model
  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override { return {&intx_}; }
  tlm::tlm_initiator_socket<>* dma() override { return &dma_socket_; }
  void reset() final;
  PcieFunction* pcie() override { return this; }

  // PcieFunction
  uint32_t config_read(unsigned offset, unsigned length) override;
  void config_write(unsigned offset, unsigned length, uint32_t value) override;
  std::vector<PcieWindow> windows() const override;
  unsigned interrupt_pin() const override { return spec_.interrupt_pin; }

 protected:
  // The CPU's access to the function's BAR `bar` at `offset` (the MSI-X
  // table and PBA are the framework's and never arrive here). Returns the
  // TLM status; must not wait.
  virtual tlm::tlm_response_status bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) = 0;
  virtual tlm::tlm_response_status bar_write(unsigned bar, uint64_t offset, const uint8_t* data,
                                             unsigned length) = 0;
  // The function's own power-on reset (the framework has reset the
  // configuration space and the interrupt state).
  virtual void on_reset() {}

  // ---- services for the function ----
  // The function's legacy interrupt level; the INTx output is this AND NOT
  // COMMAND.InterruptDisable, STATUS.InterruptStatus shows it as is.
  void set_intx(bool level);
  bool intx_level() const { return intx_level_; }
  // An MSI of `vector` (0-based). False if MSI is disabled, the vector is
  // beyond the enabled count, or bus mastering is off; a masked vector
  // becomes pending and is sent when unmasked.
  bool raise_msi(unsigned vector);
  // An MSI-X message of `vector`; false if MSI-X is disabled, the vector does
  // not exist or bus mastering is off. A masked vector (or function mask)
  // sets its PBA bit and is sent when unmasked.
  bool raise_msix(unsigned vector);
  bool msi_enabled() const;
  unsigned msi_vectors_enabled() const;
  bool msix_enabled() const;
  bool bus_master() const;
  bool memory_space_enabled() const;
  // The function's DMA to bus addresses (guest memory): false if bus
  // mastering is off (nothing is sent) or the access was refused (a master
  // abort). Call from an SC_THREAD; `delay` collects the annotated time.
  bool dma_read(uint64_t address, uint8_t* data, uint64_t length, sc_core::sc_time& delay);
  bool dma_write(uint64_t address, const uint8_t* data, uint64_t length, sc_core::sc_time& delay);

  const EndpointSpec& spec() const { return spec_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void drive_intx();
  bool send_message(uint64_t address, uint32_t data);
  void after_config_write(unsigned offset, unsigned length);
  void deliver_pending_msi();
  void deliver_pending_msix();
  bool msix_access(unsigned bar, uint64_t offset, tlm::tlm_generic_payload& trans);
  uint64_t bar_address(unsigned bar) const;

  EndpointSpec spec_;
  std::unique_ptr<ConfigSpace> config_;
  tlm_utils::simple_target_socket<Endpoint> mmio_socket_;
  tlm_utils::simple_initiator_socket<Endpoint> dma_socket_;
  sc_core::sc_signal<bool> intx_;
  sc_core::sc_event intx_changed_;
  bool intx_level_ = false;
  std::vector<uint32_t> msix_table_;  // 4 dwords per vector
  std::vector<uint64_t> msix_pba_;
};

}  // namespace loom::tlm_devices::pcie
