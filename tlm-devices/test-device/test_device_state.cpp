// TestDevice's snapshot. The timer is saved as what software set and how
// many ticks have been signalled, so its next tick follows from them; a
// DMA transfer not yet started as its job (the start is an absolute time).
#include "common/sc_time_util.h"
#include "test-device/test_device.h"

namespace loom::tlm_devices::test_device {

void TestDevice::save(state::StateWriter& out) const {
  if (dma_transferring_) {
    throw state::SnapshotError("a DMA transfer is under way (waiting out a delay its target annotated); snapshot "
                               "again once DMA_STATUS says DONE");
  }
  out.begin(type_name, 1);
  out.u64(scratch_);
  out.bytes(buffer_.data(), buffer_.size());
  out.u32(irq_state_);
  out.u64(timer_period_ns_);
  out.u64(timer_period_.value());
  out.u64(timer_started_.value());
  out.u64(timer_ticks_before_start_);
  out.u64(timer_ticks_signalled_);
  out.u64(dma_src_);
  out.u64(dma_dst_);
  out.u64(dma_len_);
  out.u32(dma_status_);
  out.u64(dma_job_.src);
  out.u64(dma_job_.dst);
  out.u64(dma_job_.length);
  out.u64(dma_job_.start.value());
  out.end();
}

void TestDevice::restore(state::StateReader& in) {
  in.begin(type_name, 1);
  scratch_ = in.u64();
  in.bytes(buffer_.data(), buffer_.size());
  irq_state_ = in.u32() & irq_mask;
  timer_period_ns_ = in.u64();
  timer_period_ = sc_core::sc_time::from_value(in.u64());
  timer_started_ = sc_core::sc_time::from_value(in.u64());
  timer_ticks_before_start_ = in.u64();
  timer_ticks_signalled_ = in.u64();
  dma_src_ = in.u64();
  dma_dst_ = in.u64();
  dma_len_ = in.u64();
  dma_status_ = in.u32();
  dma_job_.src = in.u64();
  dma_job_.dst = in.u64();
  dma_job_.length = in.u64();
  dma_job_.start = sc_core::sc_time::from_value(in.u64());
  if (dma_job_.length > dma_max_length) in.fail("a DMA job longer than the engine takes");
  in.end();

  timer_tick_.cancel();
  if (timer_period_ != sc_core::SC_ZERO_TIME && timer_ticks_signalled_ >= timer_ticks_before_start_) {
    // Ticks come at started + k * period; the next is the first not signalled.
    const uint64_t k = timer_ticks_signalled_ - timer_ticks_before_start_ + 1;
    if (timer_period_.value() <= (sc_core::sc_max_time() - timer_started_).value() / k) {
      notify_at(timer_tick_, sc_core::sc_time::from_value(timer_started_.value() + timer_period_.value() * k));
    }
  }
  dma_start_.cancel();
  if (dma_status_ & dma_status_busy) notify_at(dma_start_, dma_job_.start);
  irq_changed_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace loom::tlm_devices::test_device
