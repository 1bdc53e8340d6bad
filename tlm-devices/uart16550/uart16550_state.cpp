// Uart16550's snapshot: registers, the receive FIFO as its bytes in order,
// and the character timeout as an absolute deadline (re-armed relative to
// the restore's time). Transmitted bytes leave at once: nothing to save.
#include "common/sc_time_util.h"
#include "uart16550/uart16550.h"

namespace loom::tlm_devices::uart16550 {

void Uart16550::save(state::StateWriter& out) const {
  out.begin(type_name, 1);
  for (uint8_t r : {ier_, fcr_, lcr_, mcr_, overrun_, msr_deltas_, scr_}) out.u32(r);
  out.u32(divisor_);
  out.boolean(thr_empty_pending_);
  out.u32(rx_count_);
  for (unsigned i = 0; i < rx_count_; ++i) out.u32(rx_fifo_[(rx_head_ + i) % fifo_depth]);
  out.boolean(timeout_armed_);
  out.boolean(timeout_pending_);
  out.u64(timeout_deadline_.value());
  out.end();
}

void Uart16550::restore(state::StateReader& in) {
  in.begin(type_name, 1);
  for (uint8_t* r : {&ier_, &fcr_, &lcr_, &mcr_, &overrun_, &msr_deltas_, &scr_}) *r = static_cast<uint8_t>(in.u32());
  divisor_ = static_cast<uint16_t>(in.u32());
  thr_empty_pending_ = in.boolean();
  const uint32_t count = in.u32();
  if (count > fifo_depth) in.fail("more received bytes than the FIFO holds");
  rx_head_ = 0;
  rx_count_ = count;
  for (unsigned i = 0; i < count; ++i) rx_fifo_[i] = static_cast<uint8_t>(in.u32());
  timeout_armed_ = in.boolean();
  timeout_pending_ = in.boolean();
  timeout_deadline_ = sc_core::sc_time::from_value(in.u64());
  in.end();
  timeout_event_.cancel();
  if (timeout_armed_) {
    notify_at(timeout_event_, timeout_deadline_);
  }
  update_interrupt();
}

}  // namespace loom::tlm_devices::uart16550
