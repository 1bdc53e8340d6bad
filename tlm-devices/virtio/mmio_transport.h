#pragma once
// The virtio-mmio transport, version 2 (VIRTIO 1.2, 4.2), as a base for
// virtio device models: the register file (mmio_registers.h), feature
// negotiation, device status and reset, queue configuration, the interrupt
// output, and one SC_THREAD that runs the split virtqueues. A device type
// (virtio-blk, ...) derives from it and supplies its configuration space and
// what one request does.
//
// Queue work starts at a QueueNotify write (at the access's own time), never
// inside b_transport: the thread takes each available chain in turn, hands
// it to handle_chain(), puts it on the used ring and raises the used-buffer
// interrupt. Nothing is pending in the kernel while the queues are idle.
//
// A reset (Status = 0, or Model::reset()) or a QueueReady write cancels the
// work under way: the thread's wait ends at once and it drops the request
// without touching guest memory again. A DMA error response or a malformed ring sets
// DEVICE_NEEDS_RESET (with a config-change interrupt once DRIVER_OK is set)
// and stops all processing until the driver resets the device.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loom/state/state.h"
#include "loom/tlm_devices/model.h"
#include "virtio/descriptor_chain.h"
#include "virtio/mmio_registers.h"
#include "virtio/socket_bus.h"
#include "virtio/split_queue.h"

namespace loom::tlm_devices::virtio {

struct TransportConfig {
  std::string device;      // how messages name the model: "loom,virtio-blk 'vd0'"
  uint64_t size = 0;       // aperture in bytes, at least mmio::min_size
  uint32_t device_id = 0;  // virtio device type
  uint64_t features = 0;   // offered; must include VERSION_1
  unsigned num_queues = 1;
  uint32_t queue_size_max = 0;  // QueueNumMax of every queue, a power of 2
};

class MmioTransport : public sc_core::sc_module, public Model {
 public:
  SC_HAS_PROCESS(MmioTransport);
  MmioTransport(sc_core::sc_module_name name, const TransportConfig& config);

  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override { return {&irq_}; }
  tlm::tlm_initiator_socket<>* dma() override { return &dma_socket_; }
  // Power-on reset: exactly what the driver's write of 0 to Status does
  // (mmio_transport_state.cpp). Everything the transport holds is device
  // state the driver resets; a device type's configuration (its disk image,
  // say) stays.
  void reset() override { reset_device(); }

  // Why the device set DEVICE_NEEDS_RESET, or empty; cleared by a reset.
  const std::string& fault() const { return fault_; }

 protected:
  // Fills `data` with `length` bytes of the configuration space at `offset`
  // (from its start); the window runs to the end of the aperture, so
  // offsets beyond the device's structure must read as 0.
  virtual void read_config(uint64_t offset, uint8_t* data, unsigned length) const = 0;

  // Executes one request; returns the bytes written to its device-writable
  // part (the used ring's `len`). Runs in the queue thread: it may wait
  // through work_for(), and throws DeviceFault for a request the device
  // cannot make sense of.
  virtual uint32_t handle_chain(unsigned queue, const DescriptorChain& chain, Bus& bus) = 0;

  // Spends `time` of simulated device work; throws Cancelled if the request
  // is cancelled meanwhile (the wait then ends at once).
  void work_for(const sc_core::sc_time& time);

  bool negotiated(unsigned feature_bit) const { return (driver_features_ >> feature_bit) & 1; }

  // Snapshots (mmio_transport_snapshot.cpp), for a device type's
  // save/restore: the registers, every queue with its ring, and a request
  // under way (its chain and the end of its work_for), which the queue
  // thread takes up again after a restore. A request waiting out a delay a
  // DMA target annotated is refused.
  void save_transport(state::StateWriter& out) const;
  void restore_transport(state::StateReader& in);

 private:
  struct Queue {
    uint32_t size = 0;  // QueueNum
    uint64_t descriptor_table = 0;
    uint64_t driver_area = 0;
    uint64_t device_area = 0;
    bool ready = false;
    // Bumped whenever the queue starts or stops: work begun under an older
    // epoch is cancelled, and the running ring is rebuilt from index 0.
    uint64_t epoch = 0;
    std::optional<SplitQueue> ring;  // the queue thread's own
    uint64_t ring_epoch = 0;
  };

  // MMIO decoding (mmio_transport.cpp).
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  tlm::tlm_response_status access(tlm::tlm_generic_payload& trans, const sc_core::sc_time& delay);
  tlm::tlm_response_status access_config(tlm::tlm_generic_payload& trans);
  uint32_t read_register(uint64_t offset) const;
  void write_register(uint64_t offset, uint32_t value, const sc_core::sc_time& delay);
  void write_status(uint32_t value, const sc_core::sc_time& delay);
  void write_queue_ready(bool ready);
  Queue* selected_queue();
  const Queue* selected_queue() const;

  // Device state (mmio_transport_state.cpp).
  void reset_device();
  bool features_acceptable() const;
  bool queue_running(const Queue& queue) const;
  void raise_interrupt(uint32_t bits);
  void acknowledge_interrupt(uint32_t bits);
  void drive_interrupt();
  void fail(const std::string& reason);

  // The queue thread (mmio_transport_queues.cpp).
  void queue_thread();
  bool serve_each_queue_once();
  void check_current() const;

  tlm_utils::simple_target_socket<MmioTransport> mmio_socket_;
  tlm_utils::simple_initiator_socket<MmioTransport> dma_socket_;
  sc_core::sc_signal<bool> irq_;
  const TransportConfig config_;
  SocketBus bus_;

  uint32_t status_ = 0;
  uint32_t device_features_sel_ = 0;
  uint32_t driver_features_sel_ = 0;
  uint64_t driver_features_ = 0;
  uint32_t queue_sel_ = 0;
  std::vector<Queue> queues_;
  uint32_t interrupt_status_ = 0;
  std::string fault_;

  unsigned work_queue_ = 0;  // the queue and epoch of the request under way
  uint64_t work_epoch_ = 0;
  // The request under way, for snapshots: its chain, and the end of its
  // work_for while the thread waits it out.
  struct InFlight {
    unsigned queue = 0;
    DescriptorChain chain;
    std::optional<sc_core::sc_time> work_end;
  };
  std::optional<InFlight> in_flight_;
  std::optional<InFlight> resume_;  // restored: the thread takes it up before popping

  sc_core::sc_event kick_;       // a queue may have new buffers
  sc_core::sc_event cancelled_;  // work under way no longer counts
  sc_core::sc_event irq_changed_;
};

}  // namespace loom::tlm_devices::virtio
