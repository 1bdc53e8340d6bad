#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "devices/plic.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu {
namespace {

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

// Contexts of a 2-hart PLIC: 0 = hart 0 M, 1 = hart 0 S, 2 = hart 1 M, 3 = hart 1 S.
class PlicTest : public ::testing::Test {
 protected:
  static uint64_t priority(uint32_t source) { return plic_map::priority_base + 4 * source; }
  static uint64_t pending(uint32_t word) { return plic_map::pending_base + 4 * word; }
  static uint64_t enable(uint32_t context, uint32_t word) {
    return plic_map::enable_base + plic_map::enable_stride * context + 4 * word;
  }
  static uint64_t threshold(uint32_t context) { return plic_map::context_base + plic_map::context_stride * context; }
  static uint64_t claim(uint32_t context) { return threshold(context) + plic_map::claim_complete_offset; }

  uint64_t read(uint64_t offset) {
    uint64_t value = 0xdeadbeef;
    EXPECT_TRUE(plic.read({}, offset, 4, value)) << std::hex << offset;
    return value;
  }
  void write(uint64_t offset, uint64_t value) { EXPECT_TRUE(plic.write({}, offset, 4, value)) << std::hex << offset; }
  bool rejects_read(uint64_t offset, unsigned size = 4) {
    uint64_t value = 0;
    return !plic.read({}, offset, size, value);
  }
  bool rejects_write(uint64_t offset, unsigned size = 4) { return !plic.write({}, offset, size, 0); }

  // Source `source` at `prio`, enabled for `context`.
  void route(uint32_t source, uint32_t prio, uint32_t context) {
    write(priority(source), prio);
    const uint64_t word = enable(context, source / 32);
    write(word, read(word) | (1u << (source % 32)));
  }

