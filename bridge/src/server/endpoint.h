#pragma once
// The SystemC side of the bridge: one TLM-2.0 initiator socket per hosted
// model (CPU accesses), one target socket per bus-mastering model (DMA to CPU
// memory), and a watcher per interrupt output.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "loom/tlm_devices/model.h"

namespace loom::bridge {

struct InterruptEvent {
  uint32_t irq;
  bool level;
  uint64_t time_ps;
};

// Carries a model's DMA to the CPU process; returns a TLM response status.
// `posted`: a write the model does not wait for (PCIe memory writes).
using DmaHandler = std::function<tlm::tlm_response_status(uint64_t time_ps, bool write, uint64_t address,
                                                          unsigned char* data, unsigned length,
                                                          const std::string& device, bool posted)>;

class Endpoint : public sc_core::sc_module {
 public:
  Endpoint(sc_core::sc_module_name name, DmaHandler dma);
  ~Endpoint() override;

  // Elaboration: binds a model. `irqs[i]` is the platform interrupt number
  // of the model's output i. A PCIe function (model.pcie()) has no fixed
  // range: it serves its BAR windows at their bus addresses, its `irqs` are
  // INTA..INTD, and its DMA writes are posted.
  void attach(const std::string& device, uint64_t base, uint64_t size, tlm_devices::Model& model,
              const std::vector<uint32_t>& irqs);

  // A PCIe function's windows as of now (after a configuration write or a
  // reset); true if they differ from the last call's.
  bool refresh_windows(size_t device);
  const std::vector<tlm_devices::PcieWindow>& windows(size_t device) const;
  tlm_devices::PcieFunction* pcie(size_t device) const;
  size_t device_count() const { return devices_.size(); }

  struct AccessResult {
    tlm::tlm_response_status status;
    uint64_t delay_ps;
  };
  // Runs the access through the device's socket at the current time.
  AccessResult access(size_t device, bool write, uint64_t address, unsigned char* data, unsigned length,
                      const unsigned char* byte_enable);
  // Which attached device serves [address, address+length), or -1.
  int find(uint64_t address, unsigned length) const;
  const std::string& device_name(size_t device) const;

  // Interrupt changes since the last call, in order.
  std::vector<InterruptEvent> take_interrupt_events();
  // Snapshots: the changes not taken yet, and putting them back.
  const std::vector<InterruptEvent>& pending_interrupt_events() const { return interrupt_events_; }
  void put_back_interrupt_events(std::vector<InterruptEvent> events) { interrupt_events_ = std::move(events); }


 private:
  struct Attached;
  struct DmaTarget;
  std::vector<std::unique_ptr<Attached>> devices_;
  std::vector<std::unique_ptr<DmaTarget>> dma_targets_;
  std::vector<InterruptEvent> interrupt_events_;
  DmaHandler dma_;
};

}  // namespace loom::bridge
