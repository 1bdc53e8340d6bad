// Device status, feature negotiation, reset, queue start/stop and the
// interrupt output of the virtio-mmio transport.

#include "virtio/mmio_transport.h"

#include "virtio/virtio.h"

namespace loom::tlm_devices::virtio {

using sc_core::sc_time;

void MmioTransport::write_status(uint32_t value, const sc_time& delay) {
  value &= 0xff;  // the status is one byte; the register's upper bits are ignored
  if (value == 0) {
    reset_device();
    return;
  }
  const uint32_t added = value & ~status_;
  // FEATURES_OK stays clear when the device refuses the accepted features;
  // the driver reads Status back to learn it (3.1.1 step 6).
  if ((added & status::features_ok) && !features_acceptable()) value &= ~status::features_ok;
  // DEVICE_NEEDS_RESET is the device's: the driver can neither set nor clear it.
  status_ = (value & ~status::needs_reset) | (status_ & status::needs_reset);
  // Buffers made available before DRIVER_OK are taken now.
  if ((added & status::driver_ok) && (status_ & status::driver_ok)) kick_.notify(delay);
}

bool MmioTransport::features_acceptable() const {
  const bool only_offered = (driver_features_ & ~config_.features) == 0;
  // Version 2 of the transport is for modern drivers only (4.2.3.1.1).
  return only_offered && negotiated(feature::version_1);
}

void MmioTransport::write_queue_ready(bool ready) {
  Queue* queue = selected_queue();
  if (queue == nullptr || queue->ready == ready) return;
  if (ready) {
    const uint32_t size = queue->size;
    if (size == 0 || size > config_.queue_size_max || (size & (size - 1)) != 0) {
      fail("queue " + std::to_string(queue_sel_) + " started with QueueNum " + std::to_string(size) +
           ", not a power of 2 from 1 to " + std::to_string(config_.queue_size_max));
      return;
    }
  }
  queue->ready = ready;
  ++queue->epoch;
  cancelled_.notify(sc_core::SC_ZERO_TIME);
}

bool MmioTransport::queue_running(const Queue& queue) const {
  constexpr uint32_t live = status::features_ok | status::driver_ok;
  return queue.ready && (status_ & live) == live && !(status_ & status::needs_reset);
}

// May run outside any process (Model::reset between simulation steps): it
// only changes state, cancels and notifies events.
void MmioTransport::reset_device() {
  status_ = 0;
  device_features_sel_ = 0;
  driver_features_sel_ = 0;
  driver_features_ = 0;
  queue_sel_ = 0;
  for (Queue& queue : queues_) {
    // The running ring belongs to the queue thread, which may be inside
    // it: the new epoch tells the thread to drop it, rather than freeing it
    // here.
    queue.size = 0;
    queue.descriptor_table = 0;
    queue.driver_area = 0;
    queue.device_area = 0;
    queue.ready = false;
    ++queue.epoch;
  }
  fault_.clear();
  acknowledge_interrupt(mmio::interrupt_mask);
  // No queue runs now: a notification still on its way would find nothing.
  kick_.cancel();
  cancelled_.notify(sc_core::SC_ZERO_TIME);
}

void MmioTransport::fail(const std::string& reason) {
  if (status_ & status::needs_reset) return;
  fault_ = reason;
  status_ |= status::needs_reset;
  if (status_ & status::driver_ok) raise_interrupt(mmio::interrupt_config_change);
  SC_REPORT_WARNING("loom/virtio", (config_.device + ": " + reason + "; the device needs a reset").c_str());
}

void MmioTransport::raise_interrupt(uint32_t bits) {
  interrupt_status_ |= bits & mmio::interrupt_mask;
  irq_changed_.notify(sc_core::SC_ZERO_TIME);
}

void MmioTransport::acknowledge_interrupt(uint32_t bits) {
  interrupt_status_ &= ~bits;
  irq_changed_.notify(sc_core::SC_ZERO_TIME);
}

// The only writer of irq_, whichever process changed the state.
void MmioTransport::drive_interrupt() { irq_.write(interrupt_status_ != 0); }

}  // namespace loom::tlm_devices::virtio
