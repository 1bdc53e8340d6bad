// loom,test-device under Model::reset, called between simulation steps as
// the device server does when the platform reboots: registers and BUFFER
// back to 0, outputs low a delta cycle later, the timer stopped, a DMA
// transfer not yet started cancelled and one under way abandoned without a
// further access, status or interrupt.

#include <algorithm>

#include "test-device/registers.h"
#include "test_device_dma.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;

using TestDeviceReset = TlmTest;

constexpr uint64_t src = dma_test_src;
constexpr uint64_t dst = dma_test_dst;
constexpr auto program = program_dma;

std::vector<uint8_t> bytes_at(Testbench& tb, uint64_t address, uint64_t length) {
  return std::vector<uint8_t>(tb.memory.at(address), tb.memory.at(address) + length);
}

void expect_reset_registers(Testbench& tb) {
  EXPECT_EQ(tb.read64(regs::id), id_value);
  EXPECT_EQ(tb.read64(regs::scratch), 0u);
  EXPECT_EQ(tb.read64(regs::irq_status), 0u);
  EXPECT_EQ(tb.read64(regs::timer_period_ns), 0u);
  EXPECT_EQ(tb.read64(regs::timer_count), 0u);
  EXPECT_EQ(tb.read64(regs::dma_src), 0u);
  EXPECT_EQ(tb.read64(regs::dma_dst), 0u);
  EXPECT_EQ(tb.read64(regs::dma_len), 0u);
  EXPECT_EQ(tb.read64(regs::dma_status), 0u);
  for (uint64_t offset = 0; offset < buffer_size; offset += 8) {
    EXPECT_EQ(tb.read64(regs::buffer + offset), 0u) << offset;
  }
}

