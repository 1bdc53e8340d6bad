// TIMER_PERIOD_NS / TIMER_COUNT: a periodic tick on output 0 at exact times,
// visible to the kernel as pending activity.

#include "test-device/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;

using Timer = TlmTest;

TEST_F(Timer, TicksAtExactMultiplesOfThePeriod) {
  Testbench tb;
  tb.run([&] {
    wait(ns(30));
    tb.write64(regs::timer_period_ns, 100);
    EXPECT_EQ(tb.read64(regs::timer_period_ns), 100u);
    for (uint64_t tick = 1; tick <= 5; ++tick) {
      wait(tb.irq(0).posedge_event());
      EXPECT_EQ(sc_time_stamp(), ns(30 + 100 * tick));
      EXPECT_EQ(tb.read64(regs::timer_count), tick);
      tb.write64(regs::irq_clear, 1u << irq_timer);  // software acknowledges
      wait(tb.irq(0).negedge_event());
    }
    EXPECT_FALSE(tb.irq(1).read());
  });
}

TEST_F(Timer, CountIsExactAtAnyTime) {
  Testbench tb;
  tb.run([&] {
    EXPECT_EQ(tb.read64(regs::timer_count), 0u);
    tb.write64(regs::timer_period_ns, 100);
    wait(ns(99));
    EXPECT_EQ(tb.read64(regs::timer_count), 0u);
    wait(ns(1));
    EXPECT_EQ(tb.read64(regs::timer_count), 1u);  // at 100 ns, whichever process runs first
    wait(ns(250));
    EXPECT_EQ(tb.read64(regs::timer_count), 3u);
    EXPECT_EQ(tb.read(regs::timer_count, 4).value, 3u);
    // Without an acknowledgement the output simply stays high: one edge.
    EXPECT_EQ(tb.irq_edges(0).size(), 1u);
  });
}

TEST_F(Timer, NewPeriodRestartsFromTheWriteAndKeepsTheCount) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::timer_period_ns, 100);
    wait(ns(250));  // ticks at 100, 200
    tb.write64(regs::timer_period_ns, 40);
    EXPECT_EQ(tb.read64(regs::timer_count), 2u);
    tb.write64(regs::irq_clear, 1);
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(290));
    EXPECT_EQ(tb.read64(regs::timer_count), 3u);
    wait(ns(100));  // 330, 370
    EXPECT_EQ(tb.read64(regs::timer_count), 5u);
    // A 4-byte write sets the low half only.
    tb.write64(regs::timer_period_ns, 0x1'0000'0000);
    tb.write(regs::timer_period_ns, 4, 50);
    EXPECT_EQ(tb.read64(regs::timer_period_ns), 0x1'0000'0032u);
  });
}

TEST_F(Timer, ZeroStopsTheTimer) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::timer_period_ns, 10);
    wait(ns(35));
    tb.write64(regs::timer_period_ns, 0);
    tb.write64(regs::irq_clear, 1);
    wait(ns(1000));
    EXPECT_EQ(tb.read64(regs::timer_count), 3u);
    EXPECT_EQ(tb.irq_edges(0).size(), 2u);  // up at 10 ns, down at 35 ns
  });
}

TEST_F(Timer, WriteAtTheTickTimeStillSignalsTheCountedTick) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::timer_period_ns, 100);
    wait(ns(100));  // the tick's event and this write share a time
    tb.write64(regs::timer_period_ns, 0);
    EXPECT_EQ(tb.read64(regs::timer_count), 1u);
    wait(ns(1));
    EXPECT_TRUE(tb.irq(0).read());
    EXPECT_EQ(tb.irq_edges(0).at(0).time, ns(100));
  });
}

TEST_F(Timer, WriteAheadOfTheKernelSignalsTicksItCounts) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::timer_period_ns, 100);
    wait(ns(90));
    // The initiator runs 10 ns ahead: its write lands on the tick at 100 ns,
    // whose event the kernel has not reached yet and which it cancels.
    tb.access(tlm::TLM_WRITE_COMMAND, regs::timer_period_ns, 8, 0, {}, ns(10));
    EXPECT_EQ(tb.read64(regs::timer_count), 1u);
    wait(ns(100));
    EXPECT_TRUE(tb.irq(0).read());
    EXPECT_EQ(tb.read64(regs::timer_count), 1u);
  });
}

TEST_F(Timer, NextTickIsPendingActivity) {
  Testbench tb;
  tb.start([&] {
    wait(ns(20));
    tb.write64(regs::timer_period_ns, 1000);
  });
  sc_start(ns(10));
  EXPECT_EQ(sc_time_to_pending_activity(), ns(10));  // the write at 20 ns
  sc_start(ns(500));
  EXPECT_EQ(sc_time_stamp(), ns(510));
  EXPECT_EQ(sc_time_to_pending_activity(), ns(510));  // the tick at 1020 ns
  sc_start(ns(600));
  EXPECT_TRUE(tb.irq(0).read());
  EXPECT_EQ(sc_time_to_pending_activity(), ns(910));  // then 2020 ns
}

TEST_F(Timer, IdleDeviceHasNoPendingActivity) {
  Testbench tb;
  tb.start([&] { tb.write64(regs::scratch, 1); });
  sc_start(ns(10));
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(Timer, PeriodBeyondSimulatedTimeNeverTicks) {
  Testbench tb;
  tb.start([&] { tb.write64(regs::timer_period_ns, ~0ull); });
  sc_start(ns(10));
  EXPECT_FALSE(sc_pending_activity());
  EXPECT_EQ(tb.irq_edges(0).size(), 0u);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
