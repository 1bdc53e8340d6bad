#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "devices/clint.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu {
namespace {

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
constexpr uint64_t kPeriod = 100000;  // 10 MHz

struct LineEvent {
  uint32_t hart;
  unsigned bit;
  bool level;
  bool operator==(const LineEvent& o) const { return hart == o.hart && bit == o.bit && level == o.level; }
};

class RecordingSink : public InterruptSink {
 public:
  void set_interrupt_line(uint32_t hart_id, unsigned mip_bit, bool level) override {
    events.push_back({hart_id, mip_bit, level});
    levels[{hart_id, mip_bit}] = level;
  }
  bool level(uint32_t hart, unsigned bit) const {
    auto it = levels.find({hart, bit});
    return it != levels.end() && it->second;
  }
  std::vector<LineEvent> events;
  std::map<std::pair<uint32_t, unsigned>, bool> levels;
};

class ClintTest : public ::testing::Test {
 protected:
  uint64_t read(uint64_t offset, unsigned size = 8, uint64_t time_ps = 0, bool expect_ok = true) {
    uint64_t value = 0xdeadbeef;
    EXPECT_EQ(clint.read(AccessContext{time_ps, 0}, offset, size, value), expect_ok) << std::hex << offset;
    return value;
  }
  bool write(uint64_t offset, uint64_t value, unsigned size = 8, uint64_t time_ps = 0) {
    return clint.write(AccessContext{time_ps, 0}, offset, size, value);
  }
  static uint64_t mtimecmp(uint32_t hart) { return clint_map::mtimecmp_base + 8 * hart; }
  static uint64_t msip(uint32_t hart) { return clint_map::msip_base + 4 * hart; }

