// Snapshots of the models (Model::save/restore): each saved in the middle
// of its activity (a timer ticking, a DMA not yet started, bytes in a FIFO
// with the character timeout running, an alarm armed) and restored into a
// second instance, reset as a device server resets it, which from then on
// behaves exactly as the first: the same reads, the same interrupt edges at
// the same times, the same memory and console effects. Also the refusals.

#include "goldfish-rtc/registers.h"
#include "loom/tlm_devices/type_names.h"
#include "snapshot_pair.h"
#include "test-device/registers.h"
#include "uart16550/registers.h"

namespace loom::tlm_devices::testing {
namespace {

using ModelSnapshot = TlmTest;

TEST_F(ModelSnapshot, TestDeviceTimerDmaAndRegistersGoOnAlike) {
  using namespace test_device;
  SnapshotPair p(type_names::kTestDevice, 0x1000);
  for (Testbench* tb : {&p.a, &p.b}) tb->memory.fill_pattern(Testbench::ram_base, 256, 7);
  SnapshotPair::advance_to(ns(30));
  p.a.write64(regs::timer_period_ns, 100);  // ticks at 130, 230, ...
  p.a.write64(regs::scratch, 0x1234);
  p.a.write(regs::buffer + 8, 8, 0xfeedface);
  p.a.write64(regs::irq_raise, 1u << irq_dma);
  SnapshotPair::advance_to(ns(250));
  p.a.write64(regs::dma_src, Testbench::ram_base);
  p.a.write64(regs::dma_dst, Testbench::ram_base + 0x1000);
  p.a.write64(regs::dma_len, 64);
  p.a.write(regs::dma_ctrl, 4, dma_ctrl_start);  // starts 1000 ns later
  SnapshotPair::advance_to(ns(575));             // between ticks, before the DMA
  p.copy_a_to_b();
  EXPECT_EQ(p.b.read64(regs::scratch), 0x1234u);
  EXPECT_EQ(p.b.read(regs::buffer + 8, 8).value, 0xfeedfaceu);
  EXPECT_EQ(p.b.read64(regs::timer_count), p.a.read64(regs::timer_count));
  for (uint64_t t = 600; t <= 2600; t += 250) {
    SnapshotPair::advance_to(ns(t));
    for (uint64_t reg : {regs::timer_count, regs::irq_status, regs::dma_status}) {
      EXPECT_EQ(p.a.read64(reg), p.b.read64(reg)) << "register " << reg << " at " << t << " ns";
    }
    p.a.write64(regs::irq_clear, 1u << irq_timer);
    p.b.write64(regs::irq_clear, 1u << irq_timer);
  }
  EXPECT_EQ(p.b.read64(regs::dma_status) & dma_status_done, dma_status_done);
  const uint8_t* moved_a = p.a.memory.at(Testbench::ram_base + 0x1000);
  const uint8_t* moved_b = p.b.memory.at(Testbench::ram_base + 0x1000);
  EXPECT_TRUE(std::equal(moved_a, moved_a + 64, moved_b));
  EXPECT_TRUE(std::equal(moved_b, moved_b + 64, p.b.memory.at(Testbench::ram_base)));  // the DMA did run in b
  p.expect_same_edges_since_copy(irq_timer);
  p.expect_same_edges_since_copy(irq_dma);
}

TEST_F(ModelSnapshot, UartFifoAndCharacterTimeoutGoOnAlike) {
  using namespace uart16550;
  SnapshotPair p(type_names::kUart16550, 0x100);
  p.a.write(regs::fcr, 1, fcr_fifo_enable | (2u << fcr_trigger_shift));  // trigger at 8
  p.a.write(regs::ier, 1, ier_rx_data | ier_thr_empty);
  p.a.write(regs::scr, 1, 0x5a);
  SnapshotPair::advance_to(ns(100));
  p.a.device->console_input("hello");  // under the trigger: the character timeout runs
  SnapshotPair::settle();
  SnapshotPair::advance_to(ns(2000));
  p.copy_a_to_b();
  EXPECT_EQ(p.b.read(regs::scr, 1).value, 0x5au);
  std::string read_a, read_b;
  for (uint64_t t = 2000; t <= 400000; t += 20000) {
    SnapshotPair::advance_to(ns(t));
    EXPECT_EQ(p.a.read(regs::iir, 1).value, p.b.read(regs::iir, 1).value) << "IIR at " << t << " ns";
    EXPECT_EQ(p.a.read(regs::lsr, 1).value, p.b.read(regs::lsr, 1).value) << "LSR at " << t << " ns";
    if (t == 202000) {  // after the timeout: drain both
      while (p.a.read(regs::lsr, 1).value & lsr_data_ready) read_a += static_cast<char>(p.a.read(regs::rbr, 1).value);
      while (p.b.read(regs::lsr, 1).value & lsr_data_ready) read_b += static_cast<char>(p.b.read(regs::rbr, 1).value);
    }
  }
  EXPECT_EQ(read_a, "hello");
  EXPECT_EQ(read_b, "hello");
  p.a.write(regs::thr, 1, 'x');
  p.b.write(regs::thr, 1, 'x');
  EXPECT_EQ(p.services_b.console, "x");
  p.expect_same_edges_since_copy(0);
}

TEST_F(ModelSnapshot, GoldfishRtcAlarmAndTimeGoOnAlike) {
  using namespace goldfish_rtc;
  SnapshotPair p(type_names::kGoldfishRtc, 0x1000);
  // Software sets the clock, then an alarm 5 us ahead.
  p.a.write(regs::time_high, 4, 0x1234);
  p.a.write(regs::time_low, 4, 0);
  const uint64_t low = p.a.read(regs::time_low, 4).value;  // latches the high half
  const uint64_t now = uint64_t{p.a.read(regs::time_high, 4).value} << 32 | low;
  p.a.write(regs::irq_enabled, 4, irq_enabled_bit);
  p.a.write(regs::alarm_high, 4, (now + 5000) >> 32);
  p.a.write(regs::alarm_low, 4, static_cast<uint32_t>(now + 5000));
  SnapshotPair::advance_to(ns(3000));
  p.copy_a_to_b();
  for (uint64_t t = 3000; t <= 9000; t += 1000) {
    SnapshotPair::advance_to(ns(t));
    EXPECT_EQ(p.a.read(regs::time_low, 4).value, p.b.read(regs::time_low, 4).value) << "at " << t << " ns";
    EXPECT_EQ(p.a.read(regs::time_high, 4).value, p.b.read(regs::time_high, 4).value) << "at " << t << " ns";
    EXPECT_EQ(p.a.read(regs::alarm_status, 4).value, p.b.read(regs::alarm_status, 4).value) << "at " << t << " ns";
  }
  ASSERT_EQ(SnapshotPair::edges_after(p.b.irq_edges(0), p.copied_at).size(), 1u);  // the alarm fired in b too
  p.expect_same_edges_since_copy(0);
}

TEST_F(ModelSnapshot, AnotherModelsOrADamagedSnapshotIsRefusedWithOneLine) {
  FakeHostServices services;
  Testbench uart("uart", type_names::kUart16550, 0x100, &services);
  Testbench rtc("rtc", type_names::kGoldfishRtc, 0x1000, &services);
  sc_start(SC_ZERO_TIME);
  state::StateWriter out = state::StateWriter::part();
  uart.device->save(out);
  EXPECT_EQ(restore_error(*rtc.device, out.data()),
            "snapshot test: holds section 'ns16550a' where this board has 'google,goldfish-rtc': it was taken of "
            "another board");
  const std::string cut = out.data().substr(0, out.data().size() - 3);
  EXPECT_NE(restore_error(*uart.device, cut).find("ends early"), std::string::npos);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