TEST_F(TestDeviceReset, AbandonsATransferUnderWayAndStopsTheTimer) {
  Testbench tb;
  tb.memory.access_delay = ns(10);  // each DMA transaction takes 10 ns
  sc_start(ns(100));
  tb.write64(regs::scratch, 0x1234'5678'9abc'def0);
  tb.write64(regs::buffer, 0x0102'0304'0506'0708);
  tb.write64(regs::timer_period_ns, 300);  // ticks from 400 ns: output 0 rises
  tb.memory.fill_pattern(src, 4096, 3);
  program(tb, src, dst, 4096);
  tb.write64(regs::dma_ctrl, dma_ctrl_start);  // reads from 1100 to 1740 ns, then writes
  sc_start(ns(1805));  // 1905 ns: 17 of the 64 writes made, the engine waiting out the last
  ASSERT_TRUE(tb.irq(irq_timer).read());
  ASSERT_EQ(tb.read64(regs::dma_status), dma_status_busy);
  const size_t accesses = tb.memory.log.size();
  ASSERT_EQ(accesses, 64u + 17u);
  const auto destination = bytes_at(tb, dst, 4096 + 64);

  tb.device->reset();
  expect_reset_registers(tb);
  sc_start(ns(1));
  EXPECT_FALSE(tb.irq(irq_timer).read());
  ASSERT_EQ(tb.irq_edges(irq_timer).size(), 2u);
  EXPECT_EQ(tb.irq_edges(irq_timer)[1].time, ns(1905));
  // Neither the timer nor the engine's wait for the annotated delay is left.
  EXPECT_FALSE(sc_pending_activity());
  sc_start(ns(10000));
  EXPECT_EQ(tb.memory.log.size(), accesses);  // no further access
  EXPECT_EQ(bytes_at(tb, dst, 4096 + 64), destination);
  EXPECT_TRUE(tb.irq_edges(irq_dma).empty());
  EXPECT_EQ(tb.irq_edges(irq_timer).size(), 2u);
  EXPECT_EQ(tb.read64(regs::dma_status), 0u);
  EXPECT_EQ(tb.read64(regs::timer_count), 0u);

  // The engine and the timer work as after power-on (now at 11906 ns).
  constexpr uint64_t dst2 = Testbench::ram_base + 0x4000;
  program(tb, src, dst2, 128);
  tb.write64(regs::dma_ctrl, dma_ctrl_start);
  tb.write64(regs::timer_period_ns, 100);
  sc_start(ns(1100));
  EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
  EXPECT_TRUE(std::equal(tb.memory.at(src), tb.memory.at(src + 128), tb.memory.at(dst2)));
  ASSERT_EQ(tb.irq_edges(irq_dma).size(), 1u);
  EXPECT_EQ(tb.irq_edges(irq_dma)[0].time, ns(11906 + 1000 + 4 * 10));
  EXPECT_EQ(tb.read64(regs::timer_count), 11u);
  EXPECT_EQ(tb.irq_edges(irq_timer).at(2).time, ns(11906 + 100));
}

TEST_F(TestDeviceReset, ANewTransferStartedRightAfterAResetRuns) {
  Testbench tb(ModelParams{{"dma_delay_ns", "0"}});
  tb.memory.access_delay = ns(10);
  tb.memory.fill_pattern(src, 256, 5);
  constexpr uint64_t src2 = src + 0x800;
  constexpr uint64_t dst2 = Testbench::ram_base + 0xc000;
  tb.memory.fill_pattern(src2, 64, 77);
  sc_start(ns(100));
  program(tb, src, dst, 256);
  tb.write64(regs::dma_ctrl, dma_ctrl_start);
  sc_start(ns(15));  // two reads made, the engine waiting out the second
  ASSERT_EQ(tb.memory.log.size(), 2u);

  // The engine's thread has not yet seen the reset when the new start
  // comes, in the same pause of the simulation and due at once.
  tb.device->reset();
  program(tb, src2, dst2, 64);
  tb.write64(regs::dma_ctrl, dma_ctrl_start);
  EXPECT_EQ(tb.read64(regs::dma_status), dma_status_busy);
  sc_start(ns(100));
  EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
  EXPECT_TRUE(std::equal(tb.memory.at(src2), tb.memory.at(src2 + 64), tb.memory.at(dst2)));
  EXPECT_EQ(bytes_at(tb, dst, 256), std::vector<uint8_t>(256, 0));  // the old transfer wrote nothing
  const auto& log = tb.memory.log;
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[2].address, src2);
  EXPECT_EQ(log[2].time, ns(115));
  EXPECT_EQ(log[3].address, dst2);
  EXPECT_EQ(log[3].command, tlm::TLM_WRITE_COMMAND);
  ASSERT_EQ(tb.irq_edges(irq_dma).size(), 1u);
  EXPECT_EQ(tb.irq_edges(irq_dma)[0].time, ns(135));
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(TestDeviceReset, CancelsATransferNotYetStarted) {
  Testbench tb;
  sc_start(ns(100));
  tb.memory.fill_pattern(src, 64, 1);
  program(tb, src, dst, 64);
  tb.write64(regs::dma_ctrl, dma_ctrl_start);  // due at 1100 ns
  tb.write64(regs::irq_raise, irq_mask);
  sc_start(ns(400));
  ASSERT_TRUE(tb.irq(irq_timer).read());
  ASSERT_TRUE(tb.irq(irq_dma).read());
  EXPECT_EQ(sc_time_to_pending_activity(), ns(600));

  tb.device->reset();
  expect_reset_registers(tb);
  sc_start(ns(1));
  EXPECT_FALSE(tb.irq(irq_timer).read());
  EXPECT_FALSE(tb.irq(irq_dma).read());
  EXPECT_FALSE(sc_pending_activity());
  sc_start(ns(2000));
  EXPECT_TRUE(tb.memory.log.empty());
  EXPECT_EQ(tb.irq_edges(irq_dma).size(), 2u);  // raised by IRQ_RAISE, lowered by the reset
  EXPECT_EQ(tb.read64(regs::dma_status), 0u);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
