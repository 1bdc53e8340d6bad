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
// gated by COMMAND as the specifications say.
//
// A function derives from it, describes itself in an EndpointSpec, and
// implements bar_read/bar_write (its registers and memories) and, if it has
// state of its own, on_reset. Its work uses the protected services.
//
// Rules (those of every model, tlm-devices/README.md): bar_read/bar_write never
// wait; blocking work (DMA) runs in the function's own SC_THREAD; set_intx,
// raise_msi and raise_msix never wait and may be called from any process or
// from bar_write.

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

// One Base Address Register. A 64-bit BAR takes its slot and the next,
// which the spec leaves empty.
struct BarSpec {
  uint64_t size = 0;          // bytes, a power of two (memory >= 16, I/O 4..256); 0: no BAR
  bool is64 = false;          // a 64-bit memory BAR
  bool prefetchable = false;  // a memory BAR without read side effects
  bool io = false;            // an I/O BAR (sized and reported; see docs for decoding)
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
  unsigned msix_bar = 0;           // the memory BAR holding the MSI-X table and PBA
  uint32_t msix_table_offset = 0;  // 8-byte aligned offsets in that BAR, not overlapping
  uint32_t msix_pba_offset = 0;
  // Delay annotated on every BAR access (the link and the IP's latency).
  sc_core::sc_time access_delay = sc_core::sc_time(100, sc_core::SC_NS);
};

class Endpoint : public sc_core::sc_module, public Model, public PcieFunction {
 public:
  SC_HAS_PROCESS(Endpoint);
  // Throws ModelError (one line naming the function) for an inconsistent
  // spec: a BAR size that is no power of two, a 64-bit BAR without its upper
  // slot, an MSI-X table outside its BAR... Nothing is built then.
  Endpoint(sc_core::sc_module_name name, const EndpointSpec& spec);
  ~Endpoint() override;

  // ---- Model ----
  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override { return {&intx_}; }
  tlm::tlm_initiator_socket<>* dma() override { return &dma_socket_; }
  // Power-on: configuration space as laid out from the spec (BARs
  // unassigned, decoding, bus mastering, MSI and MSI-X off), MSI-X table
  // masked, PBA and pending bits clear, the INTx level low (the output falls
  // a delta cycle later); then the function's on_reset().
  void reset() final;
  PcieFunction* pcie() override { return this; }

  // ---- PcieFunction ----
  uint32_t config_read(unsigned offset, unsigned length) override;
  void config_write(unsigned offset, unsigned length, uint32_t value) override;
  std::vector<PcieWindow> windows() const override;
  unsigned interrupt_pin() const override { return spec_.interrupt_pin; }

 protected:
  // ---- what the function implements ----
  // The CPU's access to the function's BAR `bar` at `offset`: whole inside
  // the BAR, every byte enabled, as the CPU sent it (1 to 8 bytes). The
  // MSI-X table and PBA are the framework's and never arrive here. Returns
  // the TLM status (an error is an Unsupported Request / Completer Abort to
  // the CPU); must not wait.
  virtual tlm::tlm_response_status bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) = 0;
  virtual tlm::tlm_response_status bar_write(unsigned bar, uint64_t offset, const uint8_t* data,
                                             unsigned length) = 0;
  // The function's own power-on reset, called by reset() after the framework
  // has reset itself. Work under way must be abandoned: bus mastering is
  // already off, so any further DMA or message is refused anyway.
  virtual void on_reset() {}

  // ---- services for the function ----
  // The function's legacy interrupt level. The INTx output is this level
  // while COMMAND.InterruptDisable is clear and neither MSI nor MSI-X is
  // enabled (the function must not use INTx then); STATUS.InterruptStatus
  // shows the level as is.
  void set_intx(bool level);
  bool intx_level() const { return intx_level_; }
  // An MSI of `vector` (0-based). False, and nothing is recorded, if MSI is
  // disabled, the vector is not below the enabled count, or bus mastering is
  // off. A masked vector sets its pending bit and is sent once unmasked
  // (true). Otherwise a DWORD memory write of the message data, its low bits
  // replaced by the vector, to the message address: true if it was accepted.
  bool raise_msi(unsigned vector);
  // An MSI-X message of `vector`, from its table entry: false if MSI-X is
  // disabled, the vector does not exist or bus mastering is off. A masked
  // vector (or the function mask) sets its PBA bit and is sent once unmasked.
  bool raise_msix(unsigned vector);
  bool msi_enabled() const;
  unsigned msi_vectors_enabled() const;  // 0 while MSI is disabled
  bool msix_enabled() const;
  bool bus_master() const;
  bool memory_space_enabled() const;
  // The function's DMA to bus addresses (guest memory). False if bus
  // mastering is off (nothing more is sent) or the access was refused (a
  // master abort: STATUS.ReceivedMasterAbort is set). Large transfers go out
  // in pieces; bus mastering is checked before each. Call from an SC_THREAD
  // (they do not wait themselves); `delay` collects the time the target
  // annotates, for the caller to wait out.
  bool dma_read(uint64_t address, uint8_t* data, uint64_t length, sc_core::sc_time& delay);
  bool dma_write(uint64_t address, const uint8_t* data, uint64_t length, sc_core::sc_time& delay);

  const EndpointSpec& spec() const { return spec_; }

  // Snapshots: the framework's state — configuration space (BARs, command,
  // MSI and MSI-X control, pending bits), MSI-X table and PBA, the INTx
  // level — in a section of its own. A function's Model::save/restore
  // calls these, then saves its own state (its work under way included).
  void save_endpoint(state::StateWriter& out) const;
  void restore_endpoint(state::StateReader& in);

 private:
  // endpoint.cpp
  void after_config_write(unsigned offset, unsigned length);
  // bar_decode.cpp
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  uint64_t bar_address(unsigned bar) const;
  bool decodes(unsigned bar) const;
  // intx.cpp
  void drive_intx();  // SC_METHOD: the one writer of intx_
  // dma.cpp
  bool bus_request(tlm::tlm_command command, uint64_t address, uint8_t* data, uint64_t length,
                   sc_core::sc_time& delay);
  bool send_message(uint64_t address, uint32_t data);
  void note_master_abort();
  // msi.cpp
  void limit_msi_vectors();
  void deliver_pending_msi();
  // msix.cpp
  bool msix_masked(unsigned vector) const;
  void deliver_pending_msix();
  bool msix_access(uint64_t offset, tlm::tlm_generic_payload& trans);
  void reset_msix();

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
