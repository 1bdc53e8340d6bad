#include "loom/rtl_cosim/gated_clock.h"

namespace loom::rtl_cosim {

GatedClock::GatedClock(const sc_core::sc_module_name& name, sc_core::sc_time period)
    : sc_module(name), period_(period) {
  SC_THREAD(run);
}

void GatedClock::run() {
  const sc_core::sc_time high = period_ / 2, low = period_ - high;
  for (;;) {
    if (may_stop_ && may_stop_()) {
      running_ = false;
      sc_core::wait(wake_);
      running_ = true;
      // Back on the grid: the next rising edge at a whole period from 0.
      const uint64_t now = sc_core::sc_time_stamp().value(), p = period_.value();
      const uint64_t next = (now + p - 1) / p * p;
      if (next > now) sc_core::wait(sc_core::sc_time::from_value(next - now));
    }
    signal.write(true);
    ++rising_edges_;
    sc_core::wait(high);
    signal.write(false);
    sc_core::wait(low);
  }
}

}  // namespace loom::rtl_cosim
