// The DMA engine: CPU memory to CPU memory through dma(), in chunks of at
// most 64 bytes, after dma_delay_ns; DONE, ERROR and output 1 at the end.

#include "test-device/registers.h"
#include "test_device_dma.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;

using Dma = TlmTest;

constexpr uint64_t src = dma_test_src;
constexpr uint64_t dst = dma_test_dst;
constexpr auto program = program_dma;

bool copied(Testbench& tb, uint64_t length) {
  return std::equal(tb.memory.at(src), tb.memory.at(src) + length, tb.memory.at(dst));
}

TEST_F(Dma, CopiesAfterTheDelayAndRaisesOutput1) {
  Testbench tb;
  tb.run([&] {
    tb.memory.fill_pattern(src, 4096, 1);
    program(tb, src, dst, 4096);
    wait(ns(50));
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_busy);
    wait(ns(999));
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_busy);
    EXPECT_TRUE(tb.memory.log.empty());
    EXPECT_EQ(*tb.memory.at(dst), 0);

    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1050));
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
    EXPECT_EQ(tb.read64(regs::irq_status), 1u << irq_dma);
    EXPECT_TRUE(copied(tb, 4096));
    EXPECT_EQ(*tb.memory.at(dst + 4096), 0);
    EXPECT_EQ(*tb.memory.at(dst - 1), 0);

    // All reads, then all writes, 64 bytes each, in address order.
    const auto& log = tb.memory.log;
    ASSERT_EQ(log.size(), 2u * 4096 / 64);
    for (size_t i = 0; i < log.size(); ++i) {
      const bool reading = i < log.size() / 2;
      const uint64_t offset = (reading ? i : i - log.size() / 2) * 64;
      EXPECT_EQ(log[i].command, reading ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND) << i;
      EXPECT_EQ(log[i].address, (reading ? src : dst) + offset) << i;
      EXPECT_EQ(log[i].length, 64u) << i;
      EXPECT_EQ(log[i].time, ns(1050)) << i;
    }
    // Software acknowledges; DONE stays until the next start.
    tb.write64(regs::irq_clear, 1u << irq_dma);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(irq_dma).read());
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
  });
}

TEST_F(Dma, LastChunkIsShort) {
  Testbench tb;
  tb.run([&] {
    tb.memory.fill_pattern(src, 100, 9);
    program(tb, src + 3, dst + 5, 97);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_TRUE(std::equal(tb.memory.at(src + 3), tb.memory.at(src + 100), tb.memory.at(dst + 5)));
    EXPECT_EQ(*tb.memory.at(dst + 4), 0);
    EXPECT_EQ(*tb.memory.at(dst + 102), 0);
    const auto& log = tb.memory.log;
    ASSERT_EQ(log.size(), 4u);
    EXPECT_EQ(log[0].length, 64u);
    EXPECT_EQ(log[1].address, src + 3 + 64);
    EXPECT_EQ(log[1].length, 33u);
    EXPECT_EQ(log[3].address, dst + 5 + 64);
    EXPECT_EQ(log[3].length, 33u);
  });
}

TEST_F(Dma, DelayIsAParameter) {
  Testbench tb(ModelParams{{"dma_delay_ns", "250"}});
  tb.run([&] {
    tb.memory.fill_pattern(src, 8, 3);
    program(tb, src, dst, 8);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(250));
    EXPECT_TRUE(copied(tb, 8));
  });
}

TEST_F(Dma, AnnotatedDelaysOfTheTargetAreWaitedOut) {
  Testbench tb;
  tb.memory.access_delay = ns(5);
  tb.run([&] {
    tb.memory.fill_pattern(src, 256, 7);
    program(tb, src, dst, 256);  // 4 reads + 4 writes
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1000 + 8 * 5));
    EXPECT_TRUE(copied(tb, 256));
    const auto& log = tb.memory.log;
    ASSERT_EQ(log.size(), 8u);
    for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].time, ns(1000 + 5 * i)) << i;
  });
}

