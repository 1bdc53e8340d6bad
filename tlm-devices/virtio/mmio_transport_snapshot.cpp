// The virtio-mmio transport's part of a device's snapshot: registers, each
// queue's configuration and ring indices, and the request under way.
#include "virtio/mmio_transport.h"

#include "virtio/virtio.h"

namespace loom::tlm_devices::virtio {

void MmioTransport::save_transport(state::StateWriter& out) const {
  if (in_flight_ && !in_flight_->work_end) {
    throw state::SnapshotError("a request is waiting out a delay its DMA target annotated; snapshot again once "
                               "it is done");
  }
  out.begin("virtio-mmio", 1);
  for (uint32_t r : {status_, device_features_sel_, driver_features_sel_, queue_sel_, interrupt_status_}) out.u32(r);
  out.u64(driver_features_);
  out.string(fault_);
  out.u64(queues_.size());
  for (const Queue& queue : queues_) {
    out.u32(queue.size);
    out.u64(queue.descriptor_table);
    out.u64(queue.driver_area);
    out.u64(queue.device_area);
    out.boolean(queue.ready);
    // The thread's ring, if the queue has run since it started.
    const bool ring = queue.ring && queue.ring_epoch == queue.epoch;
    out.boolean(ring);
    if (ring) queue.ring->save(out);
  }
  out.boolean(in_flight_.has_value());
  if (in_flight_) {
    out.u32(in_flight_->queue);
    in_flight_->chain.save(out);
    out.u64(in_flight_->work_end->value());
  }
  out.end();
}

void MmioTransport::restore_transport(state::StateReader& in) {
  in.begin("virtio-mmio", 1);
  for (uint32_t* r : {&status_, &device_features_sel_, &driver_features_sel_, &queue_sel_, &interrupt_status_}) {
    *r = in.u32();
  }
  interrupt_status_ &= mmio::interrupt_mask;
  driver_features_ = in.u64();
  fault_ = in.string();
  if (in.u64() != queues_.size()) in.fail("another number of queues");
  for (Queue& queue : queues_) {
    queue.size = in.u32();
    queue.descriptor_table = in.u64();
    queue.driver_area = in.u64();
    queue.device_area = in.u64();
    queue.ready = in.boolean();
    ++queue.epoch;  // the thread's old ring, if any, is not this one
    queue.ring.reset();
    if (in.boolean()) {
      if (queue.size == 0 || queue.size > config_.queue_size_max) in.fail("a running queue of an impossible size");
      queue.ring.emplace(QueueLayout{queue.size, queue.descriptor_table, queue.driver_area, queue.device_area},
                         negotiated(feature::ring_indirect_desc), config_.queue_size_max);
      queue.ring->restore(in);
      queue.ring_epoch = queue.epoch;
    }
  }
  resume_.reset();
  if (in.boolean()) {
    InFlight request;
    request.queue = in.u32();
    if (request.queue >= queues_.size()) in.fail("a request on a queue that does not exist");
    request.chain.restore(in);
    request.work_end = sc_core::sc_time::from_value(in.u64());
    resume_ = std::move(request);
  }
  in.end();
  // Only a request under way wakes the thread: an idle one waits for the
  // driver's next notification, as it did.
  if (resume_) kick_.notify(sc_core::SC_ZERO_TIME);
  irq_changed_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace loom::tlm_devices::virtio
