// The periodic timer: a timed sc_event re-notified every period, so the
// kernel always holds the next tick as pending activity (which is what a
// device server reports for lookahead).

#include "common/sc_time_util.h"
#include "test-device/test_device.h"

namespace loom::tlm_devices::test_device {

using sc_core::sc_time;

void TestDevice::set_timer_period(uint64_t period_ns, const sc_time& when) {
  timer_ticks_before_start_ = timer_ticks_at(when);
  // Ticks up to `when` whose event has not run yet (the access runs ahead of
  // the kernel, or shares its time with a tick and ran first) are counted,
  // so they raise the interrupt here, before their event is cancelled.
  if (timer_ticks_before_start_ > timer_ticks_signalled_) {
    timer_ticks_signalled_ = timer_ticks_before_start_;
    raise_interrupts(1u << irq_timer);
  }
  timer_started_ = when;
  timer_period_ns_ = period_ns;
  timer_tick_.cancel();
  timer_period_ = sc_core::SC_ZERO_TIME;
  // A period the kernel's time cannot reach never ticks.
  if (period_ns == 0 || period_ns > max_time_ns()) return;
  const sc_time period = time_from_ns(period_ns);
  if (period > sc_core::sc_max_time() - when) return;
  timer_period_ = period;
  timer_tick_.notify(when - sc_core::sc_time_stamp() + period);
}

uint64_t TestDevice::timer_ticks_at(const sc_time& when) const {
  if (timer_period_ == sc_core::SC_ZERO_TIME || when < timer_started_) return timer_ticks_before_start_;
  return timer_ticks_before_start_ + (when - timer_started_).value() / timer_period_.value();
}

void TestDevice::on_timer_tick() {
  ++timer_ticks_signalled_;
  raise_interrupts(1u << irq_timer);
  if (timer_period_ <= sc_core::sc_max_time() - sc_core::sc_time_stamp()) timer_tick_.notify(timer_period_);
}

}  // namespace loom::tlm_devices::test_device
