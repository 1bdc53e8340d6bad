// IRQ_RAISE / IRQ_CLEAR / IRQ_STATUS and the two interrupt outputs.

#include "test-device/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;

using Interrupts = TlmTest;

TEST_F(Interrupts, RaiseAndClearDriveTheOutputsAtOnce) {
  Testbench tb;
  tb.run([&] {
    EXPECT_FALSE(tb.irq(0).read());
    EXPECT_FALSE(tb.irq(1).read());
    tb.write64(regs::irq_raise, 0b10);
    EXPECT_EQ(tb.read64(regs::irq_status), 0b10u);  // status is immediate
    wait(tb.irq(1).posedge_event());
    EXPECT_EQ(sc_time_stamp(), SC_ZERO_TIME);  // the output follows within delta cycles
    EXPECT_FALSE(tb.irq(0).read());

    wait(ns(5));
    EXPECT_EQ(tb.write(regs::irq_raise, 4, 0b01).status, tlm::TLM_OK_RESPONSE);
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(tb.read(regs::irq_status, 4).value, 0b11u);

    wait(ns(5));
    tb.write64(regs::irq_clear, 0b10);
    wait(tb.irq(1).negedge_event());
    EXPECT_EQ(tb.read64(regs::irq_status), 0b01u);
    EXPECT_TRUE(tb.irq(0).read());
    tb.write64(regs::irq_clear, 0b01);
    wait(tb.irq(0).negedge_event());
    EXPECT_EQ(tb.read64(regs::irq_status), 0u);

    const auto& edges0 = tb.irq_edges(0);
    ASSERT_EQ(edges0.size(), 2u);
    EXPECT_EQ(edges0[0].time, ns(5));
    EXPECT_TRUE(edges0[0].level);
    EXPECT_EQ(edges0[1].time, ns(10));
    EXPECT_FALSE(edges0[1].level);
    const auto& edges1 = tb.irq_edges(1);
    ASSERT_EQ(edges1.size(), 2u);
    EXPECT_EQ(edges1[0].time, SC_ZERO_TIME);
    EXPECT_EQ(edges1[1].time, ns(10));
  });
}

TEST_F(Interrupts, BitsBeyondTheOutputsAreIgnored) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::irq_raise, ~0ull);
    EXPECT_EQ(tb.read64(regs::irq_status), 0b11u);
    tb.write64(regs::irq_clear, ~0ull & ~irq_mask);
    EXPECT_EQ(tb.read64(regs::irq_status), 0b11u);
    tb.write64(regs::irq_clear, ~0ull);
    EXPECT_EQ(tb.read64(regs::irq_status), 0u);
  });
}

TEST_F(Interrupts, RaisingARaisedOutputMakesNoEdge) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::irq_raise, 1);
    wait(ns(1));
    tb.write64(regs::irq_raise, 1);
    wait(ns(1));
    EXPECT_EQ(tb.irq_edges(0).size(), 1u);
    // Raise and clear within one access time: the output ends low.
    tb.write64(regs::irq_raise, 2);
    tb.write64(regs::irq_clear, 2);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(1).read());
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