TEST_F(Dma, StartCountsFromTheAccessOwnTime) {
  Testbench tb;
  tb.run([&] {
    program(tb, src, dst, 8);
    // The initiator is 30 ns ahead of the kernel (loosely timed).
    EXPECT_EQ(tb.access(tlm::TLM_WRITE_COMMAND, regs::dma_ctrl, 8, dma_ctrl_start, {}, ns(30)).status,
              tlm::TLM_OK_RESPONSE);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1030));
  });
}

TEST_F(Dma, ZeroLengthEndsAfterTheDelayWithoutAccesses) {
  Testbench tb;
  tb.run([&] {
    program(tb, src, dst, 0);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1000));
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
    EXPECT_TRUE(tb.memory.log.empty());
  });
}

TEST_F(Dma, StartWhileBusyIsIgnoredAndRegistersAreLatched) {
  Testbench tb;
  tb.run([&] {
    tb.memory.fill_pattern(src, 64, 5);
    program(tb, src, dst, 64);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(ns(500));
    program(tb, src + 0x100, dst + 0x100, 128);  // does not disturb the running transfer
    tb.write64(regs::dma_ctrl, dma_ctrl_start);  // ignored
    EXPECT_EQ(tb.read64(regs::dma_src), src + 0x100);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1000));
    EXPECT_TRUE(copied(tb, 64));
    wait(ns(2000));
    EXPECT_EQ(tb.memory.log.size(), 2u);  // no second transfer
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
    // Once idle, a start runs the new programming.
    tb.write64(regs::irq_clear, 1u << irq_dma);
    tb.write(regs::dma_ctrl, 4, dma_ctrl_start);
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_busy);  // DONE cleared by the start
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(4000));
    EXPECT_EQ(tb.memory.log.size(), 6u);
  });
}

TEST_F(Dma, CtrlWithoutTheStartBitDoesNothing) {
  Testbench tb;
  tb.run([&] {
    program(tb, src, dst, 8);
    tb.write64(regs::dma_ctrl, ~uint64_t{dma_ctrl_start});
    EXPECT_EQ(tb.read64(regs::dma_status), 0u);
    wait(ns(2000));
    EXPECT_TRUE(tb.memory.log.empty());
    EXPECT_EQ(tb.irq_edges(irq_dma).size(), 0u);
  });
}

TEST_F(Dma, ReadErrorSetsErrorAndLeavesTheDestination) {
  Testbench tb;
  tb.run([&] {
    // The source runs off the end of RAM after two chunks.
    const uint64_t from = Testbench::ram_base + Testbench::ram_size - 128;
    tb.memory.fill_pattern(from, 128, 1);
    program(tb, from, dst, 256);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1000));
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done | dma_status_error);
    EXPECT_EQ(tb.memory.log.size(), 3u);  // stopped at the failing read
    EXPECT_TRUE(std::all_of(tb.memory.at(dst), tb.memory.at(dst + 256), [](uint8_t b) { return b == 0; }));
  });
}

TEST_F(Dma, WriteErrorSetsError) {
  Testbench tb;
  tb.run([&] {
    tb.memory.fill_pattern(src, 64, 1);
    program(tb, src, 0x1000, 64);  // not RAM
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done | dma_status_error);
    // The next good transfer clears ERROR.
    program(tb, src, dst, 64);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_busy);
    wait(ns(1000));
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
    EXPECT_TRUE(copied(tb, 64));
  });
}

TEST_F(Dma, LengthAbove4096IsRefusedAtOnce) {
  Testbench tb;
  tb.run([&] {
    program(tb, src, dst, dma_max_length + 1);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done | dma_status_error);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), SC_ZERO_TIME);
    wait(ns(2000));
    EXPECT_TRUE(tb.memory.log.empty());
  });
}

TEST_F(Dma, IdleEngineHasNoPendingActivity) {
  Testbench tb;
  tb.start([&] {
    program(tb, src, dst, 64);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
  });
  sc_start(ns(1));
  EXPECT_EQ(sc_time_to_pending_activity(), ns(999));
  sc_start(ns(1000));
  EXPECT_TRUE(tb.irq(irq_dma).read());
  EXPECT_FALSE(sc_pending_activity());
}

}  // namespace
}  // namespace loom::tlm_devices::testing
