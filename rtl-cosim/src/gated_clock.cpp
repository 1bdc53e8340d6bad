#include "loom/rtl_cosim/gated_clock.h"

namespace loom::rtl_cosim {

GatedClock::GatedClock(const sc_core::sc_module_name& name, sc_core::sc_time period)
    : sc_module(name), period_(period) {
  SC_METHOD(tick);  // first at time 0: a rising edge
}

void GatedClock::after(const sc_core::sc_time& delay) {
  edge_.notify(delay);
  next_trigger(edge_);
}

void GatedClock::restore_stopped(uint64_t rising_edges) {
  edge_.cancel();
  running_ = false;
  next_ = Next::Woken;
  rising_edges_ = rising_edges;
  signal.write(false);
}

void GatedClock::tick() {
  switch (next_) {
    case Next::Rise:
      if (may_stop_ && may_stop_()) {
        running_ = false;
        next_ = Next::Woken;
        next_trigger(edge_);  // wake() notifies it
        return;
      }
      return rise();
    case Next::Fall:
      signal.write(false);
      next_ = Next::Rise;
      after(period_ - period_ / 2);
      return;
    case Next::Woken: {
      running_ = true;
      // Back on the grid: the next rising edge at a whole period from 0.
      const uint64_t now = sc_core::sc_time_stamp().value(), p = period_.value();
      const uint64_t next = (now + p - 1) / p * p;
      if (next == now) return rise();
      next_ = Next::Rise;
      after(sc_core::sc_time::from_value(next - now));
      return;
    }
  }
}

void GatedClock::rise() {
  signal.write(true);
  ++rising_edges_;
  next_ = Next::Fall;
  after(period_ / 2);
}

}  // namespace loom::rtl_cosim
