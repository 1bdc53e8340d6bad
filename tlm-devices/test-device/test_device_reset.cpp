// Power-on reset (Model::reset): the state right after elaboration, at the
// current simulated time. Called between simulation steps, outside any
// process, so nothing here may wait: events are cancelled, and the DMA
// thread, which may be suspended inside a transfer, is told to drop it.

#include "test-device/test_device.h"

namespace loom::tlm_devices::test_device {

void TestDevice::reset() {
  scratch_ = 0;
  buffer_.fill(0);

  // The timer stops; TIMER_COUNT starts again from 0.
  timer_tick_.cancel();
  timer_period_ns_ = 0;
  timer_period_ = sc_core::SC_ZERO_TIME;
  timer_started_ = sc_core::SC_ZERO_TIME;
  timer_ticks_before_start_ = 0;
  timer_ticks_signalled_ = 0;

  // A transfer not yet started never starts; one under way makes no further
  // access and reports nothing (the generation tells the thread, the event
  // ends its wait for an annotated delay).
  dma_start_.cancel();
  ++dma_generation_;
  dma_abort_.notify(sc_core::SC_ZERO_TIME);
  dma_src_ = 0;
  dma_dst_ = 0;
  dma_len_ = 0;
  dma_status_ = 0;
  dma_job_ = {};

  // Both outputs fall a delta cycle later, through drive_interrupts().
  clear_interrupts(irq_mask);
}

}  // namespace loom::tlm_devices::test_device
