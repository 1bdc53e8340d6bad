// GoldfishRtc's snapshot: its registers and the alarm's deadline (an
// absolute simulated time, re-armed relative to the restore's time).
#include "common/sc_time_util.h"
#include "goldfish-rtc/goldfish_rtc.h"

namespace loom::tlm_devices::goldfish_rtc {

void GoldfishRtc::save(state::StateWriter& out) const {
  out.begin(type_name, 1);
  out.u64(offset_ns_);
  out.u32(time_high_latch_);
  out.boolean(time_high_write_.has_value());
  out.u32(time_high_write_.value_or(0));
  out.u64(alarm_ns_);
  out.boolean(alarm_armed_);
  out.boolean(irq_enabled_);
  out.boolean(irq_pending_);
  out.boolean(alarm_scheduled_);
  out.u64(alarm_deadline_.value());
  out.end();
}

void GoldfishRtc::restore(state::StateReader& in) {
  in.begin(type_name, 1);
  offset_ns_ = in.u64();
  time_high_latch_ = in.u32();
  const bool held = in.boolean();
  const uint32_t high = in.u32();
  time_high_write_.reset();
  if (held) time_high_write_ = high;
  alarm_ns_ = in.u64();
  alarm_armed_ = in.boolean();
  irq_enabled_ = in.boolean();
  irq_pending_ = in.boolean();
  alarm_scheduled_ = in.boolean();
  alarm_deadline_ = sc_core::sc_time::from_value(in.u64());
  in.end();
  alarm_event_.cancel();
  if (alarm_scheduled_) {
    notify_at(alarm_event_, alarm_deadline_);
  }
  update_interrupt();
}

}  // namespace loom::tlm_devices::goldfish_rtc
