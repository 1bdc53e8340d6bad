// GatedClock: stops after a falling edge once the design may stop, and
// starts again on wake() on the grid of edges it would have had running.
#include <gtest/gtest.h>

#include <systemc>

#include <vector>

#include "loom/rtl_cosim/gated_clock.h"

namespace loom::rtl_cosim {
namespace {

using sc_core::sc_time;
using sc_core::SC_NS;

// Records the time of every rising edge.
struct EdgeLog : sc_core::sc_module {
  SC_HAS_PROCESS(EdgeLog);
  sc_core::sc_in<bool> clk{"clk"};
  std::vector<uint64_t> rising_ns;
  explicit EdgeLog(sc_core::sc_module_name name = "log") : sc_module(name) {
    SC_METHOD(edge);
    sensitive << clk.pos();
    dont_initialize();
  }
  void edge() { rising_ns.push_back(sc_core::sc_time_stamp().value() / 1000); }
};

TEST(GatedClock, StopsWhenAllowedAndRestartsOnItsGrid) {
  GatedClock clock("clock", sc_time(10, SC_NS));
  EdgeLog log;
  log.clk(clock.signal);
  bool may_stop = false;
  clock.set_may_stop([&] { return may_stop; });
  sc_core::sc_start(sc_time(35, SC_NS));
  EXPECT_EQ(log.rising_ns, (std::vector<uint64_t>{0, 10, 20, 30}));
  may_stop = true;
  sc_core::sc_start(sc_time(1000, SC_NS));  // stops at 40 (checked before each rise)
  EXPECT_FALSE(clock.running());
  EXPECT_FALSE(sc_core::sc_pending_activity());
  EXPECT_EQ(log.rising_ns.size(), 4u);
  // Woken at 1035 ns: the next rising edge is at 1040, on the grid.
  may_stop = false;
  clock.wake();
  sc_core::sc_start(sc_time(30, SC_NS));
  EXPECT_TRUE(clock.running());
  EXPECT_EQ(std::vector<uint64_t>(log.rising_ns.begin() + 4, log.rising_ns.end()),
            (std::vector<uint64_t>{1040, 1050, 1060}));
  EXPECT_EQ(clock.rising_edges(), 7u);
}

}  // namespace
}  // namespace loom::rtl_cosim
