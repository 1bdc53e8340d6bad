// The queue thread of the virtio-mmio transport: takes the chains the
// driver makes available, one request at a time, and returns them through
// the used ring.

#include "virtio/mmio_transport.h"

#include <algorithm>

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
      std::optional<sc_time> work_end;
      if (resume_ && resume_->queue == n) {  // a request a snapshot restored, under way
        chain = resume_->chain;
        work_end = resume_->work_end;
        resume_.reset();
      } else if (!queue.ring->pop(bus_, chain)) {
        continue;
      }
      in_flight_ = InFlight{n, chain, work_end};
      const uint32_t written = handle_chain(n, chain, bus_);
      in_flight_.reset();
      queue.ring->push_used(bus_, chain.head, written);
      // Without VIRTIO_F_EVENT_IDX, every used buffer interrupts; the
      // driver's VIRTQ_AVAIL_F_NO_INTERRUPT hint is not read.
      raise_interrupt(mmio::interrupt_used_buffer);
      served = true;
    } catch (const Cancelled&) {
      in_flight_.reset();
      served = true;  // look again: the driver may have restarted the queue
    } catch (const DeviceFault& fault) {
      in_flight_.reset();
      fail(fault.what());
    }
  }
  return served;
}

void MmioTransport::check_current() const {
  if (queues_[work_queue_].epoch != work_epoch_) throw Cancelled{};
}

void MmioTransport::work_for(const sc_time& time) {
  sc_time end = sc_core::sc_time_stamp() + time;
  // A restored request's work ends when the saved one's would have.
  if (in_flight_ && in_flight_->work_end) end = std::max(*in_flight_->work_end, sc_core::sc_time_stamp());
  if (in_flight_) in_flight_->work_end = end;
  while (sc_core::sc_time_stamp() < end) {
    // Woken early by any cancellation, which may be another queue's.
    wait(end - sc_core::sc_time_stamp(), cancelled_);
    check_current();
  }
  check_current();
  if (in_flight_) in_flight_->work_end.reset();  // past its work: what follows must not wait
}

}  // namespace loom::tlm_devices::virtio