  RecordingSink sink;
  Plic plic{"plic", 2, 96, sink};
};

TEST_F(PlicTest, PrioritiesAreThreeBitWarl) {
  write(priority(5), 0xffffffff);
  EXPECT_EQ(read(priority(5)), 7u);
  write(priority(95), 0x12);
  EXPECT_EQ(read(priority(95)), 2u);
}

TEST_F(PlicTest, SourceZeroIsReserved) {
  write(priority(0), 7);
  EXPECT_EQ(read(priority(0)), 0u);
  write(enable(0, 0), 0xffffffff);
  EXPECT_EQ(read(enable(0, 0)), 0xfffffffeu);
  EXPECT_THROW(plic.set_source_level(0, true), std::out_of_range);
  EXPECT_THROW(plic.set_source_level(96, true), std::out_of_range);
}

TEST_F(PlicTest, EnableBitsBeyondTheLastSourceReadAsZero) {
  RecordingSink other_sink;
  Plic small("plic", 1, 40, other_sink);  // sources 1..39
  EXPECT_TRUE(small.write({}, enable(0, 1), 4, 0xffffffff));
  uint64_t value = 0;
  EXPECT_TRUE(small.read({}, enable(0, 1), 4, value));
  EXPECT_EQ(value, 0xffu);
}

TEST_F(PlicTest, PendingFollowsTheLineAndIgnoresWrites) {
  plic.set_source_level(10, true);
  plic.set_source_level(33, true);
  EXPECT_EQ(read(pending(0)), 1u << 10);
  EXPECT_EQ(read(pending(1)), 1u << 1);
  write(pending(0), 0);  // read-only: accepted, no effect
  EXPECT_EQ(read(pending(0)), 1u << 10);
  plic.set_source_level(10, false);
  EXPECT_EQ(read(pending(0)), 0u);
  EXPECT_TRUE(sink.events.empty());  // nothing enabled, no line
}

TEST_F(PlicTest, ALineNeedsEnableAndPriorityAboveThreshold) {
  plic.set_source_level(10, true);
  write(enable(0, 0), 1u << 10);
  EXPECT_TRUE(sink.events.empty());  // priority 0 never interrupts
  write(threshold(0), 3);
  write(priority(10), 3);
  EXPECT_TRUE(sink.events.empty());  // must exceed the threshold, not equal it
  write(threshold(0), 2);
  EXPECT_EQ(sink.events, (std::vector<LineEvent>{{0, irq::MEI, true}}));
  write(threshold(0), 0xff);  // WARL, 3 bits
  EXPECT_EQ(read(threshold(0)), 7u);
  EXPECT_FALSE(sink.level(0, irq::MEI));
  EXPECT_EQ(read(claim(0)), 0u);
}

TEST_F(PlicTest, ContextsMapToMeiAndSeiOfTheirHart) {
  route(1, 1, 0);
  route(2, 1, 1);
  route(3, 1, 2);
  route(4, 1, 3);
  plic.set_source_level(1, true);
  plic.set_source_level(2, true);
  plic.set_source_level(3, true);
  plic.set_source_level(4, true);
  EXPECT_EQ(sink.events, (std::vector<LineEvent>{
                             {0, irq::MEI, true}, {0, irq::SEI, true}, {1, irq::MEI, true}, {1, irq::SEI, true}}));
}

TEST_F(PlicTest, ClaimPicksHighestPriorityThenLowestId) {
  route(7, 2, 0);
  route(5, 2, 0);
  route(40, 6, 0);
  route(41, 6, 0);
  for (uint32_t s : {7u, 5u, 40u, 41u}) plic.set_source_level(s, true);
  EXPECT_EQ(read(claim(0)), 40u);
  EXPECT_EQ(read(claim(0)), 41u);
  EXPECT_EQ(read(claim(0)), 5u);
  EXPECT_TRUE(sink.level(0, irq::MEI));
  EXPECT_EQ(read(claim(0)), 7u);
  EXPECT_FALSE(sink.level(0, irq::MEI));  // nothing claimable any more
  EXPECT_EQ(read(claim(0)), 0u);
  // Claimed sources are not pending although their lines are high.
  EXPECT_EQ(read(pending(0)), 0u);
  EXPECT_EQ(read(pending(1)), 0u);
}

TEST_F(PlicTest, CompleteRearmsTheGateway) {
  route(9, 1, 0);
  plic.set_source_level(9, true);
  EXPECT_EQ(read(claim(0)), 9u);
  EXPECT_FALSE(sink.level(0, irq::MEI));
  write(claim(0), 9);  // line still high: pending again
  EXPECT_EQ(read(pending(0)), 1u << 9);
  EXPECT_TRUE(sink.level(0, irq::MEI));
  EXPECT_EQ(read(claim(0)), 9u);
  plic.set_source_level(9, false);
  write(claim(0), 9);  // line low: stays idle
  EXPECT_EQ(read(pending(0)), 0u);
  EXPECT_FALSE(sink.level(0, irq::MEI));
}

TEST_F(PlicTest, ALinePulseWhileClaimedIsNotLatched) {
  route(9, 1, 0);
  plic.set_source_level(9, true);
  EXPECT_EQ(read(claim(0)), 9u);
  plic.set_source_level(9, false);
  plic.set_source_level(9, true);
  plic.set_source_level(9, false);
  EXPECT_EQ(read(pending(0)), 0u);
  write(claim(0), 9);
  EXPECT_EQ(read(pending(0)), 0u);
  EXPECT_FALSE(sink.level(0, irq::MEI));
}

TEST_F(PlicTest, LoweringAnUnclaimedLineWithdrawsTheInterrupt) {
  route(12, 4, 1);
  plic.set_source_level(12, true);
  EXPECT_TRUE(sink.level(0, irq::SEI));
  plic.set_source_level(12, false);
  EXPECT_FALSE(sink.level(0, irq::SEI));
  EXPECT_EQ(read(claim(1)), 0u);
}

TEST_F(PlicTest, CompleteOfASourceNotEnabledForTheContextIsIgnored) {
  route(20, 1, 0);
  plic.set_source_level(20, true);
  EXPECT_EQ(read(claim(0)), 20u);
  write(claim(2), 20);  // hart 1's context does not have source 20 enabled
  EXPECT_EQ(read(pending(0)), 0u);
  write(enable(0, 0), 0);
  write(claim(0), 20);  // no longer enabled here either
  EXPECT_EQ(read(pending(0)), 0u);
  write(enable(0, 0), 1u << 20);
  write(claim(0), 20);
  EXPECT_EQ(read(pending(0)), 1u << 20);
  EXPECT_TRUE(sink.level(0, irq::MEI));
  // Out-of-range completions are ignored too.
  write(claim(0), 0);
  write(claim(0), 96);
  write(claim(0), 0xffffffff);
}

TEST_F(PlicTest, AClaimInOneContextWithdrawsTheSourceFromOthers) {
  route(30, 1, 0);
  route(30, 1, 3);
  plic.set_source_level(30, true);
  EXPECT_TRUE(sink.level(0, irq::MEI));
  EXPECT_TRUE(sink.level(1, irq::SEI));
  EXPECT_EQ(read(claim(3)), 30u);
  EXPECT_FALSE(sink.level(0, irq::MEI));
  EXPECT_FALSE(sink.level(1, irq::SEI));
  EXPECT_EQ(read(claim(0)), 0u);
  write(claim(3), 30);
  EXPECT_TRUE(sink.level(0, irq::MEI));
  EXPECT_TRUE(sink.level(1, irq::SEI));
}

TEST_F(PlicTest, LinesAreReportedOnlyWhenTheyChange) {
  route(1, 1, 0);
  route(2, 2, 0);
  plic.set_source_level(1, true);
  plic.set_source_level(2, true);  // still "something claimable": no new event
  plic.set_source_level(2, true);
  write(priority(1), 5);
  EXPECT_EQ(sink.events, (std::vector<LineEvent>{{0, irq::MEI, true}}));
}

TEST_F(PlicTest, OnlyThirtyTwoBitAccesses) {
  EXPECT_TRUE(rejects_read(priority(1), 8));
  EXPECT_TRUE(rejects_read(priority(1), 2));
  EXPECT_TRUE(rejects_read(priority(1), 1));
  EXPECT_TRUE(rejects_write(threshold(0), 8));
  EXPECT_TRUE(rejects_read(claim(0), 8));
}

TEST_F(PlicTest, OutOfRangeRegistersAreRejected) {
  EXPECT_TRUE(rejects_read(priority(96)));
  EXPECT_TRUE(rejects_write(priority(96)));
  EXPECT_TRUE(rejects_read(pending(3)));  // 96 sources: 3 words
  EXPECT_TRUE(rejects_write(pending(3)));
  EXPECT_TRUE(rejects_read(enable(0, 3)));
  EXPECT_TRUE(rejects_write(enable(0, 3)));
  EXPECT_TRUE(rejects_read(enable(4, 0)));  // 2 harts: contexts 0..3
  EXPECT_TRUE(rejects_read(threshold(4)));
  EXPECT_TRUE(rejects_read(claim(4)));
  EXPECT_TRUE(rejects_read(threshold(0) + 8));
  EXPECT_TRUE(rejects_write(threshold(0) + 0xffc));
  EXPECT_TRUE(rejects_read(0x1f0000));
  EXPECT_EQ(plic.aperture_size(), 0x204000u);
}

TEST(PlicConstruction, RejectsImpossibleParameters) {
  RecordingSink sink;
  EXPECT_THROW(Plic("plic", 0, 96, sink), std::invalid_argument);
  EXPECT_THROW(Plic("plic", 1, 1, sink), std::invalid_argument);
  EXPECT_THROW(Plic("plic", 1, plic_map::max_sources + 1, sink), std::invalid_argument);
  EXPECT_THROW(Plic("plic", plic_map::max_contexts / 2 + 1, 96, sink), std::invalid_argument);
  Plic full("plic", 1, plic_map::max_sources, sink);
  EXPECT_EQ(full.num_contexts(), 2u);
  full.set_source_level(1023, true);
  uint64_t value = 0;
  EXPECT_TRUE(full.read({}, plic_map::pending_base + 4 * 31, 4, value));
  EXPECT_EQ(value, 1u << 31);
}

}  // namespace
}  // namespace loom::cpu
