// The queue thread of the virtio-mmio transport: takes the chains the
// driver makes available, one request at a time, and returns them through
// the used ring.

#include "virtio/mmio_transport.h"

#include "virtio/virtio.h"

namespace loom::tlm_devices::virtio {

using sc_core::sc_time;

void MmioTransport::queue_thread() {
  for (;;) {
    wait(kick_);
    // Until every running queue is empty: a notification that arrives while
    // a request is under way is not lost, since the available index is read
    // again before the thread sleeps.
    while (serve_each_queue_once()) {
    }
  }
}

// Takes at most one chain from each running queue; true if there was any
// (so there may be more).
bool MmioTransport::serve_each_queue_once() {
  bool served = false;
  for (unsigned n = 0; n < queues_.size(); ++n) {
    Queue& queue = queues_[n];
    if (!queue_running(queue)) continue;
    if (!queue.ring || queue.ring_epoch != queue.epoch) {
      queue.ring.emplace(QueueLayout{queue.size, queue.descriptor_table, queue.driver_area, queue.device_area},
                         negotiated(feature::ring_indirect_desc), config_.queue_size_max);
      queue.ring_epoch = queue.epoch;
    }
    work_queue_ = n;
    work_epoch_ = queue.epoch;
    try {
      DescriptorChain chain;
      if (!queue.ring->pop(bus_, chain)) continue;
      const uint32_t written = handle_chain(n, chain, bus_);
      queue.ring->push_used(bus_, chain.head, written);
      // Without VIRTIO_F_EVENT_IDX, every used buffer interrupts; the
      // driver's VIRTQ_AVAIL_F_NO_INTERRUPT hint is not read.
      raise_interrupt(mmio::interrupt_used_buffer);
      served = true;
    } catch (const Cancelled&) {
      served = true;  // look again: the driver may have restarted the queue
    } catch (const DeviceFault& fault) {
      fail(fault.what());
    }
  }
  return served;
}

void MmioTransport::check_current() const {
  if (queues_[work_queue_].epoch != work_epoch_) throw Cancelled{};
}

void MmioTransport::work_for(const sc_time& time) {
  const sc_time end = sc_core::sc_time_stamp() + time;
  while (sc_core::sc_time_stamp() < end) {
    // Woken early by any cancellation, which may be another queue's.
    wait(end - sc_core::sc_time_stamp(), cancelled_);
    check_current();
  }
  check_current();
}

}  // namespace loom::tlm_devices::virtio