  RecordingSink sink;
  Clint clint{"clint", 2, sink, kPeriod};
};

TEST_F(ClintTest, MtimeIsDerivedFromTheAccessingHartsTime) {
  EXPECT_EQ(read(clint_map::mtime, 8, 0), 0u);
  EXPECT_EQ(read(clint_map::mtime, 8, 12'345'678), 123u);
  EXPECT_EQ(clint.mtime_at(99'999), 0u);
  EXPECT_EQ(clint.mtime_at(100'000), 1u);
}

TEST_F(ClintTest, MtimeHalvesReadWithFourByteAccesses) {
  const uint64_t t = (0x1'0000'0002ull) * kPeriod;
  EXPECT_EQ(read(clint_map::mtime, 4, t), 2u);
  EXPECT_EQ(read(clint_map::mtime + 4, 4, t), 1u);
}

TEST_F(ClintTest, WritingMtimeRebasesItAndItKeepsCounting) {
  ASSERT_TRUE(write(clint_map::mtime, 1000, 8, 10 * kPeriod));
  EXPECT_EQ(read(clint_map::mtime, 8, 10 * kPeriod), 1000u);
  EXPECT_EQ(read(clint_map::mtime, 8, 15 * kPeriod + 7), 1005u);
  // A 4-byte write replaces one half of the current value.
  ASSERT_TRUE(write(clint_map::mtime + 4, 3, 4, 15 * kPeriod));
  EXPECT_EQ(read(clint_map::mtime, 8, 15 * kPeriod), (3ull << 32) | 1005u);
  ASSERT_TRUE(write(clint_map::mtime, 7, 4, 15 * kPeriod));
  EXPECT_EQ(read(clint_map::mtime, 8, 16 * kPeriod), (3ull << 32) | 8u);
}

TEST_F(ClintTest, MsipDrivesTheSoftwareInterruptLineImmediately) {
  ASSERT_TRUE(write(msip(1), 1, 4));
  EXPECT_EQ(sink.events, (std::vector<LineEvent>{{1, irq::MSI, true}}));
  EXPECT_EQ(read(msip(1), 4), 1u);
  EXPECT_EQ(read(msip(0), 4), 0u);
  // Only bit 0 exists: writing the other bits with bit 0 clear clears it.
  ASSERT_TRUE(write(msip(1), 0xfffffffe, 4));
  EXPECT_EQ(read(msip(1), 4), 0u);
  EXPECT_FALSE(sink.level(1, irq::MSI));
  // Writing the same level again reports nothing new.
  ASSERT_TRUE(write(msip(1), 0, 4));
  EXPECT_EQ(sink.events.size(), 2u);
}

TEST_F(ClintTest, MsipTakesOnlyFourByteAccessesForExistingHarts) {
  uint64_t value = 0;
  EXPECT_FALSE(clint.read({}, msip(0), 8, value));
  EXPECT_FALSE(clint.write({}, msip(0), 8, 1));
  EXPECT_FALSE(clint.write({}, msip(0), 2, 1));
  EXPECT_FALSE(clint.write({}, msip(0), 1, 1));
  EXPECT_FALSE(clint.write({}, msip(2), 4, 1));  // only 2 harts
  EXPECT_FALSE(clint.read({}, msip(2), 4, value));
  EXPECT_TRUE(sink.events.empty());
}

TEST_F(ClintTest, MtimecmpTakesFourAndEightByteAccesses) {
  EXPECT_EQ(read(mtimecmp(1)), kNever);  // reset value: no timer until software sets one
  ASSERT_TRUE(write(mtimecmp(1), 0x1122334455667788));
  EXPECT_EQ(read(mtimecmp(1)), 0x1122334455667788u);
  EXPECT_EQ(read(mtimecmp(1), 4), 0x55667788u);
  EXPECT_EQ(read(mtimecmp(1) + 4, 4), 0x11223344u);
  ASSERT_TRUE(write(mtimecmp(1) + 4, 0xaabbccdd, 4));
  EXPECT_EQ(read(mtimecmp(1)), 0xaabbccdd55667788u);
  ASSERT_TRUE(write(mtimecmp(1), 0x01020304, 4));
  EXPECT_EQ(read(mtimecmp(1)), 0xaabbccdd01020304u);
  EXPECT_EQ(read(mtimecmp(0)), kNever);
}

TEST_F(ClintTest, RejectsBadSizesAndUnmappedOffsets) {
  uint64_t value = 0;
  EXPECT_FALSE(clint.read({}, mtimecmp(0), 2, value));
  EXPECT_FALSE(clint.read({}, mtimecmp(0) + 2, 2, value));
  EXPECT_FALSE(clint.read({}, mtimecmp(0), 1, value));
  EXPECT_FALSE(clint.write({}, clint_map::mtime + 6, 2, 0));
  EXPECT_FALSE(clint.read({}, mtimecmp(2), 8, value));  // hart 2 does not exist
  EXPECT_FALSE(clint.read({}, 0x8, 4, value));          // past msip[1]
  EXPECT_FALSE(clint.read({}, 0x3ffc, 4, value));
  EXPECT_FALSE(clint.read({}, 0xbff0, 8, value));
  EXPECT_FALSE(clint.read({}, 0xc000, 8, value));
  EXPECT_FALSE(clint.write({}, 0xc000, 8, 0));
}

TEST_F(ClintTest, NoTimerEventBeforeSoftwareSetsMtimecmp) {
  EXPECT_EQ(clint.next_timer_event_ps(0), kNever);
  clint.update_timer_lines(1'000'000'000);
  EXPECT_TRUE(sink.events.empty());
}

TEST_F(ClintTest, TimerFiresWhenMtimeReachesMtimecmp) {
  ASSERT_TRUE(write(mtimecmp(0), 50));
  EXPECT_EQ(clint.next_timer_event_ps(0), 50 * kPeriod);
  EXPECT_EQ(clint.next_timer_event_ps(1), kNever);
  clint.update_timer_lines(50 * kPeriod - 1);
  EXPECT_FALSE(sink.level(0, irq::MTI));
  clint.update_timer_lines(50 * kPeriod);
  EXPECT_EQ(sink.events, (std::vector<LineEvent>{{0, irq::MTI, true}}));
  // Already due: the event time is the last evaluation time, not later.
  EXPECT_EQ(clint.next_timer_event_ps(0), 50 * kPeriod);
  // Re-evaluating without a change reports nothing.
  clint.update_timer_lines(60 * kPeriod);
  EXPECT_EQ(sink.events.size(), 1u);
}

TEST_F(ClintTest, WritingMtimecmpReevaluatesAtTheWritersTime) {
  ASSERT_TRUE(write(mtimecmp(1), 10, 8, 20 * kPeriod));  // already in the past
  EXPECT_TRUE(sink.level(1, irq::MTI));
  EXPECT_FALSE(sink.level(0, irq::MTI));
  ASSERT_TRUE(write(mtimecmp(1), kNever, 8, 21 * kPeriod));  // the usual way to silence the timer
  EXPECT_FALSE(sink.level(1, irq::MTI));
  EXPECT_EQ(clint.next_timer_event_ps(1), kNever);
}

TEST_F(ClintTest, WritingMtimeReevaluatesEveryHart) {
  ASSERT_TRUE(write(mtimecmp(0), 100, 8, 0));
  ASSERT_TRUE(write(mtimecmp(1), 300, 8, 0));
  ASSERT_TRUE(write(clint_map::mtime, 200, 8, 5 * kPeriod));
  EXPECT_TRUE(sink.level(0, irq::MTI));
  EXPECT_FALSE(sink.level(1, irq::MTI));
  EXPECT_EQ(clint.next_timer_event_ps(1), (5 + 100) * kPeriod);
}

TEST_F(ClintTest, UpdateSetsAndClearsEachHartIndependently) {
  ASSERT_TRUE(write(mtimecmp(0), 10));
  ASSERT_TRUE(write(mtimecmp(1), 20));
  clint.update_timer_lines(15 * kPeriod);
  EXPECT_TRUE(sink.level(0, irq::MTI));
  EXPECT_FALSE(sink.level(1, irq::MTI));
  clint.update_timer_lines(25 * kPeriod);
  EXPECT_TRUE(sink.level(1, irq::MTI));
  ASSERT_TRUE(write(mtimecmp(0), 40, 8, 25 * kPeriod));
  EXPECT_FALSE(sink.level(0, irq::MTI));
  EXPECT_TRUE(sink.level(1, irq::MTI));
}

TEST(ClintTiming, EventTimesSaturateInsteadOfOverflowing) {
  RecordingSink sink;
  Clint slow("clint", 1, sink, 1'000'000);  // 1 MHz
  ASSERT_TRUE(slow.write({}, clint_map::mtimecmp_base, 8, kNever - 1));
  EXPECT_EQ(slow.next_timer_event_ps(0), kNever);
  ASSERT_TRUE(slow.write({}, clint_map::mtimecmp_base, 8, kNever / 1'000'000));
  EXPECT_EQ(slow.next_timer_event_ps(0), (kNever / 1'000'000) * 1'000'000);
  ASSERT_TRUE(slow.write({}, clint_map::mtimecmp_base, 8, kNever / 1'000'000 + 1));
  EXPECT_EQ(slow.next_timer_event_ps(0), kNever);

  Clint fastest("clint", 1, sink, 1);
  ASSERT_TRUE(fastest.write({}, clint_map::mtimecmp_base, 8, kNever - 1));
  EXPECT_EQ(fastest.next_timer_event_ps(0), kNever - 1);
}

TEST(ClintTiming, NextEventFollowsMtimeAcrossAWrap) {
  RecordingSink sink;
  Clint clint("clint", 1, sink, kPeriod);
  ASSERT_TRUE(clint.write({}, clint_map::mtime, 8, kNever - 1));  // wraps to 0 at tick 2
  ASSERT_TRUE(clint.write({}, clint_map::mtimecmp_base, 8, 5));
  EXPECT_TRUE(sink.level(0, irq::MTI));
  clint.update_timer_lines(3 * kPeriod);  // mtime == 1
  EXPECT_FALSE(sink.level(0, irq::MTI));
  EXPECT_EQ(clint.next_timer_event_ps(0), 7 * kPeriod);
  clint.update_timer_lines(7 * kPeriod);
  EXPECT_TRUE(sink.level(0, irq::MTI));
}

TEST(ClintConstruction, RejectsImpossibleParameters) {
  RecordingSink sink;
  EXPECT_THROW(Clint("clint", 1, sink, 0), std::invalid_argument);
  EXPECT_THROW(Clint("clint", 0, sink), std::invalid_argument);
  EXPECT_THROW(Clint("clint", clint_map::max_harts + 1, sink), std::invalid_argument);
  Clint biggest("clint", clint_map::max_harts, sink);
  EXPECT_EQ(biggest.name(), "clint");
  EXPECT_THROW(biggest.next_timer_event_ps(clint_map::max_harts), std::out_of_range);
  // The last hart's mtimecmp sits just below mtime.
  EXPECT_TRUE(biggest.write({}, clint_map::mtimecmp_base + 8 * (clint_map::max_harts - 1), 8, 1));
  uint64_t value = 0;
  EXPECT_TRUE(biggest.read({}, clint_map::mtime, 8, value));
}

}  // namespace
}  // namespace loom::cpu
