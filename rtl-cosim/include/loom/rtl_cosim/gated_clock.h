#pragma once
// A design's clock that stops while the design has nothing to do: an idle
// design is not clocked edge by edge while the CPU runs, the simulation
// skips ahead, and the device server reports no next event. The clock stops
// after a falling edge at which `may_stop` holds (the adapters idle, the
// design's `busy` output low) and starts again on wake() (an access), on
// the same grid of edges it would have had running: every rising edge is a
// whole number of periods from time 0, so runs repeat exactly.

#include <systemc>

#include <cstdint>
#include <functional>

namespace loom::rtl_cosim {

class GatedClock : public sc_core::sc_module {
 public:
  sc_core::sc_signal<bool> signal{"signal"};

  GatedClock(const sc_core::sc_module_name& name, sc_core::sc_time period);

  void set_may_stop(std::function<bool()> may_stop) { may_stop_ = std::move(may_stop); }
  // Starts the clock if it is stopped (from a process or between steps);
  // nothing while it runs.
  void wake() {
    if (!running_) edge_.notify(sc_core::SC_ZERO_TIME);
  }
  const sc_core::sc_time& period() const { return period_; }
  bool running() const { return running_; }
  uint64_t rising_edges() const { return rising_edges_; }
  // Snapshots, of a stopped clock only (an idle design): restore() stops
  // it whatever it was doing (a reset's wake) and takes the count back.
  void restore_stopped(uint64_t rising_edges);

 private:
  SC_HAS_PROCESS(GatedClock);
  // One method, retriggered for each edge: no thread switch per cycle.
  enum class Next { Rise, Fall, Woken };
  void tick();
  void rise();
  void after(const sc_core::sc_time& delay);  // the next tick, cancellable
  Next next_ = Next::Rise;
  // The one thing the method waits for: the next timed tick, or a wake of
  // the stopped clock. An event rather than a timed next_trigger, so that
  // restore_stopped() can cancel a tick.
  sc_core::sc_event edge_;

  sc_core::sc_time period_;
  std::function<bool()> may_stop_;
  bool running_ = true;
  uint64_t rising_edges_ = 0;
};

}  // namespace loom::rtl_cosim
